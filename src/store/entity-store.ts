// Custom entities, and key/value state for adapters.
import type Database from 'better-sqlite3';
import type { Entity } from '../model.ts';
import type { EntityStore, KeyValueStore } from '../ports/storage.ts';
import { str, type Row } from './rows.ts';

export function createEntityStore(db: Database.Database) {
  const q = {
    // custom entities and key-value
    customEntities: db.prepare(`SELECT * FROM custom_entities ORDER BY id`),
    insertCustom: db.prepare(
      `INSERT INTO custom_entities (id, name, aliases, created_by, created_at) VALUES (@id, @name, @aliases, @createdBy, @now)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases`,
    ),
    deleteCustom: db.prepare(`DELETE FROM custom_entities WHERE id = ?`),
    deleteWatchesOf: db.prepare(`DELETE FROM watches WHERE entity_id = ?`),
    kvGet: db.prepare(`SELECT value FROM kv WHERE key = ?`),
    kvSet: db.prepare(`INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    kvDelete: db.prepare(`DELETE FROM kv WHERE key = ?`),
  };


  const api: EntityStore & { kv: KeyValueStore } = {
    customEntities(): Entity[] {
      return (q.customEntities.all() as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        kind: 'company' as const,
        aliases: JSON.parse(String(r.aliases)) as string[],
        weakAliases: [],
        timeline: [],
        custom: true,
      }));
    },
    saveCustomEntity(e: { id: string; name: string; aliases: string[] }, createdBy: string, now: number): void {
      q.insertCustom.run({ id: e.id, name: e.name, aliases: JSON.stringify(e.aliases), createdBy, now });
    },
    /** Deletes a custom entity and every watch on it. */
    deleteCustomEntity(id: string): boolean {
      q.deleteWatchesOf.run(id);
      return q.deleteCustom.run(id).changes > 0;
    },
    kv: {
      get: (key: string): string | undefined => str((q.kvGet.get(key) as Row | undefined)?.value),
      set: (key: string, value: string): void => void q.kvSet.run(key, value),
      delete: (key: string): void => void q.kvDelete.run(key),
    },
  };
  return { statements: q, api };
}
