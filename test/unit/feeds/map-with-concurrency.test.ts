import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../src/feeds/map-with-concurrency.ts';

/** A promise the test settles by hand, so ordering is controlled without timers. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('runs at most `limit` calls at once and starts the next as one finishes', async () => {
    const gates = Array.from({ length: 5 }, () => deferred<string>());
    const started: number[] = [];
    const running = mapWithConcurrency([0, 1, 2, 3, 4], 2, (item) => {
      started.push(item);
      return gates[item]!.promise;
    });
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve('b');
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve('a');
    gates[2]!.resolve('c');
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[4]!.resolve('e');
    gates[3]!.resolve('d');
    expect(await running).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps results in input order when calls finish in reverse', async () => {
    const gates = Array.from({ length: 4 }, () => deferred<number>());
    const running = mapWithConcurrency([10, 20, 30, 40], 4, (_item, index) => gates[index]!.promise);
    for (let i = 3; i >= 0; i--) gates[i]!.resolve((i + 1) * 10);
    expect(await running).toEqual([10, 20, 30, 40]);
  });

  it('rejects with the first error and starts no further calls', async () => {
    const gates = Array.from({ length: 4 }, () => deferred<number>());
    const started: number[] = [];
    const running = mapWithConcurrency([0, 1, 2, 3], 1, (item) => {
      started.push(item);
      return gates[item]!.promise;
    });
    await settle();
    gates[0]!.reject(new Error('feed 0 exploded'));
    await expect(running).rejects.toThrow('feed 0 exploded');
    expect(started).toEqual([0]);
  });

  it('returns an empty list for no items without calling fn', async () => {
    let calls = 0;
    expect(await mapWithConcurrency([], 3, async () => ++calls)).toEqual([]);
    expect(calls).toBe(0);
  });

  it('throws for a limit that is not a whole number >= 1', async () => {
    await expect(mapWithConcurrency([1], 0, async (x) => x)).rejects.toThrow('Expected `limit` to be a whole number >= 1, got 0');
    await expect(mapWithConcurrency([1], 1.5, async (x) => x)).rejects.toThrow(RangeError);
  });
});
