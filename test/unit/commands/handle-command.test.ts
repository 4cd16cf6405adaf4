import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../../src/catalog/catalog.ts';
import { createCommandHandler, suggestCompletions, tokenize } from '../../../src/commands/handle-command.ts';
import type { CommandInput, Reply } from '../../../src/model.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';

const base = loadCatalog();
let store: Store;
let catalog: Catalog;
let handle: ReturnType<typeof createCommandHandler>;
const channel = { platform: 'slack' as const, workspace: 'T1', id: 'C1' };
const text = (r: Reply) => [r.title, ...r.sections.flatMap((s) => [s.heading ?? '', ...s.lines])].join('\n');
const run = (t: string, extra: Partial<CommandInput> = {}) => handle({ platform: 'slack', channel, user: { id: 'U1', name: 'alice' }, text: t, ...extra });

beforeEach(() => {
  store = createSqliteStore(':memory:');
  catalog = base;
  handle = createCommandHandler({
    store,
    catalog: () => catalog,
    onCustomEntitiesChanged: () => {
      const custom = store.customEntities();
      catalog = custom.length ? base.withCustom(custom) : base;
    },
    now: () => 1_700_000_000_000,
    allowPrivateFeeds: false,
    lookup: async () => [{ address: '93.184.216.34', family: 4 }],
  });
});
afterEach(() => store.close());

describe('/sanctions grammar', () => {
  it('looks an entity up by name, alias or Chinese name: profile, official actions with dates and citations', async () => {
    for (const query of ['alipay', 'AliPay', '支付宝', 'lookup Alipay']) {
      const reply = await run(query);
      expect(reply.error, query).toBeFalsy();
      expect(reply.visibility).toBe('ephemeral');
      expect(text(reply)).toContain('Ant Group');
      expect(text(reply)).toMatch(/2021-01-05.*13971/);
    }
  });

  it('answers a typo with the near names instead of an error dump, and offers track', async () => {
    const reply = await run('tencnet');
    expect(reply.error).toBe(true);
    expect(text(reply)).toMatch(/Did you mean: Tencent \(tencent\)\?/);
    expect(text(reply)).toContain('/sanctions track tencnet');
  });

  it('suggests nothing for a name unlike any entity, only track', async () => {
    const reply = await run('douyin');
    expect(text(reply)).not.toMatch(/Did you mean|WeChat|DJI|QQ/);
    expect(text(reply)).toContain('/sanctions track douyin');
    expect(text(await run('watch add "kuai shou"'))).toContain('/sanctions track "kuai shou"');
  });

  it('adds a preset and names, removes, and lists; a change is announced in the channel with who did it', async () => {
    const added = await run('watch add eo-13971 wechat pay tiktok');
    expect(added.visibility).toBe('in_channel');
    expect(text(added)).toContain('alice added');
    const watches = store.getChannel(channel)?.watches ?? [];
    expect(watches).toEqual(expect.arrayContaining(['alipay', 'wps-office', 'wechat-pay', 'tiktok']));
    expect(watches).toHaveLength(9);
    const again = await run('watch add alipay');
    expect(again.visibility).toBe('ephemeral');
    expect(text(again)).toMatch(/No change/);
    await run('watch remove tiktok');
    expect(store.getChannel(channel)?.watches).not.toContain('tiktok');
    expect(text(await run('watch list'))).toMatch(/Watching 8/);
  });

  it('reports unknown names in watch add without losing the known ones', async () => {
    const reply = await run('watch add alipay notacompany');
    expect(store.getChannel(channel)?.watches).toEqual(['alipay']);
    expect(text(reply)).toContain('notacompany');
  });

  it('refuses watchlist and feed changes to a caller the adapter says may not manage, but still answers lookups', async () => {
    const refused = await run('watch add alipay', { canManage: false, manageRefusal: 'Only listed admins may change this.' });
    expect(refused.error).toBe(true);
    expect(text(refused)).toContain('Only listed admins');
    expect(store.getChannel(channel)).toBeUndefined();
    expect((await run('feeds add https://example.org/rss', { canManage: false })).error).toBe(true);
    expect((await run('alipay', { canManage: false })).error).toBeFalsy();
  });

  it('validates recent [n] and says what it got', async () => {
    expect(text(await run('recent ten'))).toContain('"ten"');
    expect((await run('recent 5')).error).toBeFalsy();
  });

  it('adds a public feed, refuses private and malformed ones with the reason', async () => {
    expect(text(await run('feeds add https://example.org/rss'))).toContain('Feed added');
    expect(store.listFeeds().map((f) => f.url)).toEqual(['https://example.org/rss']);
    const privateFeed = await run('feeds add http://127.0.0.1:8080/feed');
    expect(privateFeed.error).toBe(true);
    expect(text(privateFeed)).toMatch(/loopback|private|127\.0\.0\.1/i);
    expect((await run('feeds add ftp://example.org/feed')).error).toBe(true);
    expect((await run('feeds add https://example.org/other')).error).toBeFalsy();
    // Listed by title, or without a title by a short form of the URL (no scheme).
    expect(text(await run('feeds'))).toMatch(/\d\. example\.org\/other \(added here\): not polled yet/);
  });

  it('tracks a custom entity: it resolves, shows in watch list, and can be untracked', async () => {
    const tracked = await run('track "Acme Robotics" AcmeBot');
    expect(tracked.visibility).toBe('in_channel');
    expect(store.getChannel(channel)?.watches).toEqual(['custom-acme-robotics']);
    expect(text(await run('watch list'))).toMatch(/Acme Robotics \(custom-acme-robotics\): Acme Robotics, AcmeBot/);
    expect(catalog.matcher().match({ title: 'AcmeBot shipments halted by new rule', description: '' }).map((m) => m.entityId)).toEqual(['custom-acme-robotics']);
    expect((await run('track Alipay')).error).toBe(true); // already a catalog entity
    await run('untrack acme robotics');
    expect(store.getChannel(channel)?.watches).toEqual([]);
    expect(catalog.resolve('AcmeBot').kind).toBe('unknown');
  });

  it('sets the minimum severity and a mention role, refusing bad values', async () => {
    await run('settings severity high');
    expect(store.getChannel(channel)?.minSeverity).toBe('high');
    expect((await run('settings severity urgent')).error).toBe(true);
    // Adapters turn their mention syntax into @name and list what can be mentioned.
    const mentionables = [{ id: 'S0COMPLY', name: 'compliance' }];
    await run('settings mention @Compliance high', { mentionables });
    expect(store.getChannel(channel)?.mentionRoleId).toBe('S0COMPLY');
    expect(text(await run('settings'))).toContain('Mentions @compliance on high-severity alerts');
    const unknown = await run('settings mention @legal high', { mentionables });
    expect(unknown.error).toBe(true);
    expect(text(unknown)).toContain('No user group called "@legal" here');
    await run('settings mention off');
    expect(store.getChannel(channel)?.mentionRoleId).toBeUndefined();
  });

  it('shows help for an empty command and for help', async () => {
    for (const t of ['', 'help']) expect(text(await run(t))).toContain('/sanctions watch add');
  });
});

