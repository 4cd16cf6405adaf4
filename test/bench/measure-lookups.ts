// Latency of the read commands a person waits on, `/sanctions <entity>` and `/sanctions recent`,
// through the platform-neutral handler (what both adapters call), on a store with a long history.
import type { CommandInput, Reply } from '../../src/model.ts';
import type { BenchEntity } from './synthetic-text.ts';
import { percentile } from './percentile.ts';
import { createSeededRandom } from './seeded-random.ts';

export interface LatencySummary {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LookupResult {
  entity: LatencySummary;
  recent: LatencySummary;
  /** Entity lookups whose reply listed at least one stored development (the history was read). */
  withDevelopments: number;
}

/**
 * The ways people type an entity: id, name, an alias, a Chinese name, odd spacing and case, and
 * now and then a typo (answered with suggestions).
 */
export function lookupQueries(entities: readonly BenchEntity[], count: number, seed: number): string[] {
  const rng = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const e = rng.pick(entities);
    const r = rng.next();
    if (r < 0.25) return e.id;
    if (r < 0.5) return e.name.toLowerCase();
    if (r < 0.7) return rng.pick(e.latin).toUpperCase().replace(/ /g, '-');
    if (r < 0.9 && e.chinese.length) return rng.pick(e.chinese);
    if (r < 0.95) return `lookup ${e.name}`;
    return `${e.name.slice(0, -1)}x`; // a typo
  });
}

/** Times `calls` entity lookups and `calls` recent-listings (after a short warm-up). */
export async function measureLookups(handle: (input: CommandInput) => Promise<Reply>, entities: readonly BenchEntity[], calls: number, seed: number): Promise<LookupResult> {
  const channel = { platform: 'console' as const, id: 'bench-lookups' };
  const input = (text: string): CommandInput => ({ platform: 'console', channel, user: { id: 'bench' }, text });
  const queries = lookupQueries(entities, calls, seed);
  const recents = Array.from({ length: calls }, (_, i) => (i % 3 === 0 ? 'recent' : `recent ${1 + (i % 25)}`));
  for (const q of [...queries.slice(0, 50), ...recents.slice(0, 50)]) await handle(input(q));

  const time = async (texts: string[], check?: (r: Reply) => void) => {
    const samples: number[] = [];
    for (const text of texts) {
      const t = performance.now();
      const reply = await handle(input(text));
      samples.push(performance.now() - t);
      check?.(reply);
    }
    return { calls: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples) };
  };
  let withDevelopments = 0;
  const entity = await time(queries, (r) => {
    const latest = r.sections.find((s) => s.heading === 'Latest developments');
    if (latest && !latest.lines[0]?.startsWith('Nothing')) withDevelopments++;
  });
  const recent = await time(recents, (r) => {
    if (r.error) throw new Error(`"recent" failed: ${r.title}`);
  });
  return { entity, recent, withDevelopments };
}
