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

/** `provider=requests per minute`, comma-separated: `openai=500,local=0` (0: no limit). */
const rateLimits = z
  .string()
  .transform((s, ctx) => {
    const out: Record<string, number> = {};
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z0-9_-]+)=(\d+)$/i.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not provider=requests_per_minute` });
        return z.NEVER;
      }
      out[m[1]!.toLowerCase()] = Number(m[2]);
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
  HONNE_KEEP_COMPLETED_S: int(60).default(14 * 24 * 3600),
  HONNE_LOAD_GROUP_SESSIONS: int(1).default(500),
  HONNE_LOAD_CHUNK: int(1).default(100),
  HONNE_RETENTION_EVERY_MS: int(0).default(24 * 3600 * 1000),
  HONNE_REDIS_UNREACHABLE_MS: int(100).default(60_000),
  HONNE_STOP_TIMEOUT_MS: int(100).default(30_000),
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
  /** Requests per minute per external provider, shared by every worker through Redis. */
  readonly rateLimits: Readonly<Record<string, number>>;
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
    rateLimits: Object.freeze({ ...e.HONNE_RATE_LIMITS }),
    keepCompletedS: e.HONNE_KEEP_COMPLETED_S,
    loadGroupSessions: e.HONNE_LOAD_GROUP_SESSIONS,
    loadChunk: e.HONNE_LOAD_CHUNK,
    retentionEveryMs: e.HONNE_RETENTION_EVERY_MS,
    redisUnreachableMs: e.HONNE_REDIS_UNREACHABLE_MS,
    stopTimeoutMs: e.HONNE_STOP_TIMEOUT_MS,
    logFormat: e.HONNE_LOG_FORMAT,
  });
}
