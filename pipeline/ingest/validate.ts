import type { z } from 'zod';
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
