/** An erase and a retry (or a dismiss) of one batch never overlap, on a real Redis: while one
 * holds the batch, the others are refused with a retryable error and change nothing; the lock
 * goes when its holder is done. (A retry between an erase's checks and its changes would enqueue
 * the erased employee's failed session again.) */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueContext } from '../app/compose.js';
import { runCli } from '../cli/testing/run.js';
import { loadConfig } from '../pipeline/config.js';
import { TransientError } from '../pipeline/errors.js';
import { dismissFailures, eraseQueueSessions, retryBatch } from './batches.js';
import { loadQueueConfig } from './config.js';
import type { QueueContext } from './context.js';
import { createLogger } from './log.js';
import { batchRedisKeys } from './queues.js';
import { startTestRedis, type TestRedis } from './testing/redis.js';

const root = mkdtempSync(join(tmpdir(), 'honne-batch-lock-'));
let redis: TestRedis;
let ctx: QueueContext;
let batchId = '';
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startTestRedis();
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'companies.csv'), 'company_id,name,industry,employee_count\nC001,株式会社サンプル,IT,1000\n');
  writeFileSync(join(root, 'in', 's-0.txt'), 'consultant：最近いかがですか。\n\n相談者：残業が多くて眠れていません。\n');
  writeFileSync(join(root, 'in', 'sessions.jsonl'), JSON.stringify({ session_id: 's-0', company_id: 'C001', employee_id: 'E-0', consultant_id: 'CNS-1', started_at: '2026-09-01T10:00:00+09:00', transcript_uri: 's-0.txt', consultant_speaker: 'consultant' }) + '\n');
  env = { REDIS_URL: redis.url, HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'batch-lock-test-key-0123456789', HONNE_QUEUE_PREFIX: 'lock' };
  const submitted = await runCli(['batch', 'submit', '--companies', join(root, 'in', 'companies.csv'), '--manifest', join(root, 'in', 'sessions.jsonl'), '--out', join(root, 'out'), '--format', 'csv'], env);
  expect(submitted.code, submitted.err).toBe(0);
  batchId = submitted.out.trim();
  ctx = queueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent') });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a batch changed by one erase, retry or dismiss at a time', () => {
  it('refuses the others while one holds it, then lets them run and leaves no lock behind', async () => {
    const lock = batchRedisKeys('lock', batchId).lock;
    await ctx.redis.set(lock, 'another-process');
    const who = { employeeId: 'E-0', companyIds: new Set(['C001']), pids: new Set<string>() };
    for (const attempt of [() => retryBatch(ctx, batchId), () => dismissFailures(ctx, batchId), () => eraseQueueSessions(ctx, new Map([[batchId, new Set(['s-0'])]]), who)]) {
      const err = await attempt().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(TransientError);
      expect((err as Error).message).toMatch(/is being changed by another erase, retry or dismiss; .*nothing was changed/);
    }
    // the holder's lock is untouched by those refused
    expect(await ctx.redis.get(lock)).toBe('another-process');
    await ctx.redis.del(lock);
    expect(await retryBatch(ctx, batchId)).toEqual({ round: 0, sessions: 0, loads: 0 });
    expect(await dismissFailures(ctx, batchId)).toBe(0);
    expect(await ctx.redis.exists(lock)).toBe(0);
  });
});
