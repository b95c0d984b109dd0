// The search engine's public surface in Node: everything of ../index.ts, with search() taking module
// objectives (worker processes) and SQLite study files.
export * from '../index.js';
export { search, type ObjectiveRef, type SearchOptions } from './search.js';
export { SqliteStorage } from './storage/sqlite-storage.js';
export { processOwners } from './process-owner.js';
