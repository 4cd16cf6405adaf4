// The CLI as a user runs it: a child process of the real executable, reading only its output.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createSqliteStore } from '../../src/store/test-helpers.ts';
import { startBotProcess } from '../fakes/bot-process.ts';
import type { ItemExplanation } from '../../src/explain/explain-item.ts';
import { buildAtom, buildRss } from '../fixtures/build-feed.ts';

const run = promisify(execFile);
const BIN = resolve('src/bin.js');
let dir: string;
// A clean environment: no credentials from the developer's shell can leak into these runs.
const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ENV_FILE: '', ...extra });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sanctions-watch scan', () => {
  it('prints one JSON object per item with the contract fields, and nothing else on stdout, for RSS and Atom files', async () => {
    const rss = join(dir, 'wire.xml');
    const atom = join(dir, 'brief.atom');
    writeFileSync(
      rss,
      buildRss('Wire', [
        { guid: 'w1', title: 'Commerce adds SMIC to the Entity List', link: 'https://w.example/1', description: 'The Commerce Department added Semiconductor Manufacturing International Corp to the Entity List.', date: '2020-12-18T20:00:00Z' },
        { guid: 'w2', title: 'Fire ants spread north', link: 'https://w.example/2', description: 'An ant colony was found in a garden.', date: '2020-12-18T21:00:00Z' },
      ]),
    );
    writeFileSync(atom, buildAtom('Brief', [{ guid: 'b1', title: 'Supreme Court upholds TikTok divest-or-ban law', link: 'https://b.example/1', description: 'The justices upheld the law requiring ByteDance to sell TikTok.', date: '2025-01-17T15:00:00Z' }]));
    const { stdout } = await run('node', [BIN, 'scan', rss, atom, '--json'], { env: env() });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    // The contract fields, plus the added categoryScores and language.
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['category', 'categoryScores', 'entities', 'guid', 'language', 'link', 'severity', 'story', 'summary', 'title']);
    expect(lines[0]?.categoryScores).toMatchObject({ 'export-control': expect.any(Number) });
    expect(lines[0]).toMatchObject({ guid: 'w1', entities: ['smic'], category: 'export-control', severity: 'high' });
    expect(lines[1]).toMatchObject({ guid: 'w2', entities: [] });
    expect(lines[2]).toMatchObject({ guid: 'b1', category: 'litigation' });
    expect(lines[2]?.entities).toEqual(expect.arrayContaining(['tiktok', 'bytedance']));
    expect(new Set(lines.map((l) => l.story)).size).toBe(3);
  });

  it('gives the White House text of an order, which names no watched company, the story of the news of its signing', async () => {
    const official = join(dir, 'actions.xml');
    const news = join(dir, 'news.xml');
    // The official text is scanned first, as a feed listed first would be.
    writeFileSync(
      official,
      buildRss('Presidential Actions', [
        {
          guid: 'wh1',
          title: 'Executive Order on Addressing the Threat from Securities Investments that Finance Communist Chinese Military Companies',
          link: 'https://www.whitehouse.gov/presidential-actions/2020/11/executive-order-on-addressing-the-threat-from-securities-investments/',
          description: 'By the authority vested in me as President, I find that the People’s Republic of China is increasingly exploiting United States capital to resource the development of its military. Executive Order of November 12, 2020.',
          date: '2020-11-12T23:00:00Z',
        },
      ]),
    );
    writeFileSync(
      news,
      buildRss('Ledger', [
        { guid: 'n1', title: 'Trump bars Americans from investing in firms tied to Chinese military', link: 'https://ledger.example/ccmc', description: 'President Trump signed an executive order on Thursday banning U.S. investments in companies the Pentagon says are owned or controlled by China’s military, among them Huawei.', date: '2020-11-13T11:20:00Z' },
        { guid: 'n2', title: 'Huawei unveils a new foldable phone', link: 'https://ledger.example/phone', description: 'Huawei showed its latest foldable handset on Friday.', date: '2020-11-13T12:00:00Z' },
      ]),
    );
    const { stdout } = await run('node', [BIN, 'scan', official, news, '--json'], { env: env() });
    const [order, signing, phone] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(order).toMatchObject({ guid: 'wh1', entities: [], category: 'executive-order' });
    expect(signing).toMatchObject({ guid: 'n1', entities: ['huawei'], story: order?.story });
    expect(phone?.story).not.toBe(order?.story);
  });

  it('files items in order of publication across feeds, so the order the feeds are given in changes no story', async () => {
    // Tried: a guide to an order, the Federal Register text of the order (naming no watched company,
    // its words far from the guide's, printed four days later) and news of the signing, given in
    // two orders: the text's feed first, then last. Must hold: both runs print one story for all
    // three, and explain says the text joined it (news of its act came before it in either run).
    const guide = join(dir, 'z-guide.xml');
    const text = join(dir, 'y-fr-text.xml');
    const news = join(dir, 'x-signing.xml');
    writeFileSync(guide, buildRss('Desk', [{ guid: 'g1', title: "A guide for Huawei bondholders to Trump's latest order", link: 'https://desk.example/guide', description: 'Holders of Huawei bonds have questions after the order signed on Thursday; here is what advisers tell them.', date: '2020-11-13T08:00:00Z' }]));
    writeFileSync(
      text,
      buildRss('Federal Register', [{ guid: 'fr1', title: 'Addressing the Threat from Securities Investments that Finance Communist Chinese Military Companies', link: 'https://www.federalregister.gov/documents/2020/11/17/2020-25459/addressing-the-threat', description: '', date: '2020-11-17T05:00:00Z' }]),
    );
    writeFileSync(
      news,
      buildRss('Ledger', [
        {
          guid: 'n1',
          title: 'Trump bars Americans from securities investments in Chinese military companies',
          link: 'https://ledger.example/ccmc',
          description: 'President Trump signed an executive order on Thursday banning U.S. investments in companies the Pentagon says are owned or controlled by China’s military, among them Huawei; holders of Huawei bonds must sell within a year.',
          date: '2020-11-13T11:20:00Z',
        },
      ]),
    );
    for (const order of [
      [text, guide, news],
      [guide, news, text],
    ]) {
      const { stdout } = await run('node', [BIN, 'scan', ...order, '--json'], { env: env() });
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l.guid).sort()).toEqual(['fr1', 'g1', 'n1']);
      expect(new Set(lines.map((l) => l.story)).size).toBe(1);
      const why = JSON.parse((await run('node', [BIN, 'explain', ...order, '--item', 'fr1', '--json'], { env: env() })).stdout) as ItemExplanation;
      expect(why.story.decision).toBe('joined');
    }
  });

  it('prints a Google News item with its headline without " - Outlet", and the outlet as its own field', async () => {
    const feed = resolve('test/fixtures/feeds/google-news-search.xml');
    const { stdout } = await run('node', [BIN, 'scan', feed, '--json'], { env: env() });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.title, l.outlet])).toEqual([
      ['Trump order targets Alipay, WeChat Pay and six other Chinese apps', 'Harbor Ledger'],
      ['Ant Group shares slide in grey market after app order', 'Tencent Watch Weekly'],
      ['美国总统签署行政令 禁止与支付宝等八款应用交易', '环球财讯'],
    ]);
    expect(lines[0]).toMatchObject({ entities: ['alipay', 'wechat-pay'], summary: 'Trump order targets Alipay, WeChat Pay and six other Chinese apps' });
  });

  it('reports a broken feed on stderr with a non-zero exit, after printing the good ones', async () => {
    const good = join(dir, 'good.xml');
    writeFileSync(good, buildRss('Wire', [{ guid: 'g1', title: 'Huawei added to the Entity List', description: 'Huawei Technologies was added.' }]));
    const missing = join(dir, 'missing.xml');
    const error = await run('node', [BIN, 'scan', good, missing, '--json'], { env: env() }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stdout: string }).stdout.trim().split('\n')).toHaveLength(1);
    expect((error as { stderr: string }).stderr).toContain('missing.xml');
  });
});

