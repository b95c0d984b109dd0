// Opening a SQLite file with better-sqlite3, loaded on first use: importing descent must not fail
// (or need the compiled native module) for people who never open a study file.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';

let DatabaseClass: typeof Database | undefined;

/** Opens (or creates) a SQLite database file. @example openDatabase('study.sqlite', { readonly: true }); */
export function openDatabase(file: string, options?: Database.Options): Database.Database {
  DatabaseClass ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return new DatabaseClass(file, options);
}
