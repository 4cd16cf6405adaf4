// `sanctions-watch backup <file>`: a consistent copy of the database while the bot keeps running.
// SQLite's online backup copies page by page and starts over if the bot writes meanwhile, so the
// copy is never a half-written mixture (copying the file itself is, in WAL mode).
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodedError } from '../errors.ts';

export interface BackupReport {
  target: string;
  schemaVersion: number;
  items: number;
  bytes: number;
}

/**
 * Copies `databasePath` to `target` (a new file) and checks that the copy opens and is intact.
 * @throws CodedError `store/backup` when the source is missing, the target exists, or the copy fails its check
 */
export async function backupDatabase(databasePath: string, target: string): Promise<BackupReport> {
  const source = resolve(databasePath);
  const out = resolve(target);
  if (!existsSync(source)) throw new CodedError('store/backup', `No database at ${source}; check DATABASE_PATH (the bot creates it on its first start).`);
  if (existsSync(out)) throw new CodedError('store/backup', `${out} already exists; a backup never overwrites a file: choose a new name or remove it.`);
  if (!existsSync(dirname(out))) throw new CodedError('store/backup', `The folder ${dirname(out)} does not exist; create it or choose another path.`);
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { fileMustExist: true });
    // Waits for a busy writer instead of failing at once.
    db.pragma('busy_timeout = 5000');
    await db.backup(out);
  } catch (error) {
    throw new CodedError('store/backup', `Backup of ${source} to ${out} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    db?.close();
  }
  const copy = new Database(out, { fileMustExist: true });
  try {
    // One self-contained file (no -wal or -shm beside it) to move around; the bot switches a
    // restored copy back to WAL when it opens it.
    copy.pragma('journal_mode = DELETE');
    const check = String(copy.pragma('quick_check', { simple: true }));
    if (check !== 'ok') throw new CodedError('store/backup', `The copy at ${out} failed SQLite's check (${check}); do not rely on it, and check the disk.`);
    const items = Number((copy.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n);
    return { target: out, schemaVersion: Number(copy.pragma('user_version', { simple: true })), items, bytes: statSync(out).size };
  } finally {
    copy.close();
  }
}
