// Classifier and summariser receive text the pipeline already rendered, but a caller may hand them
// raw feed HTML; both read it the same way.
import { foldSpaces, toPlainText } from './plain-text.ts';

const MARKUP = /<[a-z!/][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
// Control characters, zero-width characters and bidirectional overrides: invisible, and in chat
// they can disguise what follows.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/**
 * Every character that INVISIBLE or foldSpaces changes on its own: INVISIBLE's, and the space
 * characters of \s but " ". One class is tested much faster than the two replacements run.
 */
const REPLACED = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufeff]/;

/**
 * Text as a reader sees it: markup rendered (only when there is markup, so already-plain text is
 * not decoded twice), invisible characters removed, whitespace folded.
 */
export function asPlainText(text: string): string {
  // Markup starts with "<" or "&": looking for those characters is much cheaper than the pattern.
  const rendered = (text.includes('<') || text.includes('&')) && MARKUP.test(text) ? toPlainText(text) : text;
  // Text the pipeline rendered is already folded: nothing to replace, and no run of spaces.
  if (!REPLACED.test(rendered) && !rendered.includes('  ')) return rendered.trim();
  return foldSpaces(rendered.replace(INVISIBLE, ' '));
}
