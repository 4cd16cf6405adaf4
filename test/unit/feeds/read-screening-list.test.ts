import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';
import { jsonArrayElements, listName, readScreeningList, type ScreeningListOptions } from '../../../src/feeds/read-screening-list.ts';
import type { ReadResult } from '../../../src/feeds/source-reader.ts';
import { createListMatcher } from '../../../src/pipeline/official-actions.ts';
import type { OfficialStore } from '../../../src/ports/storage.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';
import { buildCslResponse, fillerEntries, type CslEntrySpec } from '../../fixtures/build-official.ts';

const FEED = 'https://api.trade.gov/static/consolidated_screening_list/consolidated.json';
const catalog = loadCatalog();
const options: ScreeningListOptions = { matchNames: createListMatcher(() => catalog) };
const DJI: CslEntrySpec = { id: 'el-dji', name: 'SZ DJI Technology Co., Ltd.', altNames: ['Da-Jiang Innovations'], federalRegisterNotice: '85 FR 83416', startDate: '2020-12-22' };

let dir: string;
let store: Store;
let official: OfficialStore;
let now = Date.parse('2020-12-22T12:00:00Z');

/** One poll: read, then commit as the cycle does inside the feed's transaction. */
function poll(entries: CslEntrySpec[], firstPoll = false, commit = true): Extract<ReadResult, { kind: 'ok' }> {
  now += 600_000;
  const r = readScreeningList(Buffer.from(buildCslResponse(entries)), { feedUrl: FEED, firstPoll, now }, official, options);
  if (r.kind !== 'ok') throw new Error(r.message);
  if (commit) store.transaction(() => r.commit?.());
  return r;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-csl-'));
  store = createSqliteStore(join(dir, 'db.sqlite'));
  official = store.official;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readScreeningList', () => {
  it('records the first poll silently, then reports an addition of a watched company found by its legal name', () => {
    const first = poll(fillerEntries(50), true);
    expect(first.items).toEqual([]);
    expect(first.note).toBe('recorded 50 list entries without alerting');
    expect(official.countListEntries(FEED)).toBe(50);
    const second = poll([...fillerEntries(50), DJI]);
    expect(second.note).toBe('51 list entries: 1 added, 0 removed, 0 changed; 1 about watched entities');
    const [item, ...rest] = second.items;
    expect(rest).toEqual([]);
    expect(item?.title).toBe('Added to the Entity List (BIS) — DJI — 85 FR 83416, effective 2020-12-22');
    expect(item?.official).toMatchObject({ source: 'screening-list', type: 'list-addition', list: 'Entity List (BIS)', citation: '85 FR 83416', effectiveDate: '2020-12-22', listedName: 'SZ DJI Technology Co., Ltd.' });
    expect(item?.description).toContain('SZ DJI Technology Co., Ltd. (also known as Da-Jiang Innovations).');
    // Unchanged on the next poll: nothing to say.
    const third = poll([...fillerEntries(50), DJI]);
    expect([third.items, third.note]).toEqual([[], undefined]);
  });

  it('reports new alternate names and a new FR notice, and records other edits silently', () => {
    poll([DJI], true);
    const changed = poll([{ ...DJI, altNames: ['Da-Jiang Innovations', 'Shenzhen Dajiang Baiwang Technology'], federalRegisterNotice: '85 FR 83416; 92 FR 3902' }]).items;
    expect(changed.map((i) => i.title)).toEqual([
      'Entity List (BIS) entry changed — DJI — new alternate names: Shenzhen Dajiang Baiwang Technology; new Federal Register notice: 85 FR 83416; 92 FR 3902',
    ]);
    expect(changed[0]?.official?.type).toBe('list-change');
    // An address edit changes the entry's hash but is not news.
    expect(poll([{ ...DJI, altNames: ['Da-Jiang Innovations', 'Shenzhen Dajiang Baiwang Technology'], federalRegisterNotice: '85 FR 83416; 92 FR 3902', city: 'Guangzhou' }]).items).toEqual([]);
  });

  it('reports a removal, and forgets the entry only when the cycle commits', () => {
    poll([...fillerEntries(30), DJI], true);
    const uncommitted = poll(fillerEntries(30), false, false);
    expect(uncommitted.items.map((i) => i.title)).toEqual(['Removed from the Entity List (BIS) — DJI']);
    // The cycle's transaction failed: the next poll sees the same removal again.
    const removed = poll(fillerEntries(30));
    expect(removed.note).toBe('30 list entries: 0 added, 1 removed, 0 changed; 1 about watched entities');
    expect(removed.items.map((i) => [i.title, i.official?.type, i.official?.citation])).toEqual([['Removed from the Entity List (BIS) — DJI', 'list-removal', '85 FR 83416']]);
    expect(official.listEntry(FEED, `${'Entity List (EL) - Bureau of Industry and Security'}\u0000el-dji`)).toBeUndefined();
    expect(poll(fillerEntries(30)).items).toEqual([]);
  });

  it("names a watched entity's watched parent, so channels watching the parent hear of it", () => {
    poll(fillerEntries(5), true);
    const [item] = poll([...fillerEntries(5), { id: 'el-tt', name: 'TikTok Pte. Ltd.', federalRegisterNotice: '92 FR 5000', startDate: '2027-02-01' }]).items;
    expect(item?.title).toBe('Added to the Entity List (BIS) — TikTok — 92 FR 5000, effective 2027-02-01');
    expect(item?.description).toContain('Part of ByteDance.');
  });

  it('leaves entries naming no watched entity out of the items but keeps them in the list state', () => {
    poll([], true);
    expect(poll(fillerEntries(20)).items).toEqual([]);
    expect(official.countListEntries(FEED)).toBe(20);
  });

  it('reads alternate names given as one "a; b" string (the CSV form) like the JSON array', () => {
    const body = (alts: unknown) => Buffer.from(JSON.stringify({ results: [{ id: 'x', source: 'Entity List (EL) - Bureau of Industry and Security', name: 'SZ DJI Technology Co., Ltd.', alt_names: alts }] }));
    const read = (alts: unknown, firstPoll: boolean) => {
      const r = readScreeningList(body(alts), { feedUrl: FEED, firstPoll, now }, official, options);
      if (r.kind !== 'ok') throw new Error(r.message);
      store.transaction(() => r.commit?.());
      return r.items;
    };
    read(['Da-Jiang Innovations', 'DJI Innovations'], true);
    // Same names, another form: the hash differs but no alternate name is new.
    expect(read('Da-Jiang Innovations; DJI Innovations', false)).toEqual([]);
    expect(read('Da-Jiang Innovations; DJI Innovations; Dajiang Baiwang', false).map((i) => i.title)).toEqual(['Entity List (BIS) entry changed — DJI — new alternate names: Dajiang Baiwang']);
  });

  it('reads the sample list in its published shape', () => {
    const body = readFileSync(new URL('../../fixtures/official/consolidated.json', import.meta.url));
    const r = readScreeningList(body, { feedUrl: FEED, firstPoll: false, now }, official, options);
    expect(r.kind === 'ok' && r.items.map((i) => i.title)).toEqual(['Added to the Entity List (BIS) — DJI — 85 FR 83416, effective 2020-12-22']);
  });
});

