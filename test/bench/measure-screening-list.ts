// Diffing a Consolidated Screening List of tens of thousands of entries (issue 16): the watcher reads
// the list file through its own feed path, records it silently, then diffs an edited copy against
// the stored per-entry hashes. What is measured is the time of each poll and the process's peak RSS
// during the diff, against the watcher's peak budget.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { ChatAdapter } from '../../src/platform.ts';
import { buildCslEntry, ENTITY_LIST, type CslEntrySpec } from '../fixtures/build-official.ts';
import type { RssSampler } from './rss-sampler.ts';

export interface ScreeningListResult {
  entries: number;
  bytes: number;
  firstPollMs: number;
  diffPollMs: number;
  added: number;
  removed: number;
  changed: number;
  alerts: number;
  /** RSS just before the diff poll (after a collection) and the peak during it. */
  rssBefore: number;
  diffPeakRss: number;
}

const SOURCES = [ENTITY_LIST, 'Specially Designated Nationals (SDN) - Treasury Department', 'Military End User (MEU) List - Bureau of Industry and Security'];

function entry(i: number): CslEntrySpec {
  return {
    id: `e${i.toString(36)}`,
    source: SOURCES[i % SOURCES.length],
    name: `Meridian ${['Components', 'Shipping', 'Trading', 'Electronics', 'Holdings'][i % 5]} Company No. ${i}`,
    altNames: i % 3 === 0 ? [`Meridian ${i} Ltd`, `MRD-${i}`] : [],
    federalRegisterNotice: `${80 + (i % 12)} FR ${10_000 + (i % 70_000)}`,
    startDate: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
    city: ['Shenzhen', 'Hong Kong', 'Dubai', 'Moscow', 'Tehran'][i % 5],
  };
}

/** consolidated.json for these entries, written as the API does (one object, `results` last). */
function writeList(path: string, entries: CslEntrySpec[]): number {
  const body = `{"total":${entries.length},"sources":[],"results":[${entries.map((e) => JSON.stringify(buildCslEntry(e))).join(',')}]}`;
  writeFileSync(path, body);
  return Buffer.byteLength(body);
}

export async function measureScreeningList(o: { dir: string; entries: number; catalog: Catalog; sampler: RssSampler; collect: () => void; now: number }): Promise<ScreeningListResult> {
  const listPath = join(o.dir, 'consolidated.json');
  const feedsFile = join(o.dir, 'list-feeds.json');
  writeFileSync(feedsFile, JSON.stringify({ feeds: [{ url: listPath, title: 'Consolidated Screening List', kind: 'csl' }] }));
  let entries = Array.from({ length: o.entries }, (_, i) => entry(i));
  const bytes = writeList(listPath, entries);
  let clock = o.now;
  const adapter: ChatAdapter = { platform: 'console', start: async () => undefined, stop: async () => undefined, findPosted: async () => ({ kind: 'not-found' }), send: async () => ({ kind: 'delivered' }) };
  const app = createApp({
    config: loadConfig({ DATABASE_PATH: join(o.dir, 'list.db'), FEEDS_FILE: feedsFile, LOG_LEVEL: 'silent' }),
    adapters: [adapter],
    log: silentLogger,
    now: () => clock,
    catalog: o.catalog,
  });
  try {
    const channel = app.store.ensureChannel({ platform: 'console', id: 'all' }, clock);
    app.store.addWatches(channel.key, o.catalog.preset('all')?.entityIds ?? []);
    let t = performance.now();
    const first = await app.runCycle();
    const firstPollMs = performance.now() - t;
    if (first.feeds[0]?.status !== 'ok') throw new Error(`screening list first poll: ${first.feeds[0]?.status} ${first.feeds[0]?.error ?? ''}`);

    // The next day's list: 100 entries gone, 100 new (one of them a watched company by its legal
    // name), 100 with a new alternate name.
    const edits = 100;
    entries = entries.slice(edits).map((e, i) => (i < edits ? { ...e, altNames: [...(e.altNames ?? []), `New alias ${i}`] } : e));
    entries.push(...Array.from({ length: edits - 1 }, (_, i) => entry(o.entries + i)));
    entries.push({ id: 'el-smic-new', name: 'Semiconductor Manufacturing International Corporation', federalRegisterNotice: '92 FR 7777', startDate: '2027-02-01' });
    writeList(listPath, entries);
    entries = [];
    clock += 24 * 3_600_000;
    o.collect();
    const rssBefore = process.memoryUsage.rss();
    o.sampler.reset();
    t = performance.now();
    const diff = await app.runCycle();
    const diffPollMs = performance.now() - t;
    const diffPeakRss = o.sampler.peak();
    if (diff.feeds[0]?.status !== 'ok') throw new Error(`screening list diff poll: ${diff.feeds[0]?.status} ${diff.feeds[0]?.error ?? ''}`);
    return { entries: o.entries, bytes, firstPollMs, diffPollMs, added: edits, removed: edits, changed: edits, alerts: diff.alerts, rssBefore, diffPeakRss };
  } finally {
    await app.stop();
  }
}
