// The store's public entry, for the composition roots (src/main.ts, src/app.ts, src/cli.ts): they
// open the SQLite implementation here and hand each part of the core the port it declares
// (src/ports/storage.ts). Nothing else imports src/store/.
export { createSqliteStore, StoreError, type Store } from './sqlite-store.ts';
