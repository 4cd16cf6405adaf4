// Pure rendering of neutral alerts and replies into Slack Block Kit. Everything that came from a feed
// (titles, summaries, outlet names) or from a user (custom entity names) is untrusted: it is escaped
// here, once, so no caller has to remember to.
import type { types } from '@slack/bolt';
import type { Alert, AlertSource, Reply, Severity } from '../../src/model.ts';
import { CATEGORY_LABELS } from '../../src/model.ts';

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


// Lookalike glyphs for mrkdwn's formatting characters. Slack has no backslash escape, and a
// zero-width space next to a marker *enables* mid-word formatting instead of stopping it, so the
// marker itself is swapped for a character that looks the same and that no mrkdwn rule reacts to.
const MRKDWN_LOOKALIKE: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/**
 * Makes untrusted text inert inside a Slack mrkdwn (or top-level `text`) field: escapes `&`, `<`, `>`
 * (which kills `<!channel>`, `<@U…>`, `<#C…>`, `<http://…|…>`), breaks bare `@here`/`@channel`/
 * `@everyone` with a zero-width joiner, swaps `*_~\`` for lookalikes so injected formatting shows
 * literally, and keeps a leading `>` from turning the line into a quote.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(?<![\w.@])@(here|channel|everyone)\b/gi, '@\u200d$1')
    .replace(/[*_~`]/g, (c) => MRKDWN_LOOKALIKE[c] ?? c)
    .replace(/(^|\n)&gt;/g, '$1\u00ad&gt;');
}

/**
 * Shortens already-escaped text to at most `max` characters, ending in `…`, without cutting an
 * `&amp;`-style entity or a surrogate pair in half.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && amp >= cut.length - 4 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + '…';
}

/** Plain-text variant for header blocks (no mrkdwn parsing there; only length matters). */
function truncatePlain(text: string, max: number): string {
  return truncateEscaped(text.replace(/\s+/g, ' ').trim(), max);
}

// Longer URLs are shown unlinked rather than eat the section's 3000-character budget.
const MAX_LINK_URL = 1500;

/**
 * An http(s) URL made safe to sit inside `<url|label>`: parsed and re-serialised, then `|`, `<`, `>`,
 * quotes and whitespace percent-encoded so nothing can end the link early, and `&` written as
 * `&amp;` as Slack's control-character rule asks. Anything else (javascript:, mailto:, junk) → undefined.
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
  const href = url.href
    .replace(/[|<>"'`\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
    .replace(/&/g, '&amp;');
  return href.length <= MAX_LINK_URL ? href : undefined;
}

/** `<url|label>` when the URL is safe, otherwise just the label. The label must be escaped already. */
function link(url: string | undefined, escapedLabel: string): string {
  const safe = safeLinkUrl(url);
  return safe ? `<${safe}|${escapedLabel}>` : escapedLabel;
}

function mrkdwn(text: string): MrkdwnText {
  // verbatim: Slack would otherwise auto-link URLs and channel names found in feed text.
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(truncateEscaped(text, SLACK_LIMITS.sectionText)) };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(truncateEscaped(text, SLACK_LIMITS.sectionText))] };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncatePlain(text, SLACK_LIMITS.headerText), emoji: true } };
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
 * Joins lines into as few texts as possible, each at most `max` characters (an over-long single
 * line is truncated). Returns the texts with how many lines each holds.
 */
export function packLines(lines: string[], max: number = SLACK_LIMITS.sectionText): Array<{ text: string; lines: number }> {
  const packs: Array<{ text: string; lines: number }> = [];
  let current: { text: string; lines: number } | undefined;
  for (const raw of lines) {
    const line = truncateEscaped(raw, max);
    if (current && current.text.length + 1 + line.length <= max) {
      current.text += '\n' + line;
      current.lines += 1;
    } else {
      current = { text: line, lines: 1 };
      packs.push(current);
    }
  }
  return packs;
}

/** Caps a list of blocks at 50, replacing the overflow with one "…and N more" line. */
function capBlocks(blocks: Array<{ block: KnownBlock; lines: number }>, unit: string): KnownBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks.map((b) => b.block);
  const kept = blocks.slice(0, SLACK_LIMITS.blocks - 1);
  const dropped = blocks.slice(SLACK_LIMITS.blocks - 1).reduce((n, b) => n + b.lines, 0);
  return [...kept.map((b) => b.block), context(`…and ${dropped} more ${unit}`)];
}

function listWithMore(items: string[], maxChars: number, separator: string): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const more = items.length - i - 1;
    const next = (out ? out + separator : '') + items[i];
    const reserve = more > 0 ? ` …and ${more} more`.length : 0;
    if (next.length + reserve > maxChars) return `${out} …and ${items.length - i} more`;
    out = next;
  }
  return out;
}

function entitiesLine(alert: Alert): string {
  const names = alert.entities.map((e) => `*${escapeMrkdwn(e.name)}*`);
  const label = names.length === 1 ? 'Entity' : 'Entities';
  return `${label}: ${listWithMore(names, SLACK_LIMITS.sectionText - 40, ', ')}`;
}

