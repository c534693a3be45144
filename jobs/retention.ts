/** Retention applied: deletes what is past its lifetime (pipeline/retention.ts) from the
 * store, the object store and the operator files, and records it in the audit trail. Called
 * by `honne retention apply` and by the queue's scheduled retention job. The caller rewrites
 * the store file afterwards when `storeChanged` (deleted rows keep their bytes until then). */
import { auditEntry } from '../pipeline/audit.js';
import { expireOperatorFiles } from '../pipeline/operator-files.js';
import { firstKeptPeriod, OBJECT_CLASSES, objectClass, pastLifetime, type Lifetimes, type ObjectClass } from '../pipeline/retention.js';
import type { AnalyticsStore, ExpiredResults } from '../pipeline/ports/analytics-store.js';
import type { ModelCache } from '../pipeline/ports/model-cache.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';

/** The name (and scheduler id) of the scheduled retention job on the store queue. */
export const RETENTION_JOB = 'retention';

export interface RetentionInput {
  store: AnalyticsStore;
  objects: ObjectStore;
  /** The model-call cache (HONNE_CACHE_DIR), when this process has one. */
  cache?: ModelCache;
  lifetimes: Lifetimes;
  now: Date;
  dryRun: boolean;
  /** Output folders besides those of the runs the audit trail knows (a batch's). */
  outDirs?: readonly string[];
  /** Deletes the queue's records past the operator files' lifetime (queue mode); returns how many. */
  queueRecords?: (days: number | null, now: Date, dryRun: boolean) => Promise<number>;
}

/** What was deleted (or, in a dry run, would be): counts only, never what they held. */
export interface RetentionResult {
  dryRun: boolean;
  firstKeptPeriod: string | null;
  results: ExpiredResults;
  objects: Record<ObjectClass, number>;
  operatorFiles: number;
  operatorRows: number;
  queueRecords: number;
  /** Model-cache entries past their lifetime. */
  cacheEntries: number;
  /** True when rows were deleted from the store: the file is to be rewritten. */
  storeChanged: boolean;
}

export async function applyRetention(input: RetentionInput): Promise<RetentionResult> {
  const { store, objects, lifetimes, now, dryRun } = input;
  const kept = firstKeptPeriod(lifetimes.results, now);
  const none: ExpiredResults = { sessions: 0, periods: 0, members: 0 };
  const results = kept === null ? none : dryRun ? await store.resultsBefore(kept) : await store.deleteResultsBefore(kept);

  const removed = Object.fromEntries(OBJECT_CLASSES.map((c) => [c, 0])) as Record<ObjectClass, number>;
  for (const o of await objects.list()) {
    const cls = objectClass(o.key);
    if (cls === null || !pastLifetime(o.writtenMs, lifetimes[cls], now)) continue;
    removed[cls] += 1;
    if (!dryRun) await objects.delete(o.key);
  }

  const dirs = [...(await store.runOutputDirs()), ...(input.outDirs ?? [])];
  const operator = await expireOperatorFiles(dirs, lifetimes.operator_files, now, dryRun);
  const queueRecords = input.queueRecords ? await input.queueRecords(lifetimes.operator_files, now, dryRun) : 0;
  const cacheDays = lifetimes.model_cache;
  const cacheEntries = input.cache && cacheDays !== null ? await input.cache.expire(new Date(now.getTime() - cacheDays * 24 * 3600 * 1000), dryRun) : 0;

  const result: RetentionResult = {
    dryRun,
    firstKeptPeriod: kept,
    results,
    objects: removed,
    operatorFiles: operator.files,
    operatorRows: operator.rows,
    queueRecords,
    cacheEntries,
    storeChanged: !dryRun && results.sessions + results.members > 0,
  };
  await store.audit(
    auditEntry('retention', {
      dry_run: dryRun,
      lifetimes: { ...lifetimes },
      first_kept_period: kept,
      sessions: results.sessions,
      periods: results.periods,
      ledger_members: results.members,
      objects: { ...removed },
      operator_files: operator.files,
      operator_rows: operator.rows,
      queue_records: queueRecords,
      cache_entries: cacheEntries,
    }, now),
  );
  return result;
}
