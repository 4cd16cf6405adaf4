// Plain-text rendering for a terminal: alerts and command replies as readable blocks.
import type { Alert, Reply } from '../../src/model.ts';
import { CATEGORY_LABELS } from '../../src/model.ts';


/** Strips control characters so feed text cannot move the cursor or clear the terminal. */
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** An alert as a block of lines for stdout. */
export function renderAlert(alert: Alert): string {
  const head =
    alert.kind === 'follow-up'
      ? `── MORE SOURCES · ${clean(alert.title)}`
      : `══ ${alert.severity.toUpperCase()} · ${CATEGORY_LABELS[alert.category]}${alert.kind === 'escalation' ? ' · ESCALATED' : ''} ══`;
  const lines = [head];
  if (alert.kind === 'follow-up') {
    for (const s of alert.extraSources ?? []) lines.push(`   + ${clean(s.source)}: ${clean(s.title)}${s.citation ? ` (${clean(s.citation)})` : ''}${s.link ? ` <${clean(s.link)}>` : ''}`);
    return lines.join('\n');
  }
  lines.push(`Entities: ${alert.entities.map((e) => clean(e.name)).join(', ')}`);
  lines.push(`Title:    ${clean(alert.title)}`);
  lines.push(`Source:   ${clean(alert.source)}${alert.publishedAt ? ` · ${alert.publishedAt.slice(0, 10)}` : ''}`);
  if (alert.citation) lines.push(`Citation: ${clean(alert.citation)}`);
  lines.push(`Summary:  ${clean(alert.summary)}`);
  const why = alert.matches.map((m) => `"${clean(m.matched)}" in ${m.field}`).join(', ');
  if (why) lines.push(`Matched:  ${why}`);
  if (alert.link) lines.push(`Link:     ${clean(alert.link)}`);
  return lines.join('\n');
}

/** A command reply as text. */
export function renderReply(reply: Reply): string {
  const out = [`# ${clean(reply.title)}`];
  for (const s of reply.sections) {
    if (s.heading) out.push(`## ${clean(s.heading)}`);
    for (const line of s.lines) out.push(`  ${clean(line)}`);
  }
  return out.join('\n');
}
