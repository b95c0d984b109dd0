// Model files on disk: saveModel writes serializeModel's text atomically (temp file in the same
// folder, fsync, rename), loadModel reads and fully checks it. Errors name the file.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hrtime } from 'node:process';
import { DataError } from '../errors.js';
import {
  deserializeModel,
  type LoadedModel,
  type ModelRecord,
  serializeModel,
} from '../nn/serialize.js';

/**
 * Writes `text` to `path` so that readers see either the old file or the complete new one, never a
 * partial write: a temp file in the same folder is written, flushed to disk and renamed over `path`.
 * @throws DataError naming the file when it cannot be written.
 * @example await writeFileAtomic('runs/a/model.json', text);
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  // Same folder, so the rename stays on one file system (and is atomic); pid + clock keep names apart.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${hrtime.bigint()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new DataError(`cannot write the file: ${e instanceof Error ? e.message : String(e)}`, {
      file: path,
    });
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; some platforms cannot open a folder, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // NOTE: fsync of a directory is unsupported on Windows; the file itself is already on disk.
  }
}

/**
 * Saves a trained model (architecture, dtype, values, extras such as preprocessing) to one JSON file,
 * atomically.
 * @throws ConfigError for an invalid record; DataError naming the file when it cannot be written.
 * @example
 * await saveModel('model.json', { config: layers, inputSize: 2, state: model.stateDict(), extras: { preprocess } });
 */
export async function saveModel(path: string, record: ModelRecord): Promise<void> {
  await writeFileAtomic(path, serializeModel(record));
}

/**
 * Loads a model file written by saveModel: the rebuilt model in eval mode, with its config, dtype and
 * extras. The outputs are bitwise identical to those of the model that was saved.
 * @throws DataError naming the file and what is wrong (unreadable, bad JSON at an offset, missing
 * field, wrong number of values, checksum mismatch).
 * @example
 * const { model, extras } = await loadModel('model.json');
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw new DataError(`cannot read the model file: ${why}`, { file: path });
  }
  return deserializeModel(text, { file: path });
}
