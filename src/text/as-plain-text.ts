// Classifier and summariser receive text the pipeline already rendered, but a caller may hand them
// raw feed HTML; both read it the same way.
import { toPlainText } from './plain-text.ts';

const MARKUP = /<[a-z!/][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
// Control characters, zero-width characters and bidirectional overrides: invisible, and in chat
// they can disguise what follows.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Text as a reader sees it: markup rendered (only when there is markup, so already-plain text is
 * not decoded twice), invisible characters removed, whitespace folded.
 */
export function asPlainText(text: string): string {
  const rendered = MARKUP.test(text) ? toPlainText(text) : text;
  // Only runs of whitespace and other space characters need replacing: single spaces stay as they are.
  return rendered.replace(INVISIBLE, ' ').replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
