import { realpathSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { isWithin, notRegular, outsideRoot } from '../sources.js';
import type { RawRecord, Reject } from './records.js';

/** Parses one raw record with a schema; a failure becomes a reject naming the field. */
export function validateRecord<S extends z.ZodType>(
  schema: S,
  rec: RawRecord,
  file: string,
): { ok: true; value: z.infer<S> } | { ok: false; reject: Reject } {
  const parsed = schema.safeParse(rec.record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  const reason =
    issue.code === 'invalid_type' && rec.record[String(issue.path[0])] === undefined
      ? 'is required'
      : issue.message;
  return { ok: false, reject: { file, line: rec.line, ...(field ? { field } : {}), reason, raw: rec.raw } };
}

/** Why a manifest's local file may not be used — 'not found', outside the input root (symlinks
 * resolved), not a regular file — or undefined when it may. Checked by name without opening
 * the file (a FIFO does not block here); the reader checks again on the open descriptor
 * (adapters/local-folder/source-reader.ts). */
export function checkSourceFile(path: string, root: string): string | undefined {
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return `cannot be checked: the input root ${root} does not exist`;
  }
  try {
    real = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'not found' : `cannot be resolved (${code})`;
  }
  if (!isWithin(real, realRoot)) return outsideRoot(root);
  try {
    const st = statSync(real);
    return st.isFile() ? undefined : notRegular(st);
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}
