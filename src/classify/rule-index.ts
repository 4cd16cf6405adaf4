// Which signal rules can match a text, and where their matches can start, found without running
// their patterns: one pass over the text's words through a trie of every word the rules need (see
// phraseKeys in phrase-pattern.ts). A typical item sets off a few dozen of the table's rules, and
// an anchored rule is then tried only at the offsets of its first words.
import type { CompiledRule } from './signal-rules.ts';

/** What one text holds of the keys (words and Han characters) the rules need. */
export interface TextScan {
  /** Offsets where Latin key `id` starts, in text order: for the keys matches start with, and extra words. */
  starts: Map<number, number[]>;
  /** The positions of the rules that may match the text, in no particular order. */
  candidates: readonly number[];
}

export interface RuleIndex {
  /** Scans a lower-cased text (see lowerCase in phrase-pattern.ts). */
  scan(lower: string): TextScan;
  /** The positions of the rules that may match the scanned text, in no particular order. */
  candidateList(scan: TextScan): readonly number[];
  /** Where the matches of anchored rule `rule` (its position in the rules) can start, ascending. */
  starts(scan: TextScan, rule: number): readonly number[];
  /** Where any of these words (rule keys or extra words) starts in the text, ascending. */
  startsOf(scan: TextScan, words: readonly string[]): readonly number[];
}

/**
 * What each code unit is to the trie: its branch (a–z, 0–9, _), -1 for another word character
 * (accented Latin, Greek, Cyrillic: no key has one), -2 for a character between words. From U+0500
 * on, everything is between words. This mirrors WORD_CHAR in phrase-pattern.ts. Every code unit
 * has an entry (64 KB), so the scan looks each up without a range check.
 */
const CHAR_CLASS = new Int8Array(0x10000).fill(-2);
for (let c = 0xc0; c <= 0x24f; c++) CHAR_CLASS[c] = -1;
for (let c = 0x370; c <= 0x4ff; c++) CHAR_CLASS[c] = -1;
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = c - 97;
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = c - 22;
CHAR_CLASS[95] = 36;
const BRANCHES = 37;
const classOf = (c: number): number => CHAR_CLASS[c]!;
const HAN = /\p{Script=Han}/u;

interface RulePlan {
  /** Ids of the words a match starts with (anchored rules). */
  first: Int32Array;
  /** Per phrase, per required token, the ids of its keys; undefined: the rule may match any text. */
  requires: Int32Array[][] | undefined;
}

/**
 * Indexes the rules' keys once, for scanning many texts.
 * @param extraWords words to find besides the rules' keys (for rules made per item)
 * @throws Error when a Latin key has a character outside a–z, 0–9 and _ (a bug in the rule table)
 */
