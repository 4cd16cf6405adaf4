// Lookups and `recent` as an analyst reads them: sections in a fixed order, newest first,
// publication dates rather than the bot's clock, and relationships that say what they are.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';
import { lookupJson } from '../../../src/commands/describe-entity.ts';
import { createCommandHandler } from '../../../src/commands/handle-command.ts';
import type { Category, Reply } from '../../../src/model.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';

const catalog = loadCatalog();
const NOW = Date.parse('2026-12-07T12:00:00Z');
let store: Store;
let handle: ReturnType<typeof createCommandHandler>;
const channel = { platform: 'slack' as const, workspace: 'T1', id: 'C1' };
const run = (text: string) => handle({ platform: 'slack', channel, user: { id: 'U1' }, text });
const section = (r: Reply, heading: string) => r.sections.find((s) => s.heading === heading)?.lines ?? [];

/** One story of one item (or more), as the pipeline stores them. */
function report(storyId: string, title: string, entityIds: string[], publishedAt: string | undefined, seenAt: number, category: Category = 'executive-order'): void {
  if (!store.getStory(storyId)) store.createStory({ id: storyId, title, summary: title, category, severity: 'high', entityIds }, seenAt);
  else store.addToStory(storyId, { severity: 'high', entityIds }, seenAt);
  store.insertItem(
    { feedUrl: 'https://feed.test/rss', key: `${storyId}-${seenAt}`, contentHash: `${storyId}-${seenAt}`, title, summary: title, publishedAt, category, severity: 'high', official: true, citations: [], storyId },
    entityIds.map((entityId) => ({ entityId, matched: entityId, field: 'title' as const, weak: false })),
    seenAt,
  );
}

beforeEach(() => {
  store = createSqliteStore(':memory:');
  handle = createCommandHandler({ store, catalog: () => catalog, onCustomEntitiesChanged: () => undefined, now: () => NOW, allowPrivateFeeds: false });
});
afterEach(() => store.close());

