// Pure rendering of neutral alerts and replies into Discord message payloads. Feed text is untrusted:
// it is escaped for markdown and mentions here, and every payload also carries allowed_mentions, so a
// headline can neither format itself as a link nor ping anyone.
import { escapeMarkdown } from 'discord.js';
import type { APIEmbed, APIEmbedField, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Alert, AlertSource, Mention, Reply, Severity } from '../../src/model.ts';
import { CATEGORY_LABELS, sourceLabel } from '../../src/model.ts';

/** Discord's documented message and embed limits (inclusive). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author name over all embeds. */
  embedTotal: 6000,
} as const;

/** Embed colours by severity: red for high, orange for medium, grey for low. */
export const SEVERITY_COLOURS: Record<Severity, number> = { high: 0xed4245, medium: 0xe67e22, low: 0x95a5a6 };
/** The same severity as a mark in text (author line, digest entries). */
const SEVERITY_DOT: Record<Severity, string> = { high: '🔴', medium: '🟠', low: '🟡' };
const REPLY_COLOUR = 0x5865f2;
const ERROR_COLOUR = 0xed4245;


const ZWSP = '\u200b';
const ELLIPSIS = '…';
// Digits only: safe inside `<@&…>` and a URL path; real snowflakes have 17–20.
const SNOWFLAKE = /^\d{5,25}$/;

/**
 * Breaks every mention Discord would parse: `@everyone`, `@here`, `<@user>`, `<@&role>`, `<#channel>`
 * and `</command:id>`, by putting a zero-width space after the `@` or `<`. The text still reads the same.
 */
