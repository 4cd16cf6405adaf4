// The benchmark's table: one row per figure, grouped in sections, with the target and its verdict
// where the figure has one. Plain text, so it reads the same in a terminal and in a CI log.

export interface ReportRow {
  label: string;
  value: string;
  /** The target, as a person would say it ("≤ 2× floor"). */
  target?: string;
  pass?: boolean;
}

export interface ReportSection {
  title: string;
  rows: ReportRow[];
}

/** Renders sections as an aligned table. */
export function formatReport(heading: string, sections: readonly ReportSection[]): string {
  const rows = sections.flatMap((s) => s.rows);
  const w = {
    label: Math.max(6, ...rows.map((r) => r.label.length)),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
    target: Math.max(6, ...rows.map((r) => (r.target ?? '').length)),
  };
  const line = (label: string, value: string, target: string, verdict: string) =>
    `  ${label.padEnd(w.label)}  ${value.padStart(w.value)}  ${target.padEnd(w.target)}  ${verdict}`.trimEnd();
  const out = [heading, '', line('figure', 'value', 'target', 'result'), `  ${'─'.repeat(w.label + w.value + w.target + 12)}`];
  for (const s of sections) {
    out.push(`${s.title}`);
    for (const r of s.rows) out.push(line(r.label, r.value, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL'));
  }
  const judged = rows.filter((r) => r.pass !== undefined);
  out.push('', `targets met: ${judged.filter((r) => r.pass).length} of ${judged.length}`);
  return out.join('\n');
}

/** 1234.5 → "1,235"; small numbers keep `digits` decimals. */
export function fmt(n: number, digits = 1): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);
}

/** Bytes → "123.4 MB" (MB = 2^20 bytes). */
export const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
