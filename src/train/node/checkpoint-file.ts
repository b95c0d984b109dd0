// Checkpoint files: written atomically, read with a message that says why a resume cannot start. The
// format (encode, decode and its checks) is in ../checkpoint.ts.
import { readFileSync } from 'node:fs';
import { DataError } from '../../errors.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingState } from '../checkpoint.js';
import { atomicWriteFile } from './atomic-write.js';

/**
 * Writes a checkpoint atomically (temp file, fsync, rename): the previous checkpoint stays valid
 * until the new one is complete on disk.
 * @throws DataError naming the file when it cannot be written.
 * @example writeCheckpoint('runs/a/checkpoint.json', state);
 */
export function writeCheckpoint(file: string, state: TrainingState): void {
  atomicWriteFile(file, encodeCheckpoint(state));
}

/**
 * Reads and checks a checkpoint file.
 * @throws DataError naming the file when it is missing, unreadable or damaged.
 * @example readCheckpoint('runs/a/checkpoint.json').epoch; //=> 12
 */
export function readCheckpoint(file: string): TrainingState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new DataError(
      code === 'ENOENT' ? 'no checkpoint to resume from (the run stopped before its first checkpoint, or ran with --checkpoint-every 0)' : `cannot read the checkpoint: ${String(e)}`,
      { file },
    );
  }
  return decodeCheckpoint(text, file);
}
