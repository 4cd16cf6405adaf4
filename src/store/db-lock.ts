// One bot per database: two watchers on one SQLite file would poll every feed twice and race to
// deliver the same outbox rows. The lock is a file beside the database holding the owner's pid.
// A lock left by a process that no longer exists (kill -9, a power cut) is taken over; a lock whose
// process is alive refuses the second bot with its pid.
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { CodedError } from '../errors.ts';

export interface DbLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

interface LockContent {
  pid: number;
  host?: string;
  startedAt?: string;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockContent;
  } catch {
    return undefined; // vanished, or half-written by a process killed while writing it: stale
  }
}

/**
 * Takes the lock for `databasePath` (`<databasePath>.lock`).
 * @throws CodedError `store/locked` naming the pid of the bot that holds it
 */
export function lockDatabase(databasePath: string): DbLock {
  const path = `${resolve(databasePath)}.lock`;
  const content = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() } satisfies LockContent);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') {
        throw new CodedError('store/lock', `Cannot create the lock file ${path} (${(error as Error).message}); check that the database folder is writable.`, { cause: error });
      }
      const held = readLock(path);
      // Our own pid in the file is a lock left by an earlier run in a fresh pid namespace (a restarted container).
      if (held && held.pid !== process.pid && alive(held.pid)) {
        throw new CodedError(
          'store/locked',
          `Another sanctions-watch (pid ${held.pid}${held.host && held.host !== hostname() ? ` on ${held.host}` : ''}, since ${held.startedAt ?? '?'}) is running on ${resolve(databasePath)}; stop it first, or set DATABASE_PATH to another file.`,
        );
      }
      // Stale: move it aside under a name of our own, so two starters cannot both delete a fresh lock.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // Another starter moved it first: try again, and find its lock.
      }
      continue;
    }
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path,
      release() {
        if (released) return;
        released = true;
        if (readLock(path)?.pid === process.pid) unlinkSync(path);
      },
    };
  }
  throw new CodedError('store/locked', `Could not take the lock ${path}: other processes keep changing it; is another sanctions-watch starting on the same database?`);
}
