/** Files kept for the operator beside a run's output (rejected rows, failed sessions): one
 * JSON object per line. An empty list removes the file, so what is there always belongs to
 * the latest run. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeJsonl(file: string, rows: readonly unknown[]): Promise<string | null> {
  if (rows.length === 0) {
    await rm(file, { force: true });
    return null;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
