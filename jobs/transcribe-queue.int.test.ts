/** The transcribe queue on a real Redis (a private redis-server) with two workers, each its own
 * Redis connection and BullMQ Workers (in this process, so that they can be given a transcriber
 * that calls a loopback API with a rate limit, jobs/testing/limited-api.ts):
 *   - the queue's rate limit (HONNE_RATE_LIMITS) holds across both: at most `max` transcribe
 *     jobs start in a limiter window (counted in Redis), and the API receives no more than `max`
 *     a window from its first request to its last (counted on its side);
 *   - a 429 does not use up an attempt (HONNE_ATTEMPTS=1, and every session still finishes): the
 *     job goes back to the queue, which pauses as long as the API asked;
 *   - `batch status` and the batch's run in the store sum the usage; raw speech is left only in
 *     the transcript cache, none in Redis; `honne erase` takes an employee's transcript and usage entry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStoreFor } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { objectClass } from '../pipeline/retention.js';
import { queueMessages } from '../cli/actions/queue-messages.js';
import { main, type Io } from '../cli/main.js';
import { loadConfig } from '../pipeline/config.js';
import type { SessionDeps } from '../pipeline/session.js';
import { batchStatus, type BatchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import { createQueueContext, type QueueContext } from './context.js';
import { stageJobId } from './ids.js';
import { createLogger } from './log.js';
import { batchRedisKeys } from './queues.js';
import { planOf, submitBatch } from './submit.js';
import { httpTranscriber, startLimitedApi, type LimitedApi } from './testing/limited-api.js';
import { sharedSessionDeps, startInProcessWorker, writeRecordingBatch, type InProcessWorker } from './testing/recording-batch.js';
import { redisText, startTestRedis, type TestRedis } from './testing/redis.js';

const root = mkdtempSync(join(tmpdir(), 'honne-transcribe-queue-'));
let redis: TestRedis;
let session: SessionDeps;
const closing: Array<() => Promise<unknown>> = [];
let n = 0;

beforeAll(async () => {
  redis = await startTestRedis();
  session = await sharedSessionDeps(loadConfig(envFor('deps')));
}, 60_000);
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => undefined);
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

function envFor(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HONNE_DATA_DIR: join(root, name, 'data'),
    HONNE_PSEUDONYM_KEY: 'transcribe-queue-test-key-0123',
    REDIS_URL: redis?.url ?? 'redis://127.0.0.1:1',
    HONNE_QUEUE_PREFIX: `tq${process.pid}x${++n}`,
    HONNE_RETENTION_EVERY_MS: '0',
    HONNE_BACKOFF_MS: '50',
    HONNE_BACKOFF_MAX_MS: '5000',
    ...extra,
  };
}

/** A batch of `count` recordings through two in-process workers against `api`; returns the
 * final status and a client context. */
async function runBatch(name: string, count: number, api: LimitedApi, env: Record<string, string>): Promise<{ status: BatchStatus; ctx: QueueContext; id: string; calls: number[] }> {
  const config = loadConfig(env);
  const qc = loadQueueConfig(env);
  const dir = join(root, name, 'in');
  const files = writeRecordingBatch(dir, count);
  const ctx = createQueueContext(config, qc, { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(config) });
  closing.push(() => ctx.close());
  const transcribers = [httpTranscriber(api.url), httpTranscriber(api.url)];
  const workers: InProcessWorker[] = [];
  for (const t of transcribers) {
    const w = await startInProcessWorker(config, qc, session, t, { concurrency: 2, transcribeConcurrency: 3 });
    workers.push(w);
    closing.push(() => w.close());
  }
  const submitted = await submitBatch({ companiesFile: files.companies, manifestFile: files.manifest, outDir: join(root, name, 'out'), lang: 'ja', formats: ['csv'], transcriber: transcribers[0]!.settings }, ctx, session.provider);
  const id = submitted.meta.id;
  const end = Date.now() + 120_000;
  let status = await batchStatus(ctx, id);
  while (status.state === 'running') {
    if (Date.now() > end) throw new Error(`batch ${id} did not finish: ${JSON.stringify(status.stages)}`);
    await new Promise((r) => setTimeout(r, 200));
    status = await batchStatus(ctx, id);
  }
  for (const w of workers) await w.close();
  return { status, ctx, id, calls: transcribers.map((t) => t.calls) };
}

/** Times cut into the limiter's windows, as BullMQ counts them: a window opens with the first
 * start after the previous one closed and lasts `windowMs`. */
function windows(times: readonly number[], windowMs: number): number[] {
  const counts: number[] = [];
  let openedAt = -Infinity;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t >= openedAt + windowMs) {
      openedAt = t;
      counts.push(0);
    }
    counts[counts.length - 1]! += 1;
  }
  return counts;
}

const JITTER_MS = 500;

