// The search engine's public surface in Node: everything of ../index.ts, with search() taking module
// objectives (worker processes), SQLite study files and PostgreSQL databases.
export * from '../index.js';
export { search, type ObjectiveRef, type SearchOptions } from './search.js';
export { SqliteStorage } from './storage/sqlite-storage.js';
export { PostgresStorage, type PostgresStorageOptions } from './storage/postgres-storage.js';
export { openStorage } from './storage/open-storage.js';
export { processOwners } from './process-owner.js';
