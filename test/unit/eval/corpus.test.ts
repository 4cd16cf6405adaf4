// Validates the labeled evaluation corpus in test/fixtures/eval (see its README for the rules): the
// first part (the folder itself) in full, and every part the manifest lists on the rules any part
// must keep (parses, labels match items, known ids, stories within five days).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/model.ts';
import { DEFAULT_CORPUS_DIR, ENTITY_IDS, listFeedFiles, loadCorpus, parseFeedFile, readManifest } from '../../eval/corpus.ts';
import type { Corpus } from '../../eval/corpus.ts';

const feedFiles = listFeedFiles(DEFAULT_CORPUS_DIR);

describe('eval corpus feeds', () => {
  it('has 10 to 14 feed files, both RSS and Atom', () => {
    expect(feedFiles.length).toBeGreaterThanOrEqual(10);
    expect(feedFiles.length).toBeLessThanOrEqual(14);
    const heads = feedFiles.map((f) => readFileSync(f, 'utf8').slice(0, 200));
    expect(heads.some((h) => h.includes('<rss'))).toBe(true);
    expect(heads.some((h) => h.includes('<feed xmlns="http://www.w3.org/2005/Atom"'))).toBe(true);
  });

  it.each(feedFiles.map((f) => [basename(f), f]))('%s parses as XML and every item has a guid', async (_name, file) => {
    const items = await parseFeedFile(file);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.guid).toMatch(/\S/);
  });
});

describe('eval corpus labels', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus(DEFAULT_CORPUS_DIR);
  });

  const storiesOf = (c: Corpus) => {
    const stories = new Map<string, Corpus['items']>();
    for (const item of c.items) {
      const id = c.labels[item.guid]?.story ?? `(unlabeled) ${item.guid}`;
      stories.set(id, [...(stories.get(id) ?? []), item]);
    }
    return stories;
  };

  it('has no guid twice across all feeds', () => {
    const guids = corpus.items.map((i) => i.guid);
    const repeated = guids.filter((g, i) => guids.indexOf(g) !== i);
    expect(repeated).toEqual([]);
  });

  it('labels every item, and every label belongs to an item', () => {
    const guids = new Set(corpus.items.map((i) => i.guid));
    expect(corpus.items.filter((i) => !(i.guid in corpus.labels)).map((i) => `${basename(i.feedFile)}: ${i.title}`)).toEqual([]);
    expect(Object.keys(corpus.labels).filter((g) => !guids.has(g))).toEqual([]);
  });

  it('uses only catalog entity ids (each once per item) and known categories', () => {
    const bad: string[] = [];
    for (const [guid, label] of Object.entries(corpus.labels)) {
      for (const e of label.entities) if (!ENTITY_IDS.includes(e)) bad.push(`${guid}: unknown entity "${e}"`);
      if (new Set(label.entities).size !== label.entities.length) bad.push(`${guid}: repeated entity`);
      if (!(CATEGORIES as readonly string[]).includes(label.category)) bad.push(`${guid}: unknown category "${label.category}"`);
    }
    expect(bad).toEqual([]);
  });

  it('has at least 300 items', () => {
    expect(corpus.items.length).toBeGreaterThanOrEqual(300);
  });

  it('names every catalog entity in at least 5 items', () => {
    const thin = ENTITY_IDS.map((id) => [id, Object.values(corpus.labels).filter((l) => l.entities.includes(id)).length] as const).filter(([, n]) => n < 5);
    expect(thin).toEqual([]);
  });

  it('has at least 60 items that name no watched entity', () => {
    expect(Object.values(corpus.labels).filter((l) => l.entities.length === 0).length).toBeGreaterThanOrEqual(60);
  });

  it('uses every category, with at least 8 entity-naming items for each main one', () => {
    const withEntities = Object.values(corpus.labels).filter((l) => l.entities.length > 0);
    for (const c of CATEGORIES) expect(Object.values(corpus.labels).some((l) => l.category === c), c).toBe(true);
    const main = CATEGORIES.filter((c) => c !== 'sanctions' && c !== 'other');
    for (const c of main) expect(withEntities.filter((l) => l.category === c).length, c).toBeGreaterThanOrEqual(8);
  });

  it('has at least 30 stories told by two or more different outlets', () => {
    const multiOutlet = [...storiesOf(corpus).values()].filter((items) => new Set(items.map((i) => i.feedFile)).size >= 2);
    expect(multiOutlet.length).toBeGreaterThanOrEqual(30);
  });

  it('gives every item a parseable date, and keeps each story within five days', () => {
    const problems: string[] = [];
    for (const [id, items] of storiesOf(corpus)) {
      const times = items.map((i) => Date.parse(i.published ?? ''));
      if (times.some(Number.isNaN)) problems.push(`${id}: unparseable date`);
      else if (Math.max(...times) - Math.min(...times) > 5 * 86_400_000) problems.push(`${id}: spans more than 5 days`);
    }
    expect(problems).toEqual([]);
  });
});

const parts = readManifest(DEFAULT_CORPUS_DIR);

describe('eval corpus manifest', () => {
  it('lists the first part, a train part, and at least one test part once they exist', () => {
    expect(parts[0]).toMatchObject({ split: 'train' });
    expect(parts.map((p) => p.dir)).toContain(DEFAULT_CORPUS_DIR.replace(/\/$/, ''));
    if (parts.length > 1) expect(parts.some((p) => p.split === 'test')).toBe(true);
  });
});

describe.each(parts.map((p) => [p.name, p] as const))('eval corpus part %s', (_name, part) => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus(part.dir);
  });

  it('has feeds that parse, with a guid on every item and none twice', () => {
    expect(corpus.items.length).toBeGreaterThan(0);
    const guids = corpus.items.map((i) => i.guid);
    expect(guids.filter((g, i) => guids.indexOf(g) !== i)).toEqual([]);
  });

  it('labels every item with known ids and categories, and every label belongs to an item', () => {
    const guids = new Set(corpus.items.map((i) => i.guid));
    const bad: string[] = [];
    for (const item of corpus.items) if (!(item.guid in corpus.labels)) bad.push(`unlabeled item in ${basename(item.feedFile)}`);
    for (const [guid, label] of Object.entries(corpus.labels)) {
      if (!guids.has(guid)) bad.push(`label without an item`);
      for (const e of label.entities) if (!ENTITY_IDS.includes(e)) bad.push(`unknown entity "${e}"`);
      if (!(CATEGORIES as readonly string[]).includes(label.category)) bad.push(`unknown category "${label.category}"`);
    }
    expect(bad).toEqual([]);
  });

  // The Federal Register prints a rule or an order a week or more after it is announced (its real
  // feeds date items by publication), and the official text belongs to the announcement's story.
  it('gives every item a parseable date, and keeps each story within ten days', () => {
    const byStory = new Map<string, number[]>();
    for (const item of corpus.items) {
      const id = corpus.labels[item.guid]?.story ?? item.guid;
      byStory.set(id, [...(byStory.get(id) ?? []), Date.parse(item.published ?? '')]);
    }
    const problems = [...byStory.values()].filter((t) => t.some(Number.isNaN) || Math.max(...t) - Math.min(...t) > 10 * 86_400_000);
    // Counted, not listed: a test part is never read item by item.
    expect(problems.length).toBe(0);
  });
});
