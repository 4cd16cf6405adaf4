// Renders evaluation figures as aligned plain-text tables.
import { ENTITY_IDS } from './corpus.ts';
import type { Figures, Thresholds } from './evaluate.ts';
import { NO_PREDICTION } from './metrics.ts';
import type { Scores } from './metrics.ts';

/** Pads every column to its widest cell. `align` is per column: 'l' (default) or 'r'. */
export function formatTable(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const num = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** Short column names for the confusion table (full names label the rows). */
const SHORT: Record<string, string> = {
  'executive-order': 'EO',
  ban: 'BAN',
  sanctions: 'SANC',
  'export-control': 'EXPORT',
  'investment-restriction': 'INVEST',
  legislation: 'LEGIS',
  litigation: 'LITIG',
  revocation: 'REVOKE',
  investigation: 'PROBE',
  corporate: 'CORP',
  other: 'OTHER',
  [NO_PREDICTION]: 'NONE',
};

export interface ReportOptions {
  thresholds: Thresholds;
  failures: string[];
  /** Where predictions came from (the CLI command or the --from file). */
  source: string;
  /** Why there is no baseline, when there is none. */
  baselineNote?: string;
  /** Extra warnings to show (unparseable lines, labeled ids the catalog lacks…). */
  warnings?: string[];
  /** Print the individual mistakes, at most this many per kind (0 = none). */
  showErrors?: number;
  /** Where each item comes from, to name items in the mistake lists. */
  items?: Map<string, { feed: string; title: string }>;
  /** End with the thresholds and PASS/FAIL (off when another part of the report gives the verdict). @default true */
  verdict?: boolean;
}

/** The whole human-readable report. */
export function formatReport(f: Figures, o: ReportOptions): string {
  const out: string[] = [];
  const c = f.counts;
  out.push(`Predictions: ${o.source}`);
  out.push(
    `Corpus: ${c.items} labeled items (${c.itemsWithEntities} name a watched entity), ${c.labeledStories} stories (${c.multiItemStories} with 2+ items).`,
  );
  out.push(`Joined: ${c.predicted} items predicted, ${c.missing.length} labeled items missing from the output, ${c.unlabeled.length} unlabeled guids ignored.`);
  for (const w of o.warnings ?? []) out.push(`warning: ${w}`);

  // Entities.
  out.push('', 'ENTITY MATCHING (per item; micro average over all item×entity decisions)');
  const ids = [...ENTITY_IDS, ...Object.keys(f.entities.perEntity).filter((id) => !ENTITY_IDS.includes(id))];
  const goldCount = (s: Scores | undefined) => (s ? String(s.tp + s.fn) : '0');
  const row = (name: string, s: Scores | undefined, b: Scores | undefined | null) => [
    name,
    goldCount(s ?? b ?? undefined),
    num(s?.precision ?? null),
    num(s?.recall ?? null),
    num(s?.f1 ?? null),
    String(s?.tp ?? 0),
    String(s?.fp ?? 0),
    String(s?.fn ?? 0),
    ...(f.baseline ? [num(b?.precision ?? null), num(b?.recall ?? null), num(b?.f1 ?? null)] : []),
  ];
  const header = ['entity', 'gold', 'P', 'R', 'F1', 'tp', 'fp', 'fn', ...(f.baseline ? ['base P', 'base R', 'base F1'] : [])];
  const rows = ids.map((id) => row(id, f.entities.perEntity[id], f.baseline?.perEntity[id]));
  rows.push(row('MICRO', f.entities.micro, f.baseline?.micro));
  out.push(formatTable(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]));
  out.push(f.baseline ? 'base = case-insensitive substring search of every alias and weak alias over title + raw description.' : `baseline: not computed (${o.baselineNote ?? 'no catalog'})`);

  // Categories.
  const cat = f.category;
  out.push('', `CATEGORY (items with at least one labeled entity): accuracy ${num(cat.accuracy)} (${cat.correct}/${cat.total})`);
  const cols = cat.columns;
  const catRows = cat.rows.map((gold) => {
    const r = cat.matrix[gold] ?? {};
    const total = Object.values(r).reduce((a, n) => a + n, 0);
    return [gold, ...cols.map((p) => (r[p] ? String(r[p]) : '.')), String(total), num(total ? (r[gold] ?? 0) / total : null)];
  });
  out.push(formatTable(['label \\ predicted', ...cols.map((p) => SHORT[p] ?? p), 'n', 'acc'], catRows, ['l', ...cols.map(() => 'r' as const), 'r', 'r']));
  const legend = cols.filter((p) => SHORT[p]).map((p) => `${SHORT[p]}=${p}`);
  if (legend.length) out.push(`columns: ${legend.join(', ')}`);

  // Stories.
  const s = f.stories;
  out.push('', 'STORY GROUPING (pairwise, over all labeled items)');
  out.push(
    formatTable(
      ['P', 'R', 'F1', 'shared pairs', 'predicted pairs', 'labeled pairs', 'predicted stories', 'labeled stories'],
      [[num(s.precision), num(s.recall), num(s.f1), String(s.tp), String(s.predictedPairs), String(s.goldPairs), String(s.predictedClusters), String(s.goldClusters)]],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );

  // Mistakes.
  const limit = o.showErrors ?? 0;
  if (limit > 0) {
    const title = (g: string) => {
      const item = o.items?.get(g);
      return item ? `[${item.feed}] ${item.title}` : g;
    };
    const feedOf = (g: string) => o.items?.get(g)?.feed.replace(/\.xml$/, '') ?? g;
    const cap = <T>(list: T[]) => list.slice(0, limit);
    out.push('', `ENTITY MISTAKES (${f.errors.entities.length})`);
    for (const e of cap(f.errors.entities)) {
      out.push(`  ${[e.missing.length ? `missed ${e.missing.join(',')}` : '', e.extra.length ? `extra ${e.extra.join(',')}` : ''].filter(Boolean).join('; ')} :: ${title(e.guid)}`);
    }
    out.push('', `CATEGORY MISTAKES (${f.errors.categories.length})`);
    for (const e of cap(f.errors.categories)) out.push(`  ${e.gold} → ${e.predicted ?? NO_PREDICTION} :: ${title(e.guid)}`);
    out.push('', `STORY MISTAKES (${f.errors.stories.length})`);
    for (const e of cap(f.errors.stories)) {
      const parts = Object.entries(e.parts).map(([id, guids]) => `${id} (${guids.map(feedOf).join(', ')})`).join(' | ');
      out.push(`  ${e.kind === 'split' ? 'labeled story split' : 'predicted story merges'} ${e.story}: ${parts}`);
    }
  }

  if (o.verdict !== false) out.push('', formatVerdict(o.thresholds, o.failures));
  return out.join('\n');
}

/** The thresholds and whether the figures hold them. */
export function formatVerdict(t: Thresholds, failures: string[], scope = ''): string {
  const precision = t.minStoryPrecision ? ` (precision ≥ ${t.minStoryPrecision})` : '';
  return [
    `Thresholds${scope}: entity F1 ≥ ${t.minEntityF1}, category accuracy ≥ ${t.minCategoryAccuracy}, story F1 ≥ ${t.minStoryF1}${precision}`,
    failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS',
  ].join('\n');
}

/**
 * The headline figures of each split side by side (train, test): entities with the substring
 * baseline, category accuracy, story pairwise scores. Only aggregates: nothing about one item.
 */
export function formatSplits(splits: ReadonlyArray<{ name: string; figures: Figures }>): string {
  const cell = (f: (x: Figures) => number | null) => splits.map((s) => num(f(s.figures)));
  const count = (f: (x: Figures) => number) => splits.map((s) => String(f(s.figures)));
  const rows = [
    ['items (naming an entity)', ...splits.map((s) => `${s.figures.counts.items} (${s.figures.counts.itemsWithEntities})`)],
    ['stories (2+ items)', ...splits.map((s) => `${s.figures.counts.labeledStories} (${s.figures.counts.multiItemStories})`)],
    ['entity P', ...cell((x) => x.entities.micro.precision)],
    ['entity R', ...cell((x) => x.entities.micro.recall)],
    ['entity F1', ...cell((x) => x.entities.micro.f1)],
    ['baseline entity F1', ...cell((x) => x.baseline?.micro.f1 ?? null)],
    ['category accuracy', ...cell((x) => x.category.accuracy)],
    ['story P', ...cell((x) => x.stories.precision)],
    ['story R', ...cell((x) => x.stories.recall)],
    ['story F1', ...cell((x) => x.stories.f1)],
    ['predicted / labeled stories', ...count((x) => x.stories.predictedClusters).map((p, i) => `${p} / ${splits[i]!.figures.stories.goldClusters}`)],
  ];
  return formatTable(['figure', ...splits.map((s) => s.name)], rows, ['l', ...splits.map(() => 'r' as const)]);
}
