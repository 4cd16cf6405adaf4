// A handle on V8's garbage collector without asking for `node --expose-gc`: the flag can be set at
// run time, and a fresh context then sees `gc`. Memory figures taken after a full collection
// compare live data, not how lazily the collector happened to run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

export interface Collector {
  /** False when this runtime refuses to expose the collector (figures then include garbage). */
  readonly available: boolean;
  /**
   * Full collections, then a memory-reducing one (V8's "last resort" flavour gives emptied heap
   * pages back to the OS, so RSS afterwards reflects live memory rather than old garbage).
   */
  collect(): void;
}

/** Exposes the collector. */
export function exposeGc(): Collector {
  let gc = (globalThis as { gc?: GcFunction }).gc;
  if (typeof gc !== 'function') {
    try {
      setFlagsFromString('--expose-gc');
      const found = runInNewContext('gc') as unknown;
      if (typeof found === 'function') gc = found as GcFunction;
    } catch {
      // refused: figures include garbage
    }
  }
  const run = gc;
  if (!run) return { available: false, collect: () => undefined };
  return {
    available: true,
    collect() {
      // Two plain full collections free what is dead (one leaves objects a finaliser revived);
      // the last-resort one then hands emptied pages back. Alone, it was seen to leave garbage.
      run();
      run();
      try {
        run({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      } catch {
        // an older V8 without flavours: the plain collections above will do
      }
    },
  };
}