function whyLine(alert: Alert): string | undefined {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of alert.matches) {
    const key = `${m.matched.toLowerCase()}|${m.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`"${escapeMrkdwn(m.matched)}" in ${m.field}${m.weak ? ' (confirmed by context)' : ''}`);
  }
  if (parts.length === 0) return undefined;
  return `Matched ${listWithMore(parts, SLACK_LIMITS.sectionText - 40, ', ')}`;
}

function sourceLine(source: string, publishedAt: string | undefined): string {
  const date = formatDate(publishedAt);
  return [escapeMrkdwn(source), date].filter(Boolean).join(' · ');
}

/** The header of a new or escalated alert: severity mark, level and kind of development. */
export function alertHeadline(alert: Pick<Alert, 'severity' | 'category' | 'kind'>): string {
  const base = `${SEVERITY_MARK[alert.severity]} ${alert.severity.toUpperCase()} · ${CATEGORY_LABELS[alert.category]}`;
  return alert.kind === 'escalation' ? `${base} · escalated` : base;
}

function renderFollowUp(alert: Alert): RenderedMessage {
  const sources: AlertSource[] = alert.extraSources?.length
    ? alert.extraSources
    : [{ title: alert.title, link: alert.link, source: alert.source, publishedAt: alert.publishedAt }];
  const count = sources.length;
  const intro = `📰 *${count} more ${count === 1 ? 'source' : 'sources'}* on this story`;
  const lines = sources.map((s) => `• ${link(s.link, escapeMrkdwn(s.title))}${s.citation ? ` (${escapeMrkdwn(s.citation)})` : ''} — ${sourceLine(s.source, s.publishedAt)}`);
  const packs = packLines(lines).map((p) => ({ block: section(p.text), lines: p.lines }));
  const blocks = capBlocks([{ block: section(intro), lines: 0 }, ...packs], 'sources');
  const text = truncateEscaped(`${count} more ${count === 1 ? 'source' : 'sources'} on: ${escapeMrkdwn(alert.title)}`, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

/**
 * Renders an alert as Block Kit. `new` and `escalation` give a full top-level alert (header with
 * severity and category, linked title, entities, summary, why it matched, citation, source and
 * date); `follow-up` gives a compact list of the extra sources, meant for the original's thread.
 * Always within Slack's limits, whatever the feed sent.
 */
export function renderAlert(alert: Alert): RenderedMessage {
  if (alert.kind === 'follow-up') return renderFollowUp(alert);
  const headline = alertHeadline(alert);
  const title = escapeMrkdwn(alert.title.trim() || '(untitled)');
  // The title is capped well below the section limit so a hostile one cannot crowd out its link.
  const titleLine = `*${link(alert.link, truncateEscaped(title, 500))}*`;
  const blocks: KnownBlock[] = [header(headline)];
  if (alert.kind === 'escalation') {
    blocks.push(context(`⬆️ Escalated: this story is now rated *${alert.severity.toUpperCase()}*, higher than when it was first posted.`));
  }
  blocks.push(section(titleLine));
  if (alert.entities.length) blocks.push(section(entitiesLine(alert)));
  const summary = escapeMrkdwn(alert.summary.trim());
  if (summary) blocks.push(section(summary));
  const details: string[] = [];
  const why = whyLine(alert);
  if (why) details.push(why);
  if (alert.citation) details.push(`Citation: ${escapeMrkdwn(alert.citation)}${alert.official ? ' (official document)' : ''}`);
  else if (alert.official) details.push('Official source');
  for (const d of details) blocks.push(context(d));
  blocks.push(context(sourceLine(alert.source, alert.publishedAt)));
  const names = alert.entities.map((e) => escapeMrkdwn(e.name));
  const about = names.length ? ` (${listWithMore(names, 300, ', ')})` : '';
  const text = truncateEscaped(`${headline}: ${title}${about}`, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

/**
 * Renders a command reply: bold title, then each section (optional bold heading, then its lines),
 * split into ≤ 3000-character sections and capped at 50 blocks with "…and N more lines".
 * Reply lines can quote feed titles, so they are escaped like feed text. Errors are always ephemeral.
 */
export function renderReply(reply: Reply): RenderedReply {
  const title = escapeMrkdwn(reply.title.trim() || (reply.error ? 'That did not work' : 'Done'));
  const titleText = `${reply.error ? '⚠️ ' : ''}*${truncateEscaped(title, 1000)}*`;
  const blocks: Array<{ block: KnownBlock; lines: number }> = [{ block: section(titleText), lines: 0 }];
  for (const s of reply.sections) {
    const lines = s.lines.map((l) => escapeMrkdwn(l)).filter((l) => l.trim() !== '');
    if (s.heading?.trim()) lines.unshift(`*${truncateEscaped(escapeMrkdwn(s.heading.trim()), 500)}*`);
    const headingCount = s.heading?.trim() ? 1 : 0;
    packLines(lines).forEach((p, i) => {
      // The heading line is not a "line" of content when counting what was left out.
      blocks.push({ block: section(p.text), lines: i === 0 ? p.lines - headingCount : p.lines });
    });
  }
  return {
    // Refusals and mistakes are shown to the caller only, whatever the command asked for.
    response_type: reply.error ? 'ephemeral' : reply.visibility,
    text: truncateEscaped(title, SLACK_LIMITS.fallbackText),
    blocks: capBlocks(blocks, 'lines'),
  };
}
