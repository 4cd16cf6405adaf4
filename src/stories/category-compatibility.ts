// Which categories may describe one development. Same category always may. A few pairs are ones a
// classifier plausibly mixes up on rewrites of one report, and those may join only on extra evidence.
// Everything else never joins: an order being signed and a court blocking it are two developments
// even on the same day, about the same app, quoting the same order number.
import type { Category } from '../model.ts';

/**
 * What a join across these categories needs on top of the ordinary rules: `none` (same category),
 * `strong-text` (threshold raised by the strong margin), `citation-or-strong-text` (the same
 * official identifier, e.g. EO number, or else strong text), `citation-and-strong-text`.
 */
export type CompatibilityRule = 'none' | 'strong-text' | 'citation-or-strong-text' | 'citation-and-strong-text';

const pair = (a: Category, b: Category) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Cross-category pairs a classifier may confuse on rewrites of one development. */
const RULES = new Map<string, CompatibilityRule>([
  // "Trump signs order banning WeChat Pay" reads as an order to one classifier and a ban to another.
  [pair('executive-order', 'ban'), 'citation-or-strong-text'],
  [pair('executive-order', 'investment-restriction'), 'citation-or-strong-text'],
  [pair('executive-order', 'sanctions'), 'citation-or-strong-text'],
  [pair('executive-order', 'export-control'), 'citation-or-strong-text'],
  // An order that revokes earlier orders: "Biden signs order" vs "Biden revokes TikTok ban".
  [pair('executive-order', 'revocation'), 'citation-and-strong-text'],
  // "Blacklist" stories: the press calls Entity List and Treasury listings "sanctions" alike.
  [pair('export-control', 'sanctions'), 'strong-text'],
  [pair('investment-restriction', 'sanctions'), 'strong-text'],
  // "House passes bill that would ban TikTok".
  [pair('legislation', 'ban'), 'strong-text'],
  // "TikTok sues" is a company's step to one classifier and a court case to another.
  [pair('litigation', 'corporate'), 'strong-text'],
  // "Pentagon list bars investment in…", "US bars exports to…", "…bans dealings with the SDN":
  // the word "ban" pulls listings of every kind towards `ban`.
  [pair('ban', 'investment-restriction'), 'strong-text'],
  [pair('ban', 'export-control'), 'strong-text'],
  [pair('ban', 'sanctions'), 'strong-text'],
  // A rescission notice is full of the words of the ban it rescinds.
  [pair('ban', 'revocation'), 'strong-text'],
  // The market's and the company's side of one development: "shares slide after blacklisting",
  // "app pulled from stores", "ADRs to be delisted".
  [pair('corporate', 'ban'), 'strong-text'],
  [pair('corporate', 'export-control'), 'strong-text'],
  [pair('corporate', 'investment-restriction'), 'strong-text'],
  [pair('corporate', 'sanctions'), 'strong-text'],
  [pair('corporate', 'investigation'), 'strong-text'],
]);

/**
 * Whether an item of category `a` may join a story of category `b`, and on what extra evidence.
 * `undefined` means never. `other` (the classifier found no signal) may join anything, but only
 * when the text agrees strongly.
 */
export function categoryCompatibility(a: Category, b: Category): CompatibilityRule | undefined {
  if (a === b) return 'none';
  if (a === 'other' || b === 'other') return 'strong-text';
  return RULES.get(pair(a, b));
}
