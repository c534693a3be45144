/** Queue-mode settings, read once at start-up from the environment into a validated, frozen
 * object (flag > environment > default), beside the pipeline's own Config. Every worker of a
 * deployment must run with the same values (above all the stalled-check interval). */
import { z } from 'zod';
import { parseEnv } from '../pipeline/config.js';
import { LOG_FORMATS, type LogFormat } from './log.js';

/** How often every worker looks for stalled jobs (ms). ONE value for every Worker: BullMQ's
 * stalled checker is shared through Redis, and mixed intervals make recovery unpredictable. */
export const STALLED_INTERVAL_MS = 30_000;
/** How long a job's lock lives without renewal (ms); a killed worker's jobs are recovered
 * after at most about lockDuration + stalledInterval. */
export const LOCK_DURATION_MS = 30_000;

const int = (min: number) => z.coerce.number().int('must be a whole number').min(min, `must be at least ${min}`);

/** A rate limit: at most `max` jobs started per `durationMs`, across every worker of a queue. */
export interface RateLimit {
  readonly max: number;
  readonly durationMs: number;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/** `name=requests[/window]`, comma-separated: `openai=500,transcribe=50/10s` (window `ms`, `s`
 * or `m`, default one minute; 0 requests: no limit). A name is a queue (`transcribe`, `analyze`,
 * `redact`) or a provider (every queue that calls it); a queue's own entry wins. `NAME.tokens=N`
 * is a tokens-per-window limit of the model requests (`openai.tokens=200000`, `tokenLimitOf`). */
const rateLimits = z
  .string()
  .transform((s, ctx) => {
    const out: Record<string, RateLimit> = {};
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z0-9_-]+(?:\.tokens)?)=(\d+)(?:\/(\d+)(ms|s|m))?$/i.exec(part);
      const durationMs = m?.[3] === undefined ? 60_000 : Number(m[3]) * UNIT_MS[m[4]!.toLowerCase() as keyof typeof UNIT_MS];
      if (!m || durationMs < 1) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not name=requests_per_minute (or name=requests/10s, name.tokens=tokens_per_minute)` });
        return z.NEVER;
      }
      out[m[1]!.toLowerCase()] = { max: Number(m[2]), durationMs };
    }
    return out;
  });

const QueueEnvSchema = z.object({
  HONNE_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('honne'),
  HONNE_STALLED_INTERVAL_MS: int(100).default(STALLED_INTERVAL_MS),
  HONNE_LOCK_DURATION_MS: int(200).default(LOCK_DURATION_MS),
  HONNE_MAX_STALLED_COUNT: int(1).default(2),
  HONNE_ATTEMPTS: int(1).default(5),
  HONNE_BACKOFF_MS: int(1).default(2_000),
  HONNE_BACKOFF_MAX_MS: int(1).default(120_000),
  HONNE_STORE_ATTEMPTS: int(1).default(30),
  HONNE_RATE_LIMITS: rateLimits.default({}),
  HONNE_TRANSCRIBE_CONCURRENCY: int(1).optional(),
  HONNE_KEEP_COMPLETED_S: int(60).default(14 * 24 * 3600),
  HONNE_LOAD_GROUP_SESSIONS: int(1).default(500),
  HONNE_LOAD_CHUNK: int(1).default(100),
  HONNE_RETENTION_EVERY_MS: int(0).default(24 * 3600 * 1000),
  HONNE_REDIS_UNREACHABLE_MS: int(100).default(60_000),
  HONNE_STOP_TIMEOUT_MS: int(100).default(30_000),
  HONNE_OPENAI_BATCH: z.enum(['0', '1', 'true', 'false']).default('0'),
  HONNE_OPENAI_BATCH_POLL_MS: int(50).default(60_000),
  HONNE_LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be ${LOG_FORMATS.map((f) => `"${f}"`).join(' or ')}` }).default('json'),
});