function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`).replace(/<([@#/])/g, `<${ZWSP}$1`);
}

/**
 * Escapes untrusted text for any Discord field that renders markdown (content, embed title,
 * description, field names and values): bold/italic/code/spoilers, masked links, headings, lists,
 * quotes and subtext, then mentions.
 */
export function escapeDiscordText(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    // escapeMarkdown's own masked-link escape only catches the first of several links on a line.
    .replace(/\[/g, '\\[')
    // escapeMarkdown leaves block quotes and `-#` subtext alone.
    .replace(/^(\s*)(>|-#)/gm, '$1\\$2');
  return neutraliseMentions(escaped);
}

/**
 * Shortens `text` to at most `max` characters, cutting at the last space when one is reasonably near
 * the end (CJK text has none, so then it cuts mid-run) and ending with "…". Never splits a surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > (max - 1) * 0.6) cut = cut.slice(0, space);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.replace(/[\s,;:.\-–—]+$/, '') + ELLIPSIS;
}

/**
 * Escapes `text` and fits the escaped result into `max` characters. Truncation happens on the raw text
 * before escaping, so no escape sequence is ever cut in half.
 */
function fitEscaped(text: string, max: number, escape: (s: string) => string = escapeDiscordText): string {
  let budget = max;
  let escaped = escape(truncateText(text, budget));
  while (escaped.length > max && budget > 0) {
    budget -= Math.max(1, escaped.length - max);
    escaped = escape(truncateText(text, budget));
  }
  return escaped.length <= max ? escaped : '';
}

/** Characters Discord counts towards the 6000 total of one embed (whitespace trimmed, as Discord does). */
export function embedLength(embed: APIEmbed): number {
  const len = (s: string | undefined) => (s ?? '').trim().length;
  return (
    len(embed.title) +
    len(embed.description) +
    len(embed.footer?.text) +
    len(embed.author?.name) +
    (embed.fields ?? []).reduce((sum, f) => sum + len(f.name) + len(f.value), 0)
  );
}

/** Returns `link` when it is an absolute http(s) URL Discord will accept as an embed URL. */
function safeUrl(link: string | undefined): string | undefined {
  if (!link || link.length > 2048) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An alert as a channel message body (without the nonce, which `send` adds): one embed coloured by
 * severity, the headline linking to the item, the summary, the facts as fields and why it matched in
 * the footer. Every Discord limit holds, whatever the feed sent. Only a configured role (a snowflake
 * the core supplies) is ever pinged.
 */
export function renderAlert(alert: Alert): RESTPostAPIChannelMessageJSONBody {
  const embed = alert.kind === 'follow-up' ? followUpEmbed(alert) : alert.kind === 'digest' ? digestEmbed(alert) : alertEmbed(alert);
  const body: RESTPostAPIChannelMessageJSONBody = { embeds: [embed], allowed_mentions: { parse: [] } };
  const roleId = alert.mentionRoleId;
  if (roleId && SNOWFLAKE.test(roleId) && alert.kind !== 'follow-up' && alert.kind !== 'digest') {
    body.content = `<@&${roleId}>`;
    body.allowed_mentions = { roles: [roleId] };
  }
  if (alert.kind === 'follow-up' && alert.replyTo && SNOWFLAKE.test(alert.replyTo)) {
    body.message_reference = { message_id: alert.replyTo, fail_if_not_exists: false };
  }
  return body;
}

function alertEmbed(alert: Alert): APIEmbed {
  const prefix = alert.kind === 'escalation' ? `Escalated to ${alert.severity}: ` : '';
  const title = prefix + fitEscaped(alert.title || 'Untitled item', DISCORD_LIMITS.title - prefix.length);
  const lead = alert.kind === 'escalation' ? `**Severity rose to ${alert.severity}** as more reports came in.\n\n` : '';
  const fields = alertFields(alert);
  const footer = matchFooter(alert.matches);
  // The author line sits above the title: how urgent, what kind, and whom it concerns, at a glance.
  const embed: APIEmbed = { author: { name: alertHeadline(alert) }, title, color: SEVERITY_COLOURS[alert.severity], fields };
  const url = safeUrl(alert.link);
  if (url) embed.url = url;
  if (footer) embed.footer = { text: footer };
  const timestamp = isoDate(alert.publishedAt);
  if (timestamp) embed.timestamp = timestamp;
  // The summary takes whatever the other parts leave of the 6000 total.
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - embedLength(embed)) - lead.length;
  const description = lead + fitEscaped(alert.summary, Math.max(0, room));
  if (description.trim()) embed.description = description;
  return embed;
}

/** Up to three entity names, then "+N" (the Entities field lists them all when there are more). */
const HEADLINE_NAMES = 3;

/** "🔴 HIGH · Export control · SMIC": author names render no markdown, so only mentions are neutralised. */
function alertHeadline(alert: Alert): string {
  const names = alert.entities.map((e) => e.name.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const who = names.length > HEADLINE_NAMES ? `${names.slice(0, HEADLINE_NAMES).join(', ')} +${names.length - HEADLINE_NAMES}` : names.join(', ');
  const head = `${SEVERITY_DOT[alert.severity]} ${alert.severity.toUpperCase()} · ${CATEGORY_LABELS[alert.category] ?? 'Other'}`;
  return truncateText(neutraliseMentions(who ? `${head} · ${who}` : head), 200);
}

function alertFields(alert: Alert): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const source = fitEscaped(sourceLabel(alert) || 'Unknown source', 200) + (alert.official ? ' (official)' : '');
  fields.push({ name: 'Source', value: source, inline: true });
  const date = discordDate(alert.publishedAt);
  if (date) fields.push({ name: 'Date', value: date, inline: true });
  if (alert.citation?.trim()) fields.push({ name: 'Citation', value: fitEscaped(alert.citation, 256), inline: true });
  if (alert.entities.length > HEADLINE_NAMES) {
    const entities = listWithin(alert.entities.map((e) => e.name), DISCORD_LIMITS.fieldValue);
    if (entities) fields.push({ name: 'Entities', value: entities });
  }
  return fields;
}

function followUpEmbed(alert: Alert): APIEmbed {
  const sources = alert.extraSources ?? [];
  const noun = sources.length === 1 ? 'source' : 'sources';
  const prefix = `${sources.length} more ${noun}: `;
  const title = prefix + fitEscaped(alert.title || 'Untitled item', DISCORD_LIMITS.title - prefix.length);
  const embed: APIEmbed = { title, color: SEVERITY_COLOURS[alert.severity] };
  const url = safeUrl(alert.link);
  if (url) embed.url = url;
  const lines = sources.map(sourceLine);
  const description = linesWithin(lines, DISCORD_LIMITS.description);
  if (description) embed.description = description;
  return embed;
}

/**
 * A digest as one embed: the label and counts in the title, then one entry per story (most serious
 * first): severity, linked headline, and a line of kind, entities, reports and date.
 */
function digestEmbed(alert: Alert): APIEmbed {
  const digest = alert.digest;
  const stories = digest?.stories ?? [];
  const storyWord = stories.length === 1 ? '1 story' : `${stories.length} stories`;
  const items = digest?.items ?? 0;
  const title = `🗞️ ${digest?.label ?? 'Digest'} · ${storyWord}`;
  const entries = stories.map((st) => {
    const text = fitEscaped((st.title || 'Untitled item').replace(/\[/g, '(').replace(/\]/g, ')'), 200);
    const url = safeUrl(st.link)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
    const head = url && url.length <= 500 ? `[${text}](${url})` : text;
    const sources = st.sources.length > 3 ? `${st.sources.slice(0, 3).join(', ')} +${st.sources.length - 3}` : st.sources.join(', ');
    const date = discordDate(st.latestAt);
    const facts = [CATEGORY_LABELS[st.category], fitEscaped(st.entities.join(', '), 200), `${st.items === 1 ? '1 report' : `${st.items} reports`} (${fitEscaped(sources, 200)})`, date];
    // The blank line after each entry keeps stories apart when the list is read at a glance.
    return `${SEVERITY_DOT[st.severity]} **${st.severity.toUpperCase()}** ${head}\n${facts.filter(Boolean).join(' · ')}\n`;
  });
  const top = stories[0]?.severity ?? 'low';
  const embed: APIEmbed = { title, color: SEVERITY_COLOURS[top] };
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - title.length - 200);
  const description = linesWithin(entries, room);
  if (description) embed.description = description;
  embed.footer = { text: `${items === 1 ? '1 alert' : `${items} alerts`} held since the last digest, grouped by story` };
  const ts = isoDate(digest?.dueAt);
  if (ts) embed.timestamp = ts;
  return embed;
}

