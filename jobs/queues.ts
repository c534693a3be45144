/** The queues, their connection and the options every Worker and job share. One queue per
 * session stage (so each can be scaled, rate-limited and placed on its own machines with
 * `honne worker --queues`) and one `store` queue for the DuckDB writer (load and report
 * jobs), which runs one job at a time across every worker (BullMQ global concurrency 1). */
import { Redis, type RedisOptions } from 'ioredis';
import type { JobsOptions, WorkerOptions } from 'bullmq';
import type { Config } from '../pipeline/config.js';
import type { QueueConfig, RateLimit } from './config.js';
import type { SessionStage } from './ids.js';
import type { Stage } from './schemas.js';

export const QUEUE_NAMES = ['transcribe', 'redact', 'analyze', 'store'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Which queue runs each stage. */
export const STAGE_QUEUE: Record<Stage, QueueName> = {
  transcribe: 'transcribe',
  redact: 'redact',
  analyze: 'analyze',
  load: 'store',
  report: 'store',
};

/** Which stage a job of a queue is (a store-queue job is a load or a report). */
export function stageOf(queue: QueueName, job: { name: string }): Stage {
  return queue === 'store' ? (job.name === 'report' ? 'report' : 'load') : queue;
}

type Providers = Pick<Config, 'provider' | 'transcriber'>;

/** The external provider a queue's jobs call, whose rate limit applies to that queue:
 * transcription the HONNE_TRANSCRIBER (none with `none`, which calls nothing), analysis
 * HONNE_PROVIDER. */
export const QUEUE_PROVIDER: Record<QueueName, (config: Providers) => string | null> = {
  transcribe: (config) => (config.transcriber === 'none' ? null : config.transcriber),
  redact: () => null,
  analyze: (config) => config.provider,
  store: () => null,
};

/** The limiter of a queue without a rate limit: BullMQ checks its Redis limiter key only for a
 * Worker that has a limiter, so without one a 429's pause (`Queue.rateLimit`, jobs/worker.ts)
 * would hold nothing back. This many jobs a minute is no limit in practice. */
export const NO_LIMIT: RateLimit = Object.freeze({ max: 1_000_000, durationMs: 60_000 });

/** The rate limit of a queue: its own entry in HONNE_RATE_LIMITS (`transcribe=50`), else its
 * provider's (`openai=500`), else none (null; 0 requests also means none). BullMQ enforces it
 * per queue in Redis, so every worker of the queue on every machine shares it. The store queue
 * has none (it runs one job at a time). */
export function rateLimitOf(queue: QueueName, config: Providers, qc: Pick<QueueConfig, 'rateLimits'>): RateLimit | null {
  if (queue === 'store') return null;
  const provider = QUEUE_PROVIDER[queue](config);
  const limit = qc.rateLimits[queue] ?? (provider === null ? undefined : qc.rateLimits[provider]);
  return limit && limit.max > 0 ? limit : null;
}

/** The tokens-per-window limit of the analyze queue's model requests: `analyze.tokens` in
 * HONNE_RATE_LIMITS, else its provider's (`openai.tokens`), else none. Not BullMQ's (it counts
 * jobs): the composition root makes a budget in Redis of it (app/compose.ts tokenBudgetFor). */
export function tokenLimitOf(config: Providers, qc: Pick<QueueConfig, 'rateLimits'>): RateLimit | null {
  const limit = qc.rateLimits['analyze.tokens'] ?? qc.rateLimits[`${QUEUE_PROVIDER.analyze(config)}.tokens`];
  return limit && limit.max > 0 ? limit : null;
}

/** The Worker options of a queue's rate limit: its limit, or `NO_LIMIT` for a session queue so a
 * 429 can still pause it; none for the store queue. */
export function limiterOptions(queue: QueueName, config: Providers, qc: Pick<QueueConfig, 'rateLimits'>): Pick<WorkerOptions, 'limiter'> {
  if (queue === 'store') return {};
  const limit = rateLimitOf(queue, config, qc) ?? NO_LIMIT;
  return { limiter: { max: limit.max, duration: limit.durationMs } };
}

/** How long a queue pauses after a 429: what the provider asked for, else the first retry
 * delay, at most the backoff cap (a Retry-After of hours would hold the batch up just as long;
 * asking again after the cap costs one request). */
export function rateLimitPauseMs(retryAfterMs: number | undefined, qc: Pick<QueueConfig, 'backoffMs' | 'backoffMaxMs'>): number {
  const ms = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : qc.backoffMs;
  return Math.max(1, Math.min(qc.backoffMaxMs, Math.ceil(ms)));
}

/** Jobs in hand per worker process on a queue: the store queue one, transcribe its own count
 * (`--transcribe-concurrency`, HONNE_TRANSCRIBE_CONCURRENCY: its jobs mostly wait on the API),
 * else `--concurrency` like the other session queues. */
export function concurrencyOf(queue: QueueName, opts: { concurrency: number; transcribeConcurrency?: number | null }): number {
  if (queue === 'store') return 1;
  if (queue === 'transcribe') return opts.transcribeConcurrency ?? opts.concurrency;
  return opts.concurrency;
}

/** The name of honne's backoff strategy (jittered exponential, capped). */
export const BACKOFF = 'honne';

export function backoffDelay(attemptsMade: number, qc: Pick<QueueConfig, 'backoffMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const exp = Math.min(qc.backoffMaxMs, qc.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

export type Role = 'worker' | 'client';

/** A Redis connection. Workers wait out a Redis restart (reconnect forever, commands queued);
 * command-line clients fail fast with a clear error instead of hanging. */
export function connectRedis(url: string, role: Role): Redis {
  const common: RedisOptions = { connectionName: `honne-${role}`, lazyConnect: false };
  const opts: RedisOptions =
    role === 'worker'
      ? { ...common, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(100 * times, 2_000) }
      : { ...common, maxRetriesPerRequest: 2, connectTimeout: 5_000, retryStrategy: (times) => (times > 3 ? null : 200 * times) };
  return new Redis(url, opts);
}

/** Options every Worker gets: the one stalled-check interval, lock duration and backoff. */
export function workerOptions(qc: QueueConfig, connection: Redis): WorkerOptions {
  return {
    connection,
    prefix: qc.prefix,
    stalledInterval: qc.stalledIntervalMs,
    lockDuration: qc.lockDurationMs,
    maxStalledCount: qc.maxStalledCount,
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, qc) },
  };
}

