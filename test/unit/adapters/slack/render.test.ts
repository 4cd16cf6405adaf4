import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderAlert, renderReply, safeLinkUrl, SLACK_LIMITS } from '../../../../adapters/slack/render.ts';
import type { Alert, Reply } from '../../../../src/model.ts';

function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    kind: 'new',
    storyId: 's1',
    title: 'Commerce identifies prohibited transactions with Alipay and WeChat Pay',
    link: 'https://www.federalregister.gov/d/2021-00305',
    source: 'Federal Register',
    publishedAt: '2021-01-08T00:00:00Z',
    summary: 'The order bars US transactions with eight Chinese payment and messaging apps, beginning 45 days after signing.',
    entities: [
      { id: 'alipay', name: 'Alipay' },
      { id: 'wechat-pay', name: 'WeChat Pay' },
    ],
    category: 'executive-order',
    severity: 'high',
    matches: [
      { entityId: 'wechat-pay', matched: 'WeChat Pay', field: 'title', weak: false },
      { entityId: 'alipay', matched: 'Alipay', field: 'description', weak: false },
    ],
    citation: 'EO 13971',
    official: true,
    previousAttempts: 0,
    ...overrides,
  };
}

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  verbatim?: boolean;
}

/** Every text object anywhere in the blocks. */
function textObjects(value: unknown, out: TextObject[] = []): TextObject[] {
  if (Array.isArray(value)) value.forEach((v) => textObjects(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o as unknown as TextObject);
    Object.values(o).forEach((v) => textObjects(v, out));
  }
  return out;
}

