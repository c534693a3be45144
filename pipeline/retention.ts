/** Retention: how long each kind of data honne keeps may live, and what is past its lifetime.
 * Pure; `honne retention apply` and the queue's scheduled job (jobs/retention.ts) delete it. */
import { periodOf } from './period.js';

/** The kinds of data with a lifetime. A new kind fails to compile until it has a default, an
 * environment variable and a place it is deleted from (jobs/retention.ts). */
export const RETENTION_CLASSES = ['transcripts', 'recordings', 'redacted', 'results', 'operator_files', 'model_cache'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

/** The kinds kept in the object store. */
export type ObjectClass = Exclude<RetentionClass, 'operator_files' | 'model_cache'>;
export const OBJECT_CLASSES: readonly ObjectClass[] = ['transcripts', 'recordings', 'redacted', 'results'];

/** Days each kind is kept; null keeps it forever. */
export type Lifetimes = Readonly<Record<RetentionClass, number | null>>;

/** Copies of transcripts and recordings and redacted text are working material (a session's
 * work needs them for hours, a retried batch for days); per-session results feed reports of
 * earlier periods and their month-over-month columns; operator files are for fixing a run. */
export const DEFAULT_LIFETIMES: Lifetimes = {
  transcripts: 30,
  recordings: 30,
  redacted: 7,
  results: 3 * 365,
  operator_files: 90,
  // model answers (adapters/local-folder/model-cache.ts): a re-run within a month is free
  model_cache: 30,
};

export const retentionVariable = <C extends RetentionClass>(c: C) => `HONNE_RETENTION_${c.toUpperCase() as Uppercase<C>}_DAYS` as const;

const DAY_MS = 24 * 3600 * 1000;

/** Whether something last written at `writtenMs` is past a lifetime of `days`. */
export function pastLifetime(writtenMs: number, days: number | null, now: Date): boolean {
  return days !== null && now.getTime() - writtenMs > days * DAY_MS;
}

/** Results expire a whole period at a time: every session of a company-period goes together,
 * once the period's last day is older than the lifetime, so no report ever shows a period with
 * some of its employees gone by retention (two such versions would difference one out).
 * Returns the first period still kept (periods before it are past), or null for none past. */
export function firstKeptPeriod(days: number | null, now: Date): string | null {
  if (days === null) return null;
  // a period ends when the next begins: periods before the month of (now - days) ended before it
  return periodOf(new Date(now.getTime() - days * DAY_MS).toISOString());
}

/** Which kind of data an object-store key holds (`jobs/ids.ts` names them), or null for an
 * object retention leaves alone. A temporary file of a put cut off is its object's kind. */
export function objectClass(key: string): ObjectClass | null {
  const name = key.replace(/\.tmp-[0-9]+-[0-9a-f]+$/, '');
  for (const [cls, re] of OBJECT_KEY_PATTERNS) if (re.test(name)) return cls;
  return null;
}

/** Object keys by kind: a session's work objects (`objectKeys`) and a batch's records. No
 * transcript or recording is copied into the object store today (transcribe and redact read
 * the session's own file); a transcriber's copies are to be named so and are covered. */
const OBJECT_KEY_PATTERNS: ReadonlyArray<readonly [ObjectClass, RegExp]> = [
  ['transcripts', /^sessions\/[^/]+\.transcript\.json$/],
  ['recordings', /^sessions\/[^/]+\.recording(\.[A-Za-z0-9]+)?$/],
  // redacted text, a batch API's answers quoting it (--openai-batch), the batch API's line lists
  ['redacted', /^(sessions\/[^/]+\.(redacted|batch)\.json|batches\/[^/]+\/openai\/lines-[0-9]+\.json)$/],
  // a session's result, and a batch's session records and load markers (pseudonyms, departments)
  ['results', /^(sessions\/[^/]+\.result\.json|batches\/[^/]+\/(sessions|loads)\/[^/]+\.json)$/],
];