describe('listName', () => {
  it('shortens the CSL source names to the list and its agency', () => {
    expect(listName('Entity List (EL) - Bureau of Industry and Security')).toBe('Entity List (BIS)');
    expect(listName('Specially Designated Nationals (SDN) - Treasury Department')).toBe('Specially Designated Nationals (OFAC)');
    expect(listName('Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department')).toBe('Non-SDN Chinese Military-Industrial Complex Companies List (OFAC)');
  });
});

describe('jsonArrayElements', () => {
  const parse = (text: string) => {
    const bytes = Buffer.from(text);
    const r = jsonArrayElements(bytes, 'results');
    return typeof r === 'string' ? r : r.map(([s, e]) => JSON.parse(bytes.toString('utf8', s, e)) as unknown);
  };
  it('finds each element, whatever brackets and quotes its strings hold', () => {
    const results = [{ name: 'A "quoted" {brace} [bracket] \\', alt: ['x]'] }, 7, 'plain', null, { nested: { deep: [1, [2]] } }];
    expect(parse(JSON.stringify({ meta: { results: 'not this one', list: [1, 2] }, results }))).toEqual(results);
    expect(parse(JSON.stringify(results))).toEqual(results);
    expect(parse('{"results": []}')).toEqual([]);
    // Multi-byte UTF-8 (Chinese names, a BOM) never confuses the byte scanner.
    expect(parse('\uFEFF{"results": [{"name": "中芯国际 \\"SMIC\\" ]}"}, {"name": "大疆"}]}')).toEqual([{ name: '中芯国际 "SMIC" ]}' }, { name: '大疆' }]);
  });
  it('says what is wrong with a document it cannot walk', () => {
    expect(parse('{"total": 3}')).toBe('no "results" array');
    expect(parse('{"results": [{"name": "cut')).toBe('unterminated entry (truncated file?)');
    expect(parse('<rss/>')).toBe('expected a JSON object with "results" or an array, got "<rss/>"');
  });
});
