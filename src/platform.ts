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

/** Completions for what a user is typing after `/sanctions` (entities, presets, verbs); `value` is the whole query. */
export type CompleteHandler = (typed: string) => Array<{ name: string; value: string }>;

/** The inbound handlers besides commands, handed over at `start` (as bolt-js hands its receiver the app at `init`). */
export interface InboundHandlers {
  /** For platforms that complete as the user types (Discord's autocomplete). */
  complete?: CompleteHandler;
}

/** What a user sees when answering their command threw: short, private, no internals (the log has them). */
const COMMAND_APOLOGY: Reply = {
  visibility: 'ephemeral',
  title: 'Sorry, that command failed',
  sections: [{ lines: ['Something went wrong on our side. Please try again in a minute. If it keeps failing, ask whoever runs this bot to check its log.'] }],
  error: true,
};

/**
 * Answers a command, or apologises when answering threw: the one place command failures are caught.
 * `onError` logs it with the adapter's own context (channel, interaction).
 */
export async function answerCommand(onCommand: CommandHandler | undefined, input: CommandInput, onError: (error: unknown) => void): Promise<Reply> {
  try {
    if (!onCommand) throw new Error('adapter not started');
    return await onCommand(input);
  } catch (error) {
    onError(error);
    return COMMAND_APOLOGY;
  }
}

export interface ChatAdapter {
  readonly platform: ChannelRef['platform'];
  /** Connect and start answering `/sanctions` through `onCommand` (and completions through `inbound`). */
  start(onCommand: CommandHandler, inbound?: InboundHandlers): Promise<void>;
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
