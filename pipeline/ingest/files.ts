/** The I/O edge of ingest: reads the companies file and the manifest (paths resolved) for
 * `ingest`, the same for `honne run` and `honne batch submit`. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IngestInput } from './ingest.js';

export type InputFiles = Pick<IngestInput, 'companies' | 'manifest'>;

export async function readInputFiles(companiesFile: string, manifestFile: string): Promise<InputFiles> {
  const [c, m] = [resolve(companiesFile), resolve(manifestFile)];
  const [cBytes, mBytes] = await Promise.all([readFile(c), readFile(m)]);
  return { companies: { file: c, bytes: cBytes }, manifest: { file: m, bytes: mBytes } };
}
