/** The queue-mode context: one Redis connection, the queues and the flow producer, built once
 * from the validated configs, and the object store and logger it is given, passed down. */
import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redactUrl, type Config } from '../pipeline/config.js';
import { ConfigError, TransientError } from '../pipeline/errors.js';
import type { Company, Session } from '../pipeline/schemas.js';
import { CompanySchema } from '../pipeline/schemas.js';
import { z } from 'zod';
import type { QueueConfig } from './config.js';
import { batchKeys } from './ids.js';
import type { Logger } from './log.js';
import { getJson } from '../pipeline/objects.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import type { ModelCache } from '../pipeline/ports/model-cache.js';
import { recentlyUsed } from './recent.js';
import { batchRedisKeys, connectRedis, QUEUE_NAMES, type QueueName, type Role } from './queues.js';
import { openRecord } from './record-seal.js';
import { BatchMetaSchema, SessionRecordsSchema, type BatchMeta } from './schemas.js';

export interface QueueContext {
  readonly config: Config;
  readonly qc: QueueConfig;
  readonly redis: Redis;
  readonly objects: ObjectStore;
  /** The model-call cache (HONNE_CACHE_DIR): the scheduled retention expires it. */
  readonly cache?: ModelCache;
  readonly log: Logger;
  readonly queues: Record<QueueName, Queue>;
  readonly flow: FlowProducer;
  readonly now: () => Date;
  close(): Promise<void>;
}

export interface ContextOptions {
  role: Role;
  log: Logger;
  /** Built by the composition root (app/compose.ts objectStoreFor). */
  objects: ObjectStore;
  cache?: ModelCache;
  now?: () => Date;
}

export function createQueueContext(config: Config, qc: QueueConfig, opts: ContextOptions): QueueContext {
  const redis = connectRedis(config.redisUrl, opts.role);
  const warn = outageWarnings(redis, opts.log);
  // ioredis reports connection trouble as 'error' events; workers ride them out (reconnect).
  redis.on('error', (err: Error) => warn({}, err, 'redis connection error'));
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection: redis, prefix: qc.prefix })]),
  ) as Record<QueueName, Queue>;
  for (const q of Object.values(queues)) q.on('error', (err: Error) => warn({ queue: q.name }, err, 'queue error'));
  const flow = new FlowProducer({ connection: redis, prefix: qc.prefix });
  flow.on('error', (err: Error) => warn({}, err, 'flow producer error'));
  return {
    config,
    qc,
    redis,
    objects: opts.objects,
    ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
    log: opts.log,
    queues,
    flow,
    now: opts.now ?? (() => new Date()),
    async close() {
      await Promise.allSettled([...Object.values(queues).map((q) => q.close()), flow.close()]);
      redis.disconnect();
    },
  };
}

/** While Redis is unreachable, the connection and every queue sharing it report each reconnect
 * attempt: one warning per message per outage is enough (the worker's watch, jobs/worker-redis.ts,
 * says when it gives up). While connected, every error is logged. */
export function outageWarnings(redis: Redis, log: Logger): (fields: object, err: Error, msg: string) => void {
  const seen = new Set<string>();
  redis.on('ready', () => seen.clear());
  return (fields, err, msg) => {
    if (redis.status !== 'ready') {
      if (seen.has(err.message)) return;
      seen.add(err.message);
    }
    log.warn({ ...fields, err: err.message }, msg);
  };
}

/** Fails with a clear message when Redis cannot be reached (command-line clients). */
export async function checkRedis(ctx: QueueContext): Promise<void> {
  try {
    await ctx.redis.ping();
  } catch (err) {
    throw new ConfigError(`cannot reach Redis at REDIS_URL=${redactUrl(ctx.config.redisUrl)}: ${(err as Error).message}`, {
      variable: 'REDIS_URL',
    });
  }
}

export class BatchNotFoundError extends Error {
  constructor(readonly batchId: string) {
    super(`no batch "${batchId}" in this queue (REDIS_URL / HONNE_QUEUE_PREFIX)`);
    this.name = 'BatchNotFoundError';
  }
}

export async function readMeta(ctx: Pick<QueueContext, 'redis' | 'qc'>, batchId: string): Promise<BatchMeta | undefined> {
  const raw = await ctx.redis.get(batchRedisKeys(ctx.qc.prefix, batchId).meta);
  return raw === null ? undefined : BatchMetaSchema.parse(JSON.parse(raw));
}

export async function requireMeta(ctx: Pick<QueueContext, 'redis' | 'qc'>, batchId: string): Promise<BatchMeta> {
  const meta = await readMeta(ctx, batchId);
  if (!meta) throw new BatchNotFoundError(batchId);
  return meta;
}

export async function writeMeta(ctx: Pick<QueueContext, 'redis' | 'qc'>, meta: BatchMeta): Promise<void> {
  await ctx.redis.set(batchRedisKeys(ctx.qc.prefix, meta.id).meta, JSON.stringify(meta));
}

export async function readCompanies(objects: ObjectStore, batchId: string): Promise<Company[]> {
  const companies = await getJson(objects, batchKeys(batchId).companies, z.array(CompanySchema));
  if (!companies) throw new Error(`the companies of batch ${batchId} are missing from the object store`);
  return companies;
}

/** The companies of a batch, read once per process and kept (the few most recent batches). */
export function cachedCompanies(objects: ObjectStore, keep = 16): (batchId: string) => Promise<Company[]> {
  return recentlyUsed((batchId: string) => readCompanies(objects, batchId), keep);
}

/** The session records of a batch's company, read once per process and kept (the
 * few most recent companies). */
export function cachedSessionRecords(objects: ObjectStore, pseudonymKey: string, keep = 16): (batchId: string, companyId: string) => Promise<Map<string, Session>> {
  const load = recentlyUsed(async (key: string) => {
    const [batchId = '', companyId = ''] = key.split('\0');
    const r = await getJson(objects, batchKeys(batchId).sessions(companyId), SessionRecordsSchema);
    // Never cache an absence: a retry may find the records (e.g. on a shared store that lags).
    if (!r) throw new TransientError(`the session records of company ${companyId} in batch ${batchId} are not in the object store`);
    return new Map(r.sessions.map((s) => [s.session_id, openRecord(pseudonymKey, s)]));
  }, keep);
  return (batchId, companyId) => load(`${batchId}\0${companyId}`);
}
