// The outbox and what each channel got of each story.
import type Database from 'better-sqlite3';
import type { Alert, ChannelRef, Severity } from '../model.ts';
import type { OutboxRow, OutboxStatus, OutboxStore, StoryDelivery } from '../ports/storage.ts';
import { nul, num, str, type Row } from './rows.ts';

export function createOutboxStore(db: Database.Database) {
  const q = {
    // outbox
    insertOutbox: db.prepare(
      `INSERT INTO outbox (id, channel_key, story_id, kind, payload, status, next_attempt_at, created_at) VALUES (@id, @channelKey, @storyId, @kind, @payload, @status, @nextAttemptAt, @now)
       ON CONFLICT (id) DO NOTHING`,
    ),
    held: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.channel_key = ? AND o.status = 'held' ORDER BY o.created_at, o.id`,
    ),
    digested: db.prepare(`UPDATE outbox SET status = 'digested', digest_id = ? WHERE id = ? AND status = 'held'`),
    release: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE channel_key = ? AND status = 'held'`),
    pendingFollowUp: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.channel_key = ? AND o.story_id = ? AND o.kind = 'follow-up' AND o.status = 'pending' LIMIT 1`,
    ),
    updatePayload: db.prepare(`UPDATE outbox SET payload = ? WHERE id = ? AND status = 'pending'`),
    due: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND c.failing_reason IS NULL ORDER BY o.next_attempt_at, o.created_at, o.id LIMIT ?`,
    ),
    outboxRow: db.prepare(`SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key WHERE o.id = ?`),
    outboxOf: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key WHERE o.channel_key = ? ORDER BY o.created_at, o.id`,
    ),
    sending: db.prepare(`UPDATE outbox SET send_started_at = ? WHERE id = ?`),
    delivered: db.prepare(
      `UPDATE outbox SET status = 'delivered', message_ref = ?, delivered_at = ?, attempts = attempts + 1, last_error = NULL, send_started_at = NULL WHERE id = ?`,
    ),
    retry: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, send_started_at = NULL WHERE id = ?`),
    failed: db.prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, send_started_at = NULL WHERE id = ?`),
    sendEnded: db.prepare(`UPDATE outbox SET send_started_at = NULL WHERE id = ?`),
    storyDelivery: db.prepare(`SELECT * FROM story_deliveries WHERE channel_key = ? AND story_id = ?`),
    upsertStoryDelivery: db.prepare(
      `INSERT INTO story_deliveries (channel_key, story_id, alert_id, severity, last_follow_up_at) VALUES (@channelKey, @storyId, @alertId, @severity, @now)
       ON CONFLICT (channel_key, story_id) DO UPDATE SET alert_id = excluded.alert_id, severity = excluded.severity, last_follow_up_at = excluded.last_follow_up_at`,
    ),
    followUpAt: db.prepare(`UPDATE story_deliveries SET last_follow_up_at = ? WHERE channel_key = ? AND story_id = ?`),
    outboxCounts: db.prepare(`SELECT status, count(*) AS n FROM outbox GROUP BY status`),
    // health: pending rows, and those among them whose last try failed or whose channel is held
    outboxHealth: db.prepare(
      `SELECT count(*) AS pending, coalesce(sum(o.last_error IS NOT NULL OR EXISTS (SELECT 1 FROM channels c WHERE c.channel_key = o.channel_key AND c.failing_reason IS NOT NULL)), 0) AS failing
         FROM outbox o WHERE o.status = 'pending'`,
    ),
  };

  const toOutbox = (r: Row): OutboxRow => ({
    id: String(r.id),
    channelKey: String(r.channel_key),
    channel: { platform: r.platform as ChannelRef['platform'], id: String(r.channel_id), ...(r.workspace ? { workspace: String(r.workspace) } : {}) },
    storyId: String(r.story_id),
    kind: r.kind as Alert['kind'],
    alert: JSON.parse(String(r.payload)) as Alert,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: str(r.last_error),
    messageRef: str(r.message_ref),
    sendStartedAt: num(r.send_started_at),
    createdAt: Number(r.created_at),
  });

  const api: OutboxStore = {
    /** Queues an alert; `held` keeps it for the channel's digest instead of sending it. */
    enqueueAlert(row: { channelKey: string; alert: Alert; nextAttemptAt: number; held?: boolean }, now: number): boolean {
      const { alert } = row;
      const status: OutboxStatus = row.held ? 'held' : 'pending';
      return q.insertOutbox.run({ id: alert.id, channelKey: row.channelKey, storyId: alert.storyId, kind: alert.kind, payload: JSON.stringify(alert), status, nextAttemptAt: row.nextAttemptAt, now }).changes > 0;
    },
    /** A channel's alerts waiting for its digest, oldest first. */
    heldAlerts(key: string): OutboxRow[] {
      return (q.held.all(key) as Row[]).map(toOutbox);
    },
    /** Records that held rows went into the digest row `digestId` (same transaction as that row). */
    markDigested(ids: string[], digestId: string): void {
      for (const id of ids) q.digested.run(digestId, id);
    },
    /** Sends a channel's held alerts as ordinary ones (digest mode turned off); returns how many. */
    releaseHeld(key: string, now: number): number {
      return q.release.run(now, key).changes;
    },
    pendingFollowUp(channelKeyValue: string, storyId: string): OutboxRow | undefined {
      const r = q.pendingFollowUp.get(channelKeyValue, storyId) as Row | undefined;
      return r && toOutbox(r);
    },
    replacePendingAlert(alert: Alert): void {
      q.updatePayload.run(JSON.stringify(alert), alert.id);
    },
    dueAlerts(now: number, limit = 100): OutboxRow[] {
      return (q.due.all(now, limit) as Row[]).map(toOutbox);
    },
    getOutbox(id: string): OutboxRow | undefined {
      const r = q.outboxRow.get(id) as Row | undefined;
      return r && toOutbox(r);
    },
    outboxOfChannel(key: string): OutboxRow[] {
      return (q.outboxOf.all(key) as Row[]).map(toOutbox);
    },
    /** Rows by status; `held` and `digested` appear only for channels in digest mode. */
    outboxCounts(): Record<'pending' | 'delivered' | 'failed', number> & Partial<Record<OutboxStatus, number>> {
      const counts: Record<'pending' | 'delivered' | 'failed', number> & Partial<Record<OutboxStatus, number>> = { pending: 0, delivered: 0, failed: 0 };
      for (const r of q.outboxCounts.all() as Row[]) counts[r.status as OutboxStatus] = Number(r.n);
      return counts;
    },
    /** For /healthz: alerts waiting, and those among them that are failing (last try failed, or channel held). */
    outboxHealth(): { pending: number; failing: number } {
      const r = q.outboxHealth.get() as Row;
      return { pending: Number(r.pending), failing: Number(r.failing) };
    },
    /** Records that a send begins, before the platform is called (see OutboxRow.sendStartedAt). */
    markSending(id: string, now: number): void {
      q.sending.run(now, id);
    },
    /** Records that a send ended without an outcome for the row itself (its channel is held). */
    markSendEnded(id: string): void {
      q.sendEnded.run(id);
    },
    markDelivered(id: string, messageRef: string | undefined, now: number): void {
      q.delivered.run(nul(messageRef), now, id);
    },
    markRetry(id: string, error: string, nextAttemptAt: number): void {
      q.retry.run(error, nextAttemptAt, id);
    },
    markFailed(id: string, error: string): void {
      q.failed.run(error, id);
    },
    storyDelivery(key: string, storyId: string): StoryDelivery | undefined {
      const r = q.storyDelivery.get(key, storyId) as Row | undefined;
      return (
        r && {
          channelKey: String(r.channel_key),
          storyId: String(r.story_id),
          alertId: String(r.alert_id),
          severity: r.severity as Severity,
          lastFollowUpAt: Number(r.last_follow_up_at ?? 0),
        }
      );
    },
    /** Records the alert a channel got for a story; the follow-up interval counts from `now`. */
    recordStoryDelivery(v: { channelKey: string; storyId: string; alertId: string; severity: Severity }, now: number): void {
      q.upsertStoryDelivery.run({ ...v, now });
    },
    recordFollowUp(key: string, storyId: string, now: number): void {
      q.followUpAt.run(now, key, storyId);
    },
  };
  return { statements: q, api };
}