function expectWithinLimits(rendered: { text: string; blocks: unknown[] }) {
  expect(rendered.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(rendered.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of rendered.blocks as Array<Record<string, unknown>>) {
    const text = block.text as TextObject | undefined;
    if (block.type === 'header') expect(text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      expect(text!.text.length).toBeGreaterThan(0);
      expect(text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  }
  for (const t of textObjects(rendered.blocks)) expect(t.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
}

const HOSTILE = 'Ping <!channel> <!here> <@U123> <#C1> <!subteam^S1> <http://evil.example|click me> *bold* _it_ ~gone~ `code` @here @Channel @everyone AT&T';

describe('renderAlert', () => {
  it('heads a new alert with severity and category, links the title and says why it matched', () => {
    const { blocks, text } = renderAlert(buildAlert());
    const header = blocks[0] as { type: string; text: TextObject };
    expect(header.type).toBe('header');
    expect(header.text.text).toBe('🔴 HIGH · Executive order');
    const all = textObjects(blocks).map((t) => t.text).join('\n');
    expect(all).toContain('*<https://www.federalregister.gov/d/2021-00305|Commerce identifies prohibited transactions with Alipay and WeChat Pay>*');
    expect(all).toContain('Matched "WeChat Pay" in title, "Alipay" in description');
    expect(all).toContain('Citation: EO 13971 (official document)');
    expect(all).toContain('Federal Register · 2021-01-08');
    expect(all).toContain('*Alipay*, *WeChat Pay*');
    expect(all).toContain('beginning 45 days after signing');
    expect(text).toContain('🔴 HIGH · Executive order: Commerce identifies');
  });

  it('escapes hostile feed text everywhere so no mention, link or formatting survives', () => {
    const rendered = renderAlert(
      buildAlert({
        title: HOSTILE,
        summary: HOSTILE,
        source: HOSTILE,
        citation: HOSTILE,
        entities: [{ id: 'x', name: HOSTILE }],
        matches: [{ entityId: 'x', matched: HOSTILE, field: 'title', weak: true }],
      }),
    );
    const everything = JSON.stringify(rendered);
    for (const forbidden of ['<!', '<@', '<#', '<http://evil', '*bold*', '_it_', '~gone~', '`code`']) {
      expect(everything).not.toContain(forbidden);
    }
    expect(everything).not.toMatch(/@(here|channel|everyone)\b/i);
    expect(everything).toContain('&lt;!channel&gt;');
    expect(everything).toContain('AT&amp;T');
    expect(everything).toContain('∗bold∗');
    for (const t of textObjects(rendered.blocks)) {
      if (t.type === 'mrkdwn') expect(t.verbatim).toBe(true);
    }
  });

  it('links only http(s) URLs and keeps a URL from breaking out of its <url|label>', () => {
    const evil = renderAlert(buildAlert({ link: 'https://example.com/a|b>c <d>?q=1&r=2', title: 'T' }));
    const titleText = textObjects(evil.blocks).find((t) => t.text.includes('|T>'))!.text;
    expect(titleText).toBe('*<https://example.com/a%7Cb%3Ec%20%3Cd%3E?q=1&amp;r=2|T>*');
    const js = renderAlert(buildAlert({ link: 'javascript:alert(1)', title: 'Plain title' }));
    const all = textObjects(js.blocks).map((t) => t.text).join('\n');
    expect(all).toContain('*Plain title*');
    expect(all).not.toContain('javascript');
  });

  it('stays within Block Kit limits with a huge title, a huge summary and 400 entities', () => {
    const entities = Array.from({ length: 400 }, (_, i) => ({ id: `e${i}`, name: `Entity number ${i} & Co <Ltd>` }));
    const rendered = renderAlert(
      buildAlert({
        title: 'T&'.repeat(10_000),
        summary: 'S<'.repeat(20_000),
        entities,
        matches: entities.map((e) => ({ entityId: e.id, matched: e.name, field: 'title' as const, weak: false })),
      }),
    );
    expectWithinLimits(rendered);
    const all = textObjects(rendered.blocks).map((t) => t.text).join('\n');
    expect(all).toMatch(/Entities: .*…and \d+ more/);
    // Truncation never leaves half an entity like "&am".
    for (const t of textObjects(rendered.blocks)) expect(t.text).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…/);
  });

  it('marks an escalation as escalated in the header and says the severity rose', () => {
    const { blocks } = renderAlert(buildAlert({ kind: 'escalation', severity: 'medium', category: 'litigation' }));
    expect((blocks[0] as { text: TextObject }).text.text).toBe('🟠 MEDIUM · Court action · escalated');
    expect(textObjects(blocks).map((t) => t.text).join('\n')).toContain('Escalated: this story is now rated *MEDIUM*');
  });

  it('names the outlet of an aggregated item, with the feed it came through', () => {
    const all = JSON.stringify(renderAlert(buildAlert({ source: 'Google News: EO 13971 apps', outlet: 'Harbor_Ledger' })).blocks);
    expect(all).toContain('Harbor\u02cdLedger (via Google News: EO 13971 apps)');
    const followUp = JSON.stringify(renderAlert(buildAlert({ kind: 'follow-up', extraSources: [{ title: 'Order hits apps', source: 'Google News', outlet: 'Meridian Post' }] })).blocks);
    expect(followUp).toContain('Meridian Post (via Google News)');
  });

  it('renders a follow-up as a compact list of the extra sources', () => {
    const { blocks, text } = renderAlert(
      buildAlert({
        kind: 'follow-up',
        replyTo: '1700000001.000001',
        extraSources: [
          { title: 'Reuters: US bans Alipay', link: 'https://reuters.example/a', source: 'Reuters', publishedAt: '2021-01-06T03:10:00Z' },
          { title: 'AP <!channel> story', source: 'AP' },
        ],
      }),
    );
    expect(blocks.some((b) => b.type === 'header')).toBe(false);
    const all = textObjects(blocks).map((t) => t.text).join('\n');
    expect(all).toContain('*2 more sources* on this story');
    expect(all).toContain('• <https://reuters.example/a|Reuters: US bans Alipay> — Reuters · 2021-01-06 03:10 UTC');
    expect(all).toContain('• AP &lt;!channel&gt; story — AP');
    expect(text).toContain('2 more sources on:');
  });

  it('caps a follow-up with 300 sources at 50 blocks and counts the ones left out', () => {
    const extraSources = Array.from({ length: 300 }, (_, i) => ({ title: `Story ${i} `.padEnd(400, 'x'), link: `https://news.example/${i}`, source: `Outlet ${i}` }));
    const rendered = renderAlert(buildAlert({ kind: 'follow-up', extraSources }));
    expectWithinLimits(rendered);
    const all = textObjects(rendered.blocks).map((t) => t.text).join('\n');
    const shown = all.split('\n').filter((l) => l.startsWith('• ')).length;
    const more = Number(/…and (\d+) more sources/.exec(all)?.[1]);
    expect(shown + more).toBe(300);
  });
});

describe('renderReply', () => {
  const reply = (overrides: Partial<Reply> = {}): Reply => ({
    visibility: 'in_channel',
    title: 'Watching EO 13971 in this channel',
    sections: [{ heading: 'Entities', lines: ['Alipay', 'WeChat Pay'] }],
    ...overrides,
  });

  it('renders the title in bold and each section with its heading and lines, keeping the visibility', () => {
    const rendered = renderReply(reply());
    expect(rendered.response_type).toBe('in_channel');
    const texts = textObjects(rendered.blocks).map((t) => t.text);
    expect(texts).toEqual(['*Watching EO 13971 in this channel*', '*Entities*\nAlipay\nWeChat Pay']);
    expect(rendered.text).toBe('Watching EO 13971 in this channel');
  });

  it('answers errors ephemerally even when the reply asked for the channel', () => {
    const rendered = renderReply(reply({ error: true, title: 'No entity called "wechta"' }));
    expect(rendered.response_type).toBe('ephemeral');
    expect(textObjects(rendered.blocks)[0]!.text).toBe('⚠️ *No entity called "wechta"*');
  });

  it('escapes feed titles quoted in reply lines', () => {
    const rendered = renderReply(reply({ sections: [{ lines: [HOSTILE] }] }));
    const everything = JSON.stringify(rendered);
    expect(everything).not.toContain('<!');
    expect(everything).not.toContain('<@');
    expect(everything).not.toMatch(/@here\b/);
    for (const t of textObjects(rendered.blocks)) if (t.type === 'mrkdwn') expect(t.verbatim).toBe(true);
  });

  it('splits 2000 long lines into sections under 3000 characters, at most 50 blocks, and counts what was left out', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `• line ${i} `.padEnd(120, 'y'));
    const rendered = renderReply(reply({ sections: [{ heading: 'Recent alerts', lines }] }));
    expectWithinLimits(rendered);
    expect(rendered.blocks).toHaveLength(50);
    const all = textObjects(rendered.blocks).map((t) => t.text).join('\n');
    const shown = all.split('\n').filter((l) => l.startsWith('• line')).length;
    const more = Number(/…and (\d+) more lines/.exec(all)?.[1]);
    expect(shown + more).toBe(2000);
  });
});

describe('escapeMrkdwn and safeLinkUrl', () => {
  it('keeps a leading > from becoming a quote and leaves ordinary text alone', () => {
    expect(escapeMrkdwn('> quoted')).toBe('\u00ad&gt; quoted');
    expect(escapeMrkdwn('TikTok ban upheld 9-0')).toBe('TikTok ban upheld 9-0');
    expect(escapeMrkdwn('email@here.com')).toBe('email@here.com');
  });

  it('refuses non-http URLs and unparseable strings', () => {
    expect(safeLinkUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkUrl('mailto:a@b.c')).toBeUndefined();
    expect(safeLinkUrl('not a url')).toBeUndefined();
    expect(safeLinkUrl(' https://example.com/x ')).toBe('https://example.com/x');
  });
});
