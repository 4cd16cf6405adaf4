// Pure scoring functions for the evaluation corpus: entity matching (precision/recall/F1 per
// entity and micro-averaged), category accuracy with a confusion table, and pairwise story grouping.

/** Raw counts for one entity (or for all of them together). */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts plus the ratios. A ratio is null when its denominator is zero (nothing to measure). */
export interface Scores extends Counts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision, recall and F1 from counts. F1 is 2tp / (2tp + fp + fn), the harmonic mean of P and R. */
export function scoreCounts({ tp, fp, fn }: Counts): Scores {
  return {
    tp,
    fp,
    fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null,
  };
}

export interface EntityScores {
  /** One row per entity id seen in the gold labels or the predictions, sorted by id. */
  perEntity: Record<string, Scores>;
  /** Micro average: counts summed over every (item, entity) decision. */
  micro: Scores;
}

/**
 * Scores entity matching item by item: an entity is a true positive when both the label and the
 * prediction name it for the same item. Duplicates inside one list count once.
 */
export function scoreEntities(pairs: ReadonlyArray<{ gold: readonly string[]; predicted: readonly string[] }>): EntityScores {
  const counts = new Map<string, Counts>();
  const at = (id: string): Counts => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const { gold, predicted } of pairs) {
    const g = new Set(gold);
    const p = new Set(predicted);
    for (const id of g) at(id)[p.has(id) ? 'tp' : 'fn']++;
    for (const id of p) if (!g.has(id)) at(id).fp++;
  }
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const perEntity: Record<string, Scores> = {};
  for (const id of [...counts.keys()].sort()) {
    const c = counts.get(id)!;
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    perEntity[id] = scoreCounts(c);
  }
  return { perEntity, micro: scoreCounts(total) };
}

/** What a missing prediction is called in the confusion table. */
export const NO_PREDICTION = '(none)';

export interface Confusion {
  /** Row labels (gold), in display order. */
  rows: string[];
  /** Column labels (predicted), in display order; includes NO_PREDICTION only when it occurred. */
  columns: string[];
  /** matrix[gold][predicted] = number of items. */
  matrix: Record<string, Record<string, number>>;
  correct: number;
  total: number;
  accuracy: number | null;
}

/**
 * Accuracy and confusion table of single-label predictions. `order` fixes the display order of
 * known labels; labels outside it (typos in a prediction, say) are appended sorted.
 */
export function confusion(
  pairs: ReadonlyArray<{ gold: string; predicted: string | null | undefined }>,
  order: readonly string[] = [],
): Confusion {
  const matrix: Record<string, Record<string, number>> = {};
  const seenGold = new Set<string>();
  const seenPredicted = new Set<string>();
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    const p = predicted ?? NO_PREDICTION;
    seenGold.add(gold);
    seenPredicted.add(p);
    const row = (matrix[gold] ??= {});
    row[p] = (row[p] ?? 0) + 1;
    if (p === gold) correct++;
  }
  const arrange = (seen: Set<string>) => [
    ...order.filter((l) => seen.has(l)),
    ...[...seen].filter((l) => !order.includes(l) && l !== NO_PREDICTION).sort(),
    ...(seen.has(NO_PREDICTION) ? [NO_PREDICTION] : []),
  ];
  return {
    rows: arrange(seenGold),
    columns: arrange(seenPredicted),
    matrix,
    correct,
    total: pairs.length,
    accuracy: pairs.length > 0 ? correct / pairs.length : null,
  };
}

export interface PairScores {
  /** Pairs of items grouped together by both the prediction and the labels. */
  tp: number;
  /** Pairs grouped together by the prediction. */
  predictedPairs: number;
  /** Pairs grouped together by the labels. */
  goldPairs: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  predictedClusters: number;
  goldClusters: number;
}

const pairsIn = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise clustering scores: every unordered pair of items is a decision "same story or not".
 * Precision = shared pairs / predicted pairs, recall = shared pairs / gold pairs. An item with no
 * predicted story is a cluster of its own.
 */
export function scorePairwise(items: ReadonlyArray<{ gold: string; predicted: string | null | undefined }>): PairScores {
  const gold = new Map<string, number>();
  const predicted = new Map<string, number>();
  const joint = new Map<string, number>();
  items.forEach((item, i) => {
    // A unique key that no real story id can collide with keeps unassigned items apart.
    const p = item.predicted ?? `\u0000unassigned:${i}`;
    gold.set(item.gold, (gold.get(item.gold) ?? 0) + 1);
    predicted.set(p, (predicted.get(p) ?? 0) + 1);
    const key = `${item.gold}\u0000${p}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((acc, n) => acc + pairsIn(n), 0);
  const tp = sum(joint);
  const predictedPairs = sum(predicted);
  const goldPairs = sum(gold);
  return {
    tp,
    predictedPairs,
    goldPairs,
    precision: predictedPairs > 0 ? tp / predictedPairs : null,
    recall: goldPairs > 0 ? tp / goldPairs : null,
    f1: predictedPairs + goldPairs > 0 ? (2 * tp) / (predictedPairs + goldPairs) : null,
    predictedClusters: predicted.size,
    goldClusters: gold.size,
  };
}
