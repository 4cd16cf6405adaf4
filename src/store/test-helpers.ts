// For tests only: the SQL behind a store, which the production interface does not expose.
import type Database from 'better-sqlite3';
import { internalsOf } from './sqlite-store.ts';

/** The store's connection (to inspect tables or simulate a failing disk). */
export const databaseOf = (store: object): Database.Database => internalsOf(store).db;

/** The SQL of every prepared statement, by name. */
export const statementSqlOf = (store: object): Record<string, string> => internalsOf(store).statementSql;

// Tests open stores here too, so that no module outside src/store/ imports the SQLite file.
export { createSqliteStore, StoreError, type Store } from './sqlite-store.ts';
export * from '../ports/storage.ts';
