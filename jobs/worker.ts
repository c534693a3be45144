/** `honne worker`: one BullMQ Worker per queue it serves, all with the same stalled-check
 * interval, lock duration and backoff. Each job goes through `runJob`: the stage's processor
 * (after the `beforeJob` hook, when one is given), then bookkeeping (done sets, failures with
 * reasons) and a log line with ids and timings. Permanent errors become UnrecoverableError
 * (no retry); transient ones are retried with exponential backoff. */
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { ZodError } from 'zod';
import { describeError, HonneError, RateLimitedError, retryable } from '../pipeline/errors.js';
import type { AnalyticsStoreOpener } from '../pipeline/ports/analytics-store.js';
import { cachedCompanies, outageWarnings, type QueueContext } from './context.js';
import { SEAL } from './flow.js';
import { batchOutDirs, expireBatchRecords } from './batches.js';
import { applyRetention, RETENTION_JOB, type RetentionResult } from './retention.js';
import { objectKeys } from './ids.js';
import { batchRedisKeys, concurrencyOf, isCascadedFailure, isSessionStage, limiterOptions, rateLimitPauseMs, stageOf, workerOptions, type QueueName } from './queues.js';
import { TranscribeReturnSchema, type Failure, type Stage } from './schemas.js';
import type { SessionStageDeps } from './session-stages.js';
import { PROCESSORS, type StageDeps } from './stages.js';
import { AwaitingBatchError, awaitBatch, OPENAI_BATCH_JOB, runOpenAiBatchJob } from './openai-batch.js';

/** Runs before a job's processor, as part of the job: what it throws fails the job like the
 * processor's own errors. Production passes none; the integration tests inject faults through
 * it (jobs/testing/faults.ts). */
export type BeforeJob = (stage: Stage, job: Job) => Promise<void>;

export interface WorkerRunOptions {
  queues: readonly QueueName[];
  /** Jobs in parallel per queue in this process (the store queue always runs one). */
  concurrency: number;
  /** Jobs in parallel on the transcribe queue in this process (default: `concurrency`). */
  transcribeConcurrency?: number | null;
  /** The analytics store, as the composition root builds it. */
  store: AnalyticsStoreOpener;
  beforeJob?: BeforeJob;
}

export interface RunningWorkers {
  readonly workers: readonly Worker[];
  /** Stops taking jobs and waits for the ones in hand (`force`: does not wait for them); the
   * transcriptions in hand are aborted (their uploads end) and go back to the queue. */
  close(force?: boolean): Promise<void>;
}

interface JobIds {
  batchId: string;
  sessionId?: string;
  /** A session's company; a load's companies, comma-separated. */
  companyId?: string;
  key?: string;
  round?: number;
  group?: number;
}

