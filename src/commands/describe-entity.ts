// What a lookup says about an entity, as data: `/sanctions <name>` renders it as text and
// `lookup <name> --json` prints it as is, so both say the same thing. Names shown here are the
// entity's names (aliases and short names); matching-only variants and context words stay in the
// catalog.
import type { Catalog } from '../catalog/catalog.ts';
import type { Citations, Entity, EntityStatus, Relationship, ReplySection, Story, TimelineEvent } from '../model.ts';
import { CATEGORY_LABELS } from '../model.ts';
import { plural } from '../text/plural.ts';

/** How another party stands to the entity, from the entity's side. */
export interface ProfileRelation {
  /**
   * `parent`, `shareholder`, `operator`: the party is that to this entity. `owns`, `stake-in`,
   * `operates`: the reverse (this entity is the party's parent, shareholder or operator).
   */
  relation: 'parent' | 'shareholder' | 'operator' | 'owns' | 'stake-in' | 'operates';
  party: { id?: string; name: string };
  share?: string;
  market?: string;
  since?: string;
  until?: string;
  note?: string;
  /** Absent for a parent given the older way, without a source. */
  source?: string;
}

/** A stored development (story) as lookups and `recent` list it. */
export interface ProfileDevelopment {
  title: string;
  link?: string;
  category: Story['category'];
  severity: Story['severity'];
  sources: number;
  /** Publication dates of the first and latest report, when the feeds gave them (ISO). */
  firstReport?: string;
  lastReport?: string;
  /** When the bot first and last saw a report (ISO). */
  firstSeen: string;
  lastSeen: string;
}

export interface EntityProfile {
  id: string;
  name: string;
  kind: Entity['kind'];
  custom?: boolean;
  /** The day the catalog's facts were last checked. */
  catalogAsOf?: string;
  status?: EntityStatus;
  /** Names shown to people: aliases and short (weak) names, not matching-only variants. */
  names: string[];
  relationships: ProfileRelation[];
  /** Newest first. */
  officialActionsUS: TimelineEvent[];
  /** Other governments' acts (and any US act not marked as such), newest first. */
  otherOfficialActions: TimelineEvent[];
  /** Company steps and reported events, newest first. */
  events: TimelineEvent[];
  latest: ProfileDevelopment[];
}

const REVERSE: Record<'parent' | 'shareholder' | 'operator', ProfileRelation['relation']> = { parent: 'owns', shareholder: 'stake-in', operator: 'operates' };

/** Newest first; entries of one day keep catalog order (sort is stable). */
const newestFirst = (events: TimelineEvent[]): TimelineEvent[] => [...events].sort((a, b) => b.date.localeCompare(a.date));

/** An entity's relationships, counting a parent given only the older way (`parent` field). */
const relationshipsOf = (e: Entity): Relationship[] => e.relationships ?? (e.parent ? [{ kind: 'parent', id: e.parent, source: '' }] : []);

function relation(r: Relationship, kind: ProfileRelation['relation'], party: ProfileRelation['party']): ProfileRelation {
  const { share, market, since, until, note, source } = r;
  return { relation: kind, party, ...(share ? { share } : {}), ...(market ? { market } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}), ...(note ? { note } : {}), ...(source ? { source } : {}) };
}

/** The profile of one entity, with its latest stored developments. */
export function describeEntity(catalog: Catalog, entity: Entity, latest: readonly Story[]): EntityProfile {
  const nameOf = (id: string) => catalog.get(id)?.name ?? id;
  const relationships: ProfileRelation[] = [];
  for (const r of relationshipsOf(entity)) {
    relationships.push(relation(r, r.kind, r.id ? { id: r.id, name: nameOf(r.id) } : { name: r.name ?? '' }));
  }
  for (const other of catalog.entities()) {
    for (const r of relationshipsOf(other)) {
      if (r.id === entity.id) relationships.push(relation(r, REVERSE[r.kind], { id: other.id, name: other.name }));
    }
  }
  const isUs = (t: TimelineEvent) => t.official && t.jurisdiction === 'US';
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    ...(entity.custom ? { custom: true } : {}),
    ...(catalog.asOf() ? { catalogAsOf: catalog.asOf() } : {}),
    ...(entity.status ? { status: entity.status } : {}),
    names: [...new Set([...entity.aliases, ...entity.weakAliases])].filter((n) => n !== entity.name),
    relationships,
    officialActionsUS: newestFirst(entity.timeline.filter(isUs)),
    otherOfficialActions: newestFirst(entity.timeline.filter((t) => t.official && !isUs(t))),
    events: newestFirst(entity.timeline.filter((t) => !t.official)),
    latest: latest.map(toDevelopment),
  };
}

