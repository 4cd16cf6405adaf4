// One alert per development: rewrites from several outlets become one alert plus rate-limited
// follow-ups; different developments stay apart; a restart in between changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeChatAdapter, type FakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss, type BuildItem } from '../fixtures/build-feed.ts';

const OUTLETS = ['/ledger.xml', '/harbor.xml', '/capitol.xml'];
const FILLER: BuildItem = { guid: 'filler', title: 'Shipping rates ease', description: 'Freight costs fell.', date: '2020-09-17T00:00:00Z' };

// Three outlets telling the same development their own way.
const REWRITES: BuildItem[] = [
  {
    guid: 'ledger-wechat-order',
    title: 'Commerce bars WeChat from US app stores starting Sunday',
    link: 'https://ledger.example/wechat-order',
    description: 'The Commerce Department said it will prohibit app stores from distributing WeChat and bar transfers through the app from Sept. 20, carrying out the August executive order on Tencent’s messaging service.',
    date: '2020-09-18T13:00:00Z',
  },
  {
    guid: 'harbor-wechat-order',
    title: 'US to ban WeChat downloads and payments from Sept. 20, Commerce says',
    link: 'https://harbor.example/wechat-order',
    description: 'Downloads of Tencent’s WeChat from US app stores and money transfers through the app will be prohibited from Sunday, Sept. 20, under rules the Commerce Department issued to implement the executive order.',
    date: '2020-09-18T14:30:00Z',
  },
  {
    guid: 'capitol-wechat-order',
    title: 'WeChat app store ban set for Sunday under Commerce rules',
    link: 'https://capitol.example/wechat-order',
    description: 'Under the rules Commerce published Friday, app stores may no longer offer WeChat from Sept. 20 and transactions through the app are barred, the department said in implementing the order targeting Tencent.',
    date: '2020-09-18T16:00:00Z',
  },
];
const INJUNCTION: BuildItem = {
  guid: 'ledger-wechat-injunction',
  title: 'Judge blocks Commerce ban on WeChat, granting users an injunction',
  link: 'https://ledger.example/wechat-injunction',
  description: 'A federal magistrate judge in San Francisco granted a preliminary injunction to WeChat users, halting the Commerce Department rules hours before they took effect on First Amendment grounds.',
  date: '2020-09-20T05:00:00Z',
};

let dir: string;
let feeds: FakeFeedServer;
let clock: number;
const apps: App[] = [];

function boot(adapter: FakeChatAdapter) {
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'stories.db'),
    FEED_URLS: OUTLETS.map((p) => feeds.url(p)).join(','),
    ALLOW_PRIVATE_FEEDS: 'true',
    LOG_LEVEL: 'silent',
    FOLLOW_UP_MINUTES: '30',
  });
  const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => clock });
  apps.push(app);
  return app;
}

/** Serves each outlet's items (filler keeps every feed valid and non-empty). */
function publish(perOutlet: BuildItem[][]) {
  OUTLETS.forEach((path, i) => feeds.setRoute(path, { body: buildRss(`Outlet ${i + 1}`, [...(perOutlet[i] ?? []), FILLER]) }));
}

