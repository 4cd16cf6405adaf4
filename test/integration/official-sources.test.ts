// Official sources as data (issue 16), through the real app with the console adapter: a
// Consolidated Screening List, a Federal Register documents endpoint and its public-inspection desk,
// served in their published JSON shapes on 127.0.0.1 and named in a feeds file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter, CONSOLE_CHANNEL } from '../../adapters/console/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss, type BuildItem } from '../fixtures/build-feed.ts';
import { BIS, EOP, buildCslResponse, buildFrResponse, buildPiResponse, fillerEntries, type CslEntrySpec, type FrDocSpec, type PiDocSpec } from '../fixtures/build-official.ts';

let dir: string;
let server: FakeFeedServer;
let app: App | undefined;
let clock = Date.parse('2026-12-01T15:00:00Z');
const printed: string[] = [];

const SMIC_ENTRY: CslEntrySpec = {
  id: 'el-smic-2026',
  name: 'Semiconductor Manufacturing International Corporation',
  altNames: ['Zhongxin Guoji'],
  federalRegisterNotice: '91 FR 71234',
  startDate: '2026-12-02',
  city: 'Shanghai',
};
const OLD_TIKTOK_DOC: FrDocSpec = {
  documentNumber: '2026-11111',
  title: 'Continuation of the National Emergency With Respect to TikTok Data Flows',
  type: 'Presidential Document',
  subtype: 'Notice',
  agencies: [EOP],
  publicationDate: '2026-06-01',
  citation: '91 FR 30001',
};
const TIKTOK_PI: PiDocSpec = {
  documentNumber: '2026-24501',
  title: 'Prohibiting Transactions With TikTok and Its Operators',
  type: 'Presidential Document',
  agencies: [EOP],
  publicationDate: '2026-12-04',
  filedAt: '2026-12-03T08:45:00.000-05:00',
  tocSubject: 'Presidential Documents',
};
const TIKTOK_PUBLISHED: FrDocSpec = {
  documentNumber: '2026-24501',
  title: 'Prohibiting Transactions With TikTok and Its Operators',
  type: 'Presidential Document',
  subtype: 'Executive Order',
  agencies: [EOP],
  abstract: null,
  publicationDate: '2026-12-04',
  citation: '91 FR 80412',
  executiveOrderNumber: 14512,
  signingDate: '2026-12-02',
};
const UNRELATED_PI: PiDocSpec = { documentNumber: '2026-24400', title: 'Revisions to Export License Exceptions for Agricultural Equipment', type: 'Rule', agencies: [BIS], publicationDate: '2026-12-03', filedAt: '2026-12-02T08:45:00.000-05:00' };

