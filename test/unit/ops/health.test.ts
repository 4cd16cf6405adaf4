import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../../src/ops/health.ts';
import { createSqliteStore, databaseOf, type Store } from '../../../src/store/test-helpers.ts';

let dir: string;
let store: Store;
let clock = Date.parse('2026-01-01T00:00:00Z');
const now = () => clock;
const TEN_MIN = 600_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-health-'));
  store = createSqliteStore(join(dir, 'h.db'));
  clock = Date.parse('2026-01-01T00:00:00Z');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createHealth', () => {
  it('is ok with the counts an operator looks at, and fails once no cycle has succeeded for three intervals', () => {
    store.ensureFeed('https://a.example/rss', {}, clock);
    store.ensureFeed('https://b.example/rss', {}, clock);
    store.recordFeedFailure('https://b.example/rss', 'HTTP 500', clock + 60_000, clock);
    const health = createHealth({ store, now, intervalMs: () => TEN_MIN });
    expect(health.check()).toEqual({ status: 'ok', lastCycleAt: null, feeds: { total: 2, failing: 1 }, outbox: { pending: 0, failing: 0 } });
    clock += 3 * TEN_MIN + 1; // since start, no cycle at all
    expect(health.check()).toMatchObject({ status: 'failing', reason: expect.stringContaining('no cycle has succeeded since start') });
    health.recordCycle(true);
    expect(health.check()).toMatchObject({ status: 'ok', lastCycleAt: new Date(clock).toISOString() });
    clock += 2 * TEN_MIN;
    health.recordCycle(false); // a failed cycle does not count as a success
    clock += TEN_MIN + 1;
    expect(health.check()).toMatchObject({ status: 'failing', reason: expect.stringContaining('no cycle has succeeded for 30 min') });
  });

  it('fails when the database cannot be written', () => {
    const health = createHealth({ store, now, intervalMs: () => TEN_MIN });
    health.recordCycle(true);
    databaseOf(store).pragma('query_only = ON'); // what a read-only mount or a full disk looks like to a write
    expect(health.check()).toMatchObject({ status: 'failing', reason: expect.stringContaining('database cannot be written') });
  });
});
