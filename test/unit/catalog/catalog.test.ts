import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCustomEntity } from '../../../src/catalog/build-custom-entity.ts';
import { CatalogError } from '../../../src/catalog/catalog-error.ts';
import { createCatalog, loadCatalog } from '../../../src/catalog/catalog.ts';
import type { Resolution } from '../../../src/catalog/catalog.ts';
import type { Entity } from '../../../src/model.ts';

const catalogPath = fileURLToPath(new URL('../../../data/entities.json', import.meta.url));
const catalog = loadCatalog(catalogPath);
const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCatalog(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function loadError(path: string): CatalogError {
  try {
    loadCatalog(path);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected loadCatalog to throw');
}

const resolvedId = (r: Resolution): string =>
  r.kind === 'entity' ? r.entity.id : r.kind === 'preset' ? `preset:${r.preset.id}` : `unknown:${r.suggestions.map((e) => e.id).join(',')}`;

describe('resolve', () => {
  it.each([
    ['wechat-pay', 'wechat-pay'],
    ['WeChat Pay', 'wechat-pay'],
    ['WeChat-Pay', 'wechat-pay'],
    ['wechat pay', 'wechat-pay'],
    ['wechatpay', 'wechat-pay'],
    ['  WECHAT PAY  ', 'wechat-pay'],
    ['ＷｅＣｈａｔ　Ｐａｙ', 'wechat-pay'],
    ['Weixin Pay', 'wechat-pay'],
    ['微信支付', 'wechat-pay'],
    ['Zìjié Tiàodòng', 'bytedance'],
    ['zijie tiaodong', 'bytedance'],
    ['Byte Dance', 'bytedance'],
    ['字节跳动', 'bytedance'],
    ['Tencent Holdings', 'tencent'],
    ['QQ', 'tencent-qq'],
    ['Ant', 'ant-group'],
    ['DJI', 'dji'],
    ['Da-Jiang Innovations', 'dji'],
    ['SHAREit', 'shareit'],
    ['share-it', 'shareit'],
  ])('"%s" resolves to %s', (text, id) => {
    expect(resolvedId(catalog.resolve(text))).toBe(id);
  });

  it.each([
    ['eo-13971', 'eo-13971'],
    ['EO 13971', 'eo-13971'],
    ['eo-13942-13943', 'eo-13942-13943'],
    ['ALL', 'all'],
  ])('"%s" resolves to the preset %s', (text, id) => {
    expect(resolvedId(catalog.resolve(text))).toBe(`preset:${id}`);
  });

  it('a typo answers with at most three near entities, the intended one first', () => {
    for (const [typo, id] of [
      ['alipy', 'alipay'],
      ['tencnet', 'tencent'],
      ['bytedanse', 'bytedance'],
      ['huawie', 'huawei'],
      ['camscaner', 'camscanner'],
    ] as const) {
      const result = catalog.resolve(typo);
      expect(result.kind, typo).toBe('unknown');
      if (result.kind !== 'unknown') continue;
      expect(result.query).toBe(typo);
      expect(result.suggestions.length, typo).toBeLessThanOrEqual(3);
      expect(result.suggestions[0]?.id, typo).toBe(id);
    }
  });

  it('a name unlike any entity gets no suggestion rather than a wrong one', () => {
    for (const name of ['douyin', 'acme', 'kuaishou']) {
      const result = catalog.resolve(name);
      expect(result.kind === 'unknown' && result.suggestions.map((e) => e.id), name).toEqual([]);
    }
  });

  it('the start of a name suggests it', () => {
    const result = catalog.resolve('hua');
    expect(result.kind === 'unknown' && result.suggestions[0]?.id).toBe('huawei');
  });

  it('an empty query is unknown with no suggestions', () => {
    expect(catalog.resolve('   ')).toEqual({ kind: 'unknown', query: '', suggestions: [] });
  });
});

describe('lookups', () => {
  it('get, preset and children answer by id', () => {
    expect(catalog.get('alipay')?.name).toBe('Alipay');
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.preset('nope')).toBeUndefined();
    expect(catalog.children('tencent').map((e) => e.id).sort()).toEqual(['qq-wallet', 'tencent-qq', 'wechat', 'wechat-pay']);
    // Alibaba holds about a third of Ant Group without controlling it: a shareholder, not a parent.
    expect(catalog.children('alibaba').map((e) => e.id).sort()).toEqual(['ucweb']);
  });
});

describe('custom entities', () => {
  const xiaomi = buildCustomEntity({ name: 'Xiaomi Corp', aliases: ['Xiaomi', '小米'] });

  it('buildCustomEntity makes a strong-only company with a slug id and no timeline', () => {
    expect(xiaomi).toEqual({
      id: 'xiaomi-corp',
      name: 'Xiaomi Corp',
      kind: 'company',
      aliases: ['Xiaomi Corp', 'Xiaomi', '小米'],
      weakAliases: [],
      timeline: [],
      custom: true,
    });
    expect(() => buildCustomEntity({ name: ' -- ' })).toThrow(/letters or digits/);
  });

  it('withCustom adds custom entities to resolution and matching at once, leaving the original catalog as it was', () => {
    const extended = catalog.withCustom([xiaomi]);
    expect(resolvedId(extended.resolve('xiaomi'))).toBe('xiaomi-corp');
    expect(resolvedId(extended.resolve('小米'))).toBe('xiaomi-corp');
    const found = extended.matcher().match({ title: 'Xiaomi phones and TikTok', description: '' });
    expect(found.map((m) => m.entityId)).toEqual(['xiaomi-corp', 'tiktok']);
    expect(catalog.resolve('xiaomi').kind).toBe('unknown');
    expect(catalog.matcher().match({ title: 'Xiaomi phones', description: '' })).toEqual([]);
  });

  it('withCustom replaces the earlier custom set, so an untracked entity stops matching', () => {
    const tracked = catalog.withCustom([xiaomi]);
    const untracked = tracked.withCustom([]);
    expect(untracked.get('xiaomi-corp')).toBeUndefined();
    expect(untracked.entities()).toHaveLength(catalog.entities().length);
  });

  it('a custom entity reusing a built-in id is left out rather than replacing the built-in', () => {
    const impostor: Entity = { ...xiaomi, id: 'huawei', name: 'Not Huawei', aliases: ['Not Huawei Corp'] };
    const extended = catalog.withCustom([impostor]);
    expect(extended.get('huawei')?.name).toBe('Huawei');
  });
});

describe('custom entities are user input, so clashes never stop the catalog', () => {
  it('a custom entity sharing a built-in alias is kept, and an item naming it reports both', () => {
    const clash: Entity = { id: 'custom-huawei-watch', name: 'Huawei watch list', kind: 'company', aliases: ['Huawei'], weakAliases: [], timeline: [], custom: true };
    const extended = createCatalog({ entities: [...catalog.entities(), clash], presets: catalog.presets() });
    expect(extended.resolve('Huawei')).toMatchObject({ kind: 'entity', entity: { id: 'huawei' } });
    const found = extended.matcher().match({ title: 'Huawei added to list', description: '' });
    expect(found.map((m) => m.entityId).sort()).toEqual(['custom-huawei-watch', 'huawei']);
  });

  it('two custom entities with one id keep the first', () => {
    const first = buildCustomEntity({ name: 'Acme Robotics' });
    const second = { ...first, name: 'Acme Robotics (again)' };
    const extended = createCatalog({ entities: [...catalog.entities(), first, second], presets: catalog.presets() });
    expect(extended.get(first.id)?.name).toBe('Acme Robotics');
    expect(extended.entities().filter((e) => e.custom)).toHaveLength(1);
  });
});

describe('createCatalog', () => {
  const base: Entity = { id: 'a', name: 'A Corp', kind: 'company', aliases: ['A Corp'], weakAliases: [], timeline: [] };

  it('refuses inconsistent input: a repeated id, and one strong alias claimed by two entities', () => {
    let error: unknown;
    try {
      createCatalog({ entities: [base, { ...base }, { ...base, id: 'b', name: 'B' }], presets: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems).toEqual([
      'entity "a": the id is used twice',
      'entity "b": alias "A Corp" is already a name of "a"',
    ]);
  });

  it('refuses parents that loop', () => {
    expect(() =>
      createCatalog({
        entities: [
          { ...base, parent: 'b' },
          { ...base, id: 'b', name: 'B', aliases: ['B Corp'], parent: 'a' },
        ],
        presets: [],
      }),
    ).toThrow(/loop/);
  });
});

describe('loadCatalog on a broken file', () => {
  const valid = JSON.parse(readFileSync(catalogPath, 'utf8')) as { entities: Array<Record<string, unknown>>; presets: unknown[] };

  it('reports a missing file as unreadable, naming the path', () => {
    const error = loadError(join(dir, 'missing.json'));
    expect(error.code).toBe('config/catalog-unreadable');
    expect(error.message).toContain('missing.json');
  });

  it('reports malformed JSON as unreadable', () => {
    expect(loadError(writeCatalog('bad.json', '{"entities": [')).code).toBe('config/catalog-unreadable');
  });

  it('names every bad entry at once by index and id, with what it got', () => {
    const entities = structuredClone(valid.entities);
    (entities[4] as { aliases: string[] }).aliases = ['WeChat', ''];
    (entities[0] as { timeline: Array<{ date: string }> }).timeline[0]!.date = '2021-02-30';
    const error = loadError(writeCatalog('invalid.json', { entities, presets: valid.presets }));
    expect(error.code).toBe('config/catalog-invalid');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('entities[4] "wechat" aliases.1: expected a non-empty string, got ""');
    expect(error.message).toContain('entities[0] "alipay" timeline.0.date');
    expect(error.message).toContain('2021-02-30');
  });

  it('rejects an unknown parent and a preset naming an unknown entity', () => {
    const entities = structuredClone(valid.entities);
    (entities.find((e) => e.id === 'alipay') as { relationships: Array<{ id: string }> }).relationships[0]!.id = 'ant-grup';
    const presets = [{ id: 'mine', name: 'Mine', entityIds: ['alipay', 'nope'] }];
    const error = loadError(writeCatalog('inconsistent.json', { entities, presets }));
    expect(error.problems).toEqual([
      'entity "alipay": parent "ant-grup" is not in the catalog',
      'entity "alipay": relationships[0] (parent) points at "ant-grup", which is not in the catalog',
      'preset "mine": entity "nope" is not in the catalog',
    ]);
  });

  it('still reads a parent given the older way, and refuses one that disagrees with the parent relationship', () => {
    const entities = structuredClone(valid.entities);
    const tencentQq = entities.find((e) => e.id === 'tencent-qq') as Record<string, unknown>;
    delete tencentQq.relationships;
    tencentQq.parent = 'tencent';
    const loaded = loadCatalog(writeCatalog('legacy-parent.json', { entities, presets: valid.presets }));
    expect(loaded.get('tencent-qq')?.parent).toBe('tencent');
    (entities.find((e) => e.id === 'alipay') as Record<string, unknown>).parent = 'alibaba';
    const error = loadError(writeCatalog('two-parents.json', { entities, presets: valid.presets }));
    expect(error.problems).toEqual(['entities[0] "alipay" parent: "alibaba" disagrees with its parent relationship "ant-group"; give the parent once, as a relationship']);
  });
});
