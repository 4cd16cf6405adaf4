// Pure rendering of neutral alerts and replies into Slack Block Kit. Everything that came from a feed
// (titles, summaries, outlet names) or from a user (custom entity names) is untrusted: it is escaped
// here, once, so no caller has to remember to.
import type { types } from '@slack/bolt';
import type { Alert, AlertSource, Reply, Severity } from '../../src/model.ts';
import { CATEGORY_LABELS, sourceLabel } from '../../src/model.ts';

type KnownBlock = types.KnownBlock;
type MrkdwnText = types.MrkdwnElement;

/** Slack's documented limits (Block Kit reference); going over any of them gets `invalid_blocks`. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  /** Slack truncates top-level `text` at 40,000 but recommends staying under 4,000. */
  fallbackText: 4000,
} as const;

/** What `chat.postMessage` and `respond()` need from a rendering. */
export interface RenderedMessage {
  /** Notification / screen-reader fallback (also escaped: Slack parses it as mrkdwn). */
  text: string;
  blocks: KnownBlock[];
}

export interface RenderedReply extends RenderedMessage {
  response_type: 'ephemeral' | 'in_channel';
}

const SEVERITY_MARK: Record<Severity, string> = { high: '🔴', medium: '🟠', low: '🟡' };


/**
 * Escapes text for a field Slack parses (mrkdwn objects and a message's top-level `text`) exactly as
 * Slack documents: `&`, `<` and `>` only. That kills `<!channel>`, `<@U…>`, `<#C…>` and
 * `<http://…|…>` while every other character, `_` included, stays what it was. Text from a feed or
 * a user never goes into a mrkdwn object: it goes into plain_text and rich_text elements, where
 * Slack applies no formatting and no mentions, so it is shown exactly as written.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens already-escaped text to at most `max` characters, ending in `…`, without cutting an
 * `&amp;`-style entity or a surrogate pair in half.
 */
function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && amp >= cut.length - 4 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return dropHalfSurrogate(cut) + '…';
}

/** Shortens raw text (plain_text and rich_text elements) to at most `max` characters. */
function truncateText(text: string, max: number): string {
  return text.length <= max ? text : dropHalfSurrogate(text.slice(0, Math.max(0, max - 1))) + '…';
}

function dropHalfSurrogate(cut: string): string {
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

// Longer URLs are shown unlinked rather than eat the block's character budget.
const MAX_LINK_URL = 1500;

/**
 * An http(s) URL fit to be a link: parsed and re-serialised, with `|`, `<`, `>`, quotes and
 * whitespace percent-encoded. Anything else (javascript:, mailto:, junk) → undefined.
 */
export function safeLinkUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const href = url.href.replace(/[|<>"'`\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return href.length <= MAX_LINK_URL ? href : undefined;
}

/** A run of text inside a rich_text block: shown exactly as written, optionally bold, code or a link. */
interface Run {
  text: string;
  bold?: boolean;
  code?: boolean;
  url?: string | undefined;
}
type Line = Run[];

const lineLength = (line: Line) => line.reduce((n, r) => n + r.text.length, 0);

/**
 * A rich_text block of lines. Slack neither formats nor mentions inside rich_text elements, so
 * feed and user text needs no escaping here and keeps every character (`_`, `*`, `<!channel>`).
 */
function richText(lines: Line[]): KnownBlock {
  const elements: Array<Record<string, unknown>> = [];
  lines.forEach((line, i) => {
    if (i > 0) elements.push({ type: 'text', text: '\n' });
    for (const run of line) {
      if (!run.text) continue;
      const style = run.bold || run.code ? { style: { ...(run.bold ? { bold: true } : {}), ...(run.code ? { code: true } : {}) } } : {};
      const url = safeLinkUrl(run.url);
      elements.push(url ? { type: 'link', url, text: run.text, ...style } : { type: 'text', text: run.text, ...style });
    }
  });
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements }] } as unknown as KnownBlock;
}

function mrkdwn(text: string): MrkdwnText {
  // verbatim: Slack would otherwise auto-link URLs and channel names.
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A section of our own mrkdwn (never feed or user text). */
function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(truncateEscaped(text, SLACK_LIMITS.sectionText)) };
}

