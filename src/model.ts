// The platform-neutral data model shared by every stage and adapter.

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
  /** The outlet that published the report, when the feed names one apart from itself (Google News `<source>`). */
  outlet?: string;
  outletUrl?: string;
  /** Other outlets' reports of the same development the feed lists with this one (a Google News cluster). */
  related?: Array<{ headline: string; outlet?: string; url?: string }>;
  /** An official document's type and number (Federal Register "Presidential Document", "2025-01234"). */
  documentType?: string;
  documentNumber?: string;
}

/** One official action in an entity's timeline (facts from ../shared/DOMAIN.md, with their source). */
export interface TimelineEvent {
  date: string;
  action: string;
  citation?: string;
  source: string;
}

/** A watched app or company: catalog entries and channel-defined custom entities alike. */
export interface Entity {
  id: string;
  name: string;
  kind: 'app' | 'company';
  parent?: string;
  /** Names that identify the entity on their own (Latin and simplified Chinese). */
  aliases: string[];
  /** Short or ambiguous names that count only with corroboration ("QQ", "WPS", "DJI"). */
  weakAliases: string[];
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
  publishedAt?: string;
}

/**
 * What a channel is told about a story. `new` posts a fresh alert; `follow-up` adds sources to the
 * alert already posted (`replyTo` is that message); `escalation` posts a new alert because the
 * story's severity rose.
 */
export interface Alert {
  /** Outbox row id: stable across retries and restarts (idempotency key for the platforms). */
  id: string;
  kind: 'new' | 'follow-up' | 'escalation';
  storyId: string;
  title: string;
  link?: string;
  /** Name of the outlet or feed. */
  source: string;
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
  /** A role to mention (Discord), set by the core only for high-severity alerts in channels that asked. */
  mentionRoleId?: string;
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
