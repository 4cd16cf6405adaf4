// Routing: which channels hear about a new item, and how (a new alert, a follow-up in the alert's
// thread, or an escalation). Runs inside the feed's transaction, so the outbox row commits with the
// item: a crash can lose neither, and a restart cannot write either twice.
import { createHash } from 'node:crypto';
import type { Alert, AlertSource, ChannelRef } from '../model.ts';
import { severityRank } from '../model.ts';
import type { ChannelStore, OutboxStore } from '../ports/storage.ts';
import type { AnalyzedItem } from './analyze-item.ts';
import { holdsForDigest } from '../digest/make-digests.ts';

export interface RouteInput {
  analyzed: AnalyzedItem;
  storyId: string;
  /** Display names of the entities the item names. */
  entityNames: Record<string, string>;
  source: string;
}

/** The most sources one follow-up lists. */
export const MAX_FOLLOW_UP_SOURCES = 20;

export interface RouteOptions {
  /** At most one follow-up per story per channel per this many ms. */
  followUpMs: number;
  now: number;
  /** Which channels the item's feed may alert (a workspace's own feed, an operator feed it kept). @default all */
  reaches?: (channel: ChannelRef) => boolean;
}

/** Idempotency key of an alert: the same channel, story, kind and item always give the same id. */
export function alertId(channelKey: string, storyId: string, kind: Alert['kind'], itemKey: string): string {
  return 'al_' + createHash('sha1').update(`${channelKey}\u0000${storyId}\u0000${kind}\u0000${itemKey}`).digest('hex').slice(0, 20);
}

/** The neutral alert for one item of a story. */
export function buildAlert(input: RouteInput, kind: Alert['kind'], id: string): Alert {
  const { analyzed } = input;
  const { item, classification } = analyzed;
  return {
    id,
    kind,
    storyId: input.storyId,
    title: item.title,
    ...(item.link ? { link: item.link } : {}),
    source: input.source,
    ...(item.outlet ? { outlet: item.outlet } : {}),
    ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    summary: analyzed.summary,
    entities: analyzed.mentions.map((m) => ({ id: m.entityId, name: input.entityNames[m.entityId] ?? m.entityId })),
    category: classification.category,
    severity: classification.severity,
    matches: analyzed.mentions,
    ...(classification.citation ? { citation: classification.citation } : {}),
    official: classification.official,
    previousAttempts: 0,
  };
}

/**
 * Writes the outbox rows for one new item. Returns how many alerts (new, escalation, follow-up
 * rows created or extended) it produced.
 */
export function routeAlerts(store: Pick<ChannelStore, 'channelsWatching'> & OutboxStore, input: RouteInput, options: RouteOptions): number {
  const { analyzed, storyId } = input;
  const severity = analyzed.classification.severity;
  const entityIds = analyzed.mentions.map((m) => m.entityId);
  let routed = 0;
  for (const channel of store.channelsWatching(entityIds)) {
    if (severityRank(severity) < severityRank(channel.minSeverity)) continue;
    if (options.reaches && !options.reaches(channel.ref)) continue;
    const delivery = store.storyDelivery(channel.key, storyId);
    if (holdsForDigest(channel, severity)) {
      // Every held item is its own row: the digest counts them per story.
      const kind = delivery ? 'follow-up' : 'new';
      const id = alertId(channel.key, storyId, kind, analyzed.key);
      if (store.enqueueAlert({ channelKey: channel.key, alert: buildAlert(input, kind, id), nextAttemptAt: options.now, held: true }, options.now)) {
        if (!delivery) store.recordStoryDelivery({ channelKey: channel.key, storyId, alertId: id, severity }, options.now);
        routed++;
      }
      continue;
    }
    if (!delivery || severityRank(severity) > severityRank(delivery.severity)) {
      // First time this channel hears of the story, or it became more serious: a fresh alert.
      const kind = delivery ? 'escalation' : 'new';
      const id = alertId(channel.key, storyId, kind, analyzed.key);
      if (store.enqueueAlert({ channelKey: channel.key, alert: buildAlert(input, kind, id), nextAttemptAt: options.now }, options.now)) {
        store.recordStoryDelivery({ channelKey: channel.key, storyId, alertId: id, severity }, options.now);
        routed++;
      }
      continue;
    }
    // Another outlet reporting the same development: add it to the follow-up (one per interval).
    const added: AlertSource = {
      title: analyzed.item.title,
      ...(analyzed.item.link ? { link: analyzed.item.link } : {}),
      source: input.source,
      ...(analyzed.item.outlet ? { outlet: analyzed.item.outlet } : {}),
      ...(analyzed.item.publishedAt ? { publishedAt: analyzed.item.publishedAt } : {}),
      ...(analyzed.classification.official && analyzed.classification.citation ? { citation: analyzed.classification.citation } : {}),
    };
    const pending = store.pendingFollowUp(channel.key, storyId);
    if (pending) {
      const sources = pending.alert.extraSources ?? [];
      // A follow-up names at most MAX_FOLLOW_UP_SOURCES outlets: past that a reader learns nothing
      // new, and rewriting an ever-growing payload on every rewrite would make routing quadratic.
      if (sources.length < MAX_FOLLOW_UP_SOURCES && !sources.some((s) => s.link && s.link === added.link)) {
        store.replacePendingAlert({ ...pending.alert, extraSources: [...sources, added] });
        routed++;
      }
      continue;
    }
    const id = alertId(channel.key, storyId, 'follow-up', analyzed.key);
    const alert: Alert = { ...buildAlert(input, 'follow-up', id), extraSources: [added] };
    const dueAt = Math.max(options.now, delivery.lastFollowUpAt + options.followUpMs);
    if (store.enqueueAlert({ channelKey: channel.key, alert, nextAttemptAt: dueAt }, options.now)) routed++;
  }
  return routed;
}
