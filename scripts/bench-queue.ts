/** Queue-mode numbers, never assertions: throughput through BullMQ with local providers as a
 * ratio to `honne run` on the same generated sessions, with 2 worker processes (one per core,
 * the documented way) and with 1 (the same single core as `honne run`), each compared with a
 * `honne run` just before it, over several rounds; a worker's memory (idle after start-up, and
 * its peak: VmRSS and VmHWM from /proc); CPU per session of both (worker processes and Redis,
 * from /proc); queue overhead per job; Redis memory per 10,000 queued sessions.
 * Starts its own redis-server.
 *   node bin/run-ts.mjs scripts/bench-queue.ts [--sessions 2000] [--companies 20] [--concurrency 2] [--memory-sessions 10000] [--rounds 3] [--cases procs,one] */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker as BullWorker } from 'bullmq';
import { createSessionDeps, objectStoreFor } from '../app/compose.js';
import { loadQueueConfig } from '../jobs/config.js';
import { createQueueContext, type QueueContext } from '../jobs/context.js';
import { reportJobId } from '../jobs/ids.js';
import { createLogger } from '../jobs/log.js';
import { workerOptions } from '../jobs/queues.js';
import { submitBatch } from '../jobs/submit.js';
import { startTestRedis } from '../jobs/testing/redis.js';
import { loadConfig } from '../pipeline/config.js';
import type { AnalysisIdentity } from '../pipeline/ingest/ingest.js';
import { silentProgress } from '../pipeline/progress.js';
import { runPipeline } from '../pipeline/run.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { writePeriodReports } from '../reports/write.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { generateCorpus, writeCorpus } from './fixtures/corpus.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '2000' },
    companies: { type: 'string', default: '20' },
    /** Jobs in hand per session queue (default: the worker's own default, 4). */
    concurrency: { type: 'string' },
    'memory-sessions': { type: 'string', default: '10000' },
    /** Rounds of (honne run, queue case) pairs per case. */
    rounds: { type: 'string', default: '3' },
    /** Write a V8 CPU profile of every worker process into this folder (slows the workers). */
    'cpu-prof': { type: 'string' },
    /** Which queue cases to run, comma-separated: procs (2 worker processes), one (1 worker process). */
    cases: { type: 'string', default: 'procs,one' },
  },
});
const sessions = Number(values.sessions);
const companies = Number(values.companies);
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
const memSessions = Number(values['memory-sessions']);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds must be a whole number of at least 1 (got ${values.rounds})`);
  process.exit(2);
}
const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'honne-bench-queue-'));
const KEY = 'bench-queue-key-0123456789';
const redis = await startTestRedis();
const procs: ChildProcess[] = [];
let prefixN = 0;

async function corpus(n: number, dir: string): Promise<{ companiesFile: string; manifestFile: string }> {
  const c = generateCorpus({ seed: 42, companies, sessions: n, periods: ['2026-09', '2026-10'], englishShare: 0.1 });
  await writeCorpus(dir, c, { manifestFormat: 'jsonl' });
  return { companiesFile: join(dir, 'companies.csv'), manifestFile: join(dir, 'sessions.jsonl') };
}

function envFor(name: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HONNE_DATA_DIR: join(root, name, 'data'),
    HONNE_PSEUDONYM_KEY: KEY,
    REDIS_URL: redis.url,
    HONNE_QUEUE_PREFIX: `bench${++prefixN}`,
    HONNE_LOG_LEVEL: 'info',
  };
}

interface Worker {
  proc: ChildProcess;
  log: () => string;
  ready: Promise<void>;
  exit: Promise<unknown>;
}
function startWorker(env: Record<string, string>, conc: number | undefined): Worker {
  const prof = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : [];
  const args = [...prof, join(repo, 'bin', 'honne.mjs'), 'worker', ...(conc === undefined ? [] : ['--concurrency', String(conc)])];
  const proc = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  let log = '';
  let onReady = () => {};
  let onExit = (_code: number | null) => {};
  const ready = new Promise<void>((r, reject) => {
    onReady = r;
    onExit = (code) => reject(new Error(`a worker exited (code ${code}) before it started:\n${log}`));
  });
  proc.on('exit', (code) => onExit(code));
  // Look for the start line only until it came: scanning the whole, growing log on every
  // chunk would cost this process (which shares the cores with the workers) seconds of CPU.
  let started = false;
  proc.stderr?.on('data', (d: Buffer) => {
    log += d.toString('utf8');
    if (!started && log.includes('"worker started"')) {
      started = true;
      onReady();
    }
  });
  return { proc, log: () => log, ready, exit: new Promise((r) => proc.on('exit', r)) };
}

function context(env: Record<string, string>): QueueContext {
  return createQueueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(env)) });
}

/** Processor time of every finished job, from the workers' structured logs. */
function jobMs(logs: string[]): { jobs: number; processorMs: number } {
  let jobs = 0;
  let ms = 0;
  for (const line of logs.join('').split('\n')) {
    if (!line.includes('"job done"')) continue;
    const rec = JSON.parse(line) as { ms?: number };
    jobs += 1;
    ms += rec.ms ?? 0;
  }
  return { jobs, processorMs: ms };
}

/** CPU time (ms) a process has used so far, all its threads (Linux /proc). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / CLOCK_TICKS);
}
const CLOCK_TICKS = 100;
/** A memory figure (KB) of a process from /proc/<pid>/status: VmRSS now, VmHWM its peak. */
function memKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s*(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}
const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function queueRun(input: { companiesFile: string; manifestFile: string }, lineage: AnalysisIdentity, workers: number, conc: number | undefined) {
  const name = `q${workers}x${conc}-${++queueRuns}`;
  const env = envFor(name);
  const ws = Array.from({ length: workers }, () => startWorker(env, conc));
  await Promise.all(ws.map((w) => w.ready));
  // A worker's memory when started and waiting, and its peak over the batch.
  await new Promise((r) => setTimeout(r, 2000));
  const idleKb = ws.map((w) => memKb(w.proc.pid!, 'VmRSS'));
  const ctx = context(env);
  // Every process that works for the batch: the workers, Redis and this one (the submitter).
  const cpuNow = () => ws.reduce((n, w) => n + cpuMs(w.proc.pid!), 0) + cpuMs(redis.pid) + selfCpu();
  const cpu0 = cpuNow();
  const t0 = performance.now();
  const { meta } = await submitBatch({ ...input, outDir: join(root, name, 'out'), lang: 'ja', formats: ['csv'] }, ctx, lineage);
  while ((await ctx.queues.store.getJobState(reportJobId(meta.id, 0))) !== 'completed') await new Promise((r) => setTimeout(r, 50));
  const ms = performance.now() - t0;
  const cpu = cpuNow() - cpu0;
  const peakKb = ws.map((w) => memKb(w.proc.pid!, 'VmHWM'));
  for (const w of ws) w.proc.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exit));
  await ctx.close();
  return { ms, cpu, idleKb: Math.max(...idleKb), peakKb: Math.max(...peakKb), ...jobMs(ws.map((w) => w.log())) };
}

let queueRuns = 0;

const NOOP_JOBS = 2000;
/** Pure queue cost: empty jobs through one Worker with honne's options (ms per job). */
async function noopPerJob(): Promise<number> {
  const env = envFor('noop');
  const qc = loadQueueConfig(env);
  const ctx = context(env);
  const queue = new Queue('noop', { connection: ctx.redis, prefix: qc.prefix });
  await queue.addBulk(Array.from({ length: NOOP_JOBS }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: { age: 3600 } } })));
  let done = 0;
  let finish = () => {};
  const all = new Promise<void>((r) => (finish = r));
  const t0 = performance.now();
  const worker = new BullWorker('noop', async () => {
    if (++done === NOOP_JOBS) finish();
  }, { ...workerOptions(qc, ctx.redis), concurrency: 1 });
  await all;
  const ms = (performance.now() - t0) / NOOP_JOBS;
  await worker.close();
  await queue.close();
  await ctx.close();
  return ms;
}

/** The median of a list (the mean of the middle two for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

try {
  const input = await corpus(sessions, join(root, 'input'));
  let lineage: AnalysisIdentity | undefined;
  let processed = 0;
  /** `honne run` in this process, on a fresh data folder. */
  const run = async (n: number) => {
    const config = loadConfig({ ...process.env, HONNE_DATA_DIR: join(root, `run${n}`, 'data'), HONNE_PSEUDONYM_KEY: KEY });
    const session = await createSessionDeps(config);
    lineage = session.provider;
    const store = await DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb });
    const cpu0 = selfCpu();
    const t0 = performance.now();
    const summary = await runPipeline(
      { ...input, outDir: join(root, `run${n}`, 'out'), lang: 'ja', formats: ['csv'] },
      { config, store, session: async () => session, runId: 'bench', now: () => new Date(), progress: silentProgress, writeReports: (req, settings, progress) => writePeriodReports(store, req, settings, progress) },
    );
    const ms = performance.now() - t0;
    const cpu = selfCpu() - cpu0;
    store.close();
    processed = summary.processed;
    return { ms, cpu };
  };

  // The machine's speed drifts by 10 % and more over minutes (a shared VM), so each queue case
  // is compared with the `honne run` just before it, round after round: the ratios are the
  // medians (and ranges) of those pairs.
  type Case = { label: string; workers: number };
  const main: Case = { label: '1 worker process (one core, like honne run)', workers: 1 };
  const allCases: Record<string, Case> = {
    procs: { label: `${availableParallelism()} worker processes (one per core)`, workers: availableParallelism() },
    one: main,
  };
  const cases: Case[] = values.cases.split(',').map((n) => allCases[n.trim()] ?? (() => { throw new Error(`unknown case ${n}`); })());
  const runs: Array<{ ms: number; cpu: number }> = [];
  type Paired = { ms: number; cpu: number; jobs: number; idleKb: number; peakKb: number; base: { ms: number; cpu: number }; ratio: number };
  const results = new Map<Case, Paired[]>(cases.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const base = await run(runs.length);
      runs.push(base);
      const q = await queueRun(input, lineage!, c.workers, concurrency);
      results.get(c)!.push({ ...q, base, ratio: base.ms / q.ms });
      console.error(`round ${r + 1} ${c.label}: run ${(base.ms / 1000).toFixed(1)} s, queue ${(q.ms / 1000).toFixed(1)} s, ratio ${(base.ms / q.ms).toFixed(3)}, worker idle ${(q.idleKb / 1024).toFixed(0)} MB, peak ${(q.peakKb / 1024).toFixed(0)} MB`);
    }
  }

  const noop = await noopPerJob();

  // Redis memory per 10,000 queued sessions: a batch submitted with no worker running
  // (`--memory-sessions 0` leaves it out).
  const redisMem = async () => {
    const memInput = await corpus(memSessions, join(root, 'input-mem'));
    const memEnv = envFor('mem');
    const memCtx = context(memEnv);
    const used = async () => Number(/used_memory:(\d+)/.exec(await memCtx.redis.info('memory'))?.[1] ?? 0);
    const before = await used();
    const { meta } = await submitBatch({ ...memInput, outDir: join(root, 'mem', 'out'), lang: 'ja', formats: ['csv'] }, memCtx, lineage!);
    const after = await used();
    await memCtx.close();
    return { sessions: meta.sessions, bytes: after - before };
  };
  const mem = memSessions > 0 ? await redisMem() : undefined;

  const sec = (ms: number) => (ms / 1000).toFixed(1);
  const range = (xs: number[], f: (x: number) => string) => (xs.length > 1 ? `${f(Math.min(...xs))}–${f(Math.max(...xs))}` : f(xs[0]!));
  const perSession = (cpu: number) => (cpu / sessions).toFixed(2);
  console.log(`honne queue bench — ${processed} sessions, ${companies} companies, local provider, worker concurrency ${concurrency ?? 'default (4)'}, ${availableParallelism()} cores, ${rounds} rounds (medians, ranges)`);
  console.log(`  honne run (one thread)                            ${range(runs.map((r) => r.ms), sec)} s  cpu ${perSession(median(runs.map((r) => r.cpu)))} ms/session`);
  for (const c of cases) {
    const rs = results.get(c)!;
    const ratios = rs.map((x) => x.ratio);
    const mbs = (kb: number) => `${(kb / 1024).toFixed(0)}`;
    console.log(`  queue, ${c.label.padEnd(43)}${range(rs.map((x) => x.ms), sec)} s  ratio ${median(ratios).toFixed(2)} (${range(ratios, (x) => x.toFixed(2))})  cpu ${perSession(median(rs.map((x) => x.cpu)))} ms/session  worker idle ${range(rs.map((x) => x.idleKb), mbs)} MB, peak ${range(rs.map((x) => x.peakKb), mbs)} MB`);
  }
  // The equal-resources comparison: the queue on one thread against `honne run` on one thread.
  const same = results.get(main);
  if (same) {
    const jobsPerBatch = same[0]!.jobs;
    const extraCpu = median(same.map((x) => x.cpu - x.base.cpu));
    const extraPct = median(same.map((x) => (x.cpu - x.base.cpu) / x.base.cpu)) * 100;
    console.log(`  queue cpu per session over honne run              ${(extraCpu / sessions).toFixed(2)} ms (+${extraPct.toFixed(0)} %: jobs, Redis, object store, submit)`);
    console.log(`  overhead per job vs honne run, same one thread    ${median(same.map((x) => (x.ms - x.base.ms) / jobsPerBatch)).toFixed(2)} ms  (${jobsPerBatch} jobs)`);
  }
  console.log(`  BullMQ round trip per empty job                   ${noop.toFixed(2)} ms  (${NOOP_JOBS} no-op jobs, one Worker, concurrency 1)`);
  if (mem) console.log(`  Redis memory, ${mem.sessions} queued sessions            ${(mem.bytes / 1024 / 1024).toFixed(1)} MB  → ${(((mem.bytes / mem.sessions) * 10_000) / 1024 / 1024).toFixed(1)} MB per 10,000`);
} finally {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  await redis.stop();
  rmSync(root, { recursive: true, force: true });
}
