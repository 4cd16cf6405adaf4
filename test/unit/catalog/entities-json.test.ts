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

  it('records Alibaba as a minority shareholder of Ant Group, and the US joint venture as the operator of TikTok', () => {
    expect(catalog.get('ant-group')?.parent).toBeUndefined();
    expect(catalog.get('ant-group')?.relationships).toContainEqual(expect.objectContaining({ kind: 'shareholder', id: 'alibaba', share: '32.65%' }));
    expect(catalog.get('tiktok')?.relationships).toContainEqual(
      expect.objectContaining({ kind: 'operator', name: 'TikTok USDS Joint Venture LLC', market: 'US', since: '2026-01-22' }),
    );
  });

  it("gives Alipay's timeline EO 13971 (signed 2021-01-05) and its revocation by EO 14034 (2021-06-09), with their Federal Register citations", () => {
    const timeline = catalog.get('alipay')?.timeline ?? [];
    expect(timeline).toContainEqual(expect.objectContaining({ date: '2021-01-05', citations: { eo: 'EO 13971', fr: '86 FR 1249', frDoc: '2021-00305' } }));
    expect(timeline).toContainEqual(expect.objectContaining({ date: '2021-06-09', citations: { eo: 'EO 14034', fr: '86 FR 31423', frDoc: '2021-12506' } }));
  });

  it('shows names, not misspellings or units: ZTE is 中兴通讯, CNOOC is Offshore, 阿里云 and Ant International are not group names', () => {
    const shown = (id: string) => [...(catalog.get(id)?.aliases ?? []), ...(catalog.get(id)?.weakAliases ?? [])];
    expect(shown('zte')).toContain('中兴通讯');
    expect(shown('zte')).not.toContain('中兴通信');
    expect(shown('cnooc')).not.toContain('China National Overseas Oil');
    expect(shown('alibaba')).not.toContain('阿里云');
    expect(shown('ant-group')).not.toContain('Ant International');
    // The misspellings still match: they moved to the matching-only variants.
    expect(catalog.resolve('China National Overseas Oil')).toMatchObject({ kind: 'entity', entity: { id: 'cnooc' } });
    expect(catalog.resolve('中兴通信')).toMatchObject({ kind: 'entity', entity: { id: 'zte' } });
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
