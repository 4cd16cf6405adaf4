// Typo distance for "did you mean" suggestions.

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1, so "tencnet" is one step from "tencent".
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the swap rule looks two rows back.
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (twoBack[j - 2] as number) + 1);
      }
      row[j] = best;
    }
    [twoBack, prev, row] = [prev, row, twoBack];
  }
  return prev[b.length] as number;
}

/** Below this similarity a name is another name, not a typo of it (see `nameSimilarity`). */
export const SUGGESTION_FLOOR = 0.7;

/**
 * How alike two lookup keys are, from 0 to 1: one minus the edit distance over the longer length,
 * so one typo in "alipay" scores 0.83 while "douyin" against "dji" scores 0.33. A query of three
 * characters or more that starts a name ("hua" for "huawei") counts as just above the floor.
 */
export function nameSimilarity(query: string, name: string): number {
  const longer = Math.max(query.length, name.length);
  if (longer === 0) return 1;
  const score = 1 - editDistance(query, name) / longer;
  return query.length >= 3 && name.startsWith(query) ? Math.max(score, SUGGESTION_FLOOR + 0.05) : score;
}
