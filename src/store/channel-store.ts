// Channels, their watchlists and settings (severity, mention, digest, failing).
import type Database from 'better-sqlite3';
import type { ChannelRef, Severity } from '../model.ts';
import type { DigestAtOnce, DigestSchedule } from '../digest/digest-schedule.ts';
import { channelKey, type ChannelRow, type ChannelStore } from '../ports/storage.ts';
import { nul, num, str, type Row } from './rows.ts';

export function createChannelStore(db: Database.Database) {
  const q = {
    // channels
    insertChannel: db.prepare(
      `INSERT INTO channels (channel_key, platform, workspace, channel_id, created_at) VALUES (@key, @platform, @workspace, @id, @now) ON CONFLICT DO NOTHING`,
    ),
    channel: db.prepare(`SELECT * FROM channels WHERE channel_key = ?`),
    channels: db.prepare(`SELECT * FROM channels ORDER BY created_at, channel_key`),
    watchesOf: db.prepare(`SELECT entity_id FROM watches WHERE channel_key = ? ORDER BY entity_id`),
    addWatch: db.prepare(`INSERT INTO watches (channel_key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING`),
    removeWatch: db.prepare(`DELETE FROM watches WHERE channel_key = ? AND entity_id = ?`),
    // One query per routed item: the channels (not failing) watching any of a JSON array of entity ids.
    watchingChannels: db.prepare(
      `SELECT c.* FROM channels c WHERE c.failing_reason IS NULL
         AND c.channel_key IN (SELECT w.channel_key FROM watches w WHERE w.entity_id IN (SELECT value FROM json_each(?)))
       ORDER BY c.channel_key`,
    ),
    setMinSeverity: db.prepare(`UPDATE channels SET min_severity = ? WHERE channel_key = ?`),
    setMentionRole: db.prepare(`UPDATE channels SET mention_role_id = ?, mention_label = ? WHERE channel_key = ?`),
    setDigest: db.prepare(`UPDATE channels SET digest_schedule = ?, digest_next_at = ? WHERE channel_key = ?`),
    setDigestAtOnce: db.prepare(`UPDATE channels SET digest_at_once = ? WHERE channel_key = ?`),
    digestsDue: db.prepare(`SELECT * FROM channels WHERE digest_next_at <= ? ORDER BY digest_next_at, channel_key`),
    digestChannels: db.prepare(`SELECT * FROM channels WHERE digest_next_at IS NOT NULL ORDER BY channel_key`),
    setFailing: db.prepare(`UPDATE channels SET failing_reason = ?, failing_since = COALESCE(failing_since, ?) WHERE channel_key = ?`),
    clearFailing: db.prepare(`UPDATE channels SET failing_reason = NULL, failing_since = NULL WHERE channel_key = ?`),
  };

  const toChannelSettings = (r: Row): Omit<ChannelRow, 'watches'> => ({
    key: String(r.channel_key),
    ref: { platform: r.platform as ChannelRef['platform'], id: String(r.channel_id), ...(r.workspace ? { workspace: String(r.workspace) } : {}) },
    minSeverity: r.min_severity as Severity,
    mentionRoleId: str(r.mention_role_id),
    mentionLabel: str(r.mention_label),
    failingReason: str(r.failing_reason),
    failingSince: num(r.failing_since),
    ...(r.digest_schedule ? { digestSchedule: JSON.parse(String(r.digest_schedule)) as DigestSchedule } : {}),
    digestAtOnce: (str(r.digest_at_once) ?? 'high') as DigestAtOnce,
    digestNextAt: num(r.digest_next_at),
  });
  const toChannel = (r: Row): ChannelRow => ({ ...toChannelSettings(r), watches: (q.watchesOf.all(r.channel_key) as Row[]).map((w) => String(w.entity_id)) });

  const api: ChannelStore = {
    ensureChannel(ref: ChannelRef, now: number): ChannelRow {
      const key = channelKey(ref);
      q.insertChannel.run({ key, platform: ref.platform, workspace: ref.workspace ?? '', id: ref.id, now });
      return toChannel(q.channel.get(key) as Row);
    },
    getChannel(ref: ChannelRef): ChannelRow | undefined {
      const r = q.channel.get(channelKey(ref)) as Row | undefined;
      return r && toChannel(r);
    },
    getChannelByKey(key: string): ChannelRow | undefined {
      const r = q.channel.get(key) as Row | undefined;
      return r && toChannel(r);
    },
    listChannels(): ChannelRow[] {
      return (q.channels.all() as Row[]).map(toChannel);
    },
    /** Returns the ids that were not watched before. */
    addWatches(key: string, entityIds: string[]): string[] {
      return entityIds.filter((e) => q.addWatch.run(key, e).changes > 0);
    },
    /** Returns the ids that were watched and are not any more. */
    removeWatches(key: string, entityIds: string[]): string[] {
      return entityIds.filter((e) => q.removeWatch.run(key, e).changes > 0);
    },
    /** Channels (not failing) watching any of the entities, by key; without their watch lists, which routing does not read. */
    channelsWatching(entityIds: string[]): Array<Omit<ChannelRow, 'watches'>> {
      return (q.watchingChannels.all(JSON.stringify(entityIds)) as Row[]).map(toChannelSettings);
    },
    setMinSeverity(key: string, severity: Severity): void {
      q.setMinSeverity.run(severity, key);
    },
    setMentionRole(key: string, roleId: string | undefined, label?: string): void {
      q.setMentionRole.run(nul(roleId), nul(roleId && label), key);
    },
    /** Turns digest mode on (with when the first digest is due) or off (`undefined`). */
    setDigest(key: string, schedule: DigestSchedule | undefined, nextAt: number | undefined): void {
      q.setDigest.run(schedule ? JSON.stringify(schedule) : null, schedule ? nul(nextAt) : null, key);
    },
    setDigestAtOnce(key: string, atOnce: DigestAtOnce): void {
      q.setDigestAtOnce.run(atOnce, key);
    },
    /** Channels whose digest is due at `now`, by key; without their watch lists. */
    digestsDue(now: number): Array<Omit<ChannelRow, 'watches'>> {
      return (q.digestsDue.all(now) as Row[]).map(toChannelSettings);
    },
    /** Channels in digest mode; without their watch lists. */
    digestChannels(): Array<Omit<ChannelRow, 'watches'>> {
      return (q.digestChannels.all() as Row[]).map(toChannelSettings);
    },
    setChannelFailing(key: string, reason: string, now: number): void {
      q.setFailing.run(reason, now, key);
    },
    clearChannelFailing(key: string): void {
      q.clearFailing.run(key);
    },
  };
  return { statements: q, api };
}
