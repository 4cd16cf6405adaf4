import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withEnvFile } from '../../../src/env-file.ts';
import { CodedError, toCoded } from '../../../src/errors.ts';
import { lockDatabase } from '../../../src/store/db-lock.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-envlock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('withEnvFile', () => {
  it('reads .env from the working directory under the environment, and names the file', () => {
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-file\nLOG_LEVEL=debug\n# a comment\nPOLL_SCHEDULE="*/5 * * * *"\n');
    const { env, file } = withEnvFile({ LOG_LEVEL: 'warn' }, dir);
    expect(file).toBe(join(dir, '.env'));
    expect(env).toMatchObject({ SLACK_BOT_TOKEN: 'xoxb-file', LOG_LEVEL: 'warn', POLL_SCHEDULE: '*/5 * * * *' });
  });
  it('is fine without a .env, but not with an ENV_FILE that is missing', () => {
    expect(withEnvFile({ A: '1' }, dir)).toEqual({ env: { A: '1' } });
    expect(() => withEnvFile({ ENV_FILE: 'prod.env' }, dir)).toThrow(CodedError);
    expect(withEnvFile({ ENV_FILE: '' }, dir).file).toBeUndefined();
  });
});

describe('lockDatabase', () => {
  it('refuses a second lock while the holder lives, naming its pid, and takes over a lock whose process is gone', () => {
    const db = join(dir, 'bot.db');
    const lock = lockDatabase(db);
    // A live holder: our parent (the test runner's process tree always has one).
    writeFileSync(lock.path, JSON.stringify({ pid: process.ppid, startedAt: 'earlier' }));
    let error: unknown;
    try {
      lockDatabase(db);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'store/locked', message: expect.stringContaining(`pid ${process.ppid}`) });
    // A holder that no longer exists (kill -9): the pid is free, the lock is taken over.
    writeFileSync(lock.path, JSON.stringify({ pid: 2 ** 22 + 1 }));
    const again = lockDatabase(db);
    expect(JSON.parse(readFileSync(again.path, 'utf8'))).toMatchObject({ pid: process.pid });
    again.release();
    expect(() => readFileSync(again.path)).toThrow();
  });
});

describe('toCoded', () => {
  it('keeps codes, and explains a port in use and an unreachable service', () => {
    expect(toCoded(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 })).message).toContain('Port 3000 is already in use');
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(toCoded(fetchFailed).code).toBe('platform/unreachable');
    expect(toCoded(new Error('boom')).code).toBe('internal/unexpected');
  });
});
