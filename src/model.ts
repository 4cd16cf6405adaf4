// The platform-neutral data model shared by every stage and adapter. Over 400 lines on purpose: it is
// declarations only, the one vocabulary the core and the adapters agree on.

/** How urgent a development is for a compliance team. Ordered low < medium < high. */
export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];
/** Numeric rank for comparisons: low 0, medium 1, high 2. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** The kind of development an item reports (issue contract: these exact strings). */
export type Category =
  | 'executive-order'
  | 'ban'
  | 'sanctions'
  | 'export-control'
  | 'investment-restriction'
  | 'legislation'
  | 'litigation'
  | 'revocation'
  | 'investigation'
  | 'corporate'
  | 'other';
export const CATEGORIES: readonly Category[] = [
  'executive-order',
  'ban',
  'sanctions',
  'export-control',
  'investment-restriction',
  'legislation',
  'litigation',
  'revocation',
  'investigation',
  'corporate',
  'other',
];

/** How each category is named to people, on every platform. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  'executive-order': 'Executive order',
  ban: 'Ban',
  sanctions: 'Sanctions',
  'export-control': 'Export control',
  'investment-restriction': 'Investment restriction',
  legislation: 'Legislation',
  litigation: 'Court action',
  revocation: 'Revocation',
  investigation: 'Investigation',
  corporate: 'Company news',
  other: 'Other development',
};

/** One entry of a feed, as parsed, before anything is decided about it. */
export interface FeedItem {
  /** The feed it came from (URL or file path, as configured). */
  feedUrl: string;
  /** The feed's own title, used as the "source" of an alert. */
  feedTitle?: string;
  guid?: string;
  link?: string;
  title: string;
  /** Summary/description as the feed gave it (may hold HTML). */
  description: string;
  /** Full content where the feed has it (content:encoded, Atom content); may hold HTML. */
  content?: string;
  /** ISO 8601 publication date, when the feed gave a parseable one. */
  publishedAt?: string;
  author?: string;
  /** The outlet named per item (Google News `<source>`); metadata, never text that names an entity. */
  outlet?: string;
  outletUrl?: string;
  /** Other reports an aggregator lists with the item (Google News cluster); never the item's own text. */
  related?: Array<{ headline: string; outlet?: string; url?: string }>;
  /** The source's own document type ("Rule", "Presidential Document"…), when it gives one. */
  documentType?: string;
  /** The source's own document number (Federal Register document number), when it gives one. */
  documentNumber?: string;
  /** Structured facts from an official machine-readable source (FR API, public inspection, screening lists). */
  official?: OfficialRecord;
}

/**
 * What an official API says about an item, as data rather than prose: classification and the
 * catalog's official actions read these before any text.
 */
export interface OfficialRecord {
  source: 'federal-register' | 'public-inspection' | 'screening-list';
  /** FR document type (RULE, PRORULE, NOTICE, PRESDOCU), or the kind of screening-list change. */
  type: 'RULE' | 'PRORULE' | 'NOTICE' | 'PRESDOCU' | 'list-addition' | 'list-removal' | 'list-change';
  /** For presidential documents: executive_order, presidential_order, memorandum… */
  presidentialDocumentType?: string;
  eoNumber?: string;
  /** Federal Register citation ("85 FR 83416"); for a list entry, its `federal_register_notice`. */
  citation?: string;
  documentNumber?: string;
  /** Agency slugs (`industry-and-security-bureau`, `foreign-assets-control-office`…). */
  agencies: string[];
  agencyNames: string[];
  signingDate?: string;
  /** Publication date (YYYY-MM-DD); for a public-inspection document, the date it is to be published. */
  publicationDate?: string;
  /** For a list entry: its `start_date`. */
  effectiveDate?: string;
  htmlUrl?: string;
  pdfUrl?: string;
  /** For a screening-list change: the list's short name ("Entity List (BIS)") and what changed. */
  list?: string;
  changes?: string[];
  /** For a list entry: the name it is listed under. */
  listedName?: string;
}

/**
 * Official identifiers of a timeline entry, each in its usual written form. `check-catalog` checks
 * the format of each one (see src/catalog/audit-catalog.ts).
 */
export interface Citations {
  /** Executive order: "EO 13971". */
  eo?: string;
  /** Federal Register volume and first page: "86 FR 1249". */
  fr?: string;
  /** Federal Register document number: "2021-00305". */
  frDoc?: string;
  /** Court or agency docket: "D.D.C. No. 1:20-cv-02658-CJN", "PS Docket No. 19-351". */
  docket?: string;
  /** Public law: "Pub. L. 118-50, div. H". */
  publicLaw?: string;
  /** FCC document number: "FCC 22-84", "DA 20-690". */
  fcc?: string;
  /** Statute section: "NDAA FY2021 § 1260H". */
  statute?: string;
  /** Law report: "122 F.4th 930", "498 F. Supp. 3d 624". */
  reporter?: string;
  /** Anything else (a foreign government's document number): shown, never checked. */
  other?: string;
}