async function firstPoll(app: App) {
  const channel = app.store.ensureChannel({ platform: 'console', id: 'desk' }, clock);
  app.store.addWatches(channel.key, ['wechat', 'tencent']);
  publish([]);
  await app.runCycle();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-stories-'));
  feeds = await createFakeFeedServer();
  clock = Date.parse('2020-09-18T17:00:00Z');
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('story alerts', () => {
  it('turns three rewrites into one alert, then one follow-up listing the other sources after the interval', async () => {
    const adapter = createFakeChatAdapter();
    const app = boot(adapter);
    await firstPoll(app);
    publish(REWRITES.map((r) => [r]));
    await app.runCycle();
    expect(adapter.sent.map((s) => s.alert.kind)).toEqual(['new']);

    clock += 10 * 60_000; // within the follow-up interval: nothing more is posted
    await app.runCycle();
    expect(adapter.sent).toHaveLength(1);

    clock += 21 * 60_000;
    await app.runCycle();
    expect(adapter.sent.map((s) => s.alert.kind)).toEqual(['new', 'follow-up']);
    const followUp = adapter.sent[1]?.alert;
    expect(followUp?.replyTo).toBe(adapter.sent[0]?.result.kind === 'delivered' ? adapter.sent[0].result.messageRef : undefined);
    expect(followUp?.extraSources).toHaveLength(2);
    expect(new Set(followUp?.extraSources?.map((s) => s.source)).size).toBe(2);

    const recent = await app.handleCommand({ platform: 'console', channel: { platform: 'console', id: 'desk' }, user: { id: 'u' }, text: 'recent' });
    expect(recent.sections[0]?.lines).toEqual([expect.stringContaining('3 sources')]);
  });

  it('keeps an order and the court blocking it apart, even about the same app within days', async () => {
    const adapter = createFakeChatAdapter();
    const app = boot(adapter);
    await firstPoll(app);
    publish([[REWRITES[0] as BuildItem, INJUNCTION]]);
    await app.runCycle();
    expect(adapter.sent.map((s) => [s.alert.kind, s.alert.category])).toEqual(
      expect.arrayContaining([
        ['new', 'litigation'],
        ['new', expect.not.stringMatching(/^litigation$/)],
      ]),
    );
    expect(new Set(adapter.sent.map((s) => s.alert.storyId)).size).toBe(2);
  });

  it('groups a rewrite that arrives after a restart with the story alerted before it', async () => {
    const first = createFakeChatAdapter();
    const app1 = boot(first);
    await firstPoll(app1);
    publish([[REWRITES[0] as BuildItem]]);
    await app1.runCycle();
    expect(first.sent).toHaveLength(1);
    apps.splice(apps.indexOf(app1), 1);
    await app1.stop();

    const second = createFakeChatAdapter();
    const app2 = boot(second);
    clock += 40 * 60_000;
    publish([[REWRITES[0] as BuildItem], [REWRITES[1] as BuildItem]]);
    await app2.runCycle();
    expect(second.sent.map((s) => s.alert.kind)).toEqual(['follow-up']);
    expect(second.sent[0]?.alert.storyId).toBe(first.sent[0]?.alert.storyId);
  });

  it('answers /sanctions why with the matched words, the category and the story decision of its reports', async () => {
    const adapter = createFakeChatAdapter();
    const app = boot(adapter);
    await firstPoll(app);
    publish([[REWRITES[0] as BuildItem, INJUNCTION], [REWRITES[1] as BuildItem]]);
    await app.runCycle();
    const ask = (text: string) => app.handleCommand({ platform: 'console', channel: { platform: 'console', id: 'desk' }, user: { id: 'u' }, text });
    const banStory = adapter.sent.find((s) => s.alert.category !== 'litigation')!.alert.storyId;

    const byId = await ask(`why ${banStory}`);
    expect(byId.error).toBeFalsy();
    const lines = byId.sections.flatMap((s) => [s.heading ?? '', ...s.lines]).join('\n');
    expect(lines).toContain('WeChat (wechat): "WeChat" in the title');
    expect(lines).toContain(`Story: started ${banStory}`);
    expect(lines).toContain(`Story: joined ${banStory}`);
    expect(lines).toMatch(/similarity [\d.]+ reached the bar/);

    // Asked by the injunction's link: it started its own story, and says which rule kept it apart.
    const byLink = await ask(`why <${INJUNCTION.link}>`);
    const injunction = byLink.sections.flatMap((s) => [s.heading ?? '', ...s.lines]).join('\n');
    expect(injunction).toContain('Category: litigation');
    expect(injunction).toMatch(/Story: started st_/);
    expect(injunction).toContain(`rejected ${banStory}`);
    expect(injunction).toContain('never joins');

    expect((await ask('why st_0000000000000000')).error).toBe(true);
    expect((await ask('why')).sections[0]?.lines[0]).toContain('Usage: /sanctions why');
  });

  it('an official text that came first holds the story of its act across a restart, and the story lists it', async () => {
    // Tried: the Federal Register's text of an order (it names no watched company) is polled, the bot
    // restarts, then news of the signing arrives. Must hold: one story, holding both reports.
    clock = Date.parse('2020-11-17T09:00:00Z');
    const TEXT: BuildItem = {
      guid: 'fr-2020-25459',
      title: 'Addressing the Threat From Securities Investments That Finance Communist Chinese Military Companies',
      link: 'https://www.federalregister.gov/documents/2020/11/17/2020-25459/addressing-the-threat-from-securities-investments',
      description: 'Executive Order of November 12, 2020. Presidential document.',
      date: '2020-11-16T13:45:00Z',
    };
    const NEWS: BuildItem = {
      guid: 'ledger-ccmc',
      title: 'Trump bars Americans from investing in firms tied to Chinese military',
      link: 'https://ledger.example/ccmc',
      description: 'President Trump signed an executive order on Thursday banning U.S. investments in companies the Pentagon says are owned or controlled by China’s military, among them Huawei.',
      date: '2020-11-13T11:20:00Z',
    };
    const first = boot(createFakeChatAdapter());
    const channel = first.store.ensureChannel({ platform: 'console', id: 'desk' }, clock);
    first.store.addWatches(channel.key, ['huawei']);
    publish([]);
    await first.runCycle();
    publish([[TEXT]]);
    await first.runCycle();
    await first.stop();
    apps.splice(apps.indexOf(first), 1);

    clock += 3_600_000;
    const second = boot(createFakeChatAdapter());
    publish([[TEXT], [NEWS]]);
    await second.runCycle();
    const [news] = second.store.itemsOfStory(second.store.recentStories(1)[0]!.id).filter((i) => i.guid === NEWS.guid);
    expect(news).toBeDefined();
    const story = second.store.itemsOfStory(news!.storyId!);
    expect(story.map((i) => i.guid).sort()).toEqual([NEWS.guid, TEXT.guid].sort());
  });

  it('files an official text that waited alone under the story of the news of its act, without a second alert', async () => {
    // Tried: a guide for bondholders starts the story of an order; the Federal Register's text of
    // the order (it names no watched company, and its words do not meet the guide's) arrives and
    // waits alone; then news of the signing arrives, joins the guide and would have joined the text
    // too. Must hold: one story holding all three, in the store and after a restart; one alert.
    clock = Date.parse('2020-11-14T06:00:00Z');
    const GUIDE: BuildItem = {
      guid: 'desk-guide',
      title: "A guide for Huawei bondholders to Trump's latest order",
      link: 'https://desk.example/guide',
      description: 'Holders of Huawei bonds have questions after the order signed on Thursday; here is what advisers tell them.',
      date: '2020-11-13T08:00:00Z',
    };
    const TEXT: BuildItem = {
      guid: 'fr-2020-25459',
      title: 'Addressing the Threat from Securities Investments that Finance Communist Chinese Military Companies',
      link: 'https://www.federalregister.gov/documents/2020/11/14/2020-25459/addressing-the-threat-from-securities-investments',
      description: '',
      date: '2020-11-14T05:00:00Z',
    };
    const NEWS: BuildItem = {
      guid: 'ledger-ccmc',
      title: 'Trump bars Americans from securities investments in Chinese military companies',
      link: 'https://ledger.example/ccmc',
      description: 'President Trump signed an executive order on Thursday banning U.S. investments in companies the Pentagon says are owned or controlled by China’s military, among them Huawei; holders of Huawei bonds must sell within a year.',
      date: '2020-11-13T11:20:00Z',
    };
    const adapter = createFakeChatAdapter();
    const app = boot(adapter);
    const channel = app.store.ensureChannel({ platform: 'console', id: 'desk' }, clock);
    app.store.addWatches(channel.key, ['huawei']);
    publish([]);
    await app.runCycle();
    publish([[GUIDE], [TEXT]]);
    await app.runCycle();
    const storyOf = (store: App['store'], guid: string | undefined) => store.storyItemsSince(0).find((i) => i.guid === guid)?.storyId;
    // Before the news, the text is a story of its own.
    expect(storyOf(app.store, TEXT.guid)).not.toBe(storyOf(app.store, GUIDE.guid));
    clock += 600_000;
    publish([[GUIDE], [TEXT], [NEWS]]);
    await app.runCycle();
    const story = storyOf(app.store, GUIDE.guid);
    expect(app.store.itemsOfStory(story!).map((i) => i.guid).sort()).toEqual([GUIDE.guid, NEWS.guid, TEXT.guid].sort());
    expect(adapter.sent.filter((s) => s.alert.kind === 'new')).toHaveLength(1);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);

    // After a restart the rebuilt index holds the text in that story: a rewrite of the text joins it.
    const again = boot(createFakeChatAdapter());
    clock += 600_000;
    const REPRINT: BuildItem = { ...TEXT, guid: 'fr-2020-25459-html', link: `${TEXT.link}?format=html` };
    publish([[GUIDE], [TEXT, REPRINT], [NEWS]]);
    await again.runCycle();
    expect(storyOf(again.store, REPRINT.guid)).toBe(story);
  });
});
