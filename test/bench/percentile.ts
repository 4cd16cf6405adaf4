// Order statistics for latency samples.

/**
 * The p-th percentile (0–100) by the nearest-rank method: a value that was actually observed.
 * @throws RangeError for an empty list
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The median (nearest rank). */
export const median = (values: readonly number[]): number => percentile(values, 50);
