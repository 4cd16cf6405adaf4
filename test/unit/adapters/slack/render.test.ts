import { describe, expect, it } from 'vitest';
import { escapeSlackText, renderAlert, renderReply, safeLinkUrl, SLACK_LIMITS } from '../../../../adapters/slack/render.ts';
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

interface RichRun {
  type: 'text' | 'link';
  text: string;
  url?: string;
  style?: { bold?: boolean; code?: boolean };
}

/** The runs of every rich_text block, in order. */
function richRuns(blocks: unknown[]): RichRun[] {
  return (blocks as Array<{ type: string; elements?: Array<{ elements: RichRun[] }> }>)
    .filter((b) => b.type === 'rich_text')
    .flatMap((b) => b.elements!.flatMap((section) => section.elements));
}

/** What a person reads: each block's text, rich_text runs joined as Slack shows them. */
function shownText(blocks: unknown[]): string {
  return (blocks as Array<Record<string, unknown>>)
    .map((b) => (b.type === 'rich_text' ? richRuns([b]).map((r) => r.text).join('') : textObjects(b).map((t) => t.text).join('\n')))
    .join('\n');
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
    if (block.type === 'rich_text') {
      const runs = richRuns([block]);
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r) => r.text.length > 0)).toBe(true);
      expect(runs.reduce((n, r) => n + r.text.length, 0)).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
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
    // Severity, kind and whom it concerns, in the first line.
    expect(header.text.text).toBe('🔴 HIGH · Executive order · Alipay, WeChat Pay');
    const all = shownText(blocks);
    expect(richRuns(blocks)).toContainEqual({ type: 'link', url: 'https://www.federalregister.gov/d/2021-00305', text: 'Commerce identifies prohibited transactions with Alipay and WeChat Pay', style: { bold: true } });
    expect(all).toContain('Matched "WeChat Pay" in title, "Alipay" in description');
    // Who says so and when comes right under the title.
    expect((blocks[2] as { elements: TextObject[] }).elements[0]!.text).toMatch(/^Federal Register · 2021-01-08.* · Citation: EO 13971 \(official document\)$/);
    expect(all).not.toContain('Entities:'); // two names: the header holds them
    expect(all).toContain('beginning 45 days after signing');
    expect(text).toContain('🔴 HIGH · Executive order · Alipay, WeChat Pay: Commerce identifies');
  });

  it('shows hostile feed text exactly as written, where Slack parses no mention, link or formatting', () => {
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
    // Parsed places (mrkdwn objects, the fallback text) never carry a live control sequence.
    const parsed = [rendered.text, ...textObjects(rendered.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text)].join('\n');
    for (const forbidden of ['<!', '<@', '<#', '<http://evil']) expect(parsed).not.toContain(forbidden);
    expect(rendered.text).toContain('&lt;!channel&gt;');
    expect(rendered.text).toContain('AT&amp;T');
    for (const t of textObjects(rendered.blocks)) if (t.type === 'mrkdwn') expect(t.text).not.toContain('Ping');
    // Everywhere a person reads it, the feed text is unchanged, `_` and `*` included.
    // The header (plain_text too) names the entity, shortened to Slack's 150-character header limit.
    expect((rendered.blocks[0] as { text: TextObject }).text.text).toMatch(/^🔴 HIGH · Executive order · Ping <!channel> <!here>/);
    const plain = textObjects(rendered.blocks.slice(1)).filter((t) => t.type === 'plain_text' && t.text.includes('Ping'));
    expect(plain.length).toBeGreaterThan(0);
    for (const t of plain) expect(t.text).toContain(HOSTILE);
    expect(richRuns(rendered.blocks).map((r) => r.text)).toContain(HOSTILE);
    expect(shownText(rendered.blocks)).toContain('_it_');
  });

  it('keeps underscores and asterisks of a title, and a link with underscores, copyable', () => {
    const rendered = renderAlert(buildAlert({ title: 'Set ALLOW_PRIVATE_FEEDS=true for *internal* feeds', link: 'https://example.com/a_b_c?x=1&y=2' }));
    expect(richRuns(rendered.blocks)).toContainEqual({ type: 'link', url: 'https://example.com/a_b_c?x=1&y=2', text: 'Set ALLOW_PRIVATE_FEEDS=true for *internal* feeds', style: { bold: true } });
    expect(rendered.text).toContain('ALLOW_PRIVATE_FEEDS=true for *internal* feeds');
    expect(JSON.stringify(rendered)).not.toMatch(/[\u02cd\u2217]/);
  });

  it('links only http(s) URLs and keeps a URL from breaking out of its <url|label>', () => {
    const evil = renderAlert(buildAlert({ link: 'https://example.com/a|b>c <d>?q=1&r=2', title: 'T' }));
    expect(richRuns(evil.blocks).find((r) => r.text === 'T')).toEqual({ type: 'link', url: 'https://example.com/a%7Cb%3Ec%20%3Cd%3E?q=1&r=2', text: 'T', style: { bold: true } });
    const js = renderAlert(buildAlert({ link: 'javascript:alert(1)', title: 'Plain title' }));
    expect(richRuns(js.blocks).find((r) => r.text === 'Plain title')).toEqual({ type: 'text', text: 'Plain title', style: { bold: true } });
    expect(JSON.stringify(js)).not.toContain('javascript');
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
    expect(shownText(rendered.blocks)).toMatch(/Entities: .*…and \d+ more/);
    // Truncation never leaves half an entity like "&am" in the escaped fallback text.
    expect(rendered.text).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…/);
  });

  it('marks an escalation as escalated in the header and says the severity rose', () => {
    const { blocks } = renderAlert(buildAlert({ kind: 'escalation', severity: 'medium', category: 'litigation' }));
    expect((blocks[0] as { text: TextObject }).text.text).toBe('🟠 MEDIUM · Court action · Alipay, WeChat Pay · escalated');
    expect(textObjects(blocks).map((t) => t.text).join('\n')).toContain('Escalated: this story is now rated *MEDIUM*');
  });

  it('names the outlet of an aggregated item, with the feed it came through', () => {
    const all = JSON.stringify(renderAlert(buildAlert({ source: 'Google News: EO 13971 apps', outlet: 'Harbor_Ledger' })).blocks);
    expect(all).toContain('Harbor_Ledger (via Google News: EO 13971 apps)');
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
    expect(textObjects(blocks)[0]!.text).toBe('📰 *2 more sources* on this story');
    const all = shownText(blocks);
    expect(all).toContain('• Reuters: US bans Alipay — Reuters · 2021-01-06 03:10 UTC');
    expect(richRuns(blocks)).toContainEqual({ type: 'link', url: 'https://reuters.example/a', text: 'Reuters: US bans Alipay' });
    expect(all).toContain('• AP <!channel> story — AP');
    expect(text).toContain('2 more sources on:');
  });

  it('caps a follow-up with 300 sources at 50 blocks and counts the ones left out', () => {
    const extraSources = Array.from({ length: 300 }, (_, i) => ({ title: `Story ${i} `.padEnd(600, 'x'), link: `https://news.example/${i}`, source: `Outlet ${i}` }));
    const rendered = renderAlert(buildAlert({ kind: 'follow-up', extraSources }));
    expectWithinLimits(rendered);
    const all = shownText(rendered.blocks);
    const shown = all.split('\n').filter((l) => l.startsWith('• ')).length;
    const more = Number(/…and (\d+) more sources/.exec(all)?.[1]);
    expect(more).toBeGreaterThan(0);
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
    expect(shownText(rendered.blocks)).toBe('Watching EO 13971 in this channel\nEntities\nAlipay\nWeChat Pay');
    expect(richRuns(rendered.blocks).filter((r) => r.style?.bold).map((r) => r.text)).toEqual(['Watching EO 13971 in this channel', 'Entities']);
    expect(rendered.text).toBe('Watching EO 13971 in this channel');
  });

  it('answers errors ephemerally even when the reply asked for the channel', () => {
    const rendered = renderReply(reply({ error: true, title: 'No entity called "wechta"' }));
    expect(rendered.response_type).toBe('ephemeral');
    expect(shownText(rendered.blocks.slice(0, 1))).toBe('⚠️ No entity called "wechta"');
  });

  it('shows feed titles quoted in reply lines as written, and our code spans as code', () => {
    const rendered = renderReply(reply({ sections: [{ lines: [HOSTILE, 'Blocked: set `ALLOW_PRIVATE_FEEDS=true` to allow http://intranet.example/a_b.xml'] }] }));
    expect(textObjects(rendered.blocks)).toEqual([]);
    expect(shownText(rendered.blocks)).toContain(HOSTILE.replace(/`code`/, 'code'));
    expect(richRuns(rendered.blocks)).toContainEqual({ type: 'text', text: 'ALLOW_PRIVATE_FEEDS=true', style: { code: true } });
    expect(shownText(rendered.blocks)).toContain('to allow http://intranet.example/a_b.xml');
    expect(rendered.text).not.toContain('<!');
  });

  it('splits 2000 long lines into sections under 3000 characters, at most 50 blocks, and counts what was left out', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `• line ${i} `.padEnd(120, 'y'));
    const rendered = renderReply(reply({ sections: [{ heading: 'Recent alerts', lines }] }));
    expectWithinLimits(rendered);
    expect(rendered.blocks).toHaveLength(50);
    const all = shownText(rendered.blocks);
    const shown = all.split('\n').filter((l) => l.startsWith('• line')).length;
    const more = Number(/…and (\d+) more lines/.exec(all)?.[1]);
    expect(shown + more).toBe(2000);
  });
});

describe('escapeSlackText and safeLinkUrl', () => {
  it('escapes only what Slack documents (&, <, >) and leaves every other character alone', () => {
    expect(escapeSlackText('<!here> AT&T > _a_ *b* ~c~ `d` @here')).toBe('&lt;!here&gt; AT&amp;T &gt; _a_ *b* ~c~ `d` @here');
    expect(escapeSlackText('TikTok ban upheld 9-0')).toBe('TikTok ban upheld 9-0');
  });

  it('refuses non-http URLs and unparseable strings', () => {
    expect(safeLinkUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkUrl('mailto:a@b.c')).toBeUndefined();
    expect(safeLinkUrl('not a url')).toBeUndefined();
    expect(safeLinkUrl(' https://example.com/x ')).toBe('https://example.com/x');
  });
});
