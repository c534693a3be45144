/** Queue mode end to end on a real Redis (a private redis-server on a free port unless
 * REDIS_URL is set; the Redis-restart test always uses its own) with real worker PROCESSES
 * (`node bin/honne.mjs worker`; with injected faults, cli/testing/honne-with-faults.ts): same DuckDB content as `honne run`, SIGKILL recovery, retries
 * of transient faults, permanent failures reported, graceful drain, Redis restarting. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../cli/main.js';
import { objectStoreFor } from '../app/compose.js';
import { HONNE_WITH_FAULTS } from '../cli/testing/spawn.js';
import { loadConfig } from '../pipeline/config.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { batchStatus, type BatchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import { createQueueContext, type QueueContext } from './context.js';
import { createLogger } from './log.js';
import { batchRedisKeys } from './queues.js';
import { batchKeys } from './ids.js';
import { planOf, submitBatch } from './submit.js';
import { freePort, redisText, startTestRedis, type TestRedis } from './testing/redis.js';
import { keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import { bundledLexicons } from '../pipeline/analyze/lexicon.js';
import { localPromptHash } from '../pipeline/analyze/local.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-queue-'));
const KEY = 'queue-test-key-0123456789';
const SESSIONS = 40;

let redis: TestRedis | undefined;
let redisUrl = process.env['REDIS_URL'] ?? '';
const procs = new Set<ChildProcess>();
const contexts: QueueContext[] = [];
let prefixN = 0;

// A subset of the fixture sessions; their transcripts are copied beside the manifests, which
// may only name files under their own folder (the input root).
const manifestLines = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n');
cpSync(join(fixtures, 'transcripts'), join(root, 'transcripts'), { recursive: true });
function writeManifest(name: string, lines: string[]): string {
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const companies = join(fixtures, 'companies.csv');
const manifest = writeManifest('subset.jsonl', manifestLines.slice(0, SESSIONS));
const sessionIds = manifestLines.slice(0, SESSIONS).map((l) => (JSON.parse(l) as { session_id: string }).session_id);
const rawEmployeeIds = manifestLines.slice(0, SESSIONS).map((l) => (JSON.parse(l) as { employee_id: string }).employee_id);

interface Env extends Record<string, string> {
  HONNE_DATA_DIR: string;
  HONNE_QUEUE_PREFIX: string;
}

function envFor(name: string, extra: Record<string, string> = {}, url = redisUrl): Env {
  return {
    HONNE_DATA_DIR: join(root, name, 'data'),
    HONNE_PSEUDONYM_KEY: KEY,
    REDIS_URL: url,
    HONNE_QUEUE_PREFIX: `t${process.pid}x${++prefixN}`,
    HONNE_STALLED_INTERVAL_MS: '1000',
    HONNE_LOCK_DURATION_MS: '3000',
    HONNE_BACKOFF_MS: '50',
    HONNE_BACKOFF_MAX_MS: '400',
    // Several load jobs per batch (the fixture subset has 40 sessions).
    HONNE_LOAD_GROUP_SESSIONS: '12',
    // Every load reads and appends its results over several rounds.
    HONNE_LOAD_CHUNK: '5',
    HONNE_LOG_LEVEL: 'info',
    ...extra,
  };
}

async function honne(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, now: () => new Date() };
  const code = await main(['node', 'honne', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface WorkerProc {
  proc: ChildProcess;
  log: () => string;
  exit: Promise<number | null>;
}

/** `honne worker`; with HONNE_TEST_FAULTS set, the tests' entry that injects them
 * (cli/testing/honne-with-faults.ts), unless `production` says to run the real one anyway. */
function startWorker(env: Record<string, string>, args: string[] = [], production = false): WorkerProc {
  const entry = env['HONNE_TEST_FAULTS'] && !production ? HONNE_WITH_FAULTS : [join(repo, 'bin', 'honne.mjs')];
  const proc = spawn(process.execPath, [...entry, 'worker', ...args], {
    cwd: repo,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  procs.add(proc);
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString('utf8')));
  const exit = new Promise<number | null>((r) => proc.on('exit', (code) => (procs.delete(proc), r(code))));
  return { proc, log: () => log, exit };
}

function clientFor(env: Record<string, string>): QueueContext {
  const ctx = createQueueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(env)) });
  contexts.push(ctx);
  return ctx;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 90_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every byte Redis holds, as the dump file `redis-cli --rdb` fetches (uncompressed, so a
 * string is found as it is). */
