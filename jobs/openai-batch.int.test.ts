/** `honne batch submit --openai-batch` end to end on a real Redis with `honne worker` PROCESSES
 * and the loopback server speaking the chat, files and batches APIs (real `openai` client):
 * the batch finishes with reports after its worker was killed while the batch API was working
 * (one line failed: that session alone asked synchronously), no personal data in the uploaded
 * file; an expired batch's lines submitted again, a cancelled one's sessions failed visibly and
 * analysed synchronously by `batch retry`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStoreFor } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { addBatchApi, type BatchApi, type BatchEnd } from '../adapters/openai/testing/batches.js';
import { analysisRoute, CHAT_ROUTE } from '../adapters/openai/testing/chat.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { main, type Io } from '../cli/main.js';
import { loadConfig } from '../pipeline/config.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { batchStatus, type BatchStatus } from './batches.js';
import { readOaiState } from './openai-batch-state.js';
import { loadQueueConfig } from './config.js';
import { createQueueContext, type QueueContext } from './context.js';
import { createLogger } from './log.js';
import { redisText, testRedisForFile } from './testing/redis.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-oai-batch-'));
const KEY = 'oai-batch-test-key-0123456789';
const N = 10;
const redis = testRedisForFile(root);

const lines = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, N);
cpSync(join(fixtures, 'transcripts'), join(root, 'transcripts'), { recursive: true });
const manifest = join(root, 'sessions.jsonl');
writeFileSync(manifest, lines.join('\n') + '\n');
const companies = join(fixtures, 'companies.csv');
/** The manifest's names (employee and consultant), whole and in parts: none may be sent. */
const names = [...new Set(lines.flatMap((l) => {
  const row = JSON.parse(l) as { employee_name?: string; consultant_name?: string };
  return [row.employee_name, row.consultant_name].flatMap((n) => (n ?? '').split('|')).flatMap((n) => [n, n.replace(/\s+/g, ''), ...n.split(/\s+/)]);
}))].filter((n) => [...n].length >= 2);

let server: Loopback;
let api: BatchApi;
let ends: BatchEnd[] = [];
let failing = new Set<string>();
const procs = new Set<ChildProcess>();
const contexts: QueueContext[] = [];
beforeAll(async () => {
  server = await startLoopback({ routes: { [CHAT_ROUTE]: analysisRoute() } });
  api = addBatchApi(server, { answer: analysisRoute(), delayMs: 1500, end: () => ends.shift() ?? { state: 'completed' }, failLine: (id) => failing.has(id) });
});
afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  for (const c of contexts) await c.close();
  await server.close();
});

let n = 0;
function envFor(name: string): Record<string, string> {
  return {
    HONNE_DATA_DIR: join(root, name, 'data'),
    HONNE_PSEUDONYM_KEY: KEY,
    REDIS_URL: redis().url,
    HONNE_QUEUE_PREFIX: `oai${process.pid}x${++n}`,
    HONNE_STALLED_INTERVAL_MS: '1000',
    HONNE_LOCK_DURATION_MS: '3000',
    HONNE_BACKOFF_MS: '50',
    HONNE_BACKOFF_MAX_MS: '400',
    HONNE_PROVIDER: 'openai',
    HONNE_TRANSCRIBER: 'none',
    OPENAI_API_KEY: 'sk-loopback-batch',
    OPENAI_BASE_URL: server.baseURL,
    HONNE_OPENAI_MAX_RETRIES: '0',
    HONNE_OPENAI_BATCH_POLL_MS: '200',
  };
}

