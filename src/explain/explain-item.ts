// Why the bot decided what it did about one item: which entities matched and on which words, why
// this category (the phrases and each category's evidence score), and which story it joined or why
// it started one (the candidate stories and the signal that decided). `scan`'s explain command and
// `/sanctions why` both render it, so an analyst who sees two alerts for one development can see why.
import type { Classification, Mention, ReplySection } from '../model.ts';
import type { StoryCandidate } from '../stories/story-index.ts';

/** How a candidate story was found, as the explanation says it. */
const RELATION_WORDS: Record<StoryCandidate['relation'], string> = {
  direct: 'same entity',
  family: 'parent or child entity',
  citation: 'shared citation',
  related: 'listed as related coverage',
  official: 'official text of the same act',
  signed: 'order signed the same day',
};

export interface ItemExplanation {
  guid: string | null;
  link: string | null;
  title: string;
  entities: Array<{ id: string; name: string; matched: string; field: string; weak: boolean }>;
  category: { category: string; severity: string; official: boolean; signals: string[]; scores: Record<string, number> };
  story: {
    id: string;
    decision: 'joined' | 'started' | 'not grouped';
    /** One sentence: the signal that decided. */
    deciding: string;
    candidates: StoryCandidate[];
  };
}

/** What an explanation is built from: an analysed item and the story decision made about it. */
export interface ExplainInput {
  guid?: string;
  link?: string;
  title: string;
  mentions: readonly Mention[];
  classification: Classification;
  storyId: string;
  candidates: readonly StoryCandidate[];
}

const round = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1000) / 1000);

/** The explanation of one item; `name` gives an entity's display name. */
export function explainItem(input: ExplainInput, name: (id: string) => string): ItemExplanation {
  const entities = input.mentions.map((m) => ({ id: m.entityId, name: name(m.entityId), matched: m.matched, field: m.field, weak: m.weak }));
  const candidates = input.candidates.map((c) => ({ ...c, score: round(c.score), required: round(c.required) }));
  const joined = candidates.find((c) => c.accepted && c.storyId === input.storyId);
  let decision: ItemExplanation['story']['decision'];
  let deciding: string;
  if (entities.length === 0 && candidates.length === 0) {
    decision = 'not grouped';
    deciding = 'names no watched entity, and nothing it cites, lists or records links it to a story';
  } else if (joined) {
    decision = 'joined';
    deciding = `similarity ${joined.score} reached the bar ${joined.required}${joined.notes.length ? ` (${joined.notes.join('; ')})` : ''}`;
  } else {
    decision = 'started';
    const closest = candidates[0];
    deciding = !closest
      ? `no live story names ${[...new Set(entities.map((e) => e.name))].join(', ')}`
      : closest.score !== undefined && closest.required !== undefined
        ? `closest story ${closest.storyId} scored ${closest.score} below its bar ${closest.required}${closest.notes.length ? ` (${closest.notes.join('; ')})` : ''}`
        : `closest story ${closest.storyId} was ruled out: ${closest.notes.join('; ') || 'no text compared'}`;
  }
  const c = input.classification;
  return {
    guid: input.guid ?? null,
    link: input.link ?? null,
    title: input.title,
    entities,
    category: { category: c.category, severity: c.severity, official: c.official, signals: c.signals, scores: { ...(c.categoryScores ?? {}) } as Record<string, number> },
    story: { id: input.storyId, decision, deciding, candidates },
  };
}

/** The explanation as reply sections (console, Slack, Discord render them). */
export function explanationSections(e: ItemExplanation): ReplySection[] {
  const scores = Object.entries(e.category.scores)
    .sort((a, b) => b[1] - a[1])
    .map(([c, s]) => `${c} ${s}`);
  const candidateLine = (c: StoryCandidate) =>
    `${c.accepted ? 'accepted' : 'rejected'} ${c.storyId} (${RELATION_WORDS[c.relation]})${c.score !== undefined ? `: score ${c.score}${c.required !== undefined ? ` vs bar ${c.required}` : ''}` : ''}${c.notes.length ? `; ${c.notes.join('; ')}` : ''}`;
  // Stories outside the window were never compared: counted, not listed.
  const inWindow = e.story.candidates.filter((c) => !c.notes.some((n) => n.startsWith('outside window')));
  const outside = e.story.candidates.length - inWindow.length;
  return [
    { heading: 'Item', lines: [e.title, ...(e.link ? [e.link] : []), ...(e.guid ? [`guid ${e.guid}`] : [])] },
    {
      heading: 'Entities',
      lines: e.entities.length ? e.entities.map((m) => `${m.name} (${m.id}): "${m.matched}" in the ${m.field}${m.weak ? ', a weak alias confirmed by context' : ''}`) : ['none: no watched entity is named'],
    },
    {
      heading: `Category: ${e.category.category} (${e.category.severity})`,
      lines: [...e.category.signals, ...(scores.length ? [`evidence scores: ${scores.join(', ')}`] : []), ...(e.category.official ? ['official source'] : [])],
    },
    {
      heading: `Story: ${e.story.decision === 'joined' ? `joined ${e.story.id}` : e.story.decision === 'started' ? `started ${e.story.id}` : 'none'}`,
      lines: [e.story.deciding, ...inWindow.slice(0, 8).map(candidateLine), ...(outside ? [`${outside} other ${outside === 1 ? 'story names' : 'stories name'} these entities outside the time window`] : [])],
    },
  ];
}