export interface QueueConfig {
  readonly prefix: string;
  readonly stalledIntervalMs: number;
  readonly lockDurationMs: number;
  readonly maxStalledCount: number;
  /** Attempts of a session stage job (transient errors are retried, permanent ones are not). */
  readonly attempts: number;
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
  /** Attempts of a load/report job: a store held by `honne run` is waited for this long. */
  readonly storeAttempts: number;
  /** Rate limits by queue or provider name, shared by every worker through Redis
   * (`rateLimitOf`, jobs/queues.ts, says which applies to a queue). */
  readonly rateLimits: Readonly<Record<string, RateLimit>>;
  /** Transcribe jobs in hand per worker process (they mostly wait on the transcription API);
   * null: the worker's `--concurrency`. */
  readonly transcribeConcurrency: number | null;
  /** How long completed jobs are kept (they make resubmission idempotent). */
  readonly keepCompletedS: number;
  /** Sessions per load job at least (whole companies per load; jobs/flow.ts). */
  readonly loadGroupSessions: number;
  /** Results a load job reads and appends to DuckDB (or deletes the work objects of) per round,
   * letting the worker's event loop run between rounds (BullMQ's lock renewals, its other jobs). */
  readonly loadChunk: number;
  /** How often the scheduled retention job runs on the store queue (0: never). */
  readonly retentionEveryMs: number;
  /** A worker exits (exit 1; at start-up exit 2) once Redis has been unreachable this long. */
  readonly redisUnreachableMs: number;
  /** A worker's stop (finishing the jobs in hand) is cut off after this long. */
  readonly stopTimeoutMs: number;
  /** Logs as JSON lines, or `pretty`: one readable line per event (pino-pretty). */
  readonly logFormat: LogFormat;
  /** `batch submit` sends analysis through the OpenAI Batch API unless told otherwise
   * (HONNE_OPENAI_BATCH; `--openai-batch` / `--no-openai-batch`), jobs/openai-batch.ts. */
  readonly openaiBatch: boolean;
  /** How often a batch API batch is polled (HONNE_OPENAI_BATCH_POLL_MS). */
  readonly openaiBatchPollMs: number;
}

export function loadQueueConfig(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const e = parseEnv(QueueEnvSchema, env);
  return Object.freeze({
    prefix: e.HONNE_QUEUE_PREFIX,
    stalledIntervalMs: e.HONNE_STALLED_INTERVAL_MS,
    lockDurationMs: e.HONNE_LOCK_DURATION_MS,
    maxStalledCount: e.HONNE_MAX_STALLED_COUNT,
    attempts: e.HONNE_ATTEMPTS,
    backoffMs: e.HONNE_BACKOFF_MS,
    backoffMaxMs: e.HONNE_BACKOFF_MAX_MS,
    storeAttempts: e.HONNE_STORE_ATTEMPTS,
    rateLimits: Object.freeze(Object.fromEntries(Object.entries(e.HONNE_RATE_LIMITS).map(([k, v]) => [k, Object.freeze(v)]))),
    transcribeConcurrency: e.HONNE_TRANSCRIBE_CONCURRENCY ?? null,
    keepCompletedS: e.HONNE_KEEP_COMPLETED_S,
    loadGroupSessions: e.HONNE_LOAD_GROUP_SESSIONS,
    loadChunk: e.HONNE_LOAD_CHUNK,
    retentionEveryMs: e.HONNE_RETENTION_EVERY_MS,
    redisUnreachableMs: e.HONNE_REDIS_UNREACHABLE_MS,
    stopTimeoutMs: e.HONNE_STOP_TIMEOUT_MS,
    logFormat: e.HONNE_LOG_FORMAT,
    openaiBatch: e.HONNE_OPENAI_BATCH === '1' || e.HONNE_OPENAI_BATCH === 'true',
    openaiBatchPollMs: e.HONNE_OPENAI_BATCH_POLL_MS,
  });
}