describe('sanctions-watch explain', () => {
  it('says which words matched, why the category, and which story an item joined or why it started one', async () => {
    const feed = join(dir, 'explain.xml');
    writeFileSync(
      feed,
      buildRss('Wire', [
        { guid: 'e1', title: 'Commerce adds SMIC to the Entity List', description: 'The Commerce Department added Semiconductor Manufacturing International Corp to the Entity List.', date: '2020-12-18T20:00:00Z' },
        { guid: 'e2', title: 'US blacklists SMIC, adding chipmaker to Entity List', description: 'Commerce put SMIC on the Entity List, restricting exports to the chipmaker.', date: '2020-12-18T22:00:00Z' },
        { guid: 'e3', title: 'SMIC shares rise on strong quarterly revenue', description: 'SMIC reported record quarterly revenue.', date: '2020-11-12T08:00:00Z' },
      ]),
    );
    const explain = async (guid: string) => JSON.parse((await run('node', [BIN, 'explain', feed, '--item', guid, '--json'], { env: env() })).stdout) as ItemExplanation;
    const joined = await explain('e2');
    expect(joined.entities).toEqual([expect.objectContaining({ id: 'smic', matched: 'SMIC', field: 'title' })]);
    expect(joined.category.category).toBe('export-control');
    expect(joined.category.scores['export-control']).toBeGreaterThan(0);
    expect(joined.story.decision).toBe('joined');
    expect(joined.story.candidates[0]).toMatchObject({ accepted: true, storyId: joined.story.id });
    const started = await explain('e1');
    expect(started.story).toMatchObject({ decision: 'started', deciding: expect.stringContaining('story') });
    expect(started.story.id).toBe(joined.story.id);

    const text = (await run('node', [BIN, 'explain', feed, '--item', 'e2'], { env: env() })).stdout;
    expect(text).toContain('SMIC (smic): "SMIC" in the title');
    expect(text).toContain(`Story: joined ${joined.story.id}`);

    const missing = await run('node', [BIN, 'explain', feed, '--item', 'nope'], { env: env() }).catch((e: { code: number; stderr: string }) => e);
    expect((missing as { code: number }).code).toBe(2);
    expect((missing as { stderr: string }).stderr).toContain('no item with guid or link "nope"');
  });
});