function boot(): App {
  const feedsFile = join(dir, 'feeds.json');
  writeFileSync(
    feedsFile,
    JSON.stringify({
      feeds: [
        { url: server.url('/csl/consolidated.json'), title: 'Consolidated Screening List', kind: 'csl' },
        { url: server.url('/api/v1/documents.json?conditions%5Bterm%5D=TikTok'), title: 'Federal Register documents', kind: 'federal-register' },
        { url: server.url('/api/v1/public-inspection-documents/current.json'), title: 'Federal Register public inspection', kind: 'public-inspection' },
        { url: server.url('/wire.xml'), title: 'Trade Wire' },
      ],
    }),
  );
  const config = loadConfig({ DATABASE_PATH: join(dir, 'watch.db'), FEEDS_FILE: feedsFile, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent' });
  app = createApp({ config, adapters: [createConsoleAdapter({ write: (t) => void printed.push(t) })], log: silentLogger, now: () => clock });
  // As on `npm start` without credentials: the console channel watches every entity.
  const channel = app.store.ensureChannel(CONSOLE_CHANNEL, clock);
  app.store.addWatches(channel.key, app.catalog().entities().map((e) => e.id));
  return app;
}

const serveList = (entries: CslEntrySpec[]) => server.setRoute('/csl/consolidated.json', { body: buildCslResponse(entries), contentType: 'application/json' });
const serveDocs = (docs: FrDocSpec[]) => server.setRoute('/api/v1/documents.json', { body: buildFrResponse(docs), contentType: 'application/json; charset=utf-8' });
const servePi = (docs: PiDocSpec[]) => server.setRoute('/api/v1/public-inspection-documents/current.json', { body: buildPiResponse(docs), contentType: 'application/json; charset=utf-8' });
const serveWire = (items: BuildItem[]) => server.setRoute('/wire.xml', { body: buildRss('Trade Wire', items) });
const lookup = async (name: string) => (await app!.handleCommand({ platform: 'console', channel: CONSOLE_CHANNEL, user: { id: 'u' }, text: name })).sections.find((s) => s.heading === 'Official actions seen by the watcher (unreviewed)')!.lines;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-official-'));
  server = await createFakeFeedServer();
  clock = Date.parse('2026-12-01T15:00:00Z');
  printed.length = 0;
  serveWire([]);
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('official sources', () => {
  it('records the first poll silently, alerts a listing once and its removal as a revocation, and alerts a public-inspection document before its publication joins the story', async () => {
    // A list that already names a watched company (Huawei): recorded, not news.
    const huawei: CslEntrySpec = { id: 'el-huawei', name: 'Huawei Technologies Co., Ltd.', federalRegisterNotice: '84 FR 22961', startDate: '2019-05-16' };
    serveList([...fillerEntries(300), huawei]);
    serveDocs([OLD_TIKTOK_DOC]);
    servePi([UNRELATED_PI]);
    boot();

    const first = await app!.runCycle();
    expect(first.feeds.map((f) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(first.alerts).toBe(0);
    expect(printed).toEqual([]);

    // The list gains SMIC, by its legal name only.
    clock += 10 * 60_000;
    serveList([...fillerEntries(300), huawei, SMIC_ENTRY]);
    const added = await app!.runCycle();
    expect(added.alerts).toBe(1);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('HIGH · Export control');
    expect(printed[0]).toContain('Title:    Added to the Entity List (BIS) — SMIC — 91 FR 71234, effective 2026-12-02');
    expect(printed[0]).toContain('Citation: 91 FR 71234');

    // Polled again unchanged (and touched with the same bytes): no second alert.
    clock += 10 * 60_000;
    await app!.runCycle();
    serveList([...fillerEntries(300), huawei, SMIC_ENTRY]);
    await app!.runCycle();
    expect(printed).toHaveLength(1);

    // A document naming TikTok goes on public inspection: alerted before publication.
    clock = Date.parse('2026-12-03T14:00:00Z');
    servePi([UNRELATED_PI, TIKTOK_PI]);
    await app!.runCycle();
    expect(printed).toHaveLength(2);
    expect(printed[1]).toContain('HIGH · Executive order');
    expect(printed[1]).toContain('Entities: TikTok');
    expect(printed[1]).toContain('On public inspection, to be published 2026-12-04 (FR Doc 2026-24501)');

    // Published the next day: it joins that story as a follow-up carrying its citation.
    clock = Date.parse('2026-12-04T12:00:00Z');
    serveDocs([TIKTOK_PUBLISHED, OLD_TIKTOK_DOC]);
    await app!.runCycle();
    expect(printed).toHaveLength(3);
    expect(printed[2]).toMatch(/^── MORE SOURCES · Prohibiting Transactions With TikTok/);
    expect(printed[2]).toContain('Federal Register documents: Prohibiting Transactions With TikTok and Its Operators (91 FR 80412)');
    const stories = app!.store.recentStories(10).filter((s) => s.title === TIKTOK_PI.title);
    expect(stories.map((s) => s.sourceCount)).toEqual([2]);

    // SMIC comes off the list: a revocation.
    clock += 10 * 60_000;
    serveList([...fillerEntries(300), huawei]);
    const removed = await app!.runCycle();
    expect(removed.alerts).toBe(1);
    expect(printed[3]).toContain('HIGH · Revocation');
    expect(printed[3]).toContain('Title:    Removed from the Entity List (BIS) — SMIC\n');

    // The catalog learned both, marked with their source and as unreviewed.
    const smic = await lookup('smic');
    expect(smic).toContainEqual(expect.stringMatching(/^2026-12-02: Added to the Entity List \(BIS\) — SMIC — 91 FR 71234, effective 2026-12-02 \(91 FR 71234\) — from Consolidated Screening List, unreviewed/));
    expect(smic).toContainEqual(expect.stringMatching(/^2026-12-04: Removed from the Entity List \(BIS\) — SMIC .* — from Consolidated Screening List, unreviewed/));
    const tiktok = await lookup('tiktok');
    expect(tiktok).toContainEqual(expect.stringMatching(/^2026-12-02: Executive Order 14512 \(Executive Office of the President\): Prohibiting Transactions With TikTok and Its Operators \(91 FR 80412 \(FR Doc 2026-24501\)\) — from Federal Register documents, unreviewed https:\/\/www\.federalregister\.gov\/documents\//));
    // The public-inspection line gave way to the published document.
    expect(tiktok.filter((l) => l.includes('2026-24501'))).toHaveLength(1);
    // The catalog's own record of an action is not repeated as unreviewed.
    expect(smic.filter((l) => l.includes('unreviewed'))).toHaveLength(2);
  });

  it('joins the news report of a listing to the listing story as a follow-up', async () => {
    serveList(fillerEntries(50));
    serveDocs([]);
    servePi([]);
    boot();
    await app!.runCycle();
    clock += 10 * 60_000;
    serveList([...fillerEntries(50), SMIC_ENTRY]);
    await app!.runCycle();
    clock += 60 * 60_000;
    serveWire([
      {
        guid: 'smic-el',
        title: 'US adds chipmaker SMIC to the Entity List',
        link: 'https://wire.example/smic-el',
        description: 'The Commerce Department added Semiconductor Manufacturing International Corporation to the Entity List in a rule published at 91 FR 71234, effective December 2.',
        date: '2026-12-01T16:00:00Z',
      },
    ]);
    await app!.runCycle();
    expect(printed).toHaveLength(2);
    // A follow-up in the listing's thread, not an alert of its own.
    expect(printed[1]).toMatch(/^── MORE SOURCES · /);
    expect(printed[1]).toContain('+ Trade Wire: US adds chipmaker SMIC to the Entity List <https://wire.example/smic-el>');
    const listing = app!.store.recentStories(10).find((s) => s.title.startsWith('Added to the Entity List (BIS) — SMIC'));
    expect(listing?.sourceCount).toBe(2);
  });

  it('reports a body that is not the declared kind as one clear failure and keeps polling', async () => {
    server.setRoute('/csl/consolidated.json', { body: '<rss version="2.0"><channel><title>x</title></channel></rss>', contentType: 'application/rss+xml' });
    serveDocs([OLD_TIKTOK_DOC]);
    server.setRoute('/api/v1/public-inspection-documents/current.json', { body: '{"count": 0, "results": [', contentType: 'application/json' });
    boot();
    const report = await app!.runCycle();
    const byPath = Object.fromEntries(report.feeds.map((f) => [new URL(f.url).pathname, f]));
    expect(byPath['/csl/consolidated.json']).toMatchObject({ status: 'failed' });
    expect(byPath['/csl/consolidated.json']?.error).toMatch(/^not a Consolidated Screening List JSON file: /);
    expect(byPath['/api/v1/public-inspection-documents/current.json']?.error).toMatch(/^not a Federal Register public-inspection response: the body is not JSON/);
    expect(byPath['/api/v1/documents.json']).toMatchObject({ status: 'ok', newItems: 1 });
  });

  it('refuses a list that shrank to a fraction of the stored one instead of reporting every entry removed', async () => {
    serveList([...fillerEntries(100), SMIC_ENTRY]);
    serveDocs([]);
    servePi([]);
    boot();
    await app!.runCycle();
    serveList(fillerEntries(10));
    const report = await app!.runCycle();
    const list = report.feeds.find((f) => f.url.endsWith('/consolidated.json'));
    expect(list).toMatchObject({ status: 'failed' });
    expect(list?.error).toBe('the list shrank from 101 to 10 entries; refused as truncated or broken (nothing recorded as removed)');
    expect(printed).toEqual([]);
  });
});
