// The port every chat platform implements. The core never sees platform timing (Slack's 3-second
// ack, Discord's deferred replies): adapters own it.
import type { Alert, ChannelRef, CommandInput, DeliveryResult, Reply } from './model.ts';

export type CommandHandler = (input: CommandInput) => Promise<Reply>;

/**
 * What an adapter found when asked whether an alert is already in a channel: `posted` (with the
 * message), `not-found` (none, or the platform would not say: the adapter logged why, and posting
 * is better than never delivering), or an outcome that decides the send itself (a transient
 * failure to try again later, a channel that is gone).
 */
export type PostedCheck = { kind: 'posted'; messageRef: string } | { kind: 'not-found' } | Exclude<DeliveryResult, { kind: 'delivered' }>;

export interface ChatAdapter {
  readonly platform: ChannelRef['platform'];
  /** Connect and start answering `/sanctions` through `onCommand`. */
  start(onCommand: CommandHandler): Promise<void>;
  stop(): Promise<void>;
  /** Post (or, for follow-ups, thread/edit) one alert. Never throws for platform errors. */
  send(channel: ChannelRef, alert: Alert): Promise<DeliveryResult>;
  /**
   * Looks in the channel (or the follow-up's thread) for an earlier post of this alert. The
   * dispatcher asks before a send whose earlier try may have reached the platform (a crash
   * mid-send, a timeout); the adapter only does the platform's lookup.
   */
  findPosted(channel: ChannelRef, alert: Alert): Promise<PostedCheck>;
}