function idsOf(job: Job): JobIds {
  const d = (job.data ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const companies = Array.isArray(d['companyIds']) ? d['companyIds'].filter((c): c is string => typeof c === 'string').join(',') : undefined;
  return {
    batchId: str(d['batchId']) ?? '?',
    sessionId: str(d['sessionId']),
    companyId: str(d['companyId']) ?? companies,
    key: str(d['key']),
    round: num(d['round']),
    group: num(d['group']),
  };
}

/** The id a failure is listed under in a batch: the session id, `load:<group>` (with the
 * round after a retry), or `report`. */
export function failureId(stage: Stage, ids: Pick<JobIds, 'sessionId' | 'round' | 'group'>): string {
  if (stage === 'load') return `load:${ids.round ? `r${ids.round}.` : ''}${ids.group ?? '?'}`;
  if (stage === 'report') return 'report';
  return ids.sessionId ?? '?';
}

/** The queue's side of the retry rule (`retryable`, pipeline/errors.ts): what is known not to
 * be retryable is permanent, and so is the UnrecoverableError `runJob` makes of it (the
 * worker's 'failed' event sees that one); anything unknown is retried. */
export function isPermanent(err: unknown): boolean {
  return err instanceof UnrecoverableError || retryable(err) === false;
}

function failureOf(stage: Stage, job: Job, err: unknown, now: Date): Failure {
  const ids = idsOf(job);
  const ctx = err instanceof HonneError ? err.context : {};
  return {
    id: failureId(stage, ids),
    stage,
    companyId: ids.companyId ?? '',
    code: err instanceof HonneError ? err.code : err instanceof ZodError ? 'SCHEMA_VIOLATION' : 'INTERNAL',
    retryable: !isPermanent(err),
    reason: err instanceof ZodError ? `schema violation: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : describeError(err),
    attempts: job.attemptsMade + 1,
    ...(ctx.file ? { file: ctx.file } : {}),
    ...(ctx.line !== undefined ? { line: ctx.line } : {}),
    jobId: job.id ?? '?',
    at: now.toISOString(),
  };
}

/** What of a failure may go into a log line besides its code: the line only. A parser's
 * message can quote the file's content, and a file's name can name the employee; `batch
 * status` shows the operator the whole reason (from the failure record, which erase removes). */
export function logSafe(f: Failure): { line?: number } {
  return f.line !== undefined ? { line: f.line } : {};
}

/** A session that failed keeps no text: its redacted transcript object goes. (A recording's
 * transcription stays in the transcript cache, so a retry does not pay again; retention and
 * erase reach it there.) */
async function dropText(ctx: QueueContext, key: string | undefined): Promise<void> {
  if (key) {
    await ctx.objects.delete(objectKeys(key).redacted);
    await ctx.objects.delete(objectKeys(key).batch); // a batch API's answers (--openai-batch)
  }
}

/** The job's lock token and abort signal, as BullMQ hands them to a processor. */
export interface JobHandle {
  token?: string | undefined;
  signal?: AbortSignal | undefined;
}

export async function runJob(queue: QueueName, job: Job, deps: StageDeps, beforeJob?: BeforeJob, handle: JobHandle = {}): Promise<unknown> {
  const { ctx } = deps;
  const stage = stageOf(queue, job);
  const ids = idsOf(job);
  const log = ctx.log.child({ batch: ids.batchId, ...(ids.sessionId ? { session: ids.sessionId } : {}), ...(ids.companyId ? { company: ids.companyId } : {}), job: job.id, stage });
  const keys = batchRedisKeys(ctx.qc.prefix, ids.batchId);
  const t0 = performance.now();
  try {
    await beforeJob?.(stage, job);
    const result = await PROCESSORS[stage](job, deps, handle.signal);
    const unit = isSessionStage(stage) ? (ids.sessionId ?? '?') : (job.id ?? '?');
    // What a transcription used, per session: `batch status` sums it. The first entry stays: a
    // job run again (its worker died) or retried finds the transcription in the cache, unpaid.
    const usage = stage === 'transcribe' ? TranscribeReturnSchema.safeParse(result).data?.usage : undefined;
    if (usage) await ctx.redis.hsetnx(keys.usage, unit, JSON.stringify(usage));
    // A failure is listed only for a job that failed before (`batch retry` clears the ones it
    // re-enqueues): only a job on a later attempt may have one to clear.
    if (job.attemptsMade > 0 && (stage === 'analyze' || stage === 'load')) {
      await ctx.redis.multi().sadd(keys.done(stage), unit).hdel(keys.failures, failureId(stage, ids)).exec();
    } else {
      await ctx.redis.sadd(keys.done(stage), unit);
    }
    log.info({ ms: Math.round(performance.now() - t0), attempt: job.attemptsMade + 1 }, 'job done');
    return result;
  } catch (err) {
    // an --openai-batch session waits for the batch API (jobs/openai-batch.ts): delayed, no attempt used
    if (err instanceof AwaitingBatchError) return awaitBatch(ctx, job, handle.token, err.data);
    if (handle.signal?.aborted) {
      // Its worker stops (close() aborts the transcriptions in hand): the job goes back to the
      // queue as it was, no attempt used and no failure recorded, for another worker.
      log.info({ ms: Math.round(performance.now() - t0) }, 'job aborted: the worker stops; it goes back to the queue');
      await job.moveToWait(handle.token);
      throw new WaitingError();
    }
    if (err instanceof RateLimitedError) {
      // A 429: the job goes back to its queue without using up an attempt, and the whole queue,
      // on every worker, takes no job for the pause (BullMQ's manual rate limit).
      const pauseMs = rateLimitPauseMs(err.retryAfterMs, ctx.qc);
      log.warn({ ms: Math.round(performance.now() - t0), attempt: job.attemptsMade + 1, pauseMs }, 'rate limited: the queue pauses, the job goes back');
      await ctx.queues[queue].rateLimit(pauseMs);
      throw Worker.RateLimitError();
    }
    const permanent = isPermanent(err);
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const f = failureOf(stage, job, err, ctx.now());
    log[final ? 'error' : 'warn'](
      { ms: Math.round(performance.now() - t0), attempt: f.attempts, code: f.code, retryable: f.retryable, ...logSafe(f) },
      final ? 'job failed' : 'job failed, will be retried',
    );
    if (final) {
      await ctx.redis.hset(keys.failures, f.id, JSON.stringify(f));
      if (isSessionStage(stage)) await dropText(ctx, ids.key);
    }
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(f.reason);
    throw err;
  }
}

/** The scheduled retention job (the store queue): what is past its lifetime goes, as with
 * `honne retention apply`, the batches' operator files and Redis records included. */
async function runRetention(deps: StageDeps): Promise<RetentionResult> {
  const { ctx } = deps;
  const t0 = performance.now();
  const store = await deps.openStore();
  let result: RetentionResult;
  try {
    result = await applyRetention({
      store,
      objects: ctx.objects,
      ...(ctx.cache !== undefined ? { cache: ctx.cache } : {}),
      lifetimes: ctx.config.retention,
      now: ctx.now(),
      dryRun: false,
      outDirs: await batchOutDirs(ctx),
      queueRecords: (days, now, dryRun) => expireBatchRecords(ctx, days, now, dryRun),
    });
  } finally {
    store.close();
  }
  if (result.storeChanged) await deps.rewriteStore();
  ctx.log.info({ stage: 'retention', ms: Math.round(performance.now() - t0), sessions: result.results.sessions, objects: result.objects, operatorFiles: result.operatorFiles, queueRecords: result.queueRecords }, 'retention applied');
  return result;
}

/** `session`: what the session stages need (built once per worker); null for a worker that
 * serves only the store queue. */
export async function startWorkers(ctx: QueueContext, session: SessionStageDeps | null, opts: WorkerRunOptions): Promise<RunningWorkers> {
  const deps: StageDeps = {
    ctx,
    session,
    openStore: () => opts.store.open(),
    rewriteStore: () => opts.store.rewrite(),
    companies: cachedCompanies(ctx.objects),
  };
  if (opts.queues.includes('store')) {
    await ctx.queues.store.setGlobalConcurrency(1);
    // One schedule whichever worker starts it (upsert): retention runs on the store queue, so
    // never beside a load or a report.
    if (ctx.qc.retentionEveryMs > 0) {
      await ctx.queues.store.upsertJobScheduler(RETENTION_JOB, { every: ctx.qc.retentionEveryMs }, {
        name: RETENTION_JOB,
        opts: { removeOnComplete: { age: ctx.qc.keepCompletedS }, removeOnFail: { age: ctx.qc.keepCompletedS } },
      });
    } else await ctx.queues.store.removeJobScheduler(RETENTION_JOB);
  }
  // a worker's own connections report every reconnect attempt too: once per outage is enough
  const warn = outageWarnings(ctx.redis, ctx.log);
  const workers = opts.queues.map((name) => {
    // A seal has nothing to do: it only holds its report back until the batch is all enqueued.
    // Three parameters: BullMQ then hands each job an abort signal (Worker.cancelAllJobs).
    const processor = async (job: Job, token?: string, signal?: AbortSignal) =>
      job.name === SEAL ? null
      : job.name === RETENTION_JOB ? runRetention(deps)
      : job.name === OPENAI_BATCH_JOB ? runOpenAiBatchJob(job, ctx, session, token)
      : runJob(name, job, deps, opts.beforeJob, { token, signal });
    const worker = new Worker(name, processor, {
      ...workerOptions(ctx.qc, ctx.redis),
      name: `${hostname()}:${process.pid}`,
      concurrency: concurrencyOf(name, opts),
      // the queue's rate limit, shared by every worker through Redis (jobs/queues.ts)
      ...limiterOptions(name, ctx.config, ctx.qc),
    });
    worker.on('error', (err: Error) => warn({ queue: name }, err, 'worker error'));
    worker.on('stalled', (jobId: string) => ctx.log.warn({ queue: name, job: jobId }, 'stalled job returned to the queue'));
    // Failures that never reached a processor: a job stalled too often, or a session stage
    // whose earlier stage failed. Recorded unless the processor already said why.
    worker.on('failed', (job: Job | undefined, err: Error) => {
      if (!job || job.name === SEAL || job.name === RETENTION_JOB || job.name === OPENAI_BATCH_JOB) return;
      const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      const stage = stageOf(name, job);
      const ids = idsOf(job);
      void (async () => {
        if (isSessionStage(stage)) await dropText(ctx, ids.key);
        if (isCascadedFailure(err.message)) return;
        const f = failureOf(stage, job, err, ctx.now());
        await ctx.redis.hsetnx(batchRedisKeys(ctx.qc.prefix, ids.batchId).failures, f.id, JSON.stringify({ ...f, attempts: job.attemptsMade }));
      })().catch((e: unknown) => ctx.log.warn({ job: job.id, err: describeError(e) }, 'could not record a failure'));
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    workers,
    async close(force = false) {
      // A stopping worker stops uploading: a transcription can take minutes, longer than a stop may.
      for (const w of workers) if (w.name === 'transcribe') w.cancelAllJobs('the worker stops');
      await Promise.all(workers.map((w) => w.close(force)));
    },
  };
}
