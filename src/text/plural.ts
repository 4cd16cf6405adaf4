// Counted nouns for replies and logs: "1 feed", "2 feeds", "1 story", "3 entities".

/**
 * `count` with its noun in the right number. The plural is the noun plus "s" unless given
 * ("story" → pass "stories"), so irregular nouns stay readable at the call site.
 */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