/** Job options per stage. Transcribe and redact fail their parent (the next stage of the same
 * session); a failed analyze (the session's last stage) or load does not hold up the rest of
 * the batch: the parent goes on and lists it. Failed jobs are kept until retried or dismissed. */
export function jobOptions(stage: Stage, qc: QueueConfig, jobId: string): JobsOptions {
  const common: JobsOptions = {
    jobId,
    removeOnComplete: { age: qc.keepCompletedS },
    removeOnFail: false,
    backoff: { type: BACKOFF, delay: qc.backoffMs },
  };
  const byStage: Record<Stage, JobsOptions> = {
    transcribe: { attempts: qc.attempts, failParentOnFailure: true },
    redact: { attempts: qc.attempts, failParentOnFailure: true },
    analyze: { attempts: qc.attempts, ignoreDependencyOnFailure: true },
    load: { attempts: qc.storeAttempts, ignoreDependencyOnFailure: true },
    report: { attempts: qc.storeAttempts },
  };
  return { ...common, ...byStage[stage] };
}

/** honne's own Redis keys for a batch, beside BullMQ's (`<prefix>:<queue>:…`). */
export function batchRedisKeys(prefix: string, batchId: string) {
  const base = `${prefix}:batch:${batchId}`;
  return {
    meta: base,
    /** Per stage, the set of finished units (session ids; load and report job ids). */
    done: (stage: Stage) => `${base}:done:${stage}`,
    /** id → Failure JSON: what `batch status` lists until retried or dismissed. */
    failures: `${base}:failures`,
    rejects: `${base}:rejects`,
    /** session id → the Usage JSON of its transcription: what `batch status` sums. */
    usage: `${base}:usage`,
    /** Opaque marks of the sessions (and of those of them with only a recording) `honne erase`
     * took out of the batch: `batch status` takes them off the totals. */
    erased: `${base}:erased`,
    erasedRecordings: `${base}:erased:recordings`,
    /** Held by an erase, retry or dismiss of the batch while it runs (jobs/batches.ts withBatchLocks). */
    lock: `${base}:lock`,
  };
}
export const batchesKey = (prefix: string) => `${prefix}:batches`;

export const isSessionStage = (s: Stage): s is SessionStage => s === 'transcribe' || s === 'redact' || s === 'analyze';

/** A job BullMQ failed because a child failed (failParentOnFailure: "child <key> failed"): the
 * failure belongs to, and is recorded at, the earlier stage. */
export const isCascadedFailure = (reason: string | undefined): boolean => reason?.startsWith('child ') ?? false;
