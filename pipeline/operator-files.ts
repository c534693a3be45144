/** Files kept for the operator beside a run's output (rejected rows, failed sessions): one
 * JSON object per line. An empty list removes the file, so what is there always belongs to
 * the latest run. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { terminalSafe } from './terminal.js';

export async function writeJsonl(file: string, rows: readonly unknown[]): Promise<string | null> {
  if (rows.length === 0) {
    await rm(file, { force: true });
    return null;
  }
  await mkdir(dirname(file), { recursive: true });
  // Whole or not at all: a reader (or a later rewrite) never finds half a file.
  const tmp = `${file}.tmp-${process.pid}`;
  // Operators `cat` and `tail` these: JSON escapes C0 controls, terminalSafe the rest (C1, DEL,
  // bidi overrides), and the lines stay JSON with the same values.
  await writeFile(tmp, rows.map((r) => terminalSafe(JSON.stringify(r))).join('\n') + '\n');
  await rename(tmp, file);
  return file;
}

export interface JsonlWriter {
  /** Rows written so far. */
  readonly count: number;
  add(row: unknown): Promise<void>;
  /** Puts the file in place (or removes it when no row was written); the file's path or null. */
  close(): Promise<string | null>;
}

/** The same file written row by row, for lists too long to hold (a run's rejected rows): an
 * earlier file is removed at once, the new one appears whole on `close`. */
export async function openJsonl(file: string): Promise<JsonlWriter> {
  await rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let count = 0;
  return {
    get count() {
      return count;
    },
    async add(row) {
      count += 1;
      if (!out.write(terminalSafe(JSON.stringify(row)) + '\n')) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'close');
      if (count === 0) {
        await rm(tmp, { force: true });
        return null;
      }
      await rename(tmp, file);
      return file;
    },
  };
}
