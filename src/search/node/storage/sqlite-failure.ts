// What a SQLite error in the middle of a search means to the person running it. A disk that fills,
// a file damaged under a running study or made read-only are the machine's state, not bugs: they
// become a StudyError naming the study file (the CLI prints one line and exits 2).
import { StudyError } from '../../search-error.js';

const MEANINGS: readonly (readonly [RegExp, string])[] = [
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'the study file is damaged (move it away to start a new study)'],
  [/^SQLITE_IOERR/, 'the disk reported an input/output error'],
  [/^SQLITE_READONLY/, 'the study file or its folder is read-only'],
  [/^SQLITE_CANTOPEN/, 'the study file can no longer be opened (was it or its folder removed?)'],
  [/^SQLITE_(BUSY|LOCKED)/, 'another process has held the study file locked for longer than the busy timeout'],
  [/^SQLITE_PERM|^SQLITE_AUTH/, 'permission denied'],
];

/**
 * A StudyError naming `file` for a SQLite error that describes the machine or the file; any other
 * error is returned as it is.
 * @example sqliteFailure('study.db', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
 * //=> StudyError "study file study.db: the disk is full (SQLITE_FULL: database or disk is full)"
 */
export function sqliteFailure(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(error instanceof Error)) return error;
  const meaning = MEANINGS.find(([pattern]) => pattern.test(code));
  if (meaning === undefined) return error;
  return new StudyError(`study file ${file}: ${meaning[1]} (${code}: ${error.message})`, { cause: error });
}
