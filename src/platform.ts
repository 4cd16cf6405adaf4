// The port every chat platform implements. The core never sees platform timing (Slack's 3-second
// ack, Discord's deferred replies): adapters own it.
import type { Alert, ChannelRef, CommandInput, DeliveryResult, Reply } from './model.ts';

export type CommandHandler = (input: CommandInput) => Promise<Reply>;

export interface ChatAdapter {
  readonly platform: ChannelRef['platform'];
  /** Connect and start answering `/sanctions` through `onCommand`. */
  start(onCommand: CommandHandler): Promise<void>;
  stop(): Promise<void>;
  /** Post (or, for follow-ups, thread/edit) one alert. Never throws for platform errors. */
  send(channel: ChannelRef, alert: Alert): Promise<DeliveryResult>;
}