/** One dated development in an entity's timeline, with its source (public official documents and reports; docs/official-sources.md). */
export interface TimelineEvent {
  date: string;
  action: string;
  /** Who acted: "US", "CN", "IN", or "company" for a company's own act. */
  jurisdiction: string;
  /** The development category, as for alerts. */
  kind: Category;
  /** A government act (an order, rule, listing, court ruling), not a report or a company's step. */
  official: boolean;
  citations?: Citations;
  /** The source to cite; for an official US action, the government's own page. */
  source: string;
  /** Further reading (press, law-firm notes), never the source of record. */
  see?: string[];
  /** What could not be confirmed about this entry, said plainly (shown with it). */
  unconfirmed?: string;
}

/** How another party stands to an entity. Only `parent` routes and corroborates; every kind is shown. */
export interface Relationship {
  /** `parent`: controls it; `shareholder`: holds a minority stake; `operator`: runs it in a market. */
  kind: 'parent' | 'shareholder' | 'operator';
  /** The other party's catalog id, when it is in the catalog. */
  id?: string;
  /** The other party's name, when it is not in the catalog. */
  name?: string;
  /** The stake, as a source states it ("32.65%"). */
  share?: string;
  /** Where the relation holds ("US"), when it is not everywhere. */
  market?: string;
  /** When it began or ended (YYYY, YYYY-MM or YYYY-MM-DD). */
  since?: string;
  until?: string;
  note?: string;
  source: string;
}

/** One line an analyst can quote: where the entity stands now, and as of when. */
export interface EntityStatus {
  text: string;
  asOf: string;
}

/** A watched app or company: catalog entries and channel-defined custom entities alike. */
export interface Entity {
  id: string;
  name: string;
  kind: 'app' | 'company';
  /** The entity that controls it: the only relation that routes and corroborates matches. */
  parent?: string;
  /** Names that identify the entity on their own (Latin and simplified Chinese); shown to people. */
  aliases: string[];
  /** Short or ambiguous names that count only with corroboration ("QQ", "WPS", "DJI"); shown too. */
  weakAliases: string[];
  /** Spellings matched like aliases but never shown: misspellings, spacing variants, a unit's brand. */
  variants?: string[];
  /** Ambiguous spellings matched like weak aliases but never shown ("Ali Baba"). */
  weakVariants?: string[];
  /** Parent, shareholders and operators, dated; `parent` above is the current parent among them. */
  relationships?: Relationship[];
  status?: EntityStatus;
  /** Words near a weak alias that make the entity unmistakable. */
  context?: string[];
  /** Words near a weak alias that show it means something else (Wi-Fi "WPS", Dow "DJI"). */
  negativeContext?: string[];
  timeline: TimelineEvent[];
  /** Set for entities a channel added with `/sanctions track`. */
  custom?: boolean;
}

/** A named group of entities to watch in one go (`eo-13971`, `all`). */
export interface Preset {
  id: string;
  name: string;
  entityIds: string[];
}

/** Where in an item an entity was named. */
export type MentionField = 'title' | 'description';

/** One watched entity named by an item, with the evidence. */
export interface Mention {
  entityId: string;
  /** The text that matched, as it appears in the item. */
  matched: string;
  field: MentionField;
  /** True when the entity was found through a weak alias (confirmed by context). */
  weak: boolean;
}

export interface Classification {
  category: Category;
  severity: Severity;
  /** The phrases that decided the category, for the "why" line. */
  signals: string[];
  /** True when the source is an official one (Federal Register, White House, agency). */
  official: boolean;
  /** An official citation found in the text (e.g. "86 FR 1249", "EO 13971"), if any. */
  citation?: string;
  /** The evidence score of each category with any (the phrases' weights): what else the item could be. */
  categoryScores?: Partial<Record<Category, number>>;
}

/** A development reported by one or more items (rewrites across outlets are one story). */
export interface Story {
  id: string;
  title: string;
  entityIds: string[];
  category: Category;
  severity: Severity;
  firstSeen: string;
  lastSeen: string;
  /** Publication date of its earliest and latest report (ISO), where the feeds gave one. */
  firstPublished?: string;
  lastPublished?: string;
  sourceCount: number;
  link?: string;
  summary: string;
}

/** Where a message goes: one channel on one platform. */
export interface ChannelRef {
  platform: 'slack' | 'discord' | 'console';
  /** Platform channel id (Slack C…, Discord snowflake, `console`). */
  id: string;
  /** Slack team id or Discord guild id, when known. */
  workspace?: string;
}

/** A source that reported a story, listed in follow-ups. */
export interface AlertSource {
  title: string;
  link?: string;
  source: string;
  /** The outlet that published the report when the feed is an aggregator's (Google News). */
  outlet?: string;
  publishedAt?: string;
  /** The official citation the source carries (a published document joining its public-inspection alert). */
  citation?: string;
}

