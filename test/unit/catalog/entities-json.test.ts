import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';

const catalogPath = fileURLToPath(new URL('../../../data/entities.json', import.meta.url));
const catalog = loadCatalog(catalogPath);
describe('the shipped catalog data/entities.json', () => {
  it('holds exactly the 23 canonical entity ids', () => {
    expect(catalog.entities().map((e) => e.id).sort()).toEqual(
      [
        'alipay', 'ant-group', 'alibaba', 'wechat-pay', 'wechat', 'tencent', 'tencent-qq', 'qq-wallet', 'camscanner', 'intsig',
        'shareit', 'smart-media4u', 'vmate', 'ucweb', 'wps-office', 'kingsoft-office', 'tiktok', 'bytedance', 'dji', 'smic',
        'cnooc', 'huawei', 'zte',
      ].sort(),
    );
  });

  it('links each app or unit to the parent the issue names', () => {
    const parents = Object.fromEntries(catalog.entities().filter((e) => e.parent).map((e) => [e.id, e.parent]));
    expect(parents).toEqual({
      alipay: 'ant-group',
      'ant-group': 'alibaba',
      'wechat-pay': 'tencent',
      wechat: 'tencent',
      'tencent-qq': 'tencent',
      'qq-wallet': 'tencent',
      camscanner: 'intsig',
      shareit: 'smart-media4u',
      vmate: 'ucweb',
      ucweb: 'alibaba',
      'wps-office': 'kingsoft-office',
      tiktok: 'bytedance',
    });
  });

  it("gives Alipay's timeline EO 13971 (signed 2021-01-05) and its revocation by EO 14034 (2021-06-09)", () => {
    const timeline = catalog.get('alipay')?.timeline ?? [];
    expect(timeline).toContainEqual(expect.objectContaining({ date: '2021-01-05', citation: expect.stringContaining('EO 13971') }));
    expect(timeline).toContainEqual(expect.objectContaining({ date: '2021-06-09', citation: expect.stringContaining('EO 14034') }));
  });

  it('gives every entity a timeline whose events carry a source URL, in date order', () => {
    for (const entity of catalog.entities()) {
      expect(entity.timeline.length, entity.id).toBeGreaterThan(0);
      for (const event of entity.timeline) expect(event.source, entity.id).toMatch(/^https?:\/\/\S+$/);
      const dates = entity.timeline.map((e) => e.date);
      expect(dates, entity.id).toEqual([...dates].sort());
    }
  });

  it('gives every entity with a weak alias both context and negative-context words to judge it', () => {
    for (const entity of catalog.entities().filter((e) => e.weakAliases.length > 0)) {
      expect(entity.context?.length ?? 0, entity.id).toBeGreaterThan(0);
      if (entity.id !== 'zte') expect(entity.negativeContext?.length ?? 0, entity.id).toBeGreaterThan(0);
    }
  });

  it('ships the eo-13971, eo-13942-13943 and all presets', () => {
    expect(catalog.preset('eo-13971')?.entityIds.slice().sort()).toEqual(
      ['alipay', 'camscanner', 'qq-wallet', 'shareit', 'tencent-qq', 'vmate', 'wechat-pay', 'wps-office'].sort(),
    );
    expect(catalog.preset('eo-13942-13943')?.entityIds.slice().sort()).toEqual(['tiktok', 'wechat']);
    expect(catalog.preset('all')?.entityIds.slice().sort()).toEqual(catalog.entities().map((e) => e.id).sort());
  });
});
