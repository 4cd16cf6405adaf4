// One pass over the text finds every alias and context word at once, however many entities are
// watched: matching cost grows with the text, not with the catalog.

/** A compiled set of keys. */
export interface Automaton {
  /**
   * Reports every occurrence of every key in `text` (overlapping ones included) as
   * `onHit(keyIndex, end)`, where `end` is the offset just after the occurrence.
   */
  scan(text: string, onHit: (keyIndex: number, end: number) => void): void;
}

const NONE: readonly number[] = [];

/**
 * Builds an Aho–Corasick automaton over UTF-16 code units, compiled into a full transition table
 * (one array read per character while scanning). Keys are compared exactly: fold them, and the
 * text, beforehand. Empty keys are ignored.
 */
export function buildAutomaton(keys: readonly string[]): Automaton {
  // Symbols: only code units that occur in keys get their own column; every other one is symbol 0
  // and sends the scan back to the root. One table entry per UTF-16 unit keeps the scan a lookup.
  const symbolOf = new Uint16Array(0x10000);
  let symbols = 1;
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      if (symbolOf[code] === 0) symbolOf[code] = symbols++;
    }
  }

  // The trie, with children as maps while building.
  const children: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  keys.forEach((key, index) => {
    if (key.length === 0) return;
    let state = 0;
    for (let i = 0; i < key.length; i++) {
      const symbol = symbolOf[key.charCodeAt(i)] as number;
      const edges = children[state] as Map<number, number>;
      let target = edges.get(symbol);
      if (target === undefined) {
        target = children.length;
        edges.set(symbol, target);
        children.push(new Map());
        own.push([]);
      }
      state = target;
    }
    (own[state] as number[]).push(index);
  });

  // Breadth-first: each state's row is its trie edges, with the gaps filled from its failure
  // state's row (the longest proper suffix that is also a prefix); outputs are inherited likewise.
  const stateCount = children.length;
  const delta = new Int32Array(stateCount * symbols);
  const out: Array<readonly number[]> = new Array<readonly number[]>(stateCount).fill(NONE);
  const fail = new Int32Array(stateCount);
  const queue: number[] = [];
  for (const [symbol, child] of children[0] as Map<number, number>) {
    delta[symbol] = child;
    out[child] = own[child] as number[];
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const f = fail[state] as number;
    const row = state * symbols;
    delta.set(delta.subarray(f * symbols, f * symbols + symbols), row);
    for (const [symbol, child] of children[state] as Map<number, number>) {
      const childFail = delta[f * symbols + symbol] as number;
      fail[child] = childFail;
      const inherited = out[childFail] as readonly number[];
      const mine = own[child] as number[];
      out[child] = mine.length === 0 ? inherited : inherited.length === 0 ? mine : [...mine, ...inherited];
      delta[row + symbol] = child;
      queue.push(child);
    }
  }
  // Symbol 0 (a character in no key) always leads back to the root.
  for (let s = 0; s < stateCount; s++) delta[s * symbols] = 0;

  // For the scan, each entry holds the target's row offset (state × symbols) rather than its
  // number, saving a multiplication per character, and is negated when the target reports keys
  // (never the root, row 0), so most characters cost one table read and one sign test.
  for (let k = 0; k < delta.length; k++) {
    const target = delta[k] as number;
    delta[k] = (out[target] as readonly number[]).length > 0 ? -target * symbols : target * symbols;
  }

  return {
    scan(text, onHit) {
      // Locals, not closure variables, in the loop that runs once per character.
      const table = delta;
      const symbol = symbolOf;
      let row = 0;
      for (let i = 0; i < text.length; i++) {
        row = table[row + (symbol[text.charCodeAt(i)] as number)] as number;
        if (row >= 0) continue;
        row = -row;
        const hits = out[row / symbols] as readonly number[];
        for (let k = 0; k < hits.length; k++) onHit(hits[k] as number, i + 1);
      }
    },
  };
}