export function createRuleIndex(rules: readonly CompiledRule[], extraWords: readonly string[] = []): RuleIndex {
  const ids = new Map<string, number>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const plans: RulePlan[] = rules.map((rule) => ({
    first: Int32Array.from(rule.sticky ? (rule.keys ?? []).map(idOf) : []),
    requires: rule.requires?.map((tokens) => tokens.map((keys) => Int32Array.from(keys.map(idOf)))),
  }));
  for (const word of extraWords) idOf(word);

  // Rules by the keys of their first tokens: a text's keys point to the rules worth checking.
  const byKey: number[][] = Array.from({ length: ids.size }, () => []);
  const unkeyed: number[] = [];
  rules.forEach((rule, i) => {
    if (!rule.keys) unkeyed.push(i);
    for (const key of new Set(rule.keys ?? [])) byKey[ids.get(key)!]!.push(i);
  });
  // Only the words matches can start with (first-token keys) and the extra words need offsets; the
  // words further into phrases ("the", "of") only need to be present, and are the most frequent.
  const needsStarts = new Uint8Array(ids.size);
  byKey.forEach((list, id) => (needsStarts[id] = list.length > 0 ? 1 : 0));
  for (const word of extraWords) needsStarts[ids.get(word)!] = 1;

  // A trie of the Latin keys; Han keys are single characters, looked up directly by code unit.
  const nodes: number[][] = [[]];
  const keyAt: number[] = [-1];
  const hanKeys = new Map<number, number>();
  for (const [key, id] of ids) {
    if (HAN.test(key)) {
      if (key.length !== 1) throw new Error(`Bad signal key "${key}": a Han key is one character of the Basic Multilingual Plane`);
      hanKeys.set(key.charCodeAt(0), id);
      continue;
    }
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const b = classOf(key.charCodeAt(i));
      if (b < 0) throw new Error(`Bad signal key "${key}": keys are lower-case ASCII letters, digits and _`);
      if (!nodes[node]![b]) {
        nodes[node]![b] = nodes.length;
        nodes.push([]);
        keyAt.push(-1);
      }
      node = nodes[node]![b]!;
    }
    keyAt[node] = id;
  }
  // children[node * BRANCHES + branch]: the child node, 0 for none (the root is nobody's child).
  const children = new Int32Array(nodes.length * BRANCHES);
  nodes.forEach((branches, node) => branches.forEach((child, b) => (children[node * BRANCHES + b] = child)));
  const keyOfNode = Int32Array.from(keyAt);
  // hanKeyAt[code - hanFirst]: the id of the Han key with that code unit, -1 for none.
  const hanFirst = Math.min(...hanKeys.keys());
  const hanKeyAt = new Int32Array(hanKeys.size ? Math.max(...hanKeys.keys()) - hanFirst + 1 : 0).fill(-1);
  for (const [code, id] of hanKeys) hanKeyAt[code - hanFirst] = id;

  // Scratch of every scan, all 0 again when it returns: which keys the text has (1), and which
  // rules it has looked at (1). Clearing the few entries set costs less than allocating anew.
  const present = new Uint8Array(ids.size);
  const seen = new Uint8Array(rules.length);

  function scan(lower: string): TextScan {
    const starts = new Map<number, number[]>();
    const found: number[] = [];
    const n = lower.length;
    for (let i = 0; i < n; ) {
      const c = lower.charCodeAt(i);
      let k = classOf(c);
      if (k === -2) {
        // Between words: maybe a Han key.
        const id = c >= hanFirst && c - hanFirst < hanKeyAt.length ? hanKeyAt[c - hanFirst]! : -1;
        if (id >= 0 && !present[id]) {
          present[id] = 1;
          found.push(id);
        }
        i++;
        continue;
      }
      const start = i;
      let node = 0;
      // Walk the trie while the word can still be a key, and on to the word's end.
      for (;;) {
        if (node >= 0) node = k < 0 ? -1 : children[node * BRANCHES + k]! || -1;
        if (++i >= n) break;
        k = classOf(lower.charCodeAt(i));
        if (k === -2) break;
      }
      const id = node > 0 ? keyOfNode[node]! : -1;
      if (id < 0) continue;
      if (present[id]) {
        if (needsStarts[id]) starts.get(id)!.push(start);
      } else {
        present[id] = 1;
        if (needsStarts[id]) starts.set(id, [start]);
        found.push(id);
      }
    }
    const candidates = candidatesOf(lower, found);
    for (const id of found) present[id] = 0;
    return { starts, candidates };
  }

  /** The rules that may match a text with the keys `found` (and marked in `present`). */
  function candidatesOf(lower: string, found: readonly number[]): number[] {
    // A rule without keys may match any text that passes its quick test.
    const list = unkeyed.filter((i) => rules[i]!.needs?.test(lower) ?? true);
    const looked: number[] = [];
    for (const id of found) {
      for (const i of byKey[id]!) {
        if (seen[i]) continue;
        seen[i] = 1;
        looked.push(i);
        if (mayMatch(plans[i]!, present)) list.push(i);
      }
    }
    for (const i of looked) seen[i] = 0;
    return list;
  }

  function gather(text: TextScan, first: ArrayLike<number>): readonly number[] {
    let all: number[] = [];
    let lists = 0;
    for (let j = 0; j < first.length; j++) {
      const at = text.starts.get(first[j]!);
      if (at) all = lists++ ? all.concat(at) : at;
    }
    // One key's offsets are already in order (and belong to the scan: never sorted in place).
    return lists > 1 ? all.sort((a, b) => a - b) : all;
  }

  return {
    scan,
    candidateList: (text) => text.candidates,
    starts: (text, rule) => gather(text, plans[rule]!.first),
    // A word that is no key is never in a scan (gather skips id -1).
    startsOf: (text, words) => gather(text, words.map((w) => ids.get(w) ?? -1)),
  };
}

/** False when the text lacks a key that every phrase of the rule needs, so it cannot match. */
function mayMatch(plan: RulePlan, present: Uint8Array): boolean {
  if (!plan.requires) return true;
  // Plain loops: this runs for every rule a text's words point to.
  for (const tokens of plan.requires) {
    let all = true;
    for (const keys of tokens) {
      let any = false;
      for (let j = 0; j < keys.length && !any; j++) any = present[keys[j]!] === 1;
      if (!any) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/**
 * Every match of a rule in a lower-cased text, as a global scan finds them (leftmost first, not
 * overlapping). A rule with a sticky pattern is tried only at `starts`, the offsets of its first
 * words (see RuleIndex.starts), which finds the same matches without running over the whole text.
 */
export function findMatches(rule: CompiledRule, lower: string, starts: readonly number[]): Array<[start: number, end: number]> {
  const found: Array<[number, number]> = [];
  const pattern = rule.sticky ?? rule.pattern;
  if (rule.sticky) {
    let from = 0;
    for (const at of starts) {
      if (at < from) continue;
      pattern.lastIndex = at;
      const m = pattern.exec(lower);
      if (m && m[0].length > 0) {
        found.push([at, at + m[0].length]);
        from = at + m[0].length;
      }
    }
  } else {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(lower); m; m = pattern.exec(lower)) {
      if (m[0].length === 0) pattern.lastIndex++;
      else found.push([m.index, m.index + m[0].length]);
    }
  }
  pattern.lastIndex = 0;
  return found;
}
