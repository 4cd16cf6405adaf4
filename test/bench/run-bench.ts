// `npm run bench`: measures the watcher against the floor of its own stack (issue 7) and story
// grouping against a growing history (issue 4), on synthetic but realistic feeds served over HTTP
// from a child process on 127.0.0.1. Everything is deterministic for a seed except the timings.
//
//   npm run bench                 full size: 200 feeds × 50 items, 100k stored items
//   npm run bench -- --quick      40 feeds × 25 items, 20k stored items (well under 30 s)
//   npm run bench -- --json       the table, then one JSON object with every figure on the last line
//   npm run bench -- --latency    only the simulated day of polling (issue 14), today's schedule beside the new one
//   options: --seed=N  --keep (keep the temporary databases and print where they are)
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.ts';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { ChannelRef } from '../../src/model.ts';
import type { ChatAdapter } from '../../src/platform.ts';
import { createSqliteStore, databaseOf } from '../../src/store/test-helpers.ts';
import { startBenchFeedServer, type ServedCorpus, type ServeMode } from './bench-feed-server.ts';
import { exposeGc } from './expose-gc.ts';
import { fillHistory, type HistoryReport } from './fill-history.ts';
import { fmt, formatReport, mb, type ReportSection } from './format-report.ts';
import { measureFloor } from './measure-floor.ts';
import { measureGrouping, type GroupingResult } from './measure-grouping.ts';
import { LATENCY_TARGET, LATENCY_VARIANTS, latencySection, simulateDay, type LatencyResult } from './measure-latency.ts';
import { measureLookups } from './measure-lookups.ts';
import { measureScreeningList } from './measure-screening-list.ts';
import { median } from './percentile.ts';
import { startRssSampler } from './rss-sampler.ts';
import type { SyntheticFeedOptions } from './synthetic-feeds.ts';
import { toBenchEntities } from './synthetic-text.ts';

interface Size {
  feeds: number;
  itemsPerFeed: number;
  historyItems: number;
  historyStories: number;
  smallHistory: number;
  groupFeeds: number;
  groupItemsPerFeed: number;
  unchangedRuns: number;
  memoryCycles: number;
  /** Unchanged cycles of the warm-up (on other feeds). */
  warmUnchangedCycles: number;
  lookupCalls: number;
  /** Entries of the screening list diffed (issue 16). */
  listEntries: number;
}

const SIZES: Record<'full' | 'quick', Size> = {
  full: { feeds: 200, itemsPerFeed: 50, historyItems: 100_000, historyStories: 5_000, smallHistory: 1_000, groupFeeds: 20, groupItemsPerFeed: 50, unchangedRuns: 5, memoryCycles: 100, warmUnchangedCycles: 50, lookupCalls: 2_000, listEntries: 30_000 },
  quick: { feeds: 40, itemsPerFeed: 25, historyItems: 20_000, historyStories: 1_000, smallHistory: 1_000, groupFeeds: 10, groupItemsPerFeed: 25, unchangedRuns: 5, memoryCycles: 100, warmUnchangedCycles: 20, lookupCalls: 2_000, listEntries: 30_000 },
};

/** Targets of issue 7 and issue 4. */
const TARGET = {
  floorRatio: 2,
  notModifiedShare: 0.05,
  identicalBodyShare: 0.25,
  lookupP99Ms: 50,
  peakRssBytes: 200 * 1_048_576,
  rssGrowth: 0.1,
  groupingRatio: 2,
};

/** The synthetic "now": every item is dated relative to it, so runs on any day build the same feeds. */
const NOW = Date.parse('2024-03-15T12:00:00Z');
const HOUR = 3_600_000;
const WINDOW_MS = 72 * HOUR;
/** History arrives at this rate: 1k items already span more than the 72 h window. */
const HISTORY_PER_HOUR = 12;
const CYCLE_MS = 10 * 60_000;
/** RSS readings (each after a collection) whose median is taken at each end of the memory run. */
const MEMORY_READINGS = 5;