/** A context line of our own mrkdwn (never feed or user text). */
function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(truncateEscaped(text, SLACK_LIMITS.sectionText))] };
}

/** A section of untrusted text, shown as written (no formatting, no emoji codes, no mentions). */
function plainSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'plain_text', text: truncateText(text, SLACK_LIMITS.sectionText), emoji: false } };
}

/** A context line of untrusted text, shown as written. */
function plainContext(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'plain_text', text: truncateText(text, SLACK_LIMITS.sectionText), emoji: false }] };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateText(text.replace(/\s+/g, ' ').trim(), SLACK_LIMITS.headerText), emoji: true } };
}

/** `2021-01-08 14:30 UTC` (or just the date at midnight); undefined for unparseable input. */
function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const [date, time] = d.toISOString().split('T') as [string, string];
  const hhmm = time.slice(0, 5);
  return hhmm === '00:00' ? date : `${date} ${hhmm} UTC`;
}

/**
 * Groups lines into as few rich_text blocks as possible, each holding at most `max` characters (an
 * over-long line is shortened). Returns the blocks with how many lines each holds.
 */
function packLines(lines: Line[], max: number = SLACK_LIMITS.sectionText): Array<{ block: KnownBlock; lines: number }> {
  const packs: Array<{ lines: Line[]; length: number }> = [];
  let current: { lines: Line[]; length: number } | undefined;
  for (const raw of lines) {
    const line = shortenLine(raw, max);
    const length = lineLength(line);
    if (current && current.length + 1 + length <= max) {
      current.lines.push(line);
      current.length += 1 + length;
    } else {
      current = { lines: [line], length };
      packs.push(current);
    }
  }
  return packs.map((p) => ({ block: richText(p.lines), lines: p.lines.length }));
}

/** Shortens a line's runs from the end so the whole line fits in `max` characters. */
function shortenLine(line: Line, max: number): Line {
  if (lineLength(line) <= max) return line;
  const out: Line = [];
  let left = max;
  for (const run of line) {
    if (left <= 1) break;
    const text = truncateText(run.text, left);
    out.push({ ...run, text });
    left -= text.length;
  }
  return out;
}

/** Caps a list of blocks at 50, replacing the overflow with one "…and N more" line. */
function capBlocks(blocks: Array<{ block: KnownBlock; lines: number }>, unit: string): KnownBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks.map((b) => b.block);
  const kept = blocks.slice(0, SLACK_LIMITS.blocks - 1);
  const dropped = blocks.slice(SLACK_LIMITS.blocks - 1).reduce((n, b) => n + b.lines, 0);
  return [...kept.map((b) => b.block), context(`…and ${dropped} more ${unit}`)];
}

/** As many of `items` as fit in `maxChars`, then "…and N more". */
function fitWithMore(items: string[], maxChars: number, separator: string): { shown: string[]; more: number } {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    const more = items.length - i - 1;
    const next = used + (i ? separator.length : 0) + items[i]!.length;
    const reserve = more > 0 ? ` …and ${more} more`.length : 0;
    if (next + reserve > maxChars) return { shown: items.slice(0, i), more: items.length - i };
    used = next;
  }
  return { shown: items, more: 0 };
}

function listWithMore(items: string[], maxChars: number, separator: string): string {
  const { shown, more } = fitWithMore(items, maxChars, separator);
  return shown.join(separator) + (more ? ` …and ${more} more` : '');
}

function entitiesLine(alert: Alert): Line {
  const { shown, more } = fitWithMore(alert.entities.map((e) => e.name), SLACK_LIMITS.sectionText - 40, ', ');
  const runs: Line = [{ text: `${alert.entities.length === 1 ? 'Entity' : 'Entities'}: ` }];
  shown.forEach((name, i) => runs.push(...(i ? [{ text: ', ' }] : []), { text: name, bold: true }));
  if (more) runs.push({ text: ` …and ${more} more` });
  return runs;
}

