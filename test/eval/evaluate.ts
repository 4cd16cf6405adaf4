// Joins the pipeline's predictions with the labels and computes every figure the report shows.
import type { Labels } from './corpus.ts';
import { confusion, scoreEntities, scorePairwise } from './metrics.ts';
import type { Confusion, EntityScores, PairScores } from './metrics.ts';

/** One line of `scan --json` output, as far as the evaluation needs it. */
export interface Prediction {
  guid: string;
  entities: string[];
  category?: string;
  story?: string;
  title?: string;
}

export interface ParsedPredictions {
  predictions: Map<string, Prediction>;
  /** Lines that were skipped, with the reason. */
  problems: string[];
}

/**
 * Parses JSON Lines output. Blank lines are ignored; a line that is not a JSON object with a
 * string `guid` is reported and skipped; a repeated guid keeps its first line.
 */
export function parsePredictions(jsonl: string): ParsedPredictions {
  const predictions = new Map<string, Prediction>();
  const problems: string[] = [];
  jsonl.split(/\r?\n/).forEach((line, index) => {
    const text = line.trim();
    if (!text) return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`${where}: not JSON: ${text.slice(0, 80)}`);
      return;
    }
    const raw = value as Record<string, unknown> | null;
    // An item without a guid is labelled by its link (scan prints guid null and the link).
    const v = raw && typeof raw === 'object' && raw.guid == null && typeof raw.link === 'string' ? { ...raw, guid: raw.link } : raw;
    if (!v || typeof v !== 'object' || typeof v.guid !== 'string') {
      problems.push(`${where}: expected an object with a string "guid" (or a null guid and a "link"), got ${text.slice(0, 80)}`);
      return;
    }
    if (predictions.has(v.guid)) {
      problems.push(`${where}: guid ${v.guid} repeated; the first line is kept`);
      return;
    }
    predictions.set(v.guid, {
      guid: v.guid,
      entities: Array.isArray(v.entities) ? v.entities.filter((e): e is string => typeof e === 'string') : [],
      category: typeof v.category === 'string' ? v.category : undefined,
      story: typeof v.story === 'string' && v.story ? v.story : undefined,
      title: typeof v.title === 'string' ? v.title : undefined,
    });
  });
  return { predictions, problems };
}

export interface ItemError {
  guid: string;
  /** Labeled entities the pipeline did not find. */
  missing: string[];
  /** Entities the pipeline found that the label does not have. */
  extra: string[];
}

export interface CategoryError {
  guid: string;
  gold: string;
  predicted?: string;
}

export interface StoryError {
  kind: 'split' | 'merged';
  /** For `split`: the labeled story; for `merged`: the predicted story. */
  story: string;
  /** The other side's story ids, each with the guids it holds. */
  parts: Record<string, string[]>;
}

export interface Figures {
  counts: {
    items: number;
    labeledStories: number;
    multiItemStories: number;
    itemsWithEntities: number;
    /** Labeled guids the pipeline printed. */
    predicted: number;
    /** Labeled guids the pipeline did not print (scored as "found nothing"). */
    missing: string[];
    /** Printed guids that have no label (ignored). */
    unlabeled: string[];
  };
  entities: EntityScores;
  /** Null when the catalog was not available. */
  baseline: EntityScores | null;
  /** Over items with at least one labeled entity. */
  category: Confusion;
  /** Over every labeled item. */
  stories: PairScores;
  errors: { entities: ItemError[]; categories: CategoryError[]; stories: StoryError[] };
}

export interface EvaluateInput {
  labels: Labels;
  predictions: Map<string, Prediction>;
  /** Baseline entity ids per guid, when the baseline could run. */
  baseline?: Map<string, string[]>;
  /** Display order of categories in the confusion table. */
  categoryOrder?: readonly string[];
}

