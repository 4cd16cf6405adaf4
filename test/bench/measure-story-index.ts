// Cost of the story index, measured (a script, not a test: timings depend on the machine).
//
//   node --expose-gc --import tsx test/bench/measure-story-index.ts [path/to/story-index.ts]
//
// Prints µs per findStory() with 100 live stories (two reports each) naming one entity, for a doc
// analysed in the call and for one analysed just before (the pipeline's findStory-then-add), and,
// with --expose-gc, heap bytes per story. A path compares another version of the index (e.g. one
// checked out to a temporary directory).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StoryDoc, StoryIndexOptions, StoryIndex } from '../../src/stories/story-index.ts';
import { ALL_STORIES, CATALOG, HOUR, at } from '../unit/stories/story-corpus.ts';

const target = process.argv[2] ? pathToFileURL(resolve(process.argv[2])).href : new URL('../../src/stories/story-index.ts', import.meta.url).href;
const { createStoryIndex } = (await import(target)) as { createStoryIndex: (options?: StoryIndexOptions) => StoryIndex };

const texts = ALL_STORIES.flatMap((s) => s.docs);
const start = at('2024-01-01T00:00:00Z');
const onEntity = (d: StoryDoc, itemKey: string, time: number): StoryDoc => ({ ...d, itemKey, entityIds: ['tiktok'], at: time });

const index = createStoryIndex({ entity: (id) => CATALOG[id] });
for (let i = 0; i < 100; i++) {
  const time = start + (i % 48) * HOUR;
  index.add(`s${i}`, onEntity(texts[i % texts.length]!, `a${i}`, time));
  index.add(`s${i}`, onEntity(texts[(i + 7) % texts.length]!, `b${i}`, time + HOUR));
}
const probes = texts.map((d, i) => onEntity(d, `probe-${i}`, start + 24 * HOUR));
for (let r = 0; r < 5; r++) for (const p of probes) index.findStory(p);

const rounds = 25;
let fresh = 0n;
let analysed = 0n;
const before = index.comparisons;
for (let r = 0; r < rounds; r++) {
  for (const p of probes) {
    const a = process.hrtime.bigint();
    index.findStory({ ...p }); // a new object: analysed in the call
    const b = process.hrtime.bigint();
    index.findStory(p);
    index.findStory(p); // the same object again: its analysis is reused
    const c = process.hrtime.bigint();
    fresh += b - a;
    analysed += (c - b) / 2n;
  }
}
const calls = rounds * probes.length;
const us = (ns: bigint) => (Number(ns) / 1000 / calls).toFixed(0);
console.log(
  `findStory, 100 stories on one entity: ${us(fresh)} µs (doc analysed in the call), ${us(analysed)} µs (analysed before); ` +
    `${((index.comparisons - before) / calls / 3).toFixed(0)} text comparisons per call`,
);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  gc();
  const heap = process.memoryUsage().heapUsed;
  const big = createStoryIndex({ entity: (id) => CATALOG[id] });
  const n = 3000;
  for (let i = 0; i < n; i++) {
    const d = texts[i % texts.length]!;
    big.add(`m${i}`, { ...d, itemKey: `m${i}a`, at: start + (i % 48) * HOUR });
    big.add(`m${i}`, { ...texts[(i + 11) % texts.length]!, itemKey: `m${i}b`, entityIds: d.entityIds, at: start + (i % 48) * HOUR });
  }
  gc();
  console.log(`memory: ${((process.memoryUsage().heapUsed - heap) / n / 1024).toFixed(1)} KB per story (two reports each, ${big.size} stories)`);
} else {
  console.log('memory: run with node --expose-gc to measure');
}
