import { describe, expect, it } from 'vitest';
import { createHostGate } from '../../../src/feeds/host-gate.ts';
import { createVirtualClock } from '../../fakes/virtual-clock.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('host gate', () => {
  it("a request waiting out its host's gap holds no slot: another host's request goes first", async () => {
    const clock = createVirtualClock(0);
    const gate = createHostGate({ total: 1, perHost: 1, minGapMs: 60_000, now: clock.now, waitUntil: clock.waitUntil });
    const started: string[] = [];
    const go = (host: string) => gate.acquire(host).then((release) => (started.push(`${host}@${clock.now()}`), release));
    const first = await go('news.example');
    first();
    void go('news.example'); // must wait until t = 60 s
    const other = go('agency.example');
    await flush();
    expect(started).toEqual(['news.example@0', 'agency.example@0']);
    (await other)();
    clock.fireNext();
    await flush();
    expect(started).toEqual(['news.example@0', 'agency.example@0', 'news.example@60000']);
  });

  it('closing rejects the requests still waiting, at once, and every later one', async () => {
    const clock = createVirtualClock(0);
    const gate = createHostGate({ total: 8, perHost: 1, minGapMs: 600_000, now: clock.now, waitUntil: clock.waitUntil });
    await gate.acquire('news.example');
    const waiting = gate.acquire('news.example');
    await flush();
    expect(gate.waiting()).toBe(1);
    gate.close();
    await expect(waiting).rejects.toMatchObject({ code: 'feed/gate-closed' });
    await expect(gate.acquire('other.example')).rejects.toMatchObject({ code: 'feed/gate-closed' });
  });
});