async function honneCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const [out, err]: [string[], string[]] = [[], []];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, now: () => new Date() };
  const code = await main(['node', 'honne', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
/** What the employee says in every recording (jobs/testing/limited-api.ts). */
const SPOKEN = '少し疲れています';


describe('the transcribe queue', () => {
  it('keeps to its rate limit across two workers: at most max jobs start in a limiter window, and the API receives no more', async () => {
    const api = await startLimitedApi({ audioSeconds: 90, trimmedSeconds: 30 });
    closing.push(() => api.close());
    const [max, windowMs, count] = [4, 2_000, 14];
    const env = envFor('limit', { HONNE_RATE_LIMITS: `transcribe=${max}/${windowMs}ms` });
    const { status, calls, ctx, id } = await runBatch('limit', count, api, env);
    expect(status.state).toBe('done');
    expect(status.failures).toEqual([]);
    expect(api.requests.map((r) => r.status)).toEqual(Array(count).fill(200));
    // On the API's side: from the first request to the last, no more than `max` a window. (A
    // request reaches the API some ms after its job started, more for a cold one: JITTER_MS.)
    const at = api.requests.map((r) => r.at);
    const span = Math.max(...at) - Math.min(...at);
    expect(count).toBeLessThanOrEqual(max * (Math.floor((span + JITTER_MS) / windowMs) + 1));
    expect(span).toBeGreaterThanOrEqual((Math.ceil(count / max) - 1) * windowMs - JITTER_MS);
    // In Redis: the two workers' transcribe jobs started at most `max` to a limiter window.
    const jobs = await Promise.all((await planOf(ctx, id)).map((e) => Job.fromId(ctx.queues.transcribe, stageJobId('transcribe', { session_id: e.sessionId, fingerprint: e.fingerprint }))));
    const perWindow = windows(jobs.map((j) => j!.processedOn!), windowMs);
    expect(Math.max(...perWindow)).toBeLessThanOrEqual(max);
    // both workers transcribed
    expect(calls.every((c) => c > 0)).toBe(true);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(count);
    // only recordings have transcribe jobs; here every session is one
    expect(status.stages.transcribe).toMatchObject({ total: count, done: count, failed: 0 });
    expect(status.transcription).toEqual({ sessions: count, cached: 0, audioSeconds: 90 * count, trimmedSeconds: 30 * count, costUsd: expect.closeTo(0.009 * count, 9) });
    expect(queueMessages.status(status)).toContain(`transcription: ${count} recording(s), ${(1.5 * count).toFixed(1)} audio min sent, ${(0.5 * count).toFixed(1)} min saved by trimming silence, estimated cost $${(0.009 * count).toFixed(2)}`);
    // Raw speech is left only in the transcript cache (one per recording, the `transcripts`
    // retention class, found by erase), none in Redis.
    const left = (await ctx.objects.list('sessions/')).map((o) => o.key);
    expect(left).toHaveLength(count);
    expect(left.map(objectClass)).toEqual(Array(count).fill('transcripts'));
    expect(await redisText(ctx.redis, loadQueueConfig(env).prefix)).not.toContain(SPOKEN);
    // The batch's run in the store carries what it used, as `honne run`'s does: every transcription and analysis.
    const store = await DuckDbStore.open(join(env['HONNE_DATA_DIR']!, 'honne.duckdb'), keyBinding({ pseudonymKey: env['HONNE_PSEUDONYM_KEY']!, demoKey: false }));
    try {
      expect(await store.query('SELECT transcriber, sum(calls)::INTEGER AS calls, sum(cached_calls)::INTEGER AS cached, sum(audio_sec) AS audio_sec, sum(trimmed_sec) AS trimmed_sec, round(sum(cost_usd), 6) AS cost_usd FROM runs GROUP BY transcriber')).toEqual([
        { transcriber: 'http-test', calls: 2 * count, cached: 0, audio_sec: 90 * count, trimmed_sec: 30 * count, cost_usd: 0.009 * count },
      ]);
    } finally {
      store.close();
    }
    // `honne erase` of an employee takes their transcription's usage entry (under the session id) too.
    const erased = await honneCli(['erase', '--employee', 'E0', '--company', 'C001'], env);
    expect(erased.code, erased.err).toBe(0);
    expect((await batchStatus(ctx, id)).transcription.sessions).toBe(count - 1);
    expect(await ctx.redis.hkeys(batchRedisKeys(loadQueueConfig(env).prefix, id).usage)).not.toContain('r-00000');
    expect(await ctx.objects.list('sessions/')).toHaveLength(count - 1); // and their transcript
  }, 150_000);

  it('puts a job that met a 429 back in the queue without using up an attempt, and pauses the queue as asked', async () => {
    // The API allows 3 requests in any 2 s; the queue has no limit of its own, so it meets 429s.
    const api = await startLimitedApi({ limit: { max: 3, windowMs: 2_000 } });
    closing.push(() => api.close());
    const count = 10;
    const { status, ctx, id } = await runBatch('429', count, api, envFor('429', { HONNE_ATTEMPTS: '1' }));
    expect(status.state).toBe('done');
    expect(status.failures).toEqual([]);
    const refused = api.requests.filter((r) => r.status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(api.requests.filter((r) => r.status === 200)).toHaveLength(count);
    // Each 429 started its job once more, and no job used more than its one attempt.
    const jobs = await Promise.all((await planOf(ctx, id)).map((e) => Job.fromId(ctx.queues.transcribe, stageJobId('transcribe', { session_id: e.sessionId, fingerprint: e.fingerprint }))));
    expect(jobs.map((j) => j?.attemptsMade)).toEqual(Array(count).fill(1));
    expect(jobs.reduce((sum, j) => sum + (j!.attemptsStarted - 1), 0)).toBe(refused);
    // The pause held every worker back (at most the jobs in hand, 2 × 3, meet a 429 before it
    // starts); a queue that retried at once would have met hundreds.
    expect(refused).toBeLessThan(3 * count);
  }, 150_000);
});