/** How a source is named to people: "Reuters (via Google News: …)" for an aggregated report, else the feed. */
export function sourceLabel(s: { source: string; outlet?: string }): string {
  return s.outlet && s.outlet !== s.source ? `${s.outlet} (via ${s.source})` : s.source;
}

/**
 * What a channel is told about a story. `new` posts a fresh alert; `follow-up` adds sources to the
 * alert already posted (`replyTo` is that message); `escalation` posts a new alert because the
 * story's severity rose.
 */
export interface Alert {
  /** Outbox row id: stable across retries and restarts (idempotency key for the platforms). */
  id: string;
  /** `digest`: the held alerts of a channel in digest mode, posted as one message (`digest` is set). */
  kind: 'new' | 'follow-up' | 'escalation' | 'digest';
  storyId: string;
  title: string;
  link?: string;
  /** Name of the outlet or feed. */
  source: string;
  /** The outlet that published the item when the feed is an aggregator's (Google News `<source>`). */
  outlet?: string;
  publishedAt?: string;
  summary: string;
  entities: Array<{ id: string; name: string }>;
  category: Category;
  severity: Severity;
  /** Why it matched: which name, and where. */
  matches: Mention[];
  citation?: string;
  official: boolean;
  /** For follow-ups: the sources added since the alert was posted. */
  extraSources?: AlertSource[];
  /** For follow-ups: the platform message (Slack ts, Discord message id) of the original alert. */
  replyTo?: string;
  /**
   * How many sends of this alert were tried before (0 on the first; a send a crash cut short
   * counts). On a retry the adapter may check whether an earlier try reached the platform after
   * all (a crash between post and record).
   */
  previousAttempts: number;
  /**
   * A role (Discord snowflake) or user group (Slack `S…` id) to mention, set by the core only for
   * high-severity alerts in channels that asked.
   */
  mentionRoleId?: string;
  /** For digests: the stories held since the last digest. */
  digest?: Digest;
}

/** One story in a digest: what it is and how many held items reported it. */
export interface DigestStory {
  storyId: string;
  title: string;
  link?: string;
  category: Category;
  /** The highest severity among its held items. */
  severity: Severity;
  entities: string[];
  /** Held items about it (the first report and every later one). */
  items: number;
  /** Outlets that reported it, in the order they did. */
  sources: string[];
  /** ISO time of its latest held item (publication date when known). */
  latestAt?: string;
}

/** A channel's digest: the alerts held below its threshold, grouped by story, most serious first. */
export interface Digest {
  /** "Daily digest" or "Weekly digest". */
  label: string;
  /** ISO time the digest was due (its slot). */
  dueAt: string;
  /** The channel's time zone, for showing dates as the channel reads them. */
  timeZone: string;
  items: number;
  stories: DigestStory[];
}

/** Outcome of one send, classified by the adapter from SDK errors. */
export type DeliveryResult =
  | { kind: 'delivered'; messageRef?: string }
  /** Transient (rate limit, network, 5xx): try again later. */
  | { kind: 'retry'; reason: string; afterMs?: number }
  /** Permanent for this channel (removed, archived, no access, bad auth): stop sending there. */
  | { kind: 'channel-failed'; reason: string }
  /** This alert can never be sent (the platform refuses its content), but the channel is fine. */
  | { kind: 'rejected'; reason: string };

/** A `/sanctions …` invocation, whatever platform it came from. */
export interface CommandInput {
  platform: ChannelRef['platform'];
  channel: ChannelRef;
  user: { id: string; name?: string };
  /** Everything after `/sanctions`, e.g. `watch add eo-13971`. */
  text: string;
  /**
   * Whether the caller may change this channel's watchlist and feeds, as the adapter decided
   * (Slack admin list, Discord Manage Channels). Undefined means the adapter applies no rule.
   */
  canManage?: boolean;
  /** Why the caller may not manage, shown in the refusal (e.g. "needs Manage Channels"). */
  manageRefusal?: string;
  /**
   * What can be mentioned from this channel (Discord roles, Slack user groups), by id and name, as
   * the adapter knows them. The adapter rewrites its platform's mention syntax in `text` to `@name`.
   */
  mentionables?: Array<{ id: string; name: string }>;
  /**
   * Whether the caller may change the feeds of the whole workspace/guild (Slack: admin list, else a
   * workspace admin or owner; Discord: Manage Server). Undefined means the adapter applies no rule.
   */
  canManageWorkspace?: boolean;
  /** Why the caller may not change the workspace's feeds, shown in the refusal. */
  workspaceRefusal?: string;
}

/** A block of a reply: an optional heading and plain-text lines (adapters escape them). */
export interface ReplySection {
  heading?: string;
  lines: string[];
}

/** What a command answers, before any platform renders it. */
export interface Reply {
  /** `ephemeral`: only the caller sees it; `in_channel`: the whole channel (watchlist changes). */
  visibility: 'ephemeral' | 'in_channel';
  title: string;
  sections: ReplySection[];
  /** True when the command was refused or misunderstood. */
  error?: boolean;
}
