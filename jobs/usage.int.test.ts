/** Queue mode with a recording, on a real Redis, in-process workers (the production
 * `startWorkers`) and the real `openai` client against a loopback server: each session's row in
 * the store carries what it used, as `honne run` stores it (the transcription the loopback billed,
 * with the transcriber's settings; none for a transcript file). A worker that stops while an
 * upload hangs aborts it: the upload ends, the job goes back to the queue with no attempt used
 * and no failure recorded. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsStore, queueContext, sessionStagesFor } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { makeRecording } from '../adapters/ffmpeg/testing/fixtures.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { runCli } from '../cli/testing/run.js';
import { loadConfig } from '../pipeline/config.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { batchStatus, type BatchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import type { QueueContext } from './context.js';
import { createLogger } from './log.js';
import type { QueueName } from './queues.js';
import { startTestRedis, type TestRedis } from './testing/redis.js';
import { startWorkers, type RunningWorkers } from './worker.js';

const root = mkdtempSync(join(tmpdir(), 'honne-queue-usage-'));
const KEY = 'queue-usage-test-key-0123456789';
const SAID = { consultant: '本日はよろしくお願いします。最近いかがですか。', client: '上司との関係に悩んでいて、転職も考えています。' };
const ALL: QueueName[] = ['transcribe', 'redact', 'analyze', 'store'];

let redis: TestRedis;
let billing: Loopback;
let hanging: Loopback;
const contexts: QueueContext[] = [];
const running: RunningWorkers[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  billing = await startLoopback({
    routes: {
      'POST /v1/audio/transcriptions': () => ({
        kind: 'json',
        body: {
          task: 'transcribe', duration: 11, text: `${SAID.consultant} ${SAID.client}`,
          segments: [
            { type: 'transcript.text.segment', id: 'seg_0', start: 0, end: 5, speaker: 'A', text: SAID.consultant },
            { type: 'transcript.text.segment', id: 'seg_1', start: 6, end: 11, speaker: 'B', text: SAID.client },
          ],
          usage: { type: 'duration', seconds: 12 },
        },
      }),
    },
  });
  hanging = await startLoopback({ routes: { 'POST /v1/audio/transcriptions': () => ({ kind: 'hang' }) } });
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'companies.csv'), 'company_id,name,industry,employee_count\nC001,株式会社サンプル,IT,1000\n');
  makeRecording(join(root, 'in', 's-rec.m4a'), [{ tone: 5 }, { silence: 8 }, { tone: 5, freq: 330 }]);
  writeFileSync(join(root, 'in', 's-txt.txt'), `consultant：${SAID.consultant}\n\n相談者：残業が多くて、転職を考えています。\n`);
  const row = (id: string, more: Record<string, string>) => JSON.stringify({ session_id: id, company_id: 'C001', employee_id: `E-${id}`, consultant_id: 'CNS-1', started_at: '2026-09-01T10:00:00+09:00', language: 'ja', ...more });
  writeFileSync(join(root, 'in', 'sessions.jsonl'), `${row('s-rec', { recording_uri: 's-rec.m4a', consultant_speaker: 'A' })}\n${row('s-txt', { transcript_uri: 's-txt.txt', consultant_speaker: 'consultant' })}\n`);
  writeFileSync(join(root, 'in', 'one.jsonl'), `${row('s-rec', { recording_uri: 's-rec.m4a', consultant_speaker: 'A' })}\n`);
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.close(true).catch(() => undefined);
  for (const c of contexts) await c.close();
  await Promise.allSettled([redis?.stop(), billing?.close(), hanging?.close()]);
  rmSync(root, { recursive: true, force: true });
});

function envFor(name: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    HONNE_DATA_DIR: join(root, name, 'data'), HONNE_PSEUDONYM_KEY: KEY, REDIS_URL: redis.url, HONNE_QUEUE_PREFIX: `u${process.pid}${name}`,
    HONNE_STALLED_INTERVAL_MS: '1000', HONNE_LOCK_DURATION_MS: '3000', HONNE_BACKOFF_MS: '50', HONNE_BACKOFF_MAX_MS: '400',
    OPENAI_API_KEY: 'sk-loopback', OPENAI_BASE_URL: billing.baseURL, HONNE_LOG_LEVEL: 'silent', ...over,
  };
}

/** The production workers, in this process, on the queues given. */
async function workers(env: Record<string, string>, queues: QueueName[]): Promise<{ ctx: QueueContext; workers: RunningWorkers }> {
  const cfg = loadConfig(env);
  const ctx = queueContext(cfg, loadQueueConfig(env), { role: 'worker', log: createLogger('silent') });
  contexts.push(ctx);
  const w = await startWorkers(ctx, await sessionStagesFor(cfg, ctx, true), { queues, concurrency: 2, store: analyticsStore(cfg) });
  running.push(w);
  return { ctx, workers: w };
}