/** One follow-up source as a line: the headline as a masked link (when the link is safe), outlet, date. */
function sourceLine(s: AlertSource): string {
  // Square brackets would end the link text early; the URL's parentheses would end the target.
  const text = fitEscaped((s.title || s.source).replace(/\[/g, '(').replace(/\]/g, ')'), 180);
  const url = safeUrl(s.link)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  const head = url && url.length <= 500 ? `[${text}](${url})` : text;
  const date = discordDate(s.publishedAt);
  const citation = s.citation ? ` (${fitEscaped(s.citation, 60)})` : '';
  return `• ${head}${citation} — ${fitEscaped(sourceLabel(s), 100)}${date ? `, ${date}` : ''}`;
}

/** "Matched “WeChat Pay” in title; “Tencent” in description": why the alert reached this channel. */
function matchFooter(matches: Mention[]): string | undefined {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of matches) {
    const key = `${m.matched}\u0000${m.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`“${truncateText(m.matched, 80)}” in ${m.field}${m.weak ? ' (with context)' : ''}`);
  }
  if (!parts.length) return undefined;
  // Footers render no markdown, so only mentions are neutralised.
  const text = neutraliseMentions(`Matched ${parts.slice(0, 5).join('; ')}${parts.length > 5 ? `; +${parts.length - 5} more` : ''}`);
  return truncateText(text, 300);
}

/** Names joined by commas, as many as fit in `max` characters, then "and N more". */
function listWithin(names: string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < names.length; i++) {
    const name = fitEscaped(names[i] ?? '', 100);
    if (!name) continue;
    const restNote = i < names.length - 1 ? ` and ${names.length - i - 1} more`.length : 0;
    const added = (out.length ? 2 : 0) + name.length;
    if (length + added + restNote > max) {
      return `${out.join(', ')} and ${names.length - i} more`;
    }
    out.push(name);
    length += added;
  }
  return out.join(', ');
}

/** Lines joined by newlines, as many as fit in `max` characters, then "… and N more". */
function linesWithin(lines: string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const note = `\n… and ${lines.length - i} more`;
    const added = (out.length ? 1 : 0) + line.length;
    if (length + added > max - (i < lines.length - 1 ? note.length : 0)) {
      if (!out.length) return truncateText(line, max);
      return out.join('\n') + note;
    }
    out.push(line);
    length += added;
  }
  return out.join('\n');
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** A Discord timestamp tag (`<t:…:D>`), shown in each reader's own locale and time zone. */
function discordDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? `<t:${Math.floor(ms / 1000)}:D>` : undefined;
}


/** A rendered command reply: embeds plus whether only the caller should see it. */
export interface RenderedReply {
  /** The first message's embeds (the interaction's own reply). */
  embeds: APIEmbed[];
  /** Further messages, each a list of embeds, for a reply longer than one message holds. */
  followUps: APIEmbed[][];
  ephemeral: boolean;
}

/** At most this many messages for one reply (about 30,000 characters); the rest is counted, not sent. */
const MAX_REPLY_MESSAGES = 5;
/** What a continuation embed's title adds to the reply title. */
const CONTINUED = ' (continued)';

/**
 * A command reply as embeds: the title, then each section as an optional bold heading and its
 * lines. A long reply (a full lookup runs to 7,000 characters) is split at line boundaries into
 * embeds of at most 4,096 characters, ten to a message and 6,000 characters per message, over up to
 * five messages; only past that does it end with "… and N more".
 */
export function renderReply(reply: Reply): RenderedReply {
  const title = fitEscaped(reply.title || 'sanctions-watch', DISCORD_LIMITS.title);
  const lines: string[] = [];
  for (const section of reply.sections) {
    const sectionLines = section.lines.map((l) => fitReplyLine(l, 1000));
    if (section.heading) sectionLines.unshift(`**${fitEscaped(section.heading, 200)}**`);
    if (lines.length && sectionLines.length) lines.push('');
    lines.push(...sectionLines);
  }
  const colour = reply.error ? ERROR_COLOUR : REPLY_COLOUR;
  const contTitle = fitEscaped(reply.title || 'sanctions-watch', DISCORD_LIMITS.title - CONTINUED.length) + CONTINUED;
  const messages: APIEmbed[][] = [];
  let message: APIEmbed[] = [];
  let messageChars = 0;
  let at = 0;
  while (at < lines.length || messages.length + message.length === 0) {
    const embedTitle = messages.length === 0 && message.length === 0 ? title : contTitle;
    const full = message.length === DISCORD_LIMITS.embedsPerMessage || DISCORD_LIMITS.embedTotal - messageChars - embedTitle.length < 200;
    if (full) {
      messages.push(message);
      [message, messageChars] = [[], 0];
      continue;
    }
    const lastMessage = messages.length === MAX_REPLY_MESSAGES - 1;
    const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - messageChars - embedTitle.length);
    const taken = takeLines(lines, at, room, lastMessage);
    const embed: APIEmbed = { title: embedTitle, color: colour };
    if (taken.text.trim()) embed.description = taken.text;
    message.push(embed);
    messageChars += embedTitle.length + taken.text.length;
    at = taken.next;
    if (taken.cut) break;
  }
  if (message.length) messages.push(message);
  const [first = [], ...rest] = messages;
  return { embeds: first, followUps: rest, ephemeral: reply.visibility === 'ephemeral' };
}

/**
 * As many whole lines from `from` as fit in `max` characters. With `last`, lines that do not fit
 * are counted in a closing "… and N more" instead (`cut`).
 */
function takeLines(lines: string[], from: number, max: number, last: boolean): { text: string; next: number; cut: boolean } {
  const out: string[] = [];
  let length = 0;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const added = (out.length ? 1 : 0) + line.length;
    const note = last && i < lines.length - 1 ? `\n… and ${lines.length - i} more`.length : 0;
    if (length + added > max - note) {
      if (!out.length) return { text: truncateText(line, max), next: i + 1, cut: false };
      if (!last) return { text: out.join('\n'), next: i, cut: false };
      return { text: `${out.join('\n')}\n… and ${lines.length - i} more`, next: lines.length, cut: true };
    }
    out.push(line);
    length += added;
  }
  return { text: out.join('\n'), next: lines.length, cut: false };
}

// Our reply texts put command words and setting names in backticks (`ALLOW_PRIVATE_FEEDS=true`):
// such a span stays a code span (shown as code, its `_` untouched); the rest is escaped.
const CODE_SPAN = /`([^`\n]{1,200})`/g;

/** A reply line with its code spans kept, the rest escaped; cut like any line when too long. */
function fitReplyLine(line: string, max: number): string {
  let out = '';
  let at = 0;
  for (const m of line.matchAll(CODE_SPAN)) {
    out += escapeDiscordText(line.slice(at, m.index)) + `\`${m[1]}\``;
    at = m.index + m[0].length;
  }
  if (at === 0) return fitEscaped(line, max);
  out += escapeDiscordText(line.slice(at));
  return out.length <= max ? out : fitEscaped(line, max);
}

