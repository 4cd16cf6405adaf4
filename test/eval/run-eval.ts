// `npm run eval`: runs the real pipeline (`node src/bin.js scan <feeds> --json`) over the labeled
// corpus and scores entity matching, categories and story grouping against the labels.
//
//   npx tsx test/eval/run-eval.ts [--from out.jsonl] [--json] [--show-errors [n]]
//                                 [--min-f1 0.95] [--min-category 0.85] [--min-story-f1 0]
//                                 [--corpus dir] [--catalog data/entities.json]
//
// Exit code: 0 when every threshold holds, 1 when one does not, 2 when the evaluation could not run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../../src/model.ts';
import { naiveMatch, readCatalogNames } from './baseline.ts';
import { DEFAULT_CORPUS_DIR, ENTITY_IDS, loadCorpus } from './corpus.ts';
import { checkThresholds, evaluate, parsePredictions } from './evaluate.ts';
import type { Thresholds } from './evaluate.ts';
import { formatReport } from './report.ts';

/** Overall entity F1 (micro) below this fails the run. */
export const MIN_ENTITY_F1 = 0.95;
/** Category accuracy (items naming a watched entity) below this fails the run. */
export const MIN_CATEGORY_ACCURACY = 0.85;
/** Story pairwise F1 below this fails the run. 0 until story grouping is tuned. */
export const MIN_STORY_F1 = 0.85;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_TIMEOUT_MS = 10 * 60 * 1000;

const USAGE = `Usage: npx tsx test/eval/run-eval.ts [options]

  --from <file.jsonl>     score this scan output instead of running the CLI
  --json                  end the report with one line of JSON holding every figure
  --show-errors [n]       list individual mistakes (default n = 20 per kind)
  --min-f1 <0..1>         minimum overall entity F1 (default ${MIN_ENTITY_F1})
  --min-category <0..1>   minimum category accuracy (default ${MIN_CATEGORY_ACCURACY})
  --min-story-f1 <0..1>   minimum story pairwise F1 (default ${MIN_STORY_F1})
  --corpus <dir>          corpus directory with labels.json and feeds/ (default test/fixtures/eval)
  --catalog <file>        entity catalog for the naive baseline (default data/entities.json)`;

class UsageError extends Error {}

interface Options {
  from?: string;
  json: boolean;
  showErrors: number;
  thresholds: Thresholds;
  corpus: string;
  catalog: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  // `--show-errors` takes an optional count: normalise "--show-errors" without one to "=20".
  const args = argv.map((a, i) => (a === '--show-errors' && !/^\d+$/.test(argv[i + 1] ?? '') ? '--show-errors=20' : a));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        json: { type: 'boolean', default: false },
        'show-errors': { type: 'string' },
        'min-f1': { type: 'string' },
        'min-category': { type: 'string' },
        'min-story-f1': { type: 'string' },
        corpus: { type: 'string' },
        catalog: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const ratio = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`Expected --${name} to be a number from 0 to 1, got "${raw}"`);
    return n;
  };
  const showErrors = v['show-errors'] === undefined ? 0 : Number(v['show-errors']);
  if (!Number.isInteger(showErrors) || showErrors < 0) throw new UsageError(`Expected --show-errors to be a whole number, got "${v['show-errors']}"`);
  return {
    from: v.from,
    json: v.json ?? false,
    showErrors,
    thresholds: {
      minEntityF1: ratio('min-f1', v['min-f1'], MIN_ENTITY_F1),
      minCategoryAccuracy: ratio('min-category', v['min-category'], MIN_CATEGORY_ACCURACY),
      minStoryF1: ratio('min-story-f1', v['min-story-f1'], MIN_STORY_F1),
    },
    corpus: v.corpus ? resolveFromCwd(v.corpus) : DEFAULT_CORPUS_DIR,
    catalog: v.catalog ? resolveFromCwd(v.catalog) : join(ROOT, 'data', 'entities.json'),
  };
}

const resolveFromCwd = (p: string) => (isAbsolute(p) ? p : join(process.cwd(), p));

/** Runs the scan CLI over the feed files and returns its stdout, or throws with its stderr. */
function runScan(feedFiles: string[]): { stdout: string; command: string } {
  const files = feedFiles.map((f) => {
    const rel = relative(ROOT, f);
    return rel.startsWith('..') ? f : rel;
  });
  const args = ['src/bin.js', 'scan', ...files, '--json'];
  const command = `node ${args.slice(0, 2).join(' ')} <${files.length} feed files> --json`;
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: CLI_TIMEOUT_MS });
  if (result.error) throw new Error(`Could not run "${command}": ${result.error.message}`);
  if (result.status !== 0) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`"${command}" exited with code ${result.status}. Last output:\n${tail}\nUse --from <file.jsonl> to score saved output instead.`);
  }
  return { stdout: result.stdout, command };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const corpus = await loadCorpus(options.corpus);
  const warnings: string[] = [];

  const { stdout, source } = options.from
    ? { stdout: readFileSync(resolveFromCwd(options.from), 'utf8'), source: `file ${options.from}` }
    : (() => {
        const r = runScan(corpus.feedFiles);
        return { stdout: r.stdout, source: r.command };
      })();
  const { predictions, problems } = parsePredictions(stdout);
  if (problems.length) warnings.push(`${problems.length} output line(s) skipped, first: ${problems[0]}`);

  // Baseline: keyword search over the raw feed text, as simple bots do.
  const catalog = readCatalogNames(options.catalog);
  let baseline: Map<string, string[]> | undefined;
  let baselineNote: string | undefined;
  if (catalog.kind === 'ok') {
    baseline = new Map(corpus.items.map((item) => [item.guid, naiveMatch(catalog.entries, `${item.title}\n${item.description}`)]));
    const known = new Set(catalog.entries.map((e) => e.id));
    const absent = ENTITY_IDS.filter((id) => !known.has(id));
    if (absent.length) warnings.push(`the catalog has no entry for ${absent.join(', ')}`);
  } else {
    baselineNote = catalog.reason;
  }

  const unlabeledItems = corpus.items.filter((i) => !(i.guid in corpus.labels)).length;
  if (unlabeledItems) warnings.push(`${unlabeledItems} feed item(s) have no label`);

  const figures = evaluate({ labels: corpus.labels, predictions, baseline, categoryOrder: CATEGORIES });
  const failures = checkThresholds(figures, options.thresholds);
  console.log(
    formatReport(figures, {
      thresholds: options.thresholds,
      failures,
      source,
      baselineNote,
      warnings,
      showErrors: options.showErrors,
      items: new Map(corpus.items.map((i) => [i.guid, { feed: basename(i.feedFile), title: i.title }])),
    }),
  );
  if (options.json) {
    const { errors: _errors, ...rest } = figures;
    console.log(JSON.stringify({ ...rest, thresholds: options.thresholds, pass: failures.length === 0, failures }));
  }
  return failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : `eval: ${(err as Error).message}`);
    process.exitCode = 2;
  },
);
