// Opens the SQLite database and composes the table families (one file each beside this one) into
// the Storage port the core declares in src/ports/storage.ts. Only the composition roots import this.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError, toCoded } from '../errors.ts';
import type { Storage } from '../ports/storage.ts';
import { MIGRATIONS } from './migrations.ts';
import { createFeedStore } from './feed-store.ts';
import { createItemStore } from './item-store.ts';
import { createStoryStore } from './story-store.ts';
import { createChannelStore } from './channel-store.ts';
import { createOutboxStore } from './outbox-store.ts';
import { createRetentionStore } from './retention-store.ts';
import { createEntityStore } from './entity-store.ts';
import { createOfficialStore } from './official-store.ts';

export type { ChannelRow, FeedRow, ItemRecord, OutboxRow, OutboxStatus, StoredItem, StoryDelivery, WebSubRow } from '../ports/storage.ts';
export { channelKey } from '../ports/storage.ts';

/** Thrown when the database cannot be opened or migrated; the message says what to check. */
export class StoreError extends CodedError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('store/unavailable', message, options);
  }
}

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * @param path a file path, or `:memory:` for a throwaway store
 */
/** The store as the composition root opens it: every port of src/ports/storage.ts. */
export type Store = Storage;

/** What tests reach through src/store/test-helpers.ts: never part of the production interface. */
const internals = new WeakMap<object, { db: Database.Database; statementSql: Record<string, string> }>();

/** The connection and statements behind a store (src/store/test-helpers.ts). */
export function internalsOf(store: object): { db: Database.Database; statementSql: Record<string, string> } {
  const found = internals.get(store);
  if (!found) throw new Error('not a store opened by createSqliteStore');
  return found;
}

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * @param path a file path, or `:memory:` for a throwaway store
 */
export function createSqliteStore(path: string): Store {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new StoreError(`Cannot open the database at ${path} (check DATABASE_PATH and that its folder is writable): ${(error as Error).message}`, { cause: error });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db);

  const stories = createStoryStore(db);
  const families = [
    createFeedStore(db),
    createItemStore(db, stories.statements),
    stories,
    createChannelStore(db),
    createOutboxStore(db),
    createRetentionStore(db),
    createEntityStore(db),
  ];
  const store: Store = guard(Object.assign({}, ...families.map((f) => f.api), {
    /** Runs `fn` in one transaction (nested calls join the outer one). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close(): void {
      if (db.open) db.close();
    },
    official: createOfficialStore(db),
  }) as Store);
  // The SQL of every prepared statement, by name (a test checks each one's query plan).
  const statementSql = Object.fromEntries(families.flatMap((f) => Object.entries(f.statements as Record<string, Database.Statement>)).map(([name, s]) => [name, s.source]));
  internals.set(store, { db, statementSql });
  return store;
}

/**
 * Wraps every method so that a SQLite failure (a full disk, a read-only file, a lock held too long)
 * leaves the store as one coded error, `store/sqlite`, which the core recognises without knowing
 * SQLite. Other errors (a bug in a transaction's callback) pass through as they are. Nested objects
 * (`kv`) are wrapped too.
 */
function guard<T extends object>(target: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    if (typeof value === 'function') {
      guarded[name] = (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw (error as { code?: unknown }).code?.toString().startsWith('SQLITE') ? toCoded(error) : error;
        }
      };
    } else guarded[name] = value !== null && typeof value === 'object' ? guard(value) : value;
  }
  return guarded as T;
}

function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new StoreError(`The database schema (version ${version}) is newer than this build knows (${MIGRATIONS.length}); upgrade sanctions-watch or point DATABASE_PATH elsewhere.`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