function whyLine(alert: Alert): string | undefined {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of alert.matches) {
    const key = `${m.matched.toLowerCase()}|${m.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`"${m.matched}" in ${m.field}${m.weak ? ' (confirmed by context)' : ''}`);
  }
  if (parts.length === 0) return undefined;
  return `Matched ${listWithMore(parts, SLACK_LIMITS.sectionText - 40, ', ')}`;
}

function sourceLine(source: string, publishedAt: string | undefined): string {
  const date = formatDate(publishedAt);
  return [source, date].filter(Boolean).join(' · ');
}

/** Up to three entity names for a headline, then "+N". */
function headlineNames(alert: Pick<Alert, 'entities'>): string {
  const names = alert.entities.map((e) => e.name.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
}

/**
 * The header of a new or escalated alert: severity mark and level, kind of development and whom it
 * concerns, so the first line alone says how urgent, what and who.
 */
export function alertHeadline(alert: Pick<Alert, 'severity' | 'category' | 'kind' | 'entities'>): string {
  const who = headlineNames(alert);
  const base = `${SEVERITY_MARK[alert.severity]} ${alert.severity.toUpperCase()} · ${CATEGORY_LABELS[alert.category]}${who ? ` · ${who}` : ''}`;
  return alert.kind === 'escalation' ? `${base} · escalated` : base;
}

function renderFollowUp(alert: Alert): RenderedMessage {
  const sources: AlertSource[] = alert.extraSources?.length
    ? alert.extraSources
    : [{ title: alert.title, link: alert.link, source: alert.source, outlet: alert.outlet, publishedAt: alert.publishedAt }];
  const count = sources.length;
  const intro = `📰 *${count} more ${count === 1 ? 'source' : 'sources'}* on this story`;
  const lines: Line[] = sources.map((s) => [{ text: '• ' }, { text: truncateText(s.title, 500), url: s.link }, { text: `${s.citation ? ` (${s.citation})` : ''} — ${sourceLine(sourceLabel(s), s.publishedAt)}` }]);
  const blocks = capBlocks([{ block: section(intro), lines: 0 }, ...packLines(lines)], 'sources');
  const text = truncateEscaped(`${count} more ${count === 1 ? 'source' : 'sources'} on: ${escapeSlackText(alert.title)}`, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

/**
 * Renders an alert as Block Kit. `new` and `escalation` give a full top-level alert (header with
 * severity and category, linked title, entities, summary, why it matched, citation, source and
 * date); `follow-up` gives a compact list of the extra sources, meant for the original's thread.
 * Feed text is shown exactly as written; always within Slack's limits, whatever the feed sent.
 */
export function renderAlert(alert: Alert): RenderedMessage {
  if (alert.kind === 'follow-up') return renderFollowUp(alert);
  if (alert.kind === 'digest') return renderDigest(alert);
  const headline = alertHeadline(alert);
  const title = alert.title.trim() || '(untitled)';
  const blocks: KnownBlock[] = [header(headline)];
  // Only a user group id the core set (channel settings) is ever mentioned, never feed text.
  const group = alert.mentionRoleId && /^S[A-Z0-9]{2,30}$/.test(alert.mentionRoleId) ? alert.mentionRoleId : undefined;
  if (group) blocks.push(section(`<!subteam^${group}>`));
  if (alert.kind === 'escalation') {
    blocks.push(context(`⬆️ Escalated: this story is now rated *${alert.severity.toUpperCase()}*, higher than when it was first posted.`));
  }
  // Read top to bottom: what happened (the linked title), who says so and when, then the detail.
  // The title is capped well below the block limit so a hostile one cannot crowd out the rest.
  blocks.push(richText([[{ text: truncateText(title, 500), bold: true, url: alert.link }]]));
  const citation = alert.citation ? `Citation: ${alert.citation}${alert.official ? ' (official document)' : ''}` : alert.official ? 'Official source' : '';
  blocks.push(plainContext([sourceLine(sourceLabel(alert), alert.publishedAt), citation].filter(Boolean).join(' · ')));
  const summary = alert.summary.trim();
  if (summary) blocks.push(plainSection(summary));
  // The header names up to three entities; a longer list gets its own line.
  if (alert.entities.length > 3) blocks.push(richText([entitiesLine(alert)]));
  const why = whyLine(alert);
  if (why) blocks.push(plainContext(why));
  const text = truncateEscaped((group ? `<!subteam^${group}> ` : '') + escapeSlackText(`${headline}: ${title}`), SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

/** Dates in a digest are the channel's own (its digest time zone). */
function dayInZone(iso: string | undefined, timeZone: string): string | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/**
 * A digest: one header, a line saying how much was held, then one line per story (most serious
 * first): severity mark, linked title, kind, entities, how many reports from which outlets, date.
 */
function renderDigest(alert: Alert): RenderedMessage {
  const digest = alert.digest;
  if (!digest) return { text: escapeSlackText(alert.title), blocks: [section(escapeSlackText(alert.title))] };
  const stories = digest.stories.length;
  const storyWord = stories === 1 ? '1 story' : `${stories} stories`;
  const alertWord = digest.items === 1 ? '1 alert' : `${digest.items} alerts`;
  const lines: Line[] = digest.stories.map((st) => {
    const sources = st.sources.length > 3 ? `${st.sources.slice(0, 3).join(', ')} +${st.sources.length - 3}` : st.sources.join(', ');
    const facts = [CATEGORY_LABELS[st.category], st.entities.join(', '), `${st.items === 1 ? '1 report' : `${st.items} reports`} (${sources})`, dayInZone(st.latestAt, digest.timeZone)];
    return [
      { text: `${SEVERITY_MARK[st.severity]} ${st.severity.toUpperCase()}  `, bold: true },
      { text: truncateText(st.title.trim() || '(untitled)', 300), url: st.link },
      { text: `\n      ${facts.filter(Boolean).join(' · ')}` },
    ];
  });
  const blocks = capBlocks(
    [
      { block: header(`🗞️ ${digest.label} · ${storyWord}`), lines: 0 },
      { block: context(`${alertWord} held since the last digest, grouped by story · ${dayInZone(digest.dueAt, digest.timeZone) ?? digest.dueAt.slice(0, 10)} (${escapeSlackText(digest.timeZone)})`), lines: 0 },
      ...packLines(lines),
    ],
    'stories',
  );
  const text = truncateEscaped(escapeSlackText(`${digest.label}: ${storyWord}, ${alertWord}`), SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

// Our reply texts put command words and setting names in backticks (`ALLOW_PRIVATE_FEEDS=true`);
// such a span is shown as code. Only short spans without line breaks count.
const CODE_SPAN = /`([^`\n]{1,200})`/g;

/** A reply line as runs: code spans as code, the rest as written. */
function replyLine(text: string): Line {
  const runs: Line = [];
  let at = 0;
  for (const m of text.matchAll(CODE_SPAN)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index) });
    runs.push({ text: m[1]!, code: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at) });
  return runs;
}

