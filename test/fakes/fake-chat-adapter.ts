// A ChatAdapter at the platform edge that records what it was asked to send and can be told how
// to answer, for cycle tests that are about the core rather than a platform's wire format.
import type { Alert, ChannelRef, DeliveryResult } from '../../src/model.ts';
import type { ChatAdapter, CommandHandler, PostedCheck } from '../../src/platform.ts';

export interface FakeChatAdapter extends ChatAdapter {
  /** Every send, in order, with what it answered. */
  readonly sent: Array<{ channel: ChannelRef; alert: Alert; result: DeliveryResult }>;
  /** Answers the next sends with these results (then `delivered`). A function result is thrown. */
  answerNext(...results: Array<DeliveryResult | (() => never)>): void;
  /** Every findPosted asked, in order (alert ids). */
  readonly lookups: string[];
  /** Answers the next findPosted calls with these (then `not-found`: no history to search). */
  answerNextLookup(...results: PostedCheck[]): void;
  onCommand?: CommandHandler;
}

export function createFakeChatAdapter(platform: ChannelRef['platform'] = 'console'): FakeChatAdapter {
  const queue: Array<DeliveryResult | (() => never)> = [];
  const sent: FakeChatAdapter['sent'] = [];
  const lookups: string[] = [];
  const lookupQueue: PostedCheck[] = [];
  let n = 0;
  const adapter: FakeChatAdapter = {
    platform,
    sent,
    answerNext: (...results) => void queue.push(...results),
    lookups,
    answerNextLookup: (...results) => void lookupQueue.push(...results),
    async start(onCommand) {
      adapter.onCommand = onCommand;
    },
    async stop() {},
    async findPosted(_channel, alert) {
      lookups.push(alert.id);
      return lookupQueue.shift() ?? { kind: 'not-found' };
    },
    async send(channel, alert) {
      const next = queue.shift();
      if (typeof next === 'function') return next();
      const result: DeliveryResult = next ?? { kind: 'delivered', messageRef: `m${++n}` };
      sent.push({ channel, alert, result });
      return result;
    },
  };
  return adapter;
}