function fullDump(): string {
  const file = join(root, `dump-${Date.now()}.rdb`);
  for (const args of [['CONFIG', 'SET', 'rdbcompression', 'no'], ['--rdb', file]]) {
    const r = spawnSync('redis-cli', ['-u', redisUrl, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr}`);
  }
  const bytes = readFileSync(file).toString('latin1');
  rmSync(file);
  return bytes;
}

const finished = (ctx: QueueContext, id: string) =>
  until(`batch ${id}`, async () => {
    const s = await batchStatus(ctx, id);
    return s.state !== 'running' ? s : undefined;
  });

async function submit(env: Record<string, string>, file = manifest): Promise<string> {
  const r = await honne(['batch', 'submit', '--companies', companies, '--manifest', file, '--format', 'csv', '--out', join(env['HONNE_DATA_DIR']!, '..', 'out')], env);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

/** DuckDB content without run ids and timestamps of runs. */
async function content(dataDir: string) {
  const store = await DuckDbStore.open(join(dataDir, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
  try {
    return {
      companies: await store.query('SELECT * FROM companies ORDER BY company_id'),
      sessions: await store.query('SELECT * EXCLUDE (run_id) FROM sessions ORDER BY session_id'),
      themes: await store.query('SELECT * FROM session_themes ORDER BY session_id, theme'),
      keywords: await store.query('SELECT * FROM session_keywords ORDER BY session_id, keyword'),
      signals: await store.query('SELECT * FROM session_signals ORDER BY session_id, signal'),
    };
  } finally {
    store.close();
  }
}
type Content = Awaited<ReturnType<typeof content>>;
const without = (c: Content, sessionId: string): Content => ({
  companies: c.companies,
  sessions: c.sessions.filter((r) => r['session_id'] !== sessionId),
  themes: c.themes.filter((r) => r['session_id'] !== sessionId),
  keywords: c.keywords.filter((r) => r['session_id'] !== sessionId),
  signals: c.signals.filter((r) => r['session_id'] !== sessionId),
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

let reference: Content;
const refOut = join(root, 'ref', 'out');

beforeAll(async () => {
  if (!redisUrl) {
    redis = await startTestRedis();
    redisUrl = redis.url;
  }
  mkdirSync(join(root, 'ref'), { recursive: true });
  const r = await honne(['run', '--companies', companies, '--manifest', manifest, '--format', 'csv', '--out', refOut], { HONNE_DATA_DIR: join(root, 'ref', 'data'), HONNE_PSEUDONYM_KEY: KEY });
  expect(r.code, r.err).toBe(0);
  reference = await content(join(root, 'ref', 'data'));
  expect(reference.sessions).toHaveLength(SESSIONS);
}, 120_000);

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.allSettled(contexts.map((c) => c.close()));
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('queue mode', () => {
  it('two worker processes give the same store and reports as honne run; a resubmission does no work twice; SIGTERM exits 0', async () => {
    const env = envFor('two');
    const ctx = clientFor(env);
    const workers = [startWorker(env), startWorker(env)];
    const id = await submit(env);
    expect(id).toMatch(/^b-[0-9a-f]{12}$/);
    const s = await finished(ctx, id);
    expect(s.state).toBe('done');
    expect(s.stages.analyze).toEqual({ total: SESSIONS, waiting: 0, active: 0, done: SESSIONS, failed: 0 });
    expect(s.meta.loads).toBeGreaterThan(1);
    expect(s.stages.load).toEqual({ total: s.meta.loads, waiting: 0, active: 0, done: s.meta.loads, failed: 0 });
    expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);

    // The same reports, table for table (the method table names run ids and times).
    const out = join(env.HONNE_DATA_DIR, '..', 'out');
    const csvs = filesUnder(refOut).filter((f) => f.endsWith('.csv') && !f.endsWith('08_method.csv'));
    expect(csvs.length).toBeGreaterThan(0);
    for (const f of csvs) expect(readFileSync(join(out, f.slice(refOut.length))), f).toEqual(readFileSync(f));

    // Privacy: no transcript (raw or redacted) is left in the object store; logs carry ids, not data.
    expect(filesUnder(join(env.HONNE_DATA_DIR, 'objects')).filter((f) => /transcript|redacted|session\.json|result/.test(f))).toEqual([]);
    const logs = workers.map((w) => w.log()).join('');
    expect(logs).toContain(`"batch":"${id}"`);
    for (const e of rawEmployeeIds) expect(logs).not.toContain(e);

    // Both processes took part.
    for (const w of workers) expect(w.log()).toContain('"stage":"analyze"');

    // The same inputs again: the same batch, nothing enqueued.
    expect(await submit(env)).toBe(id);
    const counts = await ctx.queues.analyze.getJobCounts('completed', 'wait', 'active');
    expect(counts).toEqual({ completed: SESSIONS, wait: 0, active: 0 });
    // An overlapping manifest: only its new sessions are queued.
    const bigger = writeManifest('bigger.jsonl', manifestLines.slice(0, SESSIONS + 5));
    const id2 = await submit(env, bigger);
    expect(id2).not.toBe(id);
    const s2 = await finished(ctx, id2);
    expect({ sessions: s2.meta.sessions, unchanged: s2.meta.unchanged, state: s2.state }).toEqual({ sessions: 5, unchanged: SESSIONS, state: 'done' });
    expect((await ctx.queues.analyze.getJobCounts('completed')).completed).toBe(SESSIONS + 5);

    for (const w of workers) w.proc.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
  }, 150_000);

  it('recovers the jobs of a worker killed with SIGKILL: nothing lost, nothing counted twice', async () => {
    const env = envFor('kill', { HONNE_TEST_FAULTS: 'delayMs=120' });
    const ctx = clientFor(env);
    // The worker to kill takes 2 s per job, so the jobs it holds are still in hand when it dies.
    const [a, b] = [startWorker({ ...env, HONNE_TEST_FAULTS: 'delayMs=2000' }, ['--concurrency', '3']), startWorker(env, ['--concurrency', '3'])];
    const id = await submit(env);
    await until('some progress', async () => ((await batchStatus(ctx, id)).stages.analyze.done >= 8 ? true : undefined));
    const inHand = await until('jobs in hand of the worker to kill', async () => {
      const active = (await Promise.all((['transcribe', 'redact', 'analyze'] as const).map((q) => ctx.queues[q].getActive()))).flat();
      const held = active.filter((j) => j.processedBy?.endsWith(`:${a!.proc.pid}`));
      return held.length > 0 ? held : undefined;
    });
    expect(inHand.length).toBeGreaterThan(0);
    a!.proc.kill('SIGKILL');
    expect(await a!.exit).toBe(null);
    const s = await finished(ctx, id);
    expect(s.state).toBe('done');
    expect(b!.log()).toContain('stalled job returned to the queue');
    // Every job the killed worker held was finished by the other one.
    for (const held of inHand) {
      const job = await Job.fromId(ctx.queues[held.queueName as 'analyze'], held.id!);
      expect(await job?.getState(), held.id).toBe('completed');
      expect(job?.processedBy, held.id).toMatch(new RegExp(`:${b!.proc.pid}$`));
    }
    expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);
    b!.proc.kill('SIGTERM');
    expect(await b!.exit).toBe(0);
  }, 150_000);

  it('retries injected transient faults (30 %) to completion; a permanent fault fails at once, is reported, and can be retried', async () => {
    const bad = sessionIds[7]!;
    const env = envFor('faults', { HONNE_TEST_FAULTS: `transient=0.3,permanent=${bad},seed=3`, HONNE_ATTEMPTS: '12' });
    const ctx = clientFor(env);
    const w = startWorker(env, ['--concurrency', '4', '--threads', '0']);
    const id = await submit(env);
    const s: BatchStatus = await finished(ctx, id);
    expect(s.state).toBe('done_with_failures');
    expect(s.failures.map((f) => ({ id: f.id, stage: f.stage, code: f.code, attempts: f.attempts, retryable: f.retryable }))).toEqual([
      // a session with a transcript file starts at redact (only recordings are transcribed)
      { id: bad, stage: 'redact', code: 'INPUT_INVALID', attempts: 1, retryable: false },
    ]);
    expect(w.log()).toContain('job failed, will be retried');
    const job = await Job.fromId(ctx.queues.redact, s.failures[0]!.jobId);
    expect(job?.id).toMatch(/^redact\./);
    expect({ state: await job?.getState(), attemptsMade: job?.attemptsMade }).toEqual({ state: 'failed', attemptsMade: 1 });
    expect(await content(env.HONNE_DATA_DIR)).toEqual(without(reference, bad));

    const status = await honne(['batch', 'status', id], env);
    expect(status.code).toBe(1);
    expect(status.out).toContain(`${bad} [`);
    expect(status.out).toContain('injected permanent fault in redact');
    expect(status.out).toMatch(/transcribe\s+0\s+0\s+0\s+0\s+0/);
    expect(status.out).toMatch(/redact\s+0\s+0\s+39\s+1\s+40/);

    // Without the fault, `batch retry` completes the batch.
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    const healthy = startWorker({ ...env, HONNE_TEST_FAULTS: '' });
    const r = await honne(['batch', 'retry', id], env);
    expect(r.out).toContain('retry round 1: 1 failed session(s) re-enqueued, 1 load job(s) to run');
    const after = await finished(ctx, id);
    expect(after.state).toBe('done');
    expect(after.failures).toEqual([]);
    expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);
    healthy.proc.kill('SIGTERM');
    expect(await healthy.exit).toBe(0);
  }, 150_000);

  it('a session that failed at its last stage is retried through every stage', async () => {
    const bad = sessionIds[3]!;
    const env = envFor('analyze-fault', { HONNE_TEST_FAULTS: `permanent=${bad},stage=analyze` });
    const ctx = clientFor(env);
    const w = startWorker(env);
    const id = await submit(env);
    const s = await finished(ctx, id);
    expect(s.failures.map((f) => [f.id, f.stage, f.code])).toEqual([[bad, 'analyze', 'INPUT_INVALID']]);
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    // The production worker, with HONNE_TEST_FAULTS still set: it knows nothing of them.
    const healthy = startWorker(env, [], true);
    expect((await honne(['batch', 'retry', id], env)).out).toContain('retry round 1: 1 failed session(s) re-enqueued');
    const after = await finished(ctx, id);
    expect({ state: after.state, failures: after.failures }).toEqual({ state: 'done', failures: [] });
    expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);
    healthy.proc.kill('SIGTERM');
    expect(await healthy.exit).toBe(0);
  }, 150_000);

  it('a submit cut off while enqueuing holds its report back; the same submit again finishes the batch', async () => {
    const env = envFor('cutoff');
    const ctx = clientFor(env);
    // The connection "drops" on the third add: the report and one load group are in Redis.
    const add = ctx.flow.add.bind(ctx.flow);
    let adds = 0;
    ctx.flow.add = ((flow, opts) => (++adds === 3 ? Promise.reject(new Error('connection lost')) : add(flow, opts))) as typeof ctx.flow.add;
    // What the CLI's submit passes: the local provider's lineage and content hashes.
    const lineage = { lineage: { provider: 'local', model: 'rules', version: bundledLexicons().version }, promptHash: (l: 'ja' | 'en') => localPromptHash(bundledLexicons(), l) };
    const input = { companiesFile: companies, manifestFile: manifest, outDir: join(env.HONNE_DATA_DIR, '..', 'out'), lang: 'ja' as const, formats: ['csv' as const] };
    await expect(submitBatch(input, ctx, lineage)).rejects.toThrow(/cut off .*connection lost.*run the same submit again/);
    const w = startWorker(env);
    const [id] = await ctx.redis.zrange(`${env.HONNE_QUEUE_PREFIX}:batches`, 0, -1);
    // The first group runs; the report waits for the rest.
    await until('the first load', async () => ((await batchStatus(ctx, id!)).stages.load.done >= 1 ? true : undefined));
    const held = await batchStatus(ctx, id!);
    expect({ state: held.state, enqueued: held.meta.enqueued, report: held.stages.report.done }).toEqual({ state: 'running', enqueued: false, report: 0 });
    expect(held.stages.analyze.done).toBeLessThan(SESSIONS);

    expect((await honne(['batch', 'status', id!], env)).out).toContain('enqueuing was cut off: run the same `honne batch submit` again');

    // Meanwhile another batch takes some of its sessions (a manifest that repeats them).
    const overlapping = writeManifest('overlap.jsonl', manifestLines.slice(20, SESSIONS + 5));
    const other = await submit(env, overlapping);
    expect((await finished(ctx, other)).state).toBe('done');

    const again = await honne(['batch', 'submit', '--companies', companies, '--manifest', manifest, '--format', 'csv', '--out', input.outDir], env);
    expect(again.code, again.err).toBe(0);
    expect(again.out.trim()).toBe(id);
    expect(again.err).toContain('cut off while enqueuing; the rest is enqueued now');
    const s = await finished(ctx, id!);
    expect(s.state).toBe('done');
    expect(s.meta.enqueued).toBe(true);
    // The sessions the other batch took count as unchanged here, and nothing is lost or doubled.
    expect(s.meta.sessions + s.meta.unchanged).toBe(SESSIONS);
    expect(s.meta.unchanged).toBeGreaterThan(0);
    expect(await ctx.redis.scard(batchRedisKeys(env.HONNE_QUEUE_PREFIX, id!).done('analyze'))).toBe(s.meta.sessions);
    expect(s.sessionsFinished).toBe(s.meta.sessions);
    const c = await content(env.HONNE_DATA_DIR);
    expect(c.sessions).toHaveLength(SESSIONS + 5);
    const known = new Set(sessionIds);
    expect({ ...c, sessions: c.sessions.filter((r) => known.has(r['session_id'] as string)), themes: c.themes.filter((r) => known.has(r['session_id'] as string)), keywords: c.keywords.filter((r) => known.has(r['session_id'] as string)), signals: c.signals.filter((r) => known.has(r['session_id'] as string)) }).toEqual(reference);
    // No session record is left behind in the object store.
    expect(filesUnder(join(env.HONNE_DATA_DIR, 'objects', 'sessions'))).toEqual([]);
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  }, 150_000);

  it("honne erase removes an erased employee's failed session from the queue: failure record, failed jobs, events, failed.jsonl", async () => {
    const env = envFor('erase');
    const ctx = clientFor(env);
    // One more session, of a new employee, whose transcript file (named after them) is empty: it
    // fails at redact (its first stage: a transcript file has nothing to transcribe); its failure
    // names the file by field, never by its path.
    const marker = 'yamada-taro-interview';
    const kept = 'suzuki-hanako-interview'; // another employee's failed session, which stays
    const failing = (sessionId: string, employeeId: string, name: string) => {
      const empty = join(root, `${name}.srt`);
      writeFileSync(empty, '');
      return JSON.stringify({ ...(JSON.parse(manifestLines[0]!) as Record<string, unknown>), session_id: sessionId, employee_id: employeeId, transcript_uri: relative(root, empty) });
    };
    // and a rejected row (an impossible date) of each, and of one employee with nothing else
    const rejected = (sessionId: string, employeeId: string) =>
      JSON.stringify({ ...(JSON.parse(manifestLines[0]!) as Record<string, unknown>), session_id: sessionId, employee_id: employeeId, started_at: '2026-02-31T10:00:00+09:00' });
    // and one of theirs that succeeds, its transcript file named after them too
    const doneMarker = 'yamada-taro-followup';
    const first = JSON.parse(manifestLines[0]!) as Record<string, unknown>;
    cpSync(join(root, String(first['transcript_uri'])), join(root, `${doneMarker}.json`));
    const succeeding = JSON.stringify({ ...first, session_id: 's-erase-2', employee_id: 'E-ERASE-1', transcript_uri: `${doneMarker}.json` });
    const file = writeManifest('erase.jsonl', [
      ...manifestLines.slice(0, 4), failing('s-erase-1', 'E-ERASE-1', marker), failing('s-keep-1', 'E-KEEP-1', kept), succeeding,
      rejected('s-erase-bad', 'E-ERASE-1'), rejected('s-keep-bad', 'E-KEEP-1'), rejected('s-rej-bad', 'E-REJ-1'),
    ]);
    const submitted = await honne(['batch', 'submit', '--companies', companies, '--manifest', file, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out')], env);
    expect(submitted.code).toBe(0); // queued: the rejected rows are listed, and kept, but do not fail the submit
    const id = submitted.out.trim();
    // While the batch is still running, erase refuses and changes nothing.
    const early = await honne(['erase', '--employee', 'E-ERASE-1', '--company', 'C001'], env);
    expect(early.code).toBe(1);
    expect(early.err).toContain('which holds sessions of this employee, is still running');
    const w = startWorker(env);
    const s = await finished(ctx, id);
    expect(s.failures.map((f) => [f.id, f.code]).sort()).toEqual([['s-erase-1', 'TRANSCRIPT_EMPTY'], ['s-keep-1', 'TRANSCRIPT_EMPTY']]);
    const failedFile = join(env.HONNE_DATA_DIR, '..', 'out', 'failed.jsonl');
    expect(readFileSync(failedFile, 'utf8')).toContain('s-erase-1');
    expect(readFileSync(failedFile, 'utf8')).not.toContain(marker);
    /** Every value under this deployment's prefix in Redis, as text. */
    const dump = () => redisText(ctx.redis, env.HONNE_QUEUE_PREFIX);
    expect(await dump()).toContain('s-erase-1'); // the failure record, the failed job and its event
    expect(await dump()).not.toContain(marker);
    const rejectsFile = join(env.HONNE_DATA_DIR, '..', 'out', 'rejects.jsonl');
    for (const raw of ['E-ERASE-1', 's-erase-bad']) {
      expect(fullDump().includes(raw), `${raw} is in Redis before`).toBe(true);
      expect(readFileSync(rejectsFile, 'utf8')).toContain(raw);
    }
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);

    const r = await honne(['erase', '--employee', 'E-ERASE-1', '--company', 'C001'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('with 1 failure record(s) of the queue, 1 rejected row(s) kept in Redis');
    expect(await dump()).not.toContain('s-erase-1');
    // every byte Redis holds (all keys, as a dump file): no raw id, session id or file name of theirs
    const everything = fullDump();
    for (const w of ['E-ERASE-1', 's-erase-1', 's-erase-2', 's-erase-bad', marker, doneMarker]) expect(everything.includes(w), `Redis holds ${w}`).toBe(false);
    // nor any byte of a file the batch left: the object store (its plan names each session and
    // its transcript file), the store file, the output folder
    const left = [...filesUnder(env.HONNE_DATA_DIR), ...filesUnder(join(env.HONNE_DATA_DIR, '..', 'out'))];
    expect(left.length).toBeGreaterThan(3);
    for (const f of left) {
      const bytes = readFileSync(f).toString('latin1');
      for (const w of ['E-ERASE-1', 's-erase-1', 's-erase-2', marker, doneMarker]) expect(bytes.includes(w), `${f} holds ${w}`).toBe(false);
    }
    // and the batch's status still adds up: the sessions erased leave its totals
    const after = await batchStatus(ctx, id);
    expect(after.state).toBe('done_with_failures');
    expect([after.meta.sessions, after.meta.erased, after.sessionsFinished]).toEqual([5, 2, 5]);
    for (const stage of ['redact', 'analyze'] as const) expect(after.stages[stage].waiting, stage).toBe(0);
    expect(readFileSync(rejectsFile, 'utf8')).not.toMatch(/E-ERASE-1|s-erase-bad/);
    expect(readFileSync(rejectsFile, 'utf8')).toContain('s-keep-bad');
    expect(everything.includes('s-keep-bad')).toBe(true);
    // someone of whom only a rejected row of a batch is left is found, and erased
    const onlyRejected = await honne(['erase', '--employee', 'E-REJ-1', '--company', 'C001'], env);
    expect(onlyRejected.code, onlyRejected.err).toBe(0);
    expect(onlyRejected.out).toContain('1 rejected row(s) kept in Redis, and 1 row(s) of rejects.jsonl / failed.jsonl');
    expect(fullDump().includes('E-REJ-1')).toBe(false);
    expect(readFileSync(rejectsFile, 'utf8')).not.toContain('E-REJ-1');
    expect((await dump()).split('\n').filter((l) => l.includes('s-erase-1')).map((l) => l.slice(0, 600))).toEqual([]);
    expect(readFileSync(failedFile, 'utf8')).not.toContain(marker);
    // Only that employee's: the other failed session is still listed, everywhere.
    expect((await batchStatus(ctx, id)).failures.map((f) => f.id)).toEqual(['s-keep-1']);
    expect(await dump()).toContain('s-keep-1');
    expect(readFileSync(failedFile, 'utf8')).toContain('s-keep-1');
    // The other sessions are untouched.
    expect((await content(env.HONNE_DATA_DIR)).sessions.map((x) => x['session_id'])).toEqual(sessionIds.slice(0, 4));

    // A later batch with a new session of theirs (a machine without the store) leaves it out.
    const later = writeManifest('erase-later.jsonl', [
      JSON.stringify({ ...first, session_id: 's-erase-3', employee_id: 'E-ERASE-1', transcript_uri: `${doneMarker}.json` }),
      JSON.stringify({ ...first, session_id: 's-after-1', employee_id: 'E-AFTER-1', transcript_uri: `${doneMarker}.json` }),
    ]);
    const again = await honne(['batch', 'submit', '--companies', companies, '--manifest', later, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out-later')], env);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('1 of erased employees (left out)');
    expect((await planOf(ctx, again.out.trim())).map((e) => e.sessionId)).toEqual(['s-after-1']);
    expect(fullDump().includes('s-erase-3')).toBe(false);
  }, 150_000);

  it('a long id erased in one mix of letter cases is not loaded again by a batch under another', async () => {
    const env = envFor('erase-case');
    const ctx = clientFor(env);
    const first = JSON.parse(manifestLines[0]!) as Record<string, unknown>;
    const row = (sessionId: string, employeeId: string) => JSON.stringify({ ...first, session_id: sessionId, employee_id: employeeId });
    // Stored by `honne run` and erased where the store is …
    const stored = writeManifest('erase-case-1.jsonl', [row('s-case-1', 'Staff-Longname-Seven')]);
    const ran = await honne(['run', '--companies', companies, '--manifest', stored, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out-run')], env);
    expect(ran.code, ran.err).toBe(0);
    const erased = await honne(['erase', '--employee', 'Staff-Longname-Seven', '--company', 'C001'], env);
    expect(erased.code, erased.err).toBe(0);
    // … then said in another mix of cases (more letters than any spelling tried) in a batch: its
    // pseudonym is another, so only its case key tells the load who it is.
    const w = startWorker(env);
    const later = writeManifest('erase-case-2.jsonl', [row('s-case-2', 'STAFF-longname-SEVEN'), row('s-case-3', 'E-CASE-OTHER')]);
    const r = await honne(['batch', 'submit', '--companies', companies, '--manifest', later, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out')], env);
    expect(r.code, r.err).toBe(0);
    const s = await finished(ctx, r.out.trim());
    expect({ state: s.state, failures: s.failures }).toEqual({ state: 'done', failures: [] });
    const loaded = (await content(env.HONNE_DATA_DIR)).sessions.map((x) => x['session_id']);
    expect(loaded).toContain('s-case-3');
    expect(loaded).not.toContain('s-case-2');
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  }, 150_000);

  it('attack: a batch does not load a stored employee again under their id in another letter case (one person counted twice towards k); the row is a reject', async () => {
    const env = envFor('stored-case');
    const ctx = clientFor(env);
    const first = JSON.parse(manifestLines[0]!) as Record<string, unknown>;
    const row = (sessionId: string, employeeId: string) => JSON.stringify({ ...first, session_id: sessionId, employee_id: employeeId });
    // stored by `honne run` …
    const stored = writeManifest('stored-case-1.jsonl', [row('s-stored-1', 'Tanaka-Hiroshi-0001')]);
    const ran = await honne(['run', '--companies', companies, '--manifest', stored, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out-run')], env);
    expect(ran.code, ran.err).toBe(0);
    // … then submitted in lower case where the store is not read (its case key is there under another pseudonym)
    const w = startWorker(env);
    const later = writeManifest('stored-case-2.jsonl', [row('s-stored-2', 'tanaka-hiroshi-0001'), row('s-stored-4', 'E-CASE-NEW')]);
    const r = await honne(['batch', 'submit', '--companies', companies, '--manifest', later, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out')], env);
    expect(r.code, r.err).toBe(0);
    const s = await finished(ctx, r.out.trim());
    expect(s.state).toBe('done');
    const loaded = (await content(env.HONNE_DATA_DIR)).sessions.map((x) => x['session_id']);
    expect(loaded).toEqual(expect.arrayContaining(['s-stored-1', 's-stored-4']));
    expect(loaded).not.toContain('s-stored-2');
    expect(s.meta.rejects).toBe(1);
    expect(s.rejects.map((x) => [x.file, x.line, x.field])).toEqual([[later, 1, 'employee_id']]);
    expect(s.rejects[0]!.reason).toMatch(/differs only by letter case/);
    // … and in OUT's rejects.jsonl, where an operator looks for the rows to write again
    const outRejects = readFileSync(join(env.HONNE_DATA_DIR, '..', 'out', 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(outRejects.map((x) => [x['file'], x['line'], x['field']])).toEqual([[later, 1, 'employee_id']]);
    // its session record goes too: nothing of the refused row stays in the batch
    const records = readFileSync(join(env.HONNE_DATA_DIR, 'objects', batchKeys(r.out.trim()).sessions('C001')), 'utf8');
    expect(records).not.toContain('s-stored-2');
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  }, 150_000);

  it('attack: a batch does not load again, under another letter case, an employee stored before case keys (their sessions have none)', async () => {
    const env = envFor('pre-case');
    const ctx = clientFor(env);
    const first = JSON.parse(manifestLines[0]!) as Record<string, unknown>;
    const row = (sessionId: string, employeeId: string) => JSON.stringify({ ...first, session_id: sessionId, employee_id: employeeId });
    const stored = writeManifest('pre-case-1.jsonl', [row('s-pre-1', 'Emp-Old-7'), row('s-pre-4', 'Emp-Gone-9')]);
    const ran = await honne(['run', '--companies', companies, '--manifest', stored, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out-run')], env);
    expect(ran.code, ran.err).toBe(0);
    expect((await honne(['erase', '--employee', 'Emp-Gone-9', '--company', 'C001'], env)).code).toBe(0);
    // as a store of a release before case keys holds them (the erased one's tombstone too)
    const store = await DuckDbStore.open(join(env.HONNE_DATA_DIR, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      await store.query('UPDATE sessions SET employee_case = NULL');
      await store.query('UPDATE erasures SET employee_case = NULL');
    } finally {
      store.close();
    }
    const w = startWorker(env);
    const later = writeManifest('pre-case-2.jsonl', [row('s-pre-2', 'EMP-old-7'), row('s-pre-3', 'E-PRE-NEW'), row('s-pre-5', 'EMP-gone-9')]);
    const r = await honne(['batch', 'submit', '--companies', companies, '--manifest', later, '--format', 'csv', '--out', join(env.HONNE_DATA_DIR, '..', 'out')], env);
    expect(r.code, r.err).toBe(0);
    const s = await finished(ctx, r.out.trim());
    expect(s.state).toBe('done');
    const loaded = (await content(env.HONNE_DATA_DIR)).sessions.map((x) => x['session_id']);
    expect(loaded).toEqual(expect.arrayContaining(['s-pre-1', 's-pre-3']));
    expect(loaded).not.toContain('s-pre-2');
    // the erased one in another case is left out, as erased (no reject names the row)
    expect(loaded).not.toContain('s-pre-5');
    expect(s.rejects.map((x) => [x.file, x.line, x.field])).toEqual([[later, 1, 'employee_id']]);
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  }, 150_000);

  it('honne erase erases nothing when the queue holds the employee and Redis cannot be reached', async () => {
    const env = envFor('erase-down', {}, `redis://127.0.0.1:${await freePort()}`);
    const pid = pseudonymise(KEY, 'C001', 'E-DOWN-1');
    const records = join(env.HONNE_DATA_DIR, 'objects', 'batches', 'b-down', 'sessions');
    mkdirSync(records, { recursive: true });
    const file = join(records, 'C001.json');
    writeFileSync(file, JSON.stringify({ sessions: [{ session_id: 's-down-1', employee_pid: pid }] }));
    const r = await honne(['erase', '--employee', 'E-DOWN-1', '--company', 'C001'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot reach Redis');
    expect(readFileSync(file, 'utf8')).toContain('s-down-1'); // run it again once Redis is back
    const store = await DuckDbStore.open(join(env.HONNE_DATA_DIR, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      expect(await store.erasedEmployees()).toEqual(new Set()); // no tombstone either
    } finally {
      store.close();
    }
  }, 60_000);

  it('runs retention on a schedule: work objects past their lifetime go, and the audit trail says so', async () => {
    const env = envFor('retention', { HONNE_RETENTION_EVERY_MS: '500', HONNE_RETENTION_REDACTED_DAYS: '1' });
    const objects = join(env.HONNE_DATA_DIR, 'objects', 'sessions');
    mkdirSync(objects, { recursive: true });
    const old = join(objects, 'old.redacted.json');
    const fresh = join(objects, 'fresh.redacted.json');
    for (const f of [old, fresh]) writeFileSync(f, JSON.stringify({ text: 'redacted words' }));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const w = startWorker(env, ['--queues', 'store']);
    await until('the scheduled retention', async () => !existsSync(old), 30_000);
    expect(existsSync(fresh)).toBe(true);
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    const store = await DuckDbStore.open(join(env.HONNE_DATA_DIR, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      const entries = (await store.auditLog()).filter((e) => e.action === 'retention');
      expect(entries[0]?.detail).toMatchObject({ dry_run: false, objects: { redacted: 1 } });
    } finally {
      store.close();
    }
  }, 60_000);

  it('drains on SIGTERM: the jobs in hand finish, then the process exits 0', async () => {
    // A lock that outlives a cold first redact (its redaction resources load on first use, seconds
    // on a busy machine): a job whose lock lapsed while it ran is not a drained job.
    const env = envFor('drain', { HONNE_TEST_FAULTS: 'delayMs=700', HONNE_LOCK_DURATION_MS: '20000' });
    const ctx = clientFor(env);
    const w = startWorker(env, ['--concurrency', '3']);
    const id = await submit(env);
    const inHand = await until('jobs in hand', async () => {
      const active = (await Promise.all((['transcribe', 'redact', 'analyze'] as const).map((q) => ctx.queues[q].getActive()))).flat();
      return active.length >= 2 ? active : undefined;
    });
    w.proc.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.log()).toContain('stopping: no new jobs, finishing the ones in hand');
    for (const job of inHand) expect(await job.getState(), job.id).toBe('completed');
    const left = await Promise.all((['transcribe', 'redact', 'analyze', 'store'] as const).map((q) => ctx.queues[q].getActiveCount()));
    expect(left).toEqual([0, 0, 0, 0]);
    expect((await batchStatus(ctx, id)).state).toBe('running');

    const next = startWorker({ ...env, HONNE_TEST_FAULTS: '' });
    expect((await finished(ctx, id)).state).toBe('done');
    expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);
    next.proc.kill('SIGTERM');
    expect(await next.exit).toBe(0);
  }, 150_000);

  it('survives Redis restarting mid-batch', async () => {
    const own = await startTestRedis();
    try {
      const env = envFor('restart', { HONNE_TEST_FAULTS: 'delayMs=100' }, own.url);
      const ctx = clientFor(env);
      const workers = [startWorker(env, ['--concurrency', '2']), startWorker(env, ['--concurrency', '2'])];
      const id = await submit(env);
      await until('some progress', async () => ((await batchStatus(ctx, id)).stages.analyze.done >= 6 ? true : undefined));
      await own.restart(1_500);
      const s = await finished(ctx, id);
      expect(s.state).toBe('done');
      expect(await content(env.HONNE_DATA_DIR)).toEqual(reference);
      for (const w of workers) w.proc.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
    } finally {
      await own.stop();
    }
  }, 150_000);
});
