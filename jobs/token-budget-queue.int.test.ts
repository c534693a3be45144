/** The analysis token budget in queue mode, on a real Redis, with two workers built by the
 * production composition root (each its own Redis connection, provider and budget instance), the
 * real `openai` client and the loopback server enforcing a tokens-per-window limit: the budget
 * (HONNE_RATE_LIMITS `openai.tokens`, a third of the server's) holds requests back across both
 * workers, so the server never answers 429, and the jobs it holds back go back to the queue
 * without using an attempt: every session finishes, none fails. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsStore, queueContext, sessionStagesFor } from '../app/compose.js';
import { analysisRoute, CHAT_ROUTE, chatRequest, promptTokens } from '../adapters/openai/testing/chat.js';
import { reservedTokens } from '../adapters/redis/token-budget.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { runCli } from '../cli/testing/run.js';
import { loadConfig } from '../pipeline/config.js';
import { batchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import type { QueueContext } from './context.js';
import { createLogger } from './log.js';
import { QUEUE_NAMES } from './queues.js';
import { startTestRedis, type TestRedis } from './testing/redis.js';
import { startWorkers, type RunningWorkers } from './worker.js';

const root = mkdtempSync(join(tmpdir(), 'honne-token-budget-'));
const COUNT = 8;
const WINDOW_MS = 2_000;
/** honne's budget a window: about two of these requests (~1,150 tokens each) fit. */
const BUDGET = 3_000;
let redis: TestRedis;
let server: Loopback;
const contexts: QueueContext[] = [];
const running: RunningWorkers[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startLoopback({
    routes: { [CHAT_ROUTE]: analysisRoute() },
    tokenLimit: { perWindow: 3 * BUDGET, windowMs: WINDOW_MS, tokensOf: (r) => promptTokens(chatRequest(r)) },
  });
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'companies.csv'), 'company_id,name,industry,employee_count\nC001,株式会社サンプル,IT,1000\n');
  const rows: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    writeFileSync(join(root, 'in', `s-${i}.txt`), `consultant：本日はよろしくお願いします。最近いかがですか。\n\n相談者：残業が多くて、${i + 1}か月ほどよく眠れていません。上司に相談しても変わらず、転職も考えています。\n`);
    rows.push(JSON.stringify({ session_id: `s-${i}`, company_id: 'C001', employee_id: `E-${i}`, consultant_id: 'CNS-1', started_at: '2026-09-01T10:00:00+09:00', language: 'ja', transcript_uri: `s-${i}.txt`, consultant_speaker: 'consultant' }));
  }
  writeFileSync(join(root, 'in', 'sessions.jsonl'), rows.join('\n') + '\n');
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.close(true).catch(() => undefined);
  for (const c of contexts) await c.close();
  await Promise.allSettled([redis?.stop(), server?.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('queue mode: the analysis token budget', () => {
  it('holds analysis requests to the token budget across two workers; the jobs it holds back wait, none fails', async () => {
    const env: Record<string, string> = {
      HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'token-budget-test-key-0123456789', REDIS_URL: redis.url, HONNE_QUEUE_PREFIX: `tb${process.pid}`,
      HONNE_RETENTION_EVERY_MS: '0', HONNE_BACKOFF_MS: '50', HONNE_BACKOFF_MAX_MS: '5000', HONNE_ATTEMPTS: '1', HONNE_LOG_LEVEL: 'silent',
      HONNE_PROVIDER: 'openai', HONNE_CACHE: 'off', OPENAI_API_KEY: 'sk-loopback', OPENAI_BASE_URL: server.baseURL, HONNE_OPENAI_MAX_RETRIES: '0',
      HONNE_RATE_LIMITS: `openai.tokens=${BUDGET}/${WINDOW_MS}ms`,
    };
    const submitted = await runCli(['batch', 'submit', '--companies', join(root, 'in', 'companies.csv'), '--manifest', join(root, 'in', 'sessions.jsonl'), '--format', 'csv', '--out', join(root, 'out')], env, new Date());
    expect(submitted.code, submitted.err).toBe(0);
    const id = submitted.out.trim();
    const config = loadConfig(env);
    const qc = loadQueueConfig(env);
    // two workers, as two `honne worker` processes build theirs
    for (let w = 0; w < 2; w++) {
      const ctx = queueContext(config, qc, { role: 'worker', log: createLogger('silent') });
      contexts.push(ctx);
      running.push(await startWorkers(ctx, await sessionStagesFor(config, ctx, true), { queues: QUEUE_NAMES, concurrency: 2, store: analyticsStore(config) }));
    }
    const ctx = contexts[0]!;
    const end = Date.now() + 120_000;
    let status = await batchStatus(ctx, id);
    while (status.state === 'running') {
      if (Date.now() > end) throw new Error(`batch ${id} did not finish: ${JSON.stringify(status.stages)}`);
      await new Promise((r) => setTimeout(r, 200));
      status = await batchStatus(ctx, id);
    }
    expect([status.state, status.failures]).toEqual(['done', []]);
    expect(status.stages.analyze).toMatchObject({ total: COUNT, done: COUNT, failed: 0 });

    // The server: one request a session, every one answered, never a 429.
    const chats = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats.map((r) => r.status)).toEqual(Array(COUNT).fill(200));
    expect(server.tokenLimited).toBe(0);
    // (together they need several windows of the budget)
    expect(chats.reduce((n, r) => n + (r.tokens ?? 0), 0)).toBeGreaterThan(2 * BUDGET);

    // The budget held jobs back: they were started again (no 429 did it), on their one attempt.
    const jobs = await ctx.queues.analyze.getJobs(['completed']);
    expect(jobs).toHaveLength(COUNT);
    expect(jobs.map((j) => j.attemptsMade)).toEqual(Array(COUNT).fill(1));
    expect(jobs.reduce((n, j) => n + (j.attemptsStarted - 1), 0)).toBeGreaterThan(0);
    // and what is left in its window in Redis is within the budget
    expect(await reservedTokens(ctx.redis, `${qc.prefix}:tokens:openai`, WINDOW_MS)).toBeLessThanOrEqual(BUDGET);
  }, 180_000);
});