/**
 * Renders a command reply: bold title, then each section (optional bold heading, then its lines),
 * split into blocks of at most 3000 characters and capped at 50 blocks with "…and N more lines".
 * Reply lines can quote feed titles, so they go into rich_text, shown exactly as written. Errors are
 * always ephemeral.
 */
export function renderReply(reply: Reply): RenderedReply {
  const title = reply.title.trim() || (reply.error ? 'That did not work' : 'Done');
  const titleLine: Line = [...(reply.error ? [{ text: '⚠️ ' }] : []), { text: truncateText(title, 1000), bold: true }];
  const blocks: Array<{ block: KnownBlock; lines: number }> = [{ block: richText([titleLine]), lines: 0 }];
  for (const s of reply.sections) {
    const lines = s.lines.filter((l) => l.trim() !== '').map(replyLine);
    const heading = s.heading?.trim();
    if (heading) lines.unshift([{ text: truncateText(heading, 500), bold: true }]);
    packLines(lines).forEach((p, i) => {
      // The heading line is not a "line" of content when counting what was left out.
      blocks.push({ block: p.block, lines: i === 0 && heading ? p.lines - 1 : p.lines });
    });
  }
  return {
    // Refusals and mistakes are shown to the caller only, whatever the command asked for.
    response_type: reply.error ? 'ephemeral' : reply.visibility,
    text: truncateEscaped(escapeSlackText(title), SLACK_LIMITS.fallbackText),
    blocks: capBlocks(blocks, 'lines'),
  };
}