/** Computes every figure from labels and predictions; no I/O. */
export function evaluate({ labels, predictions, baseline, categoryOrder = [] }: EvaluateInput): Figures {
  const guids = Object.keys(labels);
  const missing = guids.filter((g) => !predictions.has(g));
  const unlabeled = [...predictions.keys()].filter((g) => !(g in labels));

  const entityPairs = guids.map((g) => ({ gold: labels[g]!.entities, predicted: predictions.get(g)?.entities ?? [] }));
  const withEntities = guids.filter((g) => labels[g]!.entities.length > 0);
  const storySizes = new Map<string, number>();
  for (const g of guids) storySizes.set(labels[g]!.story, (storySizes.get(labels[g]!.story) ?? 0) + 1);

  const entityErrors: ItemError[] = [];
  for (const g of guids) {
    const gold = new Set(labels[g]!.entities);
    const got = new Set(predictions.get(g)?.entities ?? []);
    const miss = [...gold].filter((e) => !got.has(e));
    const extra = [...got].filter((e) => !gold.has(e));
    if (miss.length || extra.length) entityErrors.push({ guid: g, missing: miss, extra });
  }
  const categoryErrors: CategoryError[] = withEntities
    .filter((g) => predictions.get(g)?.category !== labels[g]!.category)
    .map((g) => ({ guid: g, gold: labels[g]!.category, predicted: predictions.get(g)?.category }));

  return {
    counts: {
      items: guids.length,
      labeledStories: storySizes.size,
      multiItemStories: [...storySizes.values()].filter((n) => n > 1).length,
      itemsWithEntities: withEntities.length,
      predicted: guids.length - missing.length,
      missing,
      unlabeled,
    },
    entities: scoreEntities(entityPairs),
    baseline: baseline ? scoreEntities(guids.map((g) => ({ gold: labels[g]!.entities, predicted: baseline.get(g) ?? [] }))) : null,
    category: confusion(
      withEntities.map((g) => ({ gold: labels[g]!.category, predicted: predictions.get(g)?.category })),
      categoryOrder,
    ),
    stories: scorePairwise(guids.map((g) => ({ gold: labels[g]!.story, predicted: predictions.get(g)?.story }))),
    errors: { entities: entityErrors, categories: categoryErrors, stories: storyErrors(guids, labels, predictions) },
  };
}

/** Labeled stories spread over several predicted stories, and predicted stories mixing labeled ones. */
function storyErrors(guids: string[], labels: Labels, predictions: Map<string, Prediction>): StoryError[] {
  const byGold = new Map<string, Record<string, string[]>>();
  const byPredicted = new Map<string, Record<string, string[]>>();
  const add = (m: Map<string, Record<string, string[]>>, key: string, part: string, guid: string) => {
    const parts = m.get(key) ?? {};
    (parts[part] ??= []).push(guid);
    m.set(key, parts);
  };
  for (const g of guids) {
    const gold = labels[g]!.story;
    const predicted = predictions.get(g)?.story;
    add(byGold, gold, predicted ?? `(no story: ${g})`, g);
    if (predicted) add(byPredicted, predicted, gold, g);
  }
  const errors: StoryError[] = [];
  for (const [story, parts] of byGold) if (Object.keys(parts).length > 1) errors.push({ kind: 'split', story, parts });
  for (const [story, parts] of byPredicted) if (Object.keys(parts).length > 1) errors.push({ kind: 'merged', story, parts });
  return errors;
}

export interface Thresholds {
  minEntityF1: number;
  minCategoryAccuracy: number;
  minStoryF1: number;
  /** Story pairwise precision below this fails (a merged story hides a development). @default 0 */
  minStoryPrecision?: number;
}

/** Which thresholds the figures miss; an unmeasurable figure (null) counts as a miss. */
export function checkThresholds(figures: Figures, t: Thresholds): string[] {
  const failures: string[] = [];
  const below = (name: string, value: number | null, min: number) => {
    if (value === null ? min > 0 : value < min) {
      failures.push(`${name} ${value === null ? 'could not be measured' : value.toFixed(3)} is below the minimum ${min}`);
    }
  };
  below('entity F1 (micro)', figures.entities.micro.f1, t.minEntityF1);
  below('category accuracy', figures.category.accuracy, t.minCategoryAccuracy);
  below('story pairwise F1', figures.stories.f1, t.minStoryF1);
  if (t.minStoryPrecision) below('story pairwise precision', figures.stories.precision, t.minStoryPrecision);
  return failures;
}
