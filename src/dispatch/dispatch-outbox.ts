// Sends due outbox rows through each channel's adapter. A row is marked delivered only after the
// platform accepted it; a failed send is retried later (never lost); the row id is the alert's
// idempotency key, so a crash between posting and recording cannot double a message.
import type { Logger } from '../log.ts';
import type { Alert, ChannelRef, DeliveryResult } from '../model.ts';
import type { ChatAdapter } from '../platform.ts';
import type { ChannelStore, OutboxStore, Transactional } from '../ports/storage.ts';

export interface DispatchDeps {
  store: OutboxStore & Pick<ChannelStore, 'getChannelByKey' | 'setChannelFailing'> & Transactional;
  adapters: ChatAdapter[];
  log: Logger;
  now: () => number;
  /** Give up on an alert after this many failed tries. @default 12 */
  maxAttempts?: number;
  /** Told each send's outcome (metrics). */
  onResult?: (kind: DeliveryResult['kind']) => void;
}

export interface DispatchReport {
  delivered: number;
  retried: number;
  failed: number;
  waiting: number;
}

/** Delay before the n-th retry of a send: 30 s doubling, capped at an hour. */
export const sendRetryDelay = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/**
 * Sends one alert. After a try whose outcome is unknown (an earlier attempt, or a send a crash
 * cut short) the platform may have the message already: the adapter looks, and a found post
 * counts as delivered instead of being posted twice.
 */
export async function deliver(adapter: ChatAdapter, channel: ChannelRef, alert: Alert): Promise<DeliveryResult> {
  if (alert.previousAttempts > 0) {
    const found = await adapter.findPosted(channel, alert);
    if (found.kind === 'posted') return { kind: 'delivered', messageRef: found.messageRef };
    if (found.kind !== 'not-found') return found;
  }
  return adapter.send(channel, alert);
}

/** Creates the dispatcher. Calls never overlap: a call during a dispatch waits for it and runs again. */
export function createDispatcher(deps: DispatchDeps) {
  const { store, log } = deps;
  const byPlatform = new Map(deps.adapters.map((a) => [a.platform, a]));
  const warnedMissing = new Set<string>();
  let chain: Promise<DispatchReport> = Promise.resolve({ delivered: 0, retried: 0, failed: 0, waiting: 0 });

  async function dispatchOnce(): Promise<DispatchReport> {
    const report: DispatchReport = { delivered: 0, retried: 0, failed: 0, waiting: 0 };
    const maxAttempts = deps.maxAttempts ?? 12;
    for (const row of store.dueAlerts(deps.now(), 500)) {
      const adapter = byPlatform.get(row.channel.platform);
      if (!adapter) {
        // The platform is not configured in this run: keep the row for when it is.
        if (!warnedMissing.has(row.channel.platform)) log.warn(`outbox: no ${row.channel.platform} adapter configured; alerts for it wait`);
        warnedMissing.add(row.channel.platform);
        report.waiting++;
        continue;
      }
      const channel = store.getChannelByKey(row.channelKey);
      if (channel?.failingReason) continue;
      let replyTo: string | undefined;
      if (row.kind === 'follow-up') {
        const delivery = store.storyDelivery(row.channelKey, row.storyId);
        const original = delivery && store.getOutbox(delivery.alertId);
        if (original?.status === 'pending') {
          report.waiting++; // the alert it follows has not gone out yet
          continue;
        }
        replyTo = original?.messageRef;
      }
      // A send still marked as begun was cut short by a crash: the platform may have the message
      // already, so it counts as a try and deliver() checks before posting again.
      const interrupted = row.sendStartedAt !== undefined;
      if (interrupted) log.warn(`outbox: alert ${row.id} to ${row.channelKey} was being sent when the bot stopped; checking whether it went out`);
      const previousAttempts = row.attempts + (interrupted ? 1 : 0);
      const alert = { ...row.alert, previousAttempts, ...(replyTo ? { replyTo } : {}), ...(channel?.mentionRoleId && row.alert.severity === 'high' && row.kind !== 'follow-up' && row.kind !== 'digest' ? { mentionRoleId: channel.mentionRoleId } : {}) };
      store.markSending(row.id, deps.now());
      let result;
      try {
        result = await deliver(adapter, row.channel, alert);
      } catch (error) {
        // Adapters classify platform errors themselves; a throw is a bug, retried like a transient error.
        log.error(`outbox: ${adapter.platform} adapter threw for alert ${row.id}: ${(error as Error).message}`);
        result = { kind: 'retry' as const, reason: (error as Error).message };
      }
      const now = deps.now();
      deps.onResult?.(result.kind);
      switch (result.kind) {
        case 'delivered':
          store.transaction(() => {
            store.markDelivered(row.id, result.messageRef, now);
            if (row.kind === 'follow-up') store.recordFollowUp(row.channelKey, row.storyId, now);
          });
          report.delivered++;
          break;
        case 'retry':
          if (row.attempts + 1 >= maxAttempts) {
            store.markFailed(row.id, result.reason);
            log.error(`outbox: giving up on alert ${row.id} to ${row.channelKey} after ${row.attempts + 1} tries: ${result.reason}`);
            report.failed++;
          } else {
            store.markRetry(row.id, result.reason, now + (result.afterMs ?? sendRetryDelay(row.attempts + 1)));
            log.warn(`outbox: alert ${row.id} to ${row.channelKey} will be retried: ${result.reason}`);
            report.retried++;
          }
          break;
        case 'rejected':
          store.markFailed(row.id, result.reason);
          log.error(`outbox: ${adapter.platform} refused alert ${row.id} for good: ${result.reason}`);
          report.failed++;
          break;
        case 'channel-failed':
          // Stop sending there until someone uses /sanctions in the channel again; the row waits.
          store.transaction(() => {
            store.setChannelFailing(row.channelKey, result.reason, now);
            store.markSendEnded(row.id);
          });
          log.warn(`outbox: channel ${row.channelKey} is failing (${result.reason}); its alerts are held`);
          report.failed++;
          break;
      }
    }
    return report;
  }

  return {
    dispatch(): Promise<DispatchReport> {
      chain = chain.then(dispatchOnce, dispatchOnce);
      return chain;
    },
  };
}
