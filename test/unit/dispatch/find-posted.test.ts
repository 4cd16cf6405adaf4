// The "already posted?" decision lives in the dispatcher: it asks the adapter to look only when an
// earlier try may have reached the platform, and a post found there is recorded as delivered
// instead of being sent twice. Real SQLite file; the adapter is the fake platform edge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch-outbox.ts';
import { createLogger } from '../../../src/log.ts';
import type { Alert, ChannelRef } from '../../../src/model.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';
import { createFakeChatAdapter, type FakeChatAdapter } from '../../fakes/fake-chat-adapter.ts';

const CHANNEL: ChannelRef = { platform: 'console', id: 'C1' };
const alert: Alert = {
  id: 'a1',
  kind: 'new',
  storyId: 'st_1',
  title: 'Order names Alipay',
  source: 'Test Wire',
  summary: 'An order names Alipay.',
  entities: [{ id: 'alipay', name: 'Alipay' }],
  category: 'executive-order',
  severity: 'high',
  matches: [{ entityId: 'alipay', matched: 'Alipay', field: 'title', weak: false }],
  official: false,
  previousAttempts: 0,
};

let dir: string;
let store: Store;
let adapter: FakeChatAdapter;
let clock = 1_000_000;
const lines: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-findposted-'));
  store = createSqliteStore(join(dir, 'd.db'));
  adapter = createFakeChatAdapter();
  const channel = store.ensureChannel(CHANNEL, clock);
  store.enqueueAlert({ channelKey: channel.key, alert, nextAttemptAt: clock }, clock);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const dispatcher = () => createDispatcher({ store, adapters: [adapter], log: createLogger('debug', (l) => lines.push(l)), now: () => clock });

describe('the dispatcher and findPosted', () => {
  it('does not look before a first try', async () => {
    expect((await dispatcher().dispatch()).delivered).toBe(1);
    expect(adapter.lookups).toEqual([]);
    expect(adapter.sent).toHaveLength(1);
  });

  it('after a try with no answer, records a post the platform already has as delivered, without sending again', async () => {
    adapter.answerNext({ kind: 'retry', reason: 'timed out' });
    const d = dispatcher();
    expect((await d.dispatch()).retried).toBe(1);
    adapter.answerNextLookup({ kind: 'posted', messageRef: 'm-earlier' });
    clock += 3_600_000;
    expect((await d.dispatch()).delivered).toBe(1);
    expect(adapter.lookups).toEqual(['a1']);
    expect(adapter.sent).toHaveLength(1); // the first, failed try only
    expect(store.getOutbox('a1')).toMatchObject({ status: 'delivered', messageRef: 'm-earlier' });
  });

  it('after a send a crash cut short, sends when nothing is found, and lets a failed lookup decide the send', async () => {
    store.markSending('a1', clock); // the bot stopped mid-send
    adapter.answerNextLookup({ kind: 'retry', reason: 'history unavailable' });
    const d = dispatcher();
    expect((await d.dispatch()).retried).toBe(1);
    expect(adapter.sent).toHaveLength(0);
    clock += 3_600_000;
    expect((await d.dispatch()).delivered).toBe(1);
    expect(adapter.lookups).toEqual(['a1', 'a1']);
    expect(adapter.sent.map((s) => s.alert.previousAttempts)).toEqual([1]);
  });
});
