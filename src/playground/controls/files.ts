// Files in and out of the page: Blob downloads (config.json, model.json), reading an uploaded
// file, and a CSV upload turned into inline points through the CLI's own CSV reader.
import { parseCsv } from '../../data/csv.js';
import { DataError } from '../../errors.js';

/** Downloads `text` as a file named `name` (an <a download> on a Blob URL). */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chosen file of a file input, as bytes, with its name; undefined when none is chosen. */
export async function chosenFile(input: HTMLInputElement): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const file = input.files?.[0];
  if (file === undefined) return undefined;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Rows [x, y, label] from a CSV with two feature columns and a `label` column, read by parseCsv
 * exactly as `descent train` reads a csv source.
 * @throws DataError with the CLI's message (file, line, column) for a bad file, or when the file
 * has other than two feature columns.
 */
export function csvPoints(bytes: Uint8Array, file: string): number[][] {
  const ds = parseCsv(bytes, file, { label: 'label' });
  if (ds.d !== 2) {
    throw new DataError(`expected 2 feature columns besides 'label' (the page draws the plane), found ${ds.d}`, { file });
  }
  const rows: number[][] = [];
  for (let i = 0; i < ds.n; i++) rows.push([shortest(ds.x[2 * i]!), shortest(ds.x[2 * i + 1]!), shortest(ds.y[i]!)]);
  return rows;
}

/**
 * The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612), so a
 * config holding float32 points stays short and loads back to the same bits.
 * @example shortest(Math.fround(0.1)); //=> 0.1
 */
export function shortest(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const t = Number(v.toPrecision(digits));
    if (Math.fround(t) === Math.fround(v)) return t;
  }
  return Number(v.toPrecision(9));
}