async function submit(env: Record<string, string>, manifest: string): Promise<string> {
  const r = await runCli(['batch', 'submit', '--companies', join(root, 'in', 'companies.csv'), '--manifest', join(root, 'in', manifest), '--format', 'csv', '--out', join(env['HONNE_DATA_DIR']!, '..', 'out')], env, new Date());
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

async function until<T>(what: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (;;) {
    const t = await what();
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('queue mode: per-session usage and the abort signal', () => {
  it('stores each session\'s usage as honne run does: what the loopback billed for the recording, no transcription for the transcript file', async () => {
    const env = envFor('q1');
    const id = await submit(env, 'sessions.jsonl');
    const { ctx, workers: w } = await workers(env, ALL);
    const status: BatchStatus = await until(() => batchStatus(ctx, id), (s) => s.state !== 'running');
    expect([status.state, status.failures]).toEqual(['done', []]);
    await w.close();
    const store = await DuckDbStore.open(join(env['HONNE_DATA_DIR']!, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      expect(await store.query(`SELECT session_id, run_id, transcriber, transcribe_audio_sec, round(transcribe_trimmed_sec) AS trimmed, round(transcribe_cost_usd, 6) AS cost,
          transcribe_cached, analysis_cost_usd, analysis_cached FROM sessions ORDER BY session_id`)).toEqual([
        { session_id: 's-rec', run_id: id, transcriber: expect.stringMatching(/^openai@127\.0\.0\.1:\d+;model=gpt-4o-transcribe-diarize;/) as unknown, transcribe_audio_sec: 12, trimmed: 7, cost: 0.0012, transcribe_cached: false, analysis_cost_usd: 0, analysis_cached: false },
        { session_id: 's-txt', run_id: id, transcriber: null, transcribe_audio_sec: null, trimmed: null, cost: null, transcribe_cached: null, analysis_cost_usd: 0, analysis_cached: false },
      ]);
    } finally {
      store.close();
    }
    expect(billing.requests.filter((r) => r.path === '/v1/audio/transcriptions')).toHaveLength(1);
  }, 180_000);

  it('a worker that stops while an upload hangs aborts it; the job goes back to the queue, no attempt used, no failure', async () => {
    const env = envFor('q2', { OPENAI_BASE_URL: hanging.baseURL, HONNE_OPENAI_TIMEOUT_SEC: '600', HONNE_OPENAI_MAX_RETRIES: '0' });
    const id = await submit(env, 'one.jsonl');
    const { ctx, workers: w } = await workers(env, ['transcribe']);
    const uploads = () => hanging.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    await until(async () => uploads().length, (n) => n > 0);
    // the server never answers and the client would wait ten minutes: close() returns only
    // because the stop aborts the upload
    await w.close();
    expect(uploads()).toEqual([expect.objectContaining({ status: null, abandoned: true })]);
    const waiting = await ctx.queues.transcribe.getJobs(['wait', 'prioritized']);
    expect(waiting.map((j) => [(j.data as { sessionId: string }).sessionId, j.attemptsMade])).toEqual([['s-rec', 0]]);
    expect(await ctx.queues.transcribe.getJobCounts('failed', 'delayed', 'active')).toEqual({ failed: 0, delayed: 0, active: 0 });
    expect((await batchStatus(ctx, id)).failures).toEqual([]);
  }, 180_000);
});
