import { describe, expect, it } from 'vitest';
import {
  DISCORD_LIMITS,
  SEVERITY_COLOURS,
  embedLength,
  escapeDiscordText,
  renderAlert,
  renderReply,
  truncateText,
} from '../../../../adapters/discord/render.ts';
import type { Alert, Reply } from '../../../../src/model.ts';
import { validateMessage } from '../../../fakes/fake-discord.ts';

function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'outbox-1',
    kind: 'new',
    storyId: 'story-1',
    title: 'Commerce adds WeChat Pay to transaction ban',
    link: 'https://www.federalregister.gov/d/2021-01234',
    source: 'Federal Register',
    publishedAt: '2021-01-19T12:00:00Z',
    summary: 'The order prohibits transactions with eight Chinese payment apps, including WeChat Pay and Alipay.',
    entities: [
      { id: 'wechat-pay', name: 'WeChat Pay' },
      { id: 'alipay', name: 'Alipay' },
    ],
    category: 'executive-order',
    severity: 'high',
    matches: [{ entityId: 'wechat-pay', matched: 'WeChat Pay', field: 'title', weak: false }],
    citation: 'EO 13971',
    official: true,
    previousAttempts: 0,
    ...overrides,
  };
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('renderAlert limits', () => {
  it('an over-long title, a 20,000-character summary and 800 entities render within every Discord limit', () => {
    const alert = buildAlert({
      title: words(200),
      summary: words(2500),
      entities: Array.from({ length: 800 }, (_, i) => ({ id: `e${i}`, name: `Company number ${i} Holdings Limited` })),
      source: 'S'.repeat(1000),
      citation: 'C'.repeat(2000),
      matches: Array.from({ length: 40 }, (_, i) => ({ entityId: `e${i}`, matched: `Company number ${i} ${'x'.repeat(200)}`, field: 'description' as const, weak: false })),
    });
    const body = renderAlert(alert);
    const embed = body.embeds![0]!;
    expect(validateMessage(body)).toBeNull();
    expect(embed.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields!.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    const entities = embed.fields!.find((f) => f.name === 'Entities')!.value;
    expect(entities).toMatch(/^Company number 0 Holdings Limited, .* and \d+ more$/);
  });

  it('a long summary is cut after a whole word and ends with an ellipsis', () => {
    const description = renderAlert(buildAlert({ summary: words(2000) })).embeds![0]!.description!;
    expect(description.endsWith('…')).toBe(true);
    expect(description.slice(0, -1)).toMatch(/ word\d+$/);
    expect(words(2000).startsWith(description.slice(0, -1))).toBe(true);
  });

  it('text without spaces (Chinese, emoji) is cut without splitting a character', () => {
    const summary = '字😀'.repeat(3000);
    const description = renderAlert(buildAlert({ summary })).embeds![0]!.description!;
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(description).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(description.endsWith('…')).toBe(true);
  });

  it('truncateText leaves short text alone and never exceeds the limit', () => {
    expect(truncateText('short', 10)).toBe('short');
    for (const max of [1, 2, 5, 17, 100]) expect(truncateText(words(50), max).length).toBeLessThanOrEqual(max);
  });
});

describe('renderAlert escaping', () => {
  it('feed text cannot ping @everyone, a role, a user or a channel', () => {
    const body = renderAlert(
      buildAlert({ title: '@everyone WeChat <@&123456789012345678> banned', summary: 'See <@123456789012345678> in <#123456789012345678> @here', source: '@everyone news' }),
    );
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@&|<@\d|<#\d/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
  });

  it('markdown links and bold in feed text are shown literally, not rendered', () => {
    const embed = renderAlert(buildAlert({ summary: '[click](http://evil.example) and [two](http://x.example) **bold** __u__ ||spoiler||' })).embeds![0]!;
    expect(embed.description).toContain('\\[click](http://evil.example)');
    expect(embed.description).toContain('\\[two](http://x.example)');
    expect(embed.description).toContain('\\*\\*bold\\*\\*');
    expect(embed.description).toContain('\\|\\|spoiler\\|\\|');
  });

  it('headings, quotes and lists at the start of a summary are escaped', () => {
    expect(escapeDiscordText('# Big')).toBe('\\# Big');
    expect(escapeDiscordText('> quoted')).toBe('\\> quoted');
    expect(escapeDiscordText('-# small')).toBe('\\-# small');
    expect(escapeDiscordText('- item')).toBe('\\- item');
  });

  it('only http(s) links become the title link', () => {
    expect(renderAlert(buildAlert({ link: 'javascript:alert(1)' })).embeds![0]!.url).toBeUndefined();
    expect(renderAlert(buildAlert({ link: 'not a url' })).embeds![0]!.url).toBeUndefined();
    expect(renderAlert(buildAlert({ link: 'https://example.com/a' })).embeds![0]!.url).toBe('https://example.com/a');
  });
});

describe('renderAlert content', () => {
  it('colours the embed by severity and lists the facts as fields', () => {
    for (const severity of ['high', 'medium', 'low'] as const) {
      expect(renderAlert(buildAlert({ severity })).embeds![0]!.color).toBe(SEVERITY_COLOURS[severity]);
    }
    expect(SEVERITY_COLOURS.high).not.toBe(SEVERITY_COLOURS.low);
    const embed = renderAlert(buildAlert()).embeds![0]!;
    const fields = Object.fromEntries(embed.fields!.map((f) => [f.name, f.value]));
    // Severity, kind and entities head the embed; the fields hold who says so, when, and the citation.
    expect(embed.author?.name).toBe('🔴 HIGH · Executive order · WeChat Pay, Alipay');
    expect(fields.Entities).toBeUndefined();
    expect(fields).toMatchObject({
      Source: 'Federal Register (official)',
      Date: `<t:${Date.parse('2021-01-19T12:00:00Z') / 1000}:D>`,
      Citation: 'EO 13971',
    });
    expect(embed.footer!.text).toBe('Matched “WeChat Pay” in title');
  });

  it('a follow-up replies to the original alert and lists the extra sources', () => {
    const body = renderAlert(
      buildAlert({
        kind: 'follow-up',
        replyTo: '1234567890123456789',
        extraSources: [
          { title: 'Reuters: [Exclusive] US bans apps', link: 'https://reuters.example/a_(b)', source: 'Reuters' },
          { title: 'AP story', source: 'AP', link: 'ftp://bad' },
        ],
      }),
    );
    expect(body.message_reference).toEqual({ message_id: '1234567890123456789', fail_if_not_exists: false });
    const embed = body.embeds![0]!;
    expect(embed.title).toMatch(/^2 more sources: /);
    expect(embed.description).toContain('[Reuters: (Exclusive) US bans apps](https://reuters.example/a_%28b%29) — Reuters');
    expect(embed.description).toContain('• AP story — AP');
    expect(embed.description).not.toContain('ftp://');
  });

  it('names the outlet of an aggregated item, with the feed it came through', () => {
    const embed = renderAlert(buildAlert({ source: 'Google News: EO 13971 apps', outlet: 'Harbor Ledger', official: false })).embeds![0]!;
    expect(embed.fields!.find((f) => f.name === 'Source')?.value).toBe('Harbor Ledger (via Google News: EO 13971 apps)');
    const followUp = renderAlert(buildAlert({ kind: 'follow-up', extraSources: [{ title: 'Order hits apps', source: 'Google News: EO 13971 apps', outlet: 'Meridian Post' }] })).embeds![0]!;
    expect(followUp.description).toContain('• Order hits apps — Meridian Post (via Google News: EO 13971 apps)');
  });

  it('an escalation is a new alert saying the severity rose', () => {
    const body = renderAlert(buildAlert({ kind: 'escalation', severity: 'high' }));
    expect(body.message_reference).toBeUndefined();
    expect(body.embeds![0]!.title).toMatch(/^Escalated to high: Commerce adds/);
    expect(body.embeds![0]!.description).toContain('Severity rose to high');
  });

  it('a configured role is the only mention, allowed explicitly; a malformed role id is ignored', () => {
    const body = renderAlert(buildAlert({ mentionRoleId: '223456789012345678' }));
    expect(body.content).toBe('<@&223456789012345678>');
    expect(body.allowed_mentions).toEqual({ roles: ['223456789012345678'] });
    const bad = renderAlert(buildAlert({ mentionRoleId: '1> @everyone' }));
    expect(bad.content).toBeUndefined();
    expect(bad.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('renderReply', () => {
  const reply = (overrides: Partial<Reply> = {}): Reply => ({
    visibility: 'ephemeral',
    title: 'Alipay',
    sections: [{ heading: 'Timeline', lines: ['2021-01-05 EO 13971 prohibits transactions', '**not bold** <@&1>'] }],
    ...overrides,
  });

  it('renders headings and escaped lines, and keeps the visibility', () => {
    const out = renderReply(reply());
    expect(out.ephemeral).toBe(true);
    expect(out.embeds[0]!.title).toBe('Alipay');
    expect(out.embeds[0]!.description).toBe('**Timeline**\n2021-01-05 EO 13971 prohibits transactions\n\\*\\*not bold\\*\\* <\u200b@&1>');
    expect(renderReply(reply({ visibility: 'in_channel' })).ephemeral).toBe(false);
  });

  it('shows setting names in code spans as code (copyable, `_` intact) and escapes the rest of the line', () => {
    const out = renderReply(reply({ sections: [{ lines: ['refused: 10.0.0.1 is private (set `ALLOW_PRIVATE_FEEDS=true` to allow *them*)'] }] }));
    expect(out.embeds[0]!.description).toBe('refused: 10.0.0.1 is private (set `ALLOW_PRIVATE_FEEDS=true` to allow \\*them\\*)');
  });

  it('a reply longer than one message continues in follow-up messages, every line once and in order', () => {
    // Tried: a lookup-sized reply (about 9,000 characters). Must hold: every message within Discord's
    // limits, nothing cut, the lines in their order across embeds and messages.
    const lines = Array.from({ length: 150 }, (_, i) => `2021-01-${String(i).padStart(3, '0')} action ${i} ${'x'.repeat(50)}`);
    const out = renderReply(reply({ sections: [{ heading: 'Official actions (US)', lines }] }));
    const messages = [out.embeds, ...out.followUps];
    expect(messages.length).toBeGreaterThan(1);
    for (const embeds of messages) expect(validateMessage({ embeds })).toBeNull();
    const shown = messages.flatMap((m) => m.flatMap((e) => (e.description ?? '').split('\n')));
    expect(shown).toEqual(['**Official actions (US)**', ...lines]);
    expect(out.followUps[0]![0]!.title).toBe('Alipay (continued)');
  });

  it('errors are red and a very long reply is cut by whole lines with a count of the rest, after five messages', () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const out = renderReply(reply({ error: true, sections: [{ lines }] }));
    const messages = [out.embeds, ...out.followUps];
    expect(messages).toHaveLength(5);
    expect(out.embeds[0]!.color).toBe(0xed4245);
    for (const embeds of messages) expect(validateMessage({ embeds })).toBeNull();
    const last = messages.at(-1)!.at(-1)!.description!;
    const more = Number(/\n… and (\d+) more$/.exec(last)?.[1]);
    const shown = messages.flatMap((m) => m.flatMap((e) => (e.description ?? '').split('\n'))).filter((l) => l.startsWith('line '));
    expect(shown.length + more).toBe(1500);
  });
});
