// Loads the labeled evaluation corpus: the feed files under <dir>/feeds and <dir>/labels.json.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';

/** The entity ids labels may use (the catalog's ids). */
export const ENTITY_IDS: readonly string[] = [
  'alipay', 'ant-group', 'alibaba', 'wechat-pay', 'wechat', 'tencent', 'tencent-qq', 'qq-wallet',
  'camscanner', 'intsig', 'shareit', 'smart-media4u', 'vmate', 'ucweb', 'wps-office',
  'kingsoft-office', 'tiktok', 'bytedance', 'dji', 'smic', 'cnooc', 'huawei', 'zte',
];

/** test/fixtures/eval, where the corpus lives. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../fixtures/eval/', import.meta.url));

/** What a careful analyst says about one item (see test/fixtures/eval/README.md for the rules). */
export interface Label {
  entities: string[];
  category: string;
  story: string;
  /** Why a tricky item is labeled the way it is. */
  note?: string;
}

/** Labels keyed by item guid (RSS `<guid>`, Atom `<id>`). */
export type Labels = Record<string, Label>;

/** One item as a feed reader gets it: raw, before any HTML is rendered. */
export interface CorpusItem {
  guid: string;
  feedFile: string;
  title: string;
  /** RSS `<description>` or Atom `<content>`/`<summary>`, still HTML. */
  description: string;
  link?: string;
  /** The date as written in the feed (RFC 822 or ISO 8601). */
  published?: string;
}

export interface Corpus {
  dir: string;
  feedFiles: string[];
  labels: Labels;
  items: CorpusItem[];
}

/** The feed files of a corpus (`<dir>/feeds/*.xml`), as absolute paths in name order. */
export function listFeedFiles(dir: string = DEFAULT_CORPUS_DIR): string[] {
  const feedsDir = join(dir, 'feeds');
  return readdirSync(feedsDir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => join(feedsDir, name));
}

/**
 * Reads and shape-checks labels.json. Throws one error listing every malformed entry, with what
 * it got, so a hand edit that breaks the file is easy to find.
 */
export function readLabels(path: string): Labels {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read labels from ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`Expected ${path} to hold an object keyed by guid, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  const problems: string[] = [];
  for (const [guid, value] of Object.entries(parsed as Record<string, unknown>)) {
    const label = value as Partial<Label> | null;
    const ok =
      !!label &&
      typeof label === 'object' &&
      Array.isArray(label.entities) &&
      label.entities.every((e) => typeof e === 'string') &&
      typeof label.category === 'string' &&
      typeof label.story === 'string' &&
      label.story.length > 0 &&
      (label.note === undefined || typeof label.note === 'string');
    if (!ok) problems.push(`${guid}: expected {entities: string[], category: string, story: string}, got ${JSON.stringify(value)}`);
  }
  if (problems.length) throw new Error(`Malformed labels in ${path}:\n  ${problems.join('\n  ')}`);
  return parsed as Labels;
}

/** Parses one RSS 2.0 or Atom file into raw items. Throws if the XML does not parse. */
export async function parseFeedFile(path: string): Promise<CorpusItem[]> {
  const parser = new Parser();
  const feed = await parser.parseString(readFileSync(path, 'utf8'));
  return feed.items.map((item, index) => {
    // rss-parser puts an RSS <guid> in `guid` and an Atom <id> in `id`. An item with neither (a
    // WordPress feed may omit the guid) is labelled by its link, as scan prints it.
    const guid = item.guid ?? (item as { id?: string }).id ?? item.link;
    if (!guid) throw new Error(`Item ${index + 1} ("${item.title ?? ''}") in ${path} has no guid, id or link`);
    return {
      guid,
      feedFile: path,
      title: item.title ?? '',
      description: item.content ?? item.summary ?? '',
      link: item.link,
      published: item.pubDate,
    };
  });
}

/** Loads labels and every feed of a corpus directory. */
export async function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): Promise<Corpus> {
  const feedFiles = listFeedFiles(dir);
  const labels = readLabels(join(dir, 'labels.json'));
  const items = (await Promise.all(feedFiles.map((f) => parseFeedFile(f)))).flat();
  return { dir, feedFiles, labels, items };
}

/**
 * Which split a part belongs to: rules are tuned on `train` only; `test` is scored, never read item
 * by item, and holds the thresholds; `fresh` is a later blind set, written when `test` had been
 * consulted often, reported beside it and read the same way.
 */
export type Split = 'train' | 'test' | 'fresh';
export const SPLITS: readonly Split[] = ['train', 'test', 'fresh'];

/** One part of the corpus: a folder with feeds/ and labels.json, scanned on its own. */
export interface CorpusPart {
  name: string;
  /** Absolute path of the part's folder. */
  dir: string;
  split: Split;
}

/**
 * The parts listed in `<root>/manifest.json` (`{"parts": [{"name", "dir", "split"}]}`, `dir`
 * relative to the root). Each part is scanned separately: guids may repeat across parts and a
 * story never spans two. Throws with what is wrong when the manifest is malformed.
 */
export function readManifest(root: string = DEFAULT_CORPUS_DIR): CorpusPart[] {
  const path = join(root, 'manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the corpus manifest ${path}: ${(err as Error).message}`, { cause: err });
  }
  const parts = (parsed as { parts?: unknown })?.parts;
  if (!Array.isArray(parts) || parts.length === 0) throw new Error(`${path}: expected a non-empty "parts" array`);
  const names = new Set<string>();
  return parts.map((p: Record<string, unknown>, i) => {
    if (typeof p?.name !== 'string' || !/^[a-z0-9-]+$/.test(p.name) || typeof p.dir !== 'string' || !(SPLITS as readonly unknown[]).includes(p.split)) {
      throw new Error(`${path}: part ${i + 1} must be {"name": "a-z0-9-", "dir": "...", "split": ${SPLITS.map((x) => `"${x}"`).join('|')}}, got ${JSON.stringify(p)}`);
    }
    if (names.has(p.name)) throw new Error(`${path}: part name "${p.name}" is used twice`);
    names.add(p.name);
    return { name: p.name, dir: join(root, p.dir), split: p.split as Split };
  });
}
