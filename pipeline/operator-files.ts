/** Files kept for the operator beside a run's output (rejected rows, failed sessions): one
 * JSON object per line. An empty list removes the file, so what is there always belongs to
 * the latest run. */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeJsonl(file: string, rows: readonly unknown[]): Promise<string | null> {
  if (rows.length === 0) {
    await rm(file, { force: true });
    return null;
  }
  await mkdir(dirname(file), { recursive: true });
  // Whole or not at all: a reader (or a later rewrite) never finds half a file.
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await rename(tmp, file);
  return file;
}