async function honne(args: string[], env: Record<string, string>) {
  const [out, err]: [string[], string[]] = [[], []];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, now: () => new Date() };
  const code = await main(['node', 'honne', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function startWorker(env: Record<string, string>): ChildProcess {
  const proc = spawn(process.execPath, [join(repo, 'bin', 'honne.mjs'), 'worker'], { cwd: repo, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
  procs.add(proc);
  proc.on('exit', () => procs.delete(proc));
  return proc;
}

function clientFor(env: Record<string, string>): QueueContext {
  const ctx = createQueueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(env)) });
  contexts.push(ctx);
  return ctx;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const finished = (ctx: QueueContext, id: string) => until(`batch ${id}`, async () => {
  const s = await batchStatus(ctx, id);
  return s.state !== 'running' ? s : undefined;
});
const syncCalls = () => server.requests.filter((r) => r.path === '/v1/chat/completions').length;

async function submit(env: Record<string, string>, out: string): Promise<string> {
  const r = await honne(['batch', 'submit', '--companies', companies, '--manifest', manifest, '--out', out, '--openai-batch'], env);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

describe('batch submit --openai-batch', () => {
  it('finishes with reports through the batch API, across a killed worker; a failed line is asked synchronously; nothing personal uploaded', async () => {
    const env = envFor('a');
    const out = join(root, 'a', 'out');
    failing = new Set(['a0.3']);
    const [batchesBefore, syncBefore] = [api.batches.length, syncCalls()];
    const id = await submit(env, out);
    const ctx = clientFor(env);
    const first = startWorker(env);
    // killed while the batch API works: its state is in Redis and the object store
    await until('the batch API batch', () => api.batches.length > batchesBefore);
    first.kill('SIGKILL');
    startWorker(env);
    const s: BatchStatus = await finished(ctx, id);
    expect([s.state, s.failures]).toEqual(['done', []]);
    expect(api.batches.length - batchesBefore).toBe(1);
    const created = api.batches.at(-1)!;
    expect(created).toMatchObject({ endpoint: '/v1/chat/completions', completionWindow: '24h', status: 'completed', counts: { total: N, completed: N - 1, failed: 1 } });
    expect(s.openaiBatch).toMatchObject({ phase: 'done', sessions: N, requests: N, submissions: [{ id: created.id, state: 'completed', counts: { total: N, completed: N - 1, failed: 1 } }] });
    // the one failed line, asked synchronously; every other answer came from the batch
    expect(syncCalls() - syncBefore).toBe(1);
    expect(readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(0);

    const uploaded = api.uploadOf(created.inputFileId)!;
    const sent = uploaded.trim().split('\n').map((l) => (JSON.parse(l) as { body: { messages: Array<{ content: string }> } }).body.messages.map((m) => m.content).join('\n')).join('\n');
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(sent.includes(name) || uploaded.includes(name), `"${name}" was uploaded`).toBe(false);
    expect(sent).toContain('[PERSON]');

    const store = await DuckDbStore.open(join(env['HONNE_DATA_DIR']!, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      const rows = await store.query('SELECT analysis_cost_usd AS cost, analysis_cached AS cached FROM sessions');
      expect(rows).toHaveLength(N);
      expect(rows.every((r) => (r['cost'] as number) > 0 && r['cached'] === false)).toBe(true);
    } finally {
      store.close();
    }
    // no answer of the batch API is left in the object store
    const objects = join(env['HONNE_DATA_DIR']!, 'objects');
    const left = existsSync(objects) ? readdirSync(objects, { recursive: true }).map(String) : [];
    expect(left.filter((f) => f.endsWith('.batch.json') || f.includes('openai/lines'))).toEqual([]);
    // attack: nothing of it stays at the provider either (uploaded speech, quoted answers)
    expect(created.outputFileId).not.toBeNull();
    expect(api.filesOf(created.id)).toEqual([]);
    expect(api.deleted).toEqual(expect.arrayContaining([created.inputFileId, created.outputFileId, created.errorFileId]));
    expect(s.openaiBatch?.submissions.every((x) => x.cleaned)).toBe(true);

    const shown = await honne(['batch', 'status', id], env);
    expect(shown.out).toMatch(new RegExp(`OpenAI Batch API: all answers in \\(${N} request\\(s\\) for ${N} session\\(s\\)\\)\\n    ${created.id}: completed, ${N - 1} completed, 1 failed of ${N}`));
  }, 240_000);

  it('is refused (exit 2, nothing enqueued) unless the analysis provider is OpenAI; --no-openai-batch wins over HONNE_OPENAI_BATCH', async () => {
    const env = { ...envFor('c'), HONNE_PROVIDER: 'local', HONNE_OPENAI_BATCH: '1' };
    const refused = await honne(['batch', 'submit', '--companies', companies, '--manifest', manifest, '--out', join(root, 'c', 'out')], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--openai-batch (or HONNE_OPENAI_BATCH) sends the analysis through the OpenAI Batch API: it needs HONNE_PROVIDER=openai (here: local)');
    expect((await honne(['batch', 'list', '--json'], env)).out).toBe('[]');
    const sync = await honne(['batch', 'submit', '--companies', companies, '--manifest', manifest, '--out', join(root, 'c', 'out'), '--no-openai-batch', '--json'], env);
    expect(sync.code, sync.err).toBe(0);
    expect((JSON.parse(sync.out) as { meta: { openaiBatch?: boolean } }).meta.openaiBatch).toBeUndefined();
  });

  it('an expired batch: its answered lines are used and the rest submitted again; a cancelled resubmission fails its sessions visibly, and batch retry analyses them synchronously', async () => {
    const env = envFor('b');
    failing = new Set();
    ends = [{ state: 'expired', answered: 6 }, { state: 'cancelled', answered: 2 }];
    const [batchesBefore, syncBefore] = [api.batches.length, syncCalls()];
    const id = await submit(env, join(root, 'b', 'out'));
    const ctx = clientFor(env);
    startWorker(env);
    const s = await finished(ctx, id);
    expect(api.batches.length - batchesBefore).toBe(2);
    expect(s.openaiBatch?.submissions.map((x) => [x.attempt, x.state, x.counts])).toEqual([
      [0, 'expired', { total: N, completed: 6, failed: N - 6 }],
      [1, 'cancelled', { total: N - 6, completed: 2, failed: N - 8 }],
    ]);
    expect(syncCalls() - syncBefore).toBe(0);
    // attack: neither batch (the expired nor the cancelled) leaves a file at the provider
    for (const b of api.batches.slice(batchesBefore)) expect(api.filesOf(b.id)).toEqual([]);
    expect(s.state).toBe('done_with_failures');
    expect(s.failures).toHaveLength(N - 8);
    for (const f of s.failures) {
      expect(f).toMatchObject({ stage: 'analyze', code: 'BATCH_UNANSWERED', retryable: false });
      expect(f.reason).toMatch(/batch API batch batch_[\w-]+ was cancelled before answering the session's request; `honne batch retry` analyses it synchronously/);
    }
    const retried = await honne(['batch', 'retry', id], env);
    expect(retried.code, retried.err).toBe(0);
    const after = await until('the retry round', async () => {
      const st = await batchStatus(ctx, id);
      return st.state !== 'running' && st.meta.rounds === 1 ? st : undefined;
    });
    expect([after.state, after.failures]).toEqual(['done', []]);
    expect(syncCalls() - syncBefore).toBe(N - 8);
    expect(api.batches.length - batchesBefore).toBe(2);
  }, 240_000);

  it('transient errors count in a row, not over the day: 25 failed polls, one good, 25 more, and the batch still finishes', async () => {
    const env = envFor('e');
    [failing, ends] = [new Set(), []];
    const batchesBefore = api.batches.length;
    const id = await submit(env, join(root, 'e', 'out'));
    const ctx = clientFor(env);
    startWorker(env);
    await until('the batch API batch', () => api.batches.length > batchesBefore);
    const seen: number[] = [];
    api.faultPolls((nth) => {
      seen.push(nth);
      return nth === 25 || nth > 50 ? undefined : 500;
    });
    try {
      const s = await finished(ctx, id);
      expect([s.state, s.failures]).toEqual(['done', []]);
      await until('the poll job done', async () => (await readOaiStateOf(ctx, id))?.phase === 'done');
      expect(seen.length).toBeGreaterThan(50); // 50 failed polls over its life, never 30 in a row
      expect(await readOaiStateOf(ctx, id)).toMatchObject({ phase: 'done', failures: 0 });
      expect(api.filesOf(api.batches.at(-1)!.id)).toEqual([]);
    } finally {
      api.faultPolls(undefined);
    }
  }, 240_000);

  it('attack: a poll job that fails for good cancels its batch and deletes its files at the provider and its line lists; the sessions fail visibly', async () => {
    const env = envFor('d');
    [failing, ends] = [new Set(), []];
    const batchesBefore = api.batches.length;
    const id = await submit(env, join(root, 'd', 'out'));
    const ctx = clientFor(env);
    startWorker(env);
    await until('the batch API batch', () => api.batches.length > batchesBefore);
    api.failPolls(1, 400); // an error no retry helps: the poll job gives up at once
    const s = await finished(ctx, id);
    const created = api.batches.at(-1)!;
    expect(created.cancelled).toBe(true);
    expect(s.openaiBatch).toMatchObject({ phase: 'failed', reason: expect.stringContaining('HTTP 400') as unknown });
    expect(s.failures).toHaveLength(N);
    for (const f of s.failures) expect(f).toMatchObject({ stage: 'analyze', code: 'BATCH_UNANSWERED' });
    await until('the batch\'s files deleted', () => api.filesOf(created.id).length === 0);
    expect(api.deleted).toContain(created.inputFileId);
    const objects = join(env['HONNE_DATA_DIR']!, 'objects');
    await until('the poll job ended', async () => (await readOaiStateOf(ctx, id))?.submissions.every((x) => x.cleaned));
    const left = readdirSync(objects, { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith('.batch.json') || f.endsWith('.redacted.json') || f.includes('openai/lines'))).toEqual([]);
  }, 240_000);

  it("attack: honne erase takes an erased employee's sessions out of an OpenAI batch's waiting list and line lists, which stay while the provider keeps its files", async () => {
    // A provider that does not delete the batch's files: the poll job keeps trying (for hours,
    // with a real poll interval), and its waiting list (Redis) and line lists (object store)
    // stay, both naming every session, long after the batch's reports are out.
    const env: Record<string, string> = { ...envFor('f'), HONNE_OPENAI_BATCH_POLL_MS: '1000' };
    [failing, ends] = [new Set(), []];
    const victim = JSON.parse(lines[0]!) as { session_id: string; employee_id: string; company_id: string };
    const other = JSON.parse(lines[1]!) as { session_id: string };
    api.failDeletes(true);
    try {
      const id = await submit(env, join(root, 'f', 'out'));
      const ctx = clientFor(env);
      const worker = startWorker(env);
      const s = await finished(ctx, id);
      expect([s.state, s.failures]).toEqual(['done', []]);
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGKILL');
      await exited;
      const objects = join(env['HONNE_DATA_DIR']!, 'objects');
      const stored = () => readdirSync(objects, { recursive: true }).map(String).filter((f) => f.includes('openai/lines')).map((f) => readFileSync(join(objects, f), 'latin1')).join('\n');
      // the state the attack needs: the poll job has not ended, its lists name the sessions
      expect((await readOaiStateOf(ctx, id))?.phase).toBe('running');
      expect(stored()).toContain(victim.session_id);
      expect(await redisText(ctx.redis, env['HONNE_QUEUE_PREFIX']!)).toContain(victim.session_id);

      const r = await honne(['erase', '--employee', victim.employee_id, '--company', victim.company_id], env);
      expect(r.code, r.err).toBe(0);
      expect(stored()).not.toContain(victim.session_id);
      expect(await redisText(ctx.redis, env['HONNE_QUEUE_PREFIX']!)).not.toContain(victim.session_id);
      // the others' entries stay: the poll job still settles and cleans up their batch
      expect(stored()).toContain(other.session_id);
    } finally {
      api.failDeletes(false);
    }
  }, 240_000);
});

const readOaiStateOf = (ctx: QueueContext, id: string) => readOaiState(ctx.objects, id);