describe('the built bundle (what the executable and npm start run)', () => {
  it('builds, and scans feeds exactly as the TypeScript sources do through the loader', async () => {
    // Inside the project, where the bundle's imports of node_modules resolve.
    const out = resolve('dist', `test-${process.pid}`);
    await run('node', [resolve('scripts/build.js'), 'app', out], { env: env() });
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const feed = join(dir, 'bundle.xml');
    writeFileSync(
      feed,
      buildRss('Wire', [
        { guid: 'u1', title: 'Commerce adds SMIC to the Entity List', description: 'The Commerce Department added SMIC to the Entity List on Friday.', date: '2020-12-18T20:00:00Z' },
        { guid: 'u2', title: 'Judge blocks WeChat ban', description: 'A federal judge blocked the Commerce Department from banning WeChat downloads.', date: '2020-09-20T05:00:00Z' },
      ]),
    );
    const built = await run('node', [join(out, 'cli.js'), 'scan', feed, '--json'], { env: env() });
    const source = await run('node', ['--import', 'tsx', resolve('src/cli.ts'), 'scan', feed, '--json'], { env: env() });
    expect(built.stdout.trim().split('\n')).toHaveLength(2);
    expect(built.stdout).toBe(source.stdout);
  });

  it('refuses to build into a directory outside dist/, and leaves it alone', async () => {
    const precious = join(dir, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'keep.txt'), 'mine');
    const error = await run('node', [resolve('scripts/build.js'), 'app', precious], { env: env() }).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(2);
    expect((error as { stderr: string }).stderr).toContain('must be a directory under dist/');
    expect(readFileSync(join(precious, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('sanctions-watch lookup', () => {
  it('names EO 13971 with its date for Alipay, as text and as JSON', async () => {
    const db = join(dir, 'lookup.db');
    const text = await run('node', [BIN, 'lookup', 'alipay'], { env: env({ DATABASE_PATH: db }) });
    expect(text.stdout).toContain('13971');
    expect(text.stdout).toContain('2021-01-05');
    const json = await run('node', [BIN, 'lookup', 'Alipay', '--json'], { env: env({ DATABASE_PATH: db }) });
    const parsed = JSON.parse(json.stdout) as { id: string; timeline: Array<{ date: string; action: string; citation?: string }> };
    expect(parsed.id).toBe('alipay');
    expect(parsed.timeline.some((t) => t.date === '2021-01-05' && `${t.action} ${t.citation}`.includes('13971'))).toBe(true);
  });

  it('shows the official actions the watcher learned, as unreviewed lines and as JSON', async () => {
    const db = join(dir, 'learned.db');
    const store = createSqliteStore(db);
    store.official.recordAction({
      entityId: 'smic',
      itemKey: 'guid:csl:list-addition:x',
      feedUrl: 'https://api.trade.gov/static/consolidated_screening_list/consolidated.json',
      date: '2026-12-02',
      action: 'Added to the Entity List (BIS) — SMIC — 91 FR 71234, effective 2026-12-02',
      citation: '91 FR 71234',
      source: 'Consolidated Screening List',
      removal: false,
      createdAt: 0,
    });
    store.close();
    const text = await run('node', [BIN, 'lookup', 'smic'], { env: env({ DATABASE_PATH: db }) });
    expect(text.stdout).toContain('2026-12-02: Added to the Entity List (BIS) — SMIC — 91 FR 71234, effective 2026-12-02 (91 FR 71234) — from Consolidated Screening List, unreviewed');
    const json = JSON.parse((await run('node', [BIN, 'lookup', 'smic', '--json'], { env: env({ DATABASE_PATH: db }) })).stdout) as { learnedActions: Array<{ citation: string }> };
    expect(json.learnedActions.map((a) => a.citation)).toEqual(['91 FR 71234']);
  });

  it('answers a typo with the nearest names and a non-zero exit', async () => {
    const error = (await run('node', [BIN, 'lookup', 'alipy'], { env: env({ DATABASE_PATH: join(dir, 'lookup.db') }) }).catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(error.code).toBe(1);
    expect(error.stdout).toContain('Alipay');
  });
});

describe('sanctions-watch demo and start', () => {
  it('demo prints alerts naming Alipay and a lookup, offline, and exits 0', async () => {
    const { stdout } = await run('node', [BIN, 'demo'], { env: env() });
    expect(stdout).toMatch(/HIGH/);
    expect(stdout).toContain('Alipay');
    expect(stdout).toContain('# Alipay (alipay)');
  });

  it('start without credentials runs on the console adapter, creates the SQLite file, and stops cleanly on SIGTERM', async () => {
    mkdirSync(join(dir, 'start'));
    const db = join(dir, 'start', 'bot.db');
    const feed = join(dir, 'start-feed.xml');
    writeFileSync(feed, buildRss('Wire', [{ guid: 's1', title: 'Quiet day', description: 'Nothing happened.' }]));
    const bot = await startBotProcess({ DATABASE_PATH: db, FEED_URLS: feed, HOME: process.env.HOME ?? '' });
    await bot.logged(/ cycle: /);
    expect(bot.log()).toMatch(/console adapter/);
    expect(existsSync(db)).toBe(true);
    const code = await bot.stop();
    expect(code).toBe(0);
  }, 30_000);

  it('start with a bad variable exits 1 naming it, without a stack trace', async () => {
    const error = (await run('node', [BIN, 'start'], { env: env({ POLL_SCHEDULE: 'often', DATABASE_PATH: join(dir, 'bad.db') }) }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('POLL_SCHEDULE');
    expect(error.stderr).toContain('"often"');
    expect(error.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