describe('tokenize and suggestCompletions', () => {
  it('keeps quoted phrases together', () => {
    expect(tokenize('track "Acme Robotics" acme “Big Co”')).toEqual(['track', 'Acme Robotics', 'acme', 'Big Co']);
  });

  it('lists why in help, the Slack manifest hint and the verb completions', async () => {
    expect(text(await run('help'))).toContain('/sanctions why <story id | link>');
    expect(readFileSync('adapters/slack/manifest.yml', 'utf8')).toMatch(/usage_hint: ".*\| why <story id\|link> \|/);
    expect(suggestCompletions(base, 'wh').map((c) => c.value)).toContain('why ');
  });

  it('refuses why for a story it does not hold, saying how to ask', async () => {
    const reply = await run('why st_0123456789abcdef');
    expect(reply.error).toBe(true);
    expect(text(reply)).toContain('Usage: /sanctions why <story id | link>');
    expect(text(await run('why st_1 extra'))).toContain('Too many arguments');
  });

  it('completes verbs first, then entity names and presets after them', () => {
    expect(suggestCompletions(base, 'wat').map((c) => c.value)).toContain('watch add ');
    const after = suggestCompletions(base, 'watch add ali').map((c) => c.value);
    expect(after).toEqual(expect.arrayContaining(['watch add alipay', 'watch add alibaba']));
    expect(after.every((v) => v.startsWith('watch add '))).toBe(true);
  });
});
