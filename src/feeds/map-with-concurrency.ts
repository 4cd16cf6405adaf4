// Polls many feeds without opening a connection to all of them at once.

/**
 * Maps `items` through `fn` with at most `limit` calls running at a time. Results keep the order of
 * `items`, whatever order the calls finish in. If a call rejects, no new calls start and the returned
 * promise rejects with that error (calls already running are left to finish).
 * @throws RangeError when `limit` is not a whole number >= 1
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Expected \`limit\` to be a whole number >= 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  const workers = Array.from({ length: Math.min(limit, items.length) }, () => worker());
  await Promise.all(workers);
  return results;
}
