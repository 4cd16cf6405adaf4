// Plain-text rendering for a terminal: alerts and command replies as readable blocks.
import type { Alert, Reply } from '../../src/model.ts';
import { CATEGORY_LABELS, sourceLabel } from '../../src/model.ts';


/** Strips control characters so feed text cannot move the cursor or clear the terminal. */
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** An alert as a block of lines for stdout. */
export function renderAlert(alert: Alert): string {
  if (alert.kind === 'digest') return renderDigest(alert);
  const head =
    alert.kind === 'follow-up'
      ? `── MORE SOURCES · ${clean(alert.title)}`
      : `══ ${alert.severity.toUpperCase()} · ${CATEGORY_LABELS[alert.category]}${alert.kind === 'escalation' ? ' · ESCALATED' : ''} ══`;
  const lines = [head];
  if (alert.kind === 'follow-up') {
    for (const s of alert.extraSources ?? []) lines.push(`   + ${clean(sourceLabel(s))}: ${clean(s.title)}${s.citation ? ` (${clean(s.citation)})` : ''}${s.link ? ` <${clean(s.link)}>` : ''}`);
    return lines.join('\n');
  }
  lines.push(`Entities: ${alert.entities.map((e) => clean(e.name)).join(', ')}`);
  lines.push(`Title:    ${clean(alert.title)}`);
  lines.push(`Source:   ${clean(sourceLabel(alert))}${alert.publishedAt ? ` · ${alert.publishedAt.slice(0, 10)}` : ''}`);
  if (alert.citation) lines.push(`Citation: ${clean(alert.citation)}`);
  lines.push(`Summary:  ${clean(alert.summary)}`);
  const why = alert.matches.map((m) => `"${clean(m.matched)}" in ${m.field}`).join(', ');
  if (why) lines.push(`Matched:  ${why}`);
  if (alert.link) lines.push(`Link:     ${clean(alert.link)}`);
  return lines.join('\n');
}

/** A digest: a header line, then two lines per story. */
function renderDigest(alert: Alert): string {
  const d = alert.digest;
  const stories = d?.stories ?? [];
  const lines = [`══ ${clean(d?.label ?? 'Digest').toUpperCase()} · ${stories.length === 1 ? '1 story' : `${stories.length} stories`} · ${d?.items === 1 ? '1 alert' : `${d?.items ?? 0} alerts`} held ══`];
  for (const st of stories) {
    lines.push(`[${st.severity.toUpperCase()}] ${clean(st.title)}${st.link ? ` <${clean(st.link)}>` : ''}`);
    lines.push(`   ${CATEGORY_LABELS[st.category]} · ${clean(st.entities.join(', '))} · ${st.items === 1 ? '1 report' : `${st.items} reports`} (${clean(st.sources.join(', '))})${st.latestAt ? ` · ${st.latestAt.slice(0, 10)}` : ''}`);
  }
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
