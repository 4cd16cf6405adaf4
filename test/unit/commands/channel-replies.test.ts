// Reply texts a person reads at a glance: counted nouns, settings, backfill.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';
import { createCommandHandler } from '../../../src/commands/handle-command.ts';
import type { CommandInput, Reply } from '../../../src/model.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';

const catalog = loadCatalog();
const NOW = Date.parse('2026-03-27T10:00:00Z');
let store: Store;
let handle: ReturnType<typeof createCommandHandler>;
let digestChanges = 0;
const channel = { platform: 'discord' as const, workspace: 'G1', id: 'C1' };
const text = (r: Reply) => [r.title, ...r.sections.flatMap((s) => [s.heading ?? '', ...s.lines])].join('\n');
const run = (t: string, extra: Partial<CommandInput> = {}) => handle({ platform: 'discord', channel, user: { id: 'U1', name: 'ana' }, text: t, ...extra });

beforeEach(() => {
  store = createSqliteStore(':memory:');
  digestChanges = 0;
  handle = createCommandHandler({ store, catalog: () => catalog, onCustomEntitiesChanged: () => undefined, onDigestChanged: () => digestChanges++, now: () => NOW, allowPrivateFeeds: false });
});
afterEach(() => store.close());

describe('reply texts', () => {
  it('counts in the right number: 1 feed, 1 item, 1 development, 1 entity', async () => {
    store.ensureFeed('https://x.example/rss', {}, NOW);
    store.createStory({ id: 'st_1', title: 'TikTok ban upheld', summary: 's', category: 'ban', severity: 'high', entityIds: ['tiktok'] }, NOW);
    store.insertItem({ feedUrl: 'https://x.example/rss', key: 'k', contentHash: 'h', title: 'TikTok ban upheld', summary: 's', category: 'ban', severity: 'high', official: false, citations: [], storyId: 'st_1' }, [], NOW);
    const feeds = text(await run('feeds'));
    expect(feeds).toContain('1 feed\n');
    expect(feeds).toMatch(/; 1 item$/m);
    expect(text(await run('recent'))).toMatch(/^Latest 1 development\n/);
    expect(text(await run('watch add tiktok'))).toContain('This channel now watches 1 entity.');
    expect(text(await run('watch add eo-13942-13943'))).not.toMatch(/\b1 [a-z]+s\b/);
  });

  it('watch add tells what is known: status line per entity and the latest stories, newest first', async () => {
    for (let i = 1; i <= 7; i++) {
      store.createStory({ id: `st_${i}`, title: `TikTok story ${i}`, summary: 's', category: 'litigation', severity: 'medium', entityIds: ['tiktok'] }, NOW - (7 - i) * 86_400_000);
    }
    const reply = await run('watch add tiktok');
    const section = reply.sections.find((s) => s.heading === 'Latest 5 stories');
    expect(section?.lines.map((l) => /TikTok story (\d)/.exec(l)?.[1])).toEqual(['7', '6', '5', '4', '3']);
    expect(section?.lines[0]).toBe('2026-03-27 · MEDIUM · Court action: TikTok story 7 (1 source)');
    expect(reply.sections.find((s) => s.heading === 'Current status')?.lines[0]).toMatch(/^TikTok \(as of \d{4}-\d\d-\d\d\): EO 14352 /);
    // The stories shown count as told: a later rewrite is a follow-up, not a fresh alert.
    expect(store.storyDelivery(store.getChannel(channel)!.key, 'st_7')).toMatchObject({ alertId: 'backfill:st_7' });
    expect(store.storyDelivery(store.getChannel(channel)!.key, 'st_2')).toBeUndefined();
  });

  it('watch add on an entity with no stories says so', async () => {
    const reply = await run('watch add alipay');
    expect(text(reply)).toContain('None stored yet: new developments will be posted here as they are found.');
  });

  it('settings alone shows the settings to anyone; changing them needs the right to manage', async () => {
    const shown = await run('settings', { canManage: false });
    expect(shown.error).toBeFalsy();
    expect(text(shown)).toContain('Minimum severity: low (every alert)');
    expect(text(shown)).toContain('Mentions: nobody');
    expect(text(shown)).toContain('Digest: off (every alert goes out at once)');
    expect((await run('settings severity high', { canManage: false })).error).toBe(true);
  });

  it('a role is named with or without @, in any case, or by id; unknown ones list the roles', async () => {
    const mentionables = [{ id: '777', name: 'Compliance' }, { id: '778', name: 'Legal' }];
    for (const target of ['@compliance', 'Compliance', '777']) {
      const r = await run(`settings mention ${target} high`, { mentionables });
      expect(r.error, target).toBeFalsy();
      expect(store.getChannel(channel)?.mentionRoleId).toBe('777');
    }
    const unknown = await run('settings mention @risk', { mentionables });
    expect(text(unknown)).toContain('No role called "@risk" here.');
    expect(text(unknown)).toContain('Roles here: @Compliance, @Legal');
    expect(text(await run('settings mention @legal urgent', { mentionables }))).toContain('Got "settings mention @legal urgent".');
  });

  it('digest settings: schedule, threshold, off; each answers in words and reschedules', async () => {
    const on = await run('settings digest weekly mon 09:00 Europe/Berlin');
    expect(text(on)).toContain('Digest weekly on Monday at 09:00 (Europe/Berlin); the first one 2026-03-30 09:00.');
    expect(digestChanges).toBe(1);
    expect(text(await run('settings digest severity none'))).toContain('every alert waits for the digest, high-severity ones too');
    expect(text(await run('settings digest severity urgent'))).toContain('got "urgent"');
    expect(text(await run('settings digest daily 25:00'))).toContain('Expected a time such as 09:00');
    expect(text(await run('settings'))).toContain('Digest: weekly on Monday at 09:00 (Europe/Berlin); next 2026-03-30 09:00');
    expect(text(await run('settings digest off'))).toContain('Digest off: every alert goes out at once.');
    expect(digestChanges).toBe(2);
    expect(store.getChannel(channel)?.digestSchedule).toBeUndefined();
  });
});
