// Which categories may describe one development. The same category always may. Classifiers often
// label rewrites of one report differently (an order "banning" apps reads as an order to one and a
// ban to another; an agency's text as corporate news), so most other pairs may join too, but only
// when the text agrees strongly. A few pairs never join: they are a development and the next step
// about it, which share nearly every word. An order being signed and a court blocking it are two
// developments even on the same day, about the same app, quoting the same order number.
import type { Category } from '../model.ts';

/**
 * What a join across these categories needs on top of the ordinary rules: `none` (same category),
 * `strong-text` (threshold raised by the strong margin), `citation-or-strong-text` (the same
 * official identifier, e.g. EO number, or else strong text), `citation-and-strong-text`.
 */
export type CompatibilityRule = 'none' | 'strong-text' | 'citation-or-strong-text' | 'citation-and-strong-text';

const pair = (a: Category, b: Category) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Pairs that need more than strong text, or that never join (`undefined`). */
const RULES = new Map<string, CompatibilityRule | undefined>([
  // "Trump signs order banning WeChat Pay" reads as an order to one classifier and a ban to another;
  // a shared order number is as good as strong text.
  [pair('executive-order', 'ban'), 'citation-or-strong-text'],
  [pair('executive-order', 'investment-restriction'), 'citation-or-strong-text'],
  [pair('executive-order', 'sanctions'), 'citation-or-strong-text'],
  [pair('executive-order', 'export-control'), 'citation-or-strong-text'],
  // An order that revokes earlier orders names them: "Biden signs order" vs "Biden revokes TikTok ban".
  [pair('executive-order', 'revocation'), 'citation-and-strong-text'],
  // A court acting on an order, ban, listing, law or probe is the next development about it, never
  // a rewrite of it, however alike the words.
  ...(['executive-order', 'ban', 'sanctions', 'export-control', 'investment-restriction', 'legislation', 'revocation', 'investigation'] as const).map(
    (c) => [pair('litigation', c), undefined] as const,
  ),
]);

/** Answers given so far, by the item's category and then the story's (bounded by the categories). */
const answers = new Map<Category, Map<Category, CompatibilityRule | undefined>>();

/**
 * Whether an item of category `a` may join a story of category `b`, and on what extra evidence.
 * `undefined` means never. Pairs not listed, and `other` (the classifier found no signal), join
 * only when the text agrees strongly.
 */
export function categoryCompatibility(a: Category, b: Category): CompatibilityRule | undefined {
  if (a === b) return 'none';
  // The story index asks for every candidate story: each pair's answer is worked out once.
  let row = answers.get(a);
  if (!row) answers.set(a, (row = new Map()));
  if (!row.has(b)) row.set(b, ruleOf(a, b));
  return row.get(b);
}

/** categoryCompatibility of two different categories, worked out. */
function ruleOf(a: Category, b: Category): CompatibilityRule | undefined {
  if (a === 'other' || b === 'other') return 'strong-text';
  const key = pair(a, b);
  return RULES.has(key) ? RULES.get(key) : 'strong-text';
}
