// Evidence the headline gives about the kind of development, read after the phrase rules: who acts
// and with what instrument. The labelling rules file the President's own orders under
// executive-order, whatever they restrict ("the investment-ban orders 13959 and 14032", the CFIUS
// order), while an agency carrying an order out is filed under the restriction. Phrase scores see
// "bars U.S. investment" and pick the restriction; the headline's subject says who acted.
import type { Category } from '../model.ts';

/** Categories a presidential order may be misread as: the restriction it imposes. */
const RESTRICTIONS: ReadonlySet<Category> = new Set(['ban', 'investment-restriction', 'sanctions', 'export-control']);

/**
 * The subject opening the headline (or its part after a colon) is the President or an executive
 * order, and the verb after it acts ("Trump bars…", "Biden widens…", "New Executive Order
 * Prohibits…", "EO 14032 Replaces…", "特朗普签署行政令…"). Speech is not an act: "Trump says TikTok
 * will be shut down" is the threatened ban.
 */
const PRESIDENT_ACTS =
  /^(?:(?:us |u\.s\. )?(?:president )?(?:donald )?(?:trump|biden)(?: administration)?|the white house|white house|(?:a |the )?(?:new |amended |latest )?(?:presidential |executive )order|(?:a |the )?(?:new|amended|latest) order|eo \d{5}|executive order \d{5})(?:'s)? (?:signs?|bars?|bans?|orders?|prohibits?|blocks?|widens?|expands?|extends?|gives?|forces?|targets?|moves?|replaces?|amends?|adds?|directs?|requires?|tightens?|imposes?)\b/;
/** A headline part that is the order itself, by number ("…in the Crosshairs: Executive Order 13971"). */
const ORDER_NAMED = /^(?:eo|executive order) \d{5}(?![0-9])/;
const PRESIDENT_ACTS_ZH = /^(?:美国)?(?:总统)?(?:特朗普|川普|拜登|白宫)(?:再|又|正式)?(?:签署|签发|下令|发布)/u;

/** The category the headline's subject and verb point to, when it overrides the phrase rules' `category`. */
export function headlineCategory(title: string, category: Category): Category | undefined {
  if (!RESTRICTIONS.has(category)) return undefined;
  const t = title.normalize('NFKC').toLowerCase().replace(/[“”"]/g, '').trim();
  const parts = [t, ...t.split(/[:：]\s*/).slice(1)];
  return parts.some((p) => PRESIDENT_ACTS.test(p) || PRESIDENT_ACTS_ZH.test(p) || ORDER_NAMED.test(p)) ? 'executive-order' : undefined;
}