export function toDevelopment(s: Story): ProfileDevelopment {
  return {
    title: s.title,
    ...(s.link ? { link: s.link } : {}),
    category: s.category,
    severity: s.severity,
    sources: s.sourceCount,
    ...(s.firstPublished ? { firstReport: s.firstPublished } : {}),
    ...(s.lastPublished ? { lastReport: s.lastPublished } : {}),
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
  };
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * One line per development. Dates are publication dates; the time the bot first saw it follows
 * when that is more than a day later (an old order picked up today). `recent` always states the
 * first and the last report.
 */
export function developmentLine(d: ProfileDevelopment, options: { bothReports?: boolean } = {}): string {
  const sources = plural(d.sources, 'source');
  const parts = [d.category, sources];
  let when: string;
  if (d.firstReport && d.lastReport) {
    const [first, last] = [day(d.firstReport), day(d.lastReport)];
    if (options.bothReports) when = first === last ? `first and last report ${first}` : `first report ${first}, last report ${last}`;
    else when = first === last ? first : `${first} to ${last}`;
    if (Date.parse(d.firstSeen) - Date.parse(d.firstReport) > DAY_MS) parts.push(`first seen ${minute(d.firstSeen)}`);
  } else {
    // No feed gave a publication date: say so rather than pass the bot's clock off as one.
    when = 'no publication date';
    parts.push(options.bothReports && d.firstSeen !== d.lastSeen ? `first seen ${minute(d.firstSeen)}, last ${minute(d.lastSeen)}` : `first seen ${minute(d.firstSeen)}`);
  }
  return `${when} [${d.severity}] ${d.title} (${parts.join('; ')})${d.link ? ` ${d.link}` : ''}`;
}

const CITATION_ORDER: Array<keyof Citations> = ['eo', 'publicLaw', 'fr', 'frDoc', 'fcc', 'docket', 'reporter', 'statute', 'other'];

/** Citations as an analyst writes them: "EO 14352; 90 FR 47219; FR Doc 2025-19139". */
export function citationText(c: Citations | undefined): string {
  if (!c) return '';
  return CITATION_ORDER.flatMap((k) => (c[k] ? [k === 'frDoc' ? `FR Doc ${c[k]}` : (c[k] as string)] : [])).join('; ');
}

function eventLine(t: TimelineEvent, showJurisdiction: boolean): string {
  const label = [showJurisdiction && t.jurisdiction !== 'company' ? t.jurisdiction : '', CATEGORY_LABELS[t.kind]].filter(Boolean).join(' · ');
  const cited = citationText(t.citations);
  const caveat = t.unconfirmed ? ` (Not confirmed: ${t.unconfirmed})` : '';
  return `${t.date} [${label}] ${t.action}${cited ? ` (${cited})` : ''} Source: ${t.source}${caveat}`;
}

function relationLine(r: ProfileRelation): string {
  const label: Record<ProfileRelation['relation'], string> = {
    parent: 'Parent',
    shareholder: 'Minority shareholder',
    operator: 'Operator',
    owns: 'Owns',
    'stake-in': 'Minority stake in',
    operates: 'Operates',
  };
  const detail = [r.share, r.market ? `in ${r.market}` : '', r.since ? `since ${r.since}` : '', r.until ? `until ${r.until}` : ''].filter(Boolean).join(', ');
  return `${label[r.relation]}: ${r.party.name}${r.party.id ? ` (${r.party.id})` : ''}${detail ? ` (${detail})` : ''}${r.note ? `. ${r.note}` : ''}`;
}

/** The lookup reply's sections: profile, the three kinds of timeline entry, latest developments. */
export function profileSections(p: EntityProfile): ReplySection[] {
  const none = ['None recorded in the catalog.'];
  const profile = [
    ...(p.status ? [`Status (as of ${p.status.asOf}): ${p.status.text}`] : []),
    `Kind: ${p.kind}${p.custom ? ' (custom, tracked by a channel)' : ''}`,
    ...p.relationships.map(relationLine),
    `Also known as: ${p.names.join(', ') || '—'}`,
    ...(p.relationships.length
      ? ['Alerts reach the channels watching an entity an item names: a related company is not covered by watching this one, so watch it too to follow it.']
      : []),
    `Catalog as of ${p.catalogAsOf ?? 'an unknown date'}.`,
  ];
  return [
    { heading: 'Profile', lines: profile },
    { heading: 'Official actions (US)', lines: p.officialActionsUS.length ? p.officialActionsUS.map((t) => eventLine(t, false)) : none },
    { heading: 'Other official actions', lines: p.otherOfficialActions.length ? p.otherOfficialActions.map((t) => eventLine(t, true)) : none },
    { heading: 'Events', lines: p.events.length ? p.events.map((t) => eventLine(t, true)) : none },
    { heading: 'Latest developments', lines: p.latest.length ? p.latest.map((d) => developmentLine(d)) : ['Nothing stored yet.'] },
  ];
}

/**
 * `lookup <name> --json`: the profile above plus the fields earlier versions printed (`parent`,
 * `aliases`, `weakAliases`, `timeline` oldest first with a `citation` text, `latest` as stored
 * stories), so scripts written against them keep working. Matching-only variants and context
 * word lists are left out.
 */
export function lookupJson(catalog: Catalog, entity: Entity, stories: readonly Story[]): Record<string, unknown> {
  const profile = describeEntity(catalog, entity, stories);
  const withText = (t: TimelineEvent) => ({ ...t, ...(t.citations ? { citation: citationText(t.citations) } : {}) });
  return {
    ...profile,
    ...(entity.parent ? { parent: entity.parent } : {}),
    aliases: entity.aliases,
    weakAliases: entity.weakAliases,
    timeline: entity.timeline.map(withText),
    officialActionsUS: profile.officialActionsUS.map(withText),
    otherOfficialActions: profile.otherOfficialActions.map(withText),
    events: profile.events.map(withText),
    latest: stories,
  };
}