function parseArgs(argv: string[]) {
  const flags = new Set(argv.filter((a) => !a.includes('=')));
  const seedArg = argv.find((a) => a.startsWith('--seed='));
  const seed = seedArg ? Number(seedArg.slice('--seed='.length)) : 20_240_315;
  if (!Number.isInteger(seed)) throw new Error(`Expected --seed=<whole number>, got ${JSON.stringify(seedArg)}`);
  const known = new Set(['--quick', '--json', '--keep', '--latency']);
  const unknown = [...flags].filter((f) => !known.has(f));
  if (unknown.length) throw new Error(`Unknown option ${unknown.join(' ')}; expected --quick, --json, --keep, --latency, --seed=N`);
  return { quick: flags.has('--quick'), json: flags.has('--json'), keep: flags.has('--keep'), latency: flags.has('--latency'), seed };
}

/** Accepts every alert and keeps none: the benchmark measures the watcher's memory, not a recorder's. */
function countingAdapter(): ChatAdapter {
  let n = 0;
  return { platform: 'console', start: async () => undefined, stop: async () => undefined, findPosted: async () => ({ kind: 'not-found' }), send: async () => ({ kind: 'delivered', messageRef: `m${++n}` }) };
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** The simulated day (issue 14): today's schedule beside the per-feed one. */
async function measureLatencyAll(args: { quick: boolean; seed: number }, catalog: ReturnType<typeof loadCatalog>) {
  const o = { feeds: 200, hours: args.quick ? 6 : 24, seed: args.seed, catalog };
  const results: LatencyResult[] = [];
  for (const variant of LATENCY_VARIANTS) {
    progress(`latency: simulated ${o.hours} h of ${o.feeds} feeds, ${variant.name}`);
    results.push(await simulateDay(o, variant));
  }
  return { section: latencySection(results, o), results };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.latency) {
    // Only the simulated day: seconds instead of minutes.
    const catalog = loadCatalog(fileURLToPath(new URL('../../data/entities.json', import.meta.url)));
    const latency = await measureLatencyAll(args, catalog);
    process.stdout.write(formatReport(`sanctions-watch benchmark: alert latency only (seed ${args.seed})`, [latency.section]) + '\n');
    if (args.json) process.stdout.write(JSON.stringify({ seed: args.seed, latency: latency.results, targets: LATENCY_TARGET }) + '\n');
    return;
  }
  const size = SIZES[args.quick ? 'quick' : 'full'];
  const benchStart = performance.now();
  const gc = exposeGc();
  const collect = () => gc.collect();
  const sampler = startRssSampler();
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
  const cleanups: Array<() => Promise<void> | void> = [];
  if (!args.keep) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  // The shipped catalog, wherever the benchmark is started from.
  const catalog = loadCatalog(fileURLToPath(new URL('../../data/entities.json', import.meta.url)));
  const entities = toBenchEntities(catalog.entities());
  const names = Object.fromEntries(catalog.entities().map((e) => [e.id, e.name]));

  const mainCorpus: SyntheticFeedOptions = { feeds: size.feeds, itemsPerFeed: size.itemsPerFeed, seed: args.seed, now: NOW, entities, prefix: '/feeds/' };
  const warm: SyntheticFeedOptions = { feeds: 20, itemsPerFeed: size.itemsPerFeed, seed: args.seed + 1, now: NOW, entities, prefix: '/warm/' };
  // Grouping feeds: nearly every item names an entity, many are rewrites, all from the last day.
  const group: SyntheticFeedOptions = {
    feeds: size.groupFeeds,
    itemsPerFeed: size.groupItemsPerFeed,
    seed: args.seed + 2,
    now: NOW,
    entities,
    prefix: '/group/',
    mentionShare: 0.6,
    rewriteShare: 0.3,
    chineseShare: 0.1,
    spanMs: 24 * HOUR,
  };

  // The child process builds and serves the feeds; this process never holds their bodies while
  // the watcher runs, so the watcher's memory figures are its own.
  progress(`building and serving feeds (${size.feeds} × ${size.itemsPerFeed} items, seed ${args.seed})`);
  try {
    const server = await startBenchFeedServer([mainCorpus, warm, group]);
    cleanups.push(() => server.close());
    const [mainServed, warmServed, groupServed] = server.corpora as [ServedCorpus, ServedCorpus, ServedCorpus];
    const stats = mainServed.stats;
    const urls = mainServed.paths.map((p) => server.url(p));
    let clock = NOW;
    const now = () => clock;
    const boot = (db: string, feedUrls: string[]): App => {
      const config = loadConfig({
        DATABASE_PATH: join(dir, db),
        FEED_URLS: feedUrls.join(','),
        ALLOW_PRIVATE_FEEDS: 'true',
        FIRST_POLL_ALERTS: 'true',
        LOG_LEVEL: 'silent',
        FEED_TIMEOUT_MS: '30000',
      });
      const app = createApp({ config, adapters: [countingAdapter()], log: silentLogger, now, catalog });
      // A few channels, as a small deployment has: everything, a preset, a handful, and one that only wants medium and up.
      const watch = (id: string, ids: string[], min?: 'medium' | 'high') => {
        const ref: ChannelRef = { platform: 'console', id };
        const channel = app.store.ensureChannel(ref, now());
        app.store.addWatches(channel.key, ids);
        if (min) app.store.setMinSeverity(channel.key, min);
      };
      watch('all', catalog.preset('all')?.entityIds ?? []);
      watch('eo-13971', catalog.preset('eo-13971')?.entityIds ?? []);
      watch('social-apps', ['tiktok', 'bytedance', 'wechat']);
      watch('chips', ['huawei', 'zte', 'smic', 'dji'], 'medium');
      return app;
    };
    const cycle = async (app: App) => {
      clock += CYCLE_MS;
      const t = performance.now();
      const cpu = process.cpuUsage();
      const report = await app.runCycle();
      const used = process.cpuUsage(cpu);
      return { report, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
    };
    const setMode = async (mode: ServeMode) => server.setMode(mode);

    // ── warm-up: the JIT sees every stage before anything is timed or measured. The unchanged
    // cycles matter for memory: the first few dozen of a process raise its RSS once (compiled code,
    // allocator pools) and then it levels off; warming them up on other feeds keeps that one-time
    // step out of the growth figure, which is there to catch memory that grows with every cycle.
    progress(`warm-up: a fresh cycle and ${size.warmUnchangedCycles} unchanged cycles on ${warm.feeds} other feeds`);
    {
      const app = boot('warm.db', warmServed.paths.map((p) => server.url(p)));
      await setMode('validators');
      await cycle(app);
      await setMode('mixed');
      for (let i = 0; i < size.warmUnchangedCycles; i++) await cycle(app);
      await app.stop();
    }
    collect();
    sampler.reset();

    // ── fresh cycle ──
    progress(`fresh cycle: ${urls.length} feeds`);
    const app = boot('watch.db', urls);
    await setMode('validators');
    const fresh = await cycle(app);
    const failedFresh = fresh.report.feeds.filter((f) => f.status !== 'ok');
    if (failedFresh.length) throw new Error(`fresh cycle: ${failedFresh.length} feeds failed, e.g. ${failedFresh[0]?.url}: ${failedFresh[0]?.error}`);
    const freshItems = fresh.report.newItems;
    const storyCount = Number((databaseOf(app.store).prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n);

    // ── unchanged cycles ──
    const unchanged = async (mode: ServeMode, expected: string) => {
      await setMode(mode);
      const runs: number[] = [];
      for (let i = 0; i < size.unchangedRuns; i++) {
        const r = await cycle(app);
        const off = r.report.feeds.filter((f) => f.status !== expected);
        if (off.length) throw new Error(`${mode} cycle: ${off.length} feeds were ${off[0]?.status} (${off[0]?.error ?? ''}), expected ${expected}`);
        runs.push(r.ms);
      }
      return { medianMs: median(runs), runs };
    };
    progress(`unchanged cycles: ${size.unchangedRuns} × 304, ${size.unchangedRuns} × identical 200`);
    const before304 = await server.stats();
    const notModified = await unchanged('validators', 'not-modified');
    const after304 = await server.stats();
    const identical = await unchanged('no-validators', 'unchanged-body');

    // ── memory over many unchanged cycles (half the feeds answer 304, half the same 200) ──
    // One RSS reading after a collection varies by several MB from cycle to cycle (pages the
    // allocators happen to hold), so each end is the median of the readings after its first or
    // last few cycles; halfway is read too: memory that levels off is not a leak, growth that
    // goes on is.
    progress(`memory: ${size.memoryCycles} unchanged cycles`);
    await setMode('mixed');
    const mixedRuns: number[] = [];
    const half = Math.floor(size.memoryCycles / 2);
    const readings: Record<'first' | 'half' | 'last', Array<{ rss: number; heap: number }>> = { first: [], half: [], last: [] };
    const phaseOf = (n: number) =>
      n <= MEMORY_READINGS ? 'first' : n > half - MEMORY_READINGS && n <= half ? 'half' : n > size.memoryCycles - MEMORY_READINGS ? 'last' : undefined;
    for (let i = 1; i <= size.memoryCycles; i++) {
      mixedRuns.push((await cycle(app)).ms);
      const phase = phaseOf(i);
      if (!phase) continue;
      collect();
      readings[phase].push({ rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed });
    }
    const rssAfterFirst = median(readings.first.map((r) => r.rss));
    const rssAtHalf = median(readings.half.map((r) => r.rss));
    const rssAfterMany = median(readings.last.map((r) => r.rss));
    const heapAfterFirst = median(readings.first.map((r) => r.heap));
    const heapAfterMany = median(readings.last.map((r) => r.heap));
    const watcherPeak = sampler.peak();
    await app.stop();

    // ── a screening list of tens of thousands of entries, diffed against its stored state, in the
    // process that just ran the watcher's cycles (its memory is what a running watcher holds) ──
    progress(`screening list: first poll and diff of ${size.listEntries.toLocaleString('en-US')} entries`);
    collect();
    const list = await measureScreeningList({ dir, entries: size.listEntries, catalog, sampler, collect, now: NOW });
    collect();

    // ── the floor: the same bytes through rss-parser alone, as many rows through better-sqlite3 alone ──
    progress('floor: rss-parser and better-sqlite3 alone');
    await setMode('no-validators');
    const bodies = new Map<string, string>();
    for (const url of urls) bodies.set(url, await (await fetch(url)).text());
    const floor = await measureFloor(bodies, join(dir, 'floor.db'));
    bodies.clear();
    collect();

    // ── story grouping: 1k vs a long history ──
    progress(`story grouping: ${size.smallHistory.toLocaleString('en-US')} vs ${size.historyItems.toLocaleString('en-US')} stored items`);
    await setMode('validators');
    const historyOf = (items: number, stories: number, file: string): HistoryReport => {
      const store = createSqliteStore(join(dir, file));
      try {
        return fillHistory(store, { items, stories, end: NOW - HOUR, perHour: HISTORY_PER_HOUR, feeds: 200, feedPrefix: 'https://history.example/feed/', seed: args.seed + 3, entities });
      } finally {
        store.close();
      }
    };
    const smallFill = historyOf(size.smallHistory, Math.round((size.smallHistory * size.historyStories) / size.historyItems), 'history-small.db');
    const largeFill = historyOf(size.historyItems, size.historyStories, 'history-large.db');
    const groupUrls = groupServed.paths.map((p) => server.url(p));
    const grouping = { small: [] as GroupingResult[], large: [] as GroupingResult[] };
    // Two runs per size, alternating, each on a fresh copy: the better run of each is compared, so a
    // neighbour's burst of CPU on a shared machine does not decide the verdict.
    for (let run = 0; run < 2; run++) {
      for (const which of ['small', 'large'] as const) {
        const copy = join(dir, `group-${which}-${run}.db`);
        copyFileSync(join(dir, `history-${which}.db`), copy);
        grouping[which].push(await measureGrouping({ dbPath: copy, now: NOW + CYCLE_MS, windowMs: WINDOW_MS, feedUrls: groupUrls, matcher: catalog.matcher(), catalog, names }));
        rmSync(copy, { force: true });
      }
    }
    const best = (runs: GroupingResult[]) => runs.reduce((a, b) => (b.groupingUsPerItem < a.groupingUsPerItem ? b : a));
    const groupSmall = best(grouping.small);
    const groupLarge = best(grouping.large);
    collect();

    // ── lookups on the long history ──
    progress(`lookups: ${size.lookupCalls} × entity, ${size.lookupCalls} × recent on ${size.historyItems.toLocaleString('en-US')} items`);
    copyFileSync(join(dir, 'history-large.db'), join(dir, 'lookups.db'));
    const feedsFile = join(dir, 'no-feeds.json');
    writeFileSync(feedsFile, JSON.stringify({ feeds: [] }));
    const lookupApp = createApp({
      config: loadConfig({ DATABASE_PATH: join(dir, 'lookups.db'), FEEDS_FILE: feedsFile, LOG_LEVEL: 'silent' }),
      adapters: [],
      log: silentLogger,
      now: () => NOW,
      catalog,
    });
    const storedForLookups = { items: lookupApp.store.countItems(), stories: Number((databaseOf(lookupApp.store).prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n) };
    const lookups = await measureLookups(lookupApp.handleCommand, entities, size.lookupCalls, args.seed + 4);
    await lookupApp.stop();

    const latency = await measureLatencyAll(args, catalog);

    const maxRssWhole = sampler.wholePeak();
    const totalMs = performance.now() - benchStart;

    // ── verdicts ──
    const freshPerSecond = freshItems / (fresh.ms / 1000);
    const floorRatio = fresh.ms / floor.ms;
    // CPU time is less disturbed by other work on the machine than wall time (informational).
    const floorCpuRatio = fresh.cpuMs / (floor.parseCpuMs + floor.insertMs);
    const notModifiedShare = notModified.medianMs / fresh.ms;
    const identicalShare = identical.medianMs / fresh.ms;
    const lookupP99 = Math.max(lookups.entity.p99Ms, lookups.recent.p99Ms);
    const rssGrowth = (rssAfterMany - rssAfterFirst) / rssAfterFirst;
    const rssGrowthSecondHalf = (rssAfterMany - rssAtHalf) / rssAtHalf;
    const groupingRatio = groupLarge.groupingUsPerItem / groupSmall.groupingUsPerItem;
    const pass = {
      floor: floorRatio <= TARGET.floorRatio,
      notModified: notModifiedShare <= TARGET.notModifiedShare,
      identical: identicalShare <= TARGET.identicalBodyShare,
      lookups: lookupP99 < TARGET.lookupP99Ms,
      peakRss: watcherPeak < TARGET.peakRssBytes,
      rssGrowth: rssGrowth < TARGET.rssGrowth,
      grouping: groupingRatio <= TARGET.groupingRatio,
      screeningList: list.diffPeakRss < TARGET.peakRssBytes,
    };

    const sections: ReportSection[] = [
      {
        title: `Fresh cycle (${size.feeds} feeds × ${size.itemsPerFeed} items, ${mb(stats.bytes)}; ${stats.naming} name entities, ${stats.chinese} in Chinese, ${stats.rewrites} rewrites of ${stats.developments} developments)`,
        rows: [
          { label: 'pipeline: runCycle() wall time (CPU time)', value: `${fmt(fresh.ms)} ms (${fmt(fresh.cpuMs)})` },
          { label: 'pipeline: throughput', value: `${fmt(freshPerSecond)} items/s` },
          { label: 'pipeline: alerts queued / delivered, stories', value: `${fresh.report.alerts} / ${fresh.report.dispatch.delivered}, ${storyCount}` },
          { label: 'floor: rss-parser alone, same bytes (CPU time)', value: `${fmt(floor.parseMs)} ms (${fmt(floor.parseCpuMs)})` },
          { label: 'floor: better-sqlite3 alone (same rows, 1 tx)', value: `${fmt(floor.insertMs)} ms` },
          { label: 'floor: throughput', value: `${fmt(floor.itemsPerSecond)} items/s` },
          { label: 'pipeline time / floor time', value: `${floorRatio.toFixed(2)}×`, target: `≤ ${TARGET.floorRatio}× (≥ 50% of floor)`, pass: pass.floor },
          { label: 'pipeline CPU time / floor CPU time', value: `${floorCpuRatio.toFixed(2)}×` },
        ],
      },
      {
        title: 'Unchanged cycles (median of runs)',
        rows: [
          { label: '304 Not Modified: wall time', value: `${fmt(notModified.medianMs)} ms` },
          { label: '304: share of the fresh cycle', value: `${(notModifiedShare * 100).toFixed(1)}%`, target: `≤ ${TARGET.notModifiedShare * 100}%`, pass: pass.notModified },
          { label: 'identical 200 (no validators): wall time', value: `${fmt(identical.medianMs)} ms` },
          { label: 'identical 200: share of the fresh cycle', value: `${(identicalShare * 100).toFixed(1)}%`, target: `≤ ${TARGET.identicalBodyShare * 100}%`, pass: pass.identical },
        ],
      },
      {
        title: `Lookups (${storedForLookups.items.toLocaleString('en-US')} items, ${storedForLookups.stories.toLocaleString('en-US')} stories; ${size.lookupCalls} calls each)`,
        rows: [
          { label: '/sanctions <entity>: p50 / p99', value: `${lookups.entity.p50Ms.toFixed(2)} / ${lookups.entity.p99Ms.toFixed(2)} ms` },
          { label: '/sanctions recent [n]: p50 / p99', value: `${lookups.recent.p50Ms.toFixed(2)} / ${lookups.recent.p99Ms.toFixed(2)} ms` },
          { label: 'p99, worse of the two', value: `${lookupP99.toFixed(2)} ms`, target: `< ${TARGET.lookupP99Ms} ms`, pass: pass.lookups },
        ],
      },
      {
        title: `Memory${gc.available ? '' : ' (no gc available: figures include garbage)'}`,
        rows: [
          { label: 'peak RSS, watcher (fresh + unchanged cycles)', value: mb(watcherPeak), target: `< ${mb(TARGET.peakRssBytes)}`, pass: pass.peakRss },
          { label: 'peak RSS, whole benchmark (incl. fills, floor)', value: mb(maxRssWhole) },
          { label: `RSS after cycles 1–${MEMORY_READINGS} of ${size.memoryCycles} unchanged (median, after gc)`, value: mb(rssAfterFirst) },
          { label: `RSS after the last ${MEMORY_READINGS} (median, after gc)`, value: mb(rssAfterMany) },
          { label: `RSS growth over ${size.memoryCycles} cycles`, value: `${(rssGrowth * 100).toFixed(1)}%`, target: `< ${TARGET.rssGrowth * 100}%`, pass: pass.rssGrowth },
          { label: `RSS growth over the last ${size.memoryCycles - half} cycles only`, value: `${(rssGrowthSecondHalf * 100).toFixed(1)}%` },
          { label: 'heap used: first → last cycles (median, after gc)', value: `${mb(heapAfterFirst)} → ${mb(heapAfterMany)}` },
        ],
      },
      {
        title: `Screening list (${list.entries.toLocaleString('en-US')} entries, ${mb(list.bytes)}; then ${list.added} added, ${list.removed} removed, ${list.changed} with new alternate names)`,
        rows: [
          { label: 'first poll (recorded silently): wall time', value: `${fmt(list.firstPollMs)} ms` },
          { label: 'diff poll: wall time, alerts', value: `${fmt(list.diffPollMs)} ms, ${list.alerts}` },
          { label: 'RSS before the diff poll (after gc; the watcher has run its cycles)', value: mb(list.rssBefore) },
          { label: 'RSS the diff adds at its peak', value: mb(list.diffPeakRss - list.rssBefore) },
          { label: 'peak RSS while diffing', value: mb(list.diffPeakRss), target: `< ${mb(TARGET.peakRssBytes)}`, pass: pass.screeningList },
        ],
      },
      {
        title: `Story grouping (${groupSmall.grouped} new items naming entities; best of 2 runs per size)`,
        rows: [
          { label: `${groupSmall.storedItems.toLocaleString('en-US')} stored: grouping per item`, value: `${fmt(groupSmall.groupingUsPerItem)} µs` },
          { label: `${groupLarge.storedItems.toLocaleString('en-US')} stored: grouping per item`, value: `${fmt(groupLarge.groupingUsPerItem)} µs` },
          { label: 'large / small', value: `${groupingRatio.toFixed(2)}×`, target: `≤ ${TARGET.groupingRatio}×`, pass: pass.grouping },
          { label: 'comparisons per item: small / large', value: `${groupSmall.comparisonsPerItem.toFixed(1)} / ${groupLarge.comparisonsPerItem.toFixed(1)}` },
          { label: 'stories in window after rebuild: small / large', value: `${groupSmall.windowStories} / ${groupLarge.windowStories}` },
          { label: 'index rebuild at start-up: small / large', value: `${fmt(groupSmall.rebuildMs)} / ${fmt(groupLarge.rebuildMs)} ms` },
          { label: 'whole cycle per new item: small / large', value: `${fmt(groupSmall.cycleUsPerItem)} / ${fmt(groupLarge.cycleUsPerItem)} µs` },
        ],
      },
      latency.section,
    ];
    // Other work on the machine inflates wall times; the load average says how much there was.
    const heading = `sanctions-watch benchmark (${args.quick ? 'quick' : 'full'} size, seed ${args.seed}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}${process.execArgv.length ? ` ${process.execArgv.join(' ')}` : ''}, ${fmt(totalMs / 1000)} s)`;
    process.stdout.write(formatReport(heading, sections) + '\n');
    if (args.keep) progress(`databases kept in ${dir}`);

    if (args.json) {
      const figures = {
        size: args.quick ? 'quick' : 'full',
        seed: args.seed,
        cpus: cpus().length,
        loadavg: loadavg(),
        node: process.version,
        /** Node flags the watcher ran with (npm run bench uses npm start's). */
        execArgv: process.execArgv,
        totalMs,
        gc: gc.available,
        corpus: stats,
        fresh: { ms: fresh.ms, cpuMs: fresh.cpuMs, items: freshItems, itemsPerSecond: freshPerSecond, alerts: fresh.report.alerts, delivered: fresh.report.dispatch.delivered, stories: storyCount },
        floor: { ...floor, ratio: floorRatio, cpuRatio: floorCpuRatio },
        unchanged: {
          notModified: { ...notModified, share: notModifiedShare, responses304: after304.notModified - before304.notModified },
          identicalBody: { ...identical, share: identicalShare },
          mixedMedianMs: median(mixedRuns),
        },
        lookups: { ...lookups, stored: storedForLookups, p99Ms: lookupP99 },
        memory: { watcherPeakRss: watcherPeak, wholeRunMaxRss: maxRssWhole, rssAfterFirst, rssAtHalf, rssAfterMany, growth: rssGrowth, growthSecondHalf: rssGrowthSecondHalf, heapAfterFirst, heapAfterMany, cycles: size.memoryCycles },
        screeningList: list,
        grouping: { small: groupSmall, large: groupLarge, runs: grouping, ratio: groupingRatio, fills: { small: smallFill, large: largeFill } },
        latency: latency.results,
        targets: { ...TARGET, latency: LATENCY_TARGET },
        pass,
      };
      process.stdout.write(JSON.stringify(figures) + '\n');
    }
  } finally {
    sampler.stop();
    for (const c of cleanups.reverse()) await c();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
