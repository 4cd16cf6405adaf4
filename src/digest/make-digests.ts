// Digest mode: alerts below a channel's threshold are held in the outbox and, when the channel's
// digest is due, become one digest row there. Crash safety comes from the outbox itself: the digest
// row, the held rows it takes and the channel's next due time commit in one transaction, and the row
// id is derived from the channel and its slot, so a restart can neither lose a digest nor make a
// second one for the same slot; sending it is then an ordinary outbox send (checked before a retry).
import { createHash } from 'node:crypto';
import { schedule, type ScheduledTask } from 'node-cron';
import type { Alert, Digest, DigestStory, Severity } from '../model.ts';
import { severityRank } from '../model.ts';
import type { Logger } from '../log.ts';
import type { ChannelRow, ChannelStore, OutboxRow, OutboxStore, Transactional } from '../ports/storage.ts';
import { cronExpression, nextDigestAt, type DigestSchedule } from './digest-schedule.ts';
import { isStoreFailure, type CodedError } from '../errors.ts';
import { plural } from '../text/plural.ts';

/** Whether an alert of `severity` waits for the channel's digest. */
export function holdsForDigest(channel: Pick<ChannelRow, 'digestSchedule' | 'digestAtOnce'>, severity: Severity): boolean {
  if (!channel.digestSchedule) return false;
  return channel.digestAtOnce === 'none' || severityRank(severity) < severityRank(channel.digestAtOnce);
}

/** Idempotency key of a channel's digest for one slot. */
export function digestId(channelKey: string, dueAt: number): string {
  return 'dg_' + createHash('sha1').update(`${channelKey}\u0000${dueAt}`).digest('hex').slice(0, 20);
}

/** Groups held alerts by story, most serious first, then most reported, then latest. */
function buildDigest(held: OutboxRow[], schedule: DigestSchedule, dueAt: number): Digest {
  const byStory = new Map<string, DigestStory>();
  for (const row of held) {
    const a = row.alert;
    const at = a.publishedAt ?? new Date(row.createdAt).toISOString();
    const story = byStory.get(a.storyId);
    if (!story) {
      byStory.set(a.storyId, {
        storyId: a.storyId,
        title: a.title,
        ...(a.link ? { link: a.link } : {}),
        category: a.category,
        severity: a.severity,
        entities: a.entities.map((e) => e.name),
        items: 1,
        sources: [a.source],
        latestAt: at,
      });
      continue;
    }
    story.items++;
    if (severityRank(a.severity) > severityRank(story.severity)) story.severity = a.severity;
    if (!story.sources.includes(a.source)) story.sources.push(a.source);
    for (const e of a.entities) if (!story.entities.includes(e.name)) story.entities.push(e.name);
    if (!story.latestAt || at > story.latestAt) story.latestAt = at;
  }
  const stories = [...byStory.values()].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.items - a.items || (b.latestAt ?? '').localeCompare(a.latestAt ?? ''),
  );
  return {
    label: schedule.every === 'weekly' ? 'Weekly digest' : 'Daily digest',
    dueAt: new Date(dueAt).toISOString(),
    timeZone: schedule.timeZone,
    items: held.length,
    stories,
  };
}

/** The digest as an outbox alert: its top fields describe the most serious story. */
function digestAlert(id: string, digest: Digest): Alert {
  const top = digest.stories[0];
  return {
    id,
    kind: 'digest',
    storyId: `digest:${digest.dueAt}`,
    title: `${digest.label}: ${plural(digest.stories.length, 'story', 'stories')}`,
    source: 'sanctions-watch',
    summary: '',
    entities: [],
    category: top?.category ?? 'other',
    severity: top?.severity ?? 'low',
    matches: [],
    official: false,
    previousAttempts: 0,
    digest,
  };
}

/**
 * Makes the digest of every channel whose digest is due at `now`: one outbox row holding its held
 * alerts (none when nothing was held), and the next due time. Returns how many digests it queued.
 * A bot that was down at the due time makes the missed digest once, at the first call after start.
 */
export function makeDueDigests(store: ChannelStore & OutboxStore & Transactional, now: number): number {
  let made = 0;
  for (const channel of store.digestsDue(now)) {
    const { digestSchedule: schedule, digestNextAt: dueAt } = channel;
    if (!schedule || dueAt === undefined) continue;
    store.transaction(() => {
      const held = store.heldAlerts(channel.key);
      if (held.length) {
        const id = digestId(channel.key, dueAt);
        const digest = buildDigest(held, schedule, dueAt);
        if (store.enqueueAlert({ channelKey: channel.key, alert: digestAlert(id, digest), nextAttemptAt: now }, now)) made++;
        store.markDigested(
          held.map((r) => r.id),
          id,
        );
      }
      store.setDigest(channel.key, schedule, nextDigestAt(schedule, now));
    });
  }
  return made;
}

export interface DigestSchedulerDeps {
  store: ChannelStore & OutboxStore & Transactional;
  log: Logger;
  /** Makes due digests and sends them (the app's `runDigests`). */
  onDue: () => Promise<unknown>;
  /** Told when a digest failed because the database did (the app stops the bot). */
  onStoreFailure?: (error: CodedError) => void;
}

/**
 * One node-cron task per channel in digest mode, at the channel's time in its zone (node-cron's
 * `timezone` option follows DST). A task only wakes the app: what is due is decided from the store
 * and the app's clock, so tests call `runDigests()` with an injected clock instead of waiting.
 */
export function createDigestScheduler(deps: DigestSchedulerDeps) {
  const tasks = new Map<string, { task: ScheduledTask; expression: string }>();
  // node-cron would only log what a task throws: a storage failure is handed on instead.
  const fire = (key: string) => () =>
    deps.onDue().catch((error: Error) => {
      deps.log.error(`digest for ${key} failed: ${error.message}`);
      if (isStoreFailure(error)) deps.onStoreFailure?.(error);
    });
  return {
    /** Brings the tasks in line with the channels' settings (after start and after a settings change). */
    sync(): void {
      const wanted = new Map(deps.store.digestChannels().flatMap((c) => (c.digestSchedule ? [[c.key, c.digestSchedule] as const] : [])));
      for (const [key, entry] of tasks) {
        const s = wanted.get(key);
        if (s && `${cronExpression(s)} ${s.timeZone}` === entry.expression) continue;
        void entry.task.destroy();
        tasks.delete(key);
      }
      for (const [key, s] of wanted) {
        if (tasks.has(key)) continue;
        const task = schedule(cronExpression(s), fire(key), { timezone: s.timeZone, name: `digest ${key}`, noOverlap: true });
        tasks.set(key, { task, expression: `${cronExpression(s)} ${s.timeZone}` });
      }
    },
    async stop(): Promise<void> {
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
    },
    /** When node-cron will next wake a channel's digest (undefined: no task). */
    nextRun(key: string): Date | undefined {
      return tasks.get(key)?.task.getNextRun() ?? undefined;
    },
    /** How many channels have a task. */
    get size(): number {
      return tasks.size;
    },
  };
}