describe('lookup', () => {
  it('reads TikTok through to the joint venture: status with its date, operator, EO 14352 first among US actions, the closing under events', async () => {
    const reply = await run('tiktok');
    expect(reply.sections.map((s) => s.heading)).toEqual(['Profile', 'Official actions (US)', 'Other official actions', 'Events', 'Latest developments']);
    const profile = section(reply, 'Profile');
    expect(profile[0]).toMatch(/^Status \(as of 2026-12-07\): EO 14352 .*TikTok USDS Joint Venture LLC since 2026-01-22/);
    expect(profile).toContain('Parent: ByteDance (bytedance). ByteDance controls TikTok outside the US.');
    expect(profile).toContainEqual(expect.stringMatching(/^Operator: TikTok USDS Joint Venture LLC \(in US, since 2026-01-22\)\. .*ByteDance holds 19\.9%/));
    expect(profile.at(-1)).toBe('Catalog as of 2026-12-07.');
    const us = section(reply, 'Official actions (US)');
    expect(us[0]).toMatch(/^2025-09-25 \[Executive order\] Executive Order 14352 .*\(EO 14352; 90 FR 47219; FR Doc 2025-19139\) Source: https:\/\/www\.federalregister\.gov\/d\/2025-19139$/);
    const dates = us.map((l) => l.slice(0, 10));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(us).toContainEqual(expect.stringMatching(/^2024-12-06 \[Court action\] The D\.C\. Circuit .*D\.C\. Cir\. No\. 24-1113; 122 F\.4th 930/));
    expect(section(reply, 'Other official actions')).toEqual([expect.stringMatching(/^2020-06-29 \[IN · Ban\] India/)]);
    expect(section(reply, 'Events')).toEqual([expect.stringMatching(/^2026-01-22 \[Company news\] The divestiture closed/)]);
  });

  it('does not call Alibaba the parent of Ant Group: a minority shareholder, and Alibaba shows the stake from its side', async () => {
    const ant = section(await run('ant'), 'Profile');
    expect(ant.some((l) => l.startsWith('Parent:'))).toBe(false);
    expect(ant).toContainEqual(expect.stringMatching(/^Minority shareholder: Alibaba Group \(alibaba\) \(32\.65%\)/));
    expect(ant).toContain('Owns: Alipay (alipay)');
    const alibaba = section(await run('alibaba'), 'Profile');
    expect(alibaba).toContainEqual(expect.stringMatching(/^Minority stake in: Ant Group \(ant-group\) \(32\.65%\)/));
    expect(alibaba).toContainEqual(expect.stringMatching(/^Owns: UCWeb \(ucweb\) \(since 2014-06\)/));
    expect(alibaba.find((l) => l.startsWith('Also known as'))).not.toContain('阿里云');
  });

  it("keeps other governments' acts and reported events out of the US actions", async () => {
    const reply = await run('ucweb');
    expect(section(reply, 'Official actions (US)').every((l) => !l.includes('app stores'))).toBe(true);
    expect(section(reply, 'Events')).toEqual([expect.stringMatching(/^2021-03-16 \[CN · Other development\] Several Chinese Android app stores/)]);
    expect(section(await run('alibaba'), 'Other official actions')).toEqual([
      expect.stringMatching(/^2021-04-10 \[CN · Other development\] The State Administration for Market Regulation fined Alibaba .*\(国市监处〔2021〕28号\)/),
      expect.stringMatching(/^2020-12-24 \[CN · Investigation\]/),
    ]);
  });

  it('says ZTE left the Entity List only in part in 2017, and carries the FCC actions after 2018', async () => {
    const us = section(await run('zte'), 'Official actions (US)');
    expect(us.find((l) => l.startsWith('2017-03-29'))).toMatch(/removed ZTE Corporation and ZTE Kangxun .*Beijing 8-Star and ZTE Parsian stayed listed.*82 FR 15458/);
    expect(us.slice(0, 3).map((l) => l.slice(0, 10))).toEqual(['2022-11-25', '2021-03-12', '2020-06-30']);
  });

  it('lists latest developments by publication date, newest first, with first seen when it came more than a day later', async () => {
    report('st-old', 'Order revoking EO 13942 found in an archive', ['tiktok'], '2021-06-09T15:00:00.000Z', NOW - 3_600_000, 'revocation');
    report('st-new', 'Joint venture closes', ['tiktok'], '2026-01-22T09:00:00.000Z', NOW - 7 * 86_400_000, 'corporate');
    report('st-new', 'Joint venture closing confirmed', ['tiktok'], '2026-01-23T10:00:00.000Z', NOW - 6 * 86_400_000, 'corporate');
    const latest = section(await run('tiktok'), 'Latest developments');
    expect(latest).toEqual([
      '2026-01-22 to 2026-01-23 [high] Joint venture closes (corporate; 2 sources; first seen 2026-11-30 12:00 UTC)',
      '2021-06-09 [high] Order revoking EO 13942 found in an archive (revocation; 1 source; first seen 2026-12-07 11:00 UTC)',
    ]);
  });

  it('gives the same data as JSON, without matching-only variants or context words', () => {
    const entity = catalog.get('cnooc')!;
    const json = lookupJson(catalog, entity, []) as Record<string, unknown> & { officialActionsUS: Array<{ date: string; citation: string }> };
    expect(json).toMatchObject({ id: 'cnooc', catalogAsOf: '2026-12-07', status: { asOf: '2026-12-07' } });
    expect(json.officialActionsUS[0]).toMatchObject({ date: '2021-01-14', citation: '86 FR 4862; FR Doc 2021-00995', source: 'https://www.federalregister.gov/d/2021-00995' });
    expect(JSON.stringify(json)).not.toContain('Overseas Oil');
    expect(json).not.toHaveProperty('context');
    expect(json).not.toHaveProperty('variants');
  });
});

describe('recent', () => {
  it('orders by publication date, states the first and last report, and clamps a date the feed put in the future', async () => {
    report('st-a', 'EO 14352 signed', ['tiktok'], '2025-09-25T20:00:00.000Z', NOW - 86_400_000);
    report('st-a', 'EO 14352 published', ['tiktok'], '2025-09-30T08:00:00.000Z', NOW - 3_600_000);
    report('st-b', 'Feed with a clock in 2031', ['huawei'], '2031-01-01T00:00:00.000Z', NOW - 7_200_000, 'export-control');
    report('st-c', 'Undated item', ['zte'], undefined, NOW - 60_000, 'export-control');
    const lines = (await run('recent')).sections[0]?.lines ?? [];
    expect(lines).toEqual([
      'no publication date [high] Undated item (export-control; 1 source; first seen 2026-12-07 11:59 UTC)',
      'first and last report 2026-12-07 [high] Feed with a clock in 2031 (export-control; 1 source)',
      'first report 2025-09-25, last report 2025-09-30 [high] EO 14352 signed (executive-order; 2 sources; first seen 2026-12-06 12:00 UTC)',
    ]);
  });
});
