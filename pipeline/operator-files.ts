/** Files kept for the operator beside a run's output (rejected rows, failed sessions): one
 * JSON object per line. An empty list removes the file, so what is there always belongs to
 * the latest run. */
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
