/** Queue mode's commands (cli/commands/queue.ts declares their options): `honne batch
 * submit|status|retry|dismiss|list`, `honne worker` and `honne dashboard`. Each parses its
 * options and calls a function of jobs/ that tests call directly. */
import cliProgress from 'cli-progress';
import { batchStatus, dismissFailures, eraseQueueSessions, retryBatch, type BatchStatus } from '../../jobs/batches.js';
import type { QueueErasure } from '../../pipeline/ports/queue-state.js';
import type { ErasedEmployee } from '../../pipeline/operator-files.js';
import { loadQueueConfig, type QueueConfig } from '../../jobs/config.js';
import { BatchNotFoundError, checkRedis, type QueueContext } from '../../jobs/context.js';
import { RedisUnreachableError, stopWithin, watchRedis } from '../../jobs/worker-redis.js';
import { startDashboard } from '../../jobs/dashboard.js';
import { createLogger } from '../../jobs/log.js';
import { QUEUE_NAMES, batchesKey, type QueueName } from '../../jobs/queues.js';
import { submitBatch } from '../../jobs/submit.js';
import { startWorkers } from '../../jobs/worker.js';
import { redactUrl, type Config } from '../../pipeline/config.js';
import { ConfigError } from '../../pipeline/errors.js';
import type { Lang } from '../../reports/i18n.js';
import { parseFormats, requireFile, UsageError, type CommandContext, type Io } from '../command.js';
import { config } from './config.js';
import { progressStream } from '../output.js';
import { analyticsStore, createSessionDeps, queueContext, sessionStagesFor } from '../../app/compose.js';
import { checkTranscription } from '../../app/preflight.js';
import { manifestNeedsTranscription } from '../../pipeline/ingest/recordings.js';
import { queueMessages } from './queue-messages.js';
import { STAGES } from '../../jobs/schemas.js';

/** Resolves when the process is asked to stop (SIGTERM or SIGINT); the second signal calls `again`. */
export function untilSignal(again: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const on = (signal: NodeJS.Signals) => {
      if (seen) return again();
      seen = true;
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

function parseWhole(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

export function parseQueues(value: string): QueueName[] {
  const names = value.split(',').map((q) => q.trim()).filter(Boolean);
  for (const q of names) {
    if (!(QUEUE_NAMES as readonly string[]).includes(q)) throw new UsageError(`--queues: unknown queue "${q}" (available: ${QUEUE_NAMES.join(', ')})`);
  }
  if (names.length === 0) throw new UsageError('--queues: give at least one queue');
  return [...new Set(names)] as QueueName[];
}

interface Setup {
  cfg: Config;
  qc: QueueConfig;
  ctx: QueueContext;
}

/** For a command-line client: config (read once), the queue context, and a Redis check (fails
 * fast); closes everything afterwards. */
async function withQueue<T>(io: Io, fn: (s: Setup) => Promise<T>): Promise<T> {
  const cfg = config(io);
  const qc = loadQueueConfig(io.env);
  const log = createLogger(io.env['HONNE_LOG_LEVEL'] ? cfg.logLevel : 'error', qc.logFormat);
  const ctx = queueContext(cfg, qc, { role: 'client', log, now: io.now });
  try {
    await checkRedis(ctx);
    return await fn({ cfg, qc, ctx });
  } catch (err) {
    if (err instanceof BatchNotFoundError) throw new UsageError(err.message);
    throw err;
  } finally {
    await ctx.close();
  }
}

/** `honne erase`'s part in the queue (jobs/batches.ts `eraseQueueSessions`): the erased
 * employee's sessions per batch. Fails, erasing nothing, when Redis cannot be reached. */
export async function eraseInQueue(io: Io, byBatch: ReadonlyMap<string, ReadonlySet<string>>, who: ErasedEmployee): Promise<QueueErasure> {
  return withQueue(io, ({ ctx }) => eraseQueueSessions(ctx, byBatch, who));
}

/** `batch status --watch`: on a terminal a bar for the sessions and one per stage (done of
 * total, active, failed), redrawn in place; otherwise a progress line with the same figures. */
async function watch(ctx: QueueContext, id: string, io: Io, intervalMs: number): Promise<BatchStatus> {
  let s = await batchStatus(ctx, id);
  const stream = progressStream;
  const t0 = performance.now();
  const first = s.sessionsFinished;
  const figures = () => {
    const rate = (s.sessionsFinished - first) / Math.max(0.001, (performance.now() - t0) / 1000);
    const eta = rate > 0 ? `${Math.round((s.meta.sessions - s.sessionsFinished) / rate)}s` : '–';
    const phase = s.sessionsFinished >= s.meta.sessions ? 'loading and reports' : 'sessions';
    return { rate: rate.toFixed(1), eta2: eta, failed: s.failures.length, phase };
  };
  const bars = stream.isTTY ? new cliProgress.MultiBar({ stream, hideCursor: true, format: '{label} |{bar}| {value}/{total} {detail}' }, cliProgress.Presets.shades_classic) : null;
  const sessionsBar = bars?.create(s.meta.sessions, s.sessionsFinished, { label: 'sessions  ', detail: '' });
  const stageBars = STAGES.map((st) => bars?.create(Math.max(1, s.stages[st].total), s.stages[st].done, { label: st.padEnd(10), detail: '' }));
  const draw = () => {
    const f = figures();
    if (!bars) {
      const stages = STAGES.map((st) => `${st} ${s.stages[st].done}/${s.stages[st].total}`).join(', ');
      return io.err(`progress ${s.sessionsFinished}/${s.meta.sessions} ${f.rate}/s eta ${f.eta2} failed ${f.failed} (${f.phase}); ${stages}`);
    }
    sessionsBar?.update(s.sessionsFinished, { detail: `${f.rate}/s ETA ${f.eta2} failed ${f.failed} ${f.phase}` });
    STAGES.forEach((st, i) => {
      const c = s.stages[st];
      stageBars[i]?.setTotal(Math.max(1, c.total));
      stageBars[i]?.update(c.done, { detail: `active ${c.active} failed ${c.failed}` });
    });
  };
  draw();
  while (s.state === 'running') {
    await new Promise((r) => setTimeout(r, intervalMs));
    s = await batchStatus(ctx, id);
    draw();
  }
  bars?.stop();
  return s;
}

export interface SubmitOptions {
  companies: string;
  manifest: string;
  out: string;
  lang: Lang;
  format: string;
  survey?: string;
  json?: boolean;
  /** `--openai-batch` / `--no-openai-batch` (default HONNE_OPENAI_BATCH). */
  openaiBatch?: boolean;
}

/** Exit 0 once the batch is queued, rejected rows or not (they are listed, and kept): a script
 * goes on to `batch status --watch`. */
export async function submit(o: SubmitOptions, { io }: CommandContext): Promise<void> {
  requireFile('--companies', o.companies);
  requireFile('--manifest', o.manifest);
  if (o.survey) requireFile('--survey', o.survey);
  const formats = parseFormats(o.format);
  await withQueue(io, async ({ cfg, qc, ctx }) => {
    const openaiBatch = o.openaiBatch ?? qc.openaiBatch;
    if (openaiBatch && cfg.provider !== 'openai') throw new UsageError(`--openai-batch (or HONNE_OPENAI_BATCH) sends the analysis through the OpenAI Batch API: it needs HONNE_PROVIDER=openai (here: ${cfg.provider}); --no-openai-batch analyses synchronously`);
    // the workers will transcribe: check here that they can, before anything is queued
    if (await manifestNeedsTranscription(o.manifest)) await checkTranscription(cfg);
    const session = await createSessionDeps(cfg);
    const r = await submitBatch(
      { companiesFile: o.companies, manifestFile: o.manifest, outDir: o.out, lang: o.lang, formats, transcriber: session.transcriber.settings, openaiBatch, ...(o.survey ? { surveyFile: o.survey } : {}) },
      ctx,
      session.provider,
    );
    io.out(o.json ? JSON.stringify({ id: r.meta.id, existed: r.existed, resumed: r.resumed, meta: r.meta, rejected: r.rejects.length, rejects: r.rejects }) : r.meta.id);
    if (!o.json) io.err(queueMessages.submitted(r));
  });
}

export interface BatchStatusOptions {
  watch?: boolean;
  interval: string;
  json?: boolean;
}

export async function status(id: string, o: BatchStatusOptions, cmd: CommandContext): Promise<void> {
  const { io } = cmd;
  const interval = parseWhole('--interval', o.interval, 1);
  await withQueue(io, async ({ ctx }) => {
    const s = o.watch ? await watch(ctx, id, io, interval) : await batchStatus(ctx, id);
    io.out(o.json ? JSON.stringify(s) : queueMessages.status(s));
    if (s.failures.length > 0 || s.meta.rejects > 0) cmd.setExitCode(1);
  });
}

export async function retry(id: string, o: { json?: boolean }, { io }: CommandContext): Promise<void> {
  await withQueue(io, async ({ ctx }) => {
    const r = await retryBatch(ctx, id);
    io.out(o.json ? JSON.stringify({ id, ...r }) : queueMessages.retried(id, r));
  });
}

export async function dismiss(id: string, sessions: string[], o: { json?: boolean }, { io }: CommandContext): Promise<void> {
  await withQueue(io, async ({ ctx }) => {
    const n = await dismissFailures(ctx, id, sessions);
    io.out(o.json ? JSON.stringify({ id, dismissed: n }) : queueMessages.dismissed(id, n));
  });
}

export async function list(o: { json?: boolean }, { io }: CommandContext): Promise<void> {
  await withQueue(io, async ({ ctx, qc }) => {
    const ids = await ctx.redis.zrevrange(batchesKey(qc.prefix), 0, 49);
    const batches = [];
    for (const id of ids) {
      const s = await batchStatus(ctx, id, { rejects: 0 });
      batches.push({ id, state: s.state, sessionsFinished: s.sessionsFinished, sessions: s.meta.sessions, failed: s.failures.length, createdAt: s.meta.createdAt, out: s.meta.outDir });
    }
    if (o.json) return io.out(JSON.stringify(batches));
    if (batches.length === 0) io.out(queueMessages.noBatches);
    for (const b of batches) io.out(queueMessages.batchLine(b.id, b.state, b.sessionsFinished, b.sessions, b.failed));
  });
}

export interface WorkerOptions {
  concurrency?: string;
  transcribeConcurrency?: string;
  queues: string;
  /** Deprecated: only 0 (the stages run on the worker's own thread, as they always do now). */
  threads?: string;
}

/** Runs until a signal or until Redis has been unreachable for HONNE_REDIS_UNREACHABLE_MS (at
 * start-up a configuration error, exit 2; later a failure, exit 1). Every way out is bounded by
 * HONNE_STOP_TIMEOUT_MS: a stop that hangs (jobs that cannot finish without Redis) exits anyway,
 * and the jobs in hand go back to the queue when their locks lapse. */
export async function worker(o: WorkerOptions, { io, beforeJob }: CommandContext): Promise<void> {
  const queues = parseQueues(o.queues);
  // Stage threads are gone (one worker process per core measured as fast, at half the memory):
  // `--threads 0` still starts, any other count says what to do instead.
  if (o.threads !== undefined && o.threads.trim() !== '0') throw new UsageError(queueMessages.threadsRemoved(o.threads));
  const concurrency = parseWhole('--concurrency', o.concurrency ?? '4', 1);
  const cfg = config(io);
  const qc = loadQueueConfig(io.env);
  // flag > HONNE_TRANSCRIBE_CONCURRENCY > --concurrency
  const transcribeConcurrency = o.transcribeConcurrency !== undefined ? parseWhole('--transcribe-concurrency', o.transcribeConcurrency, 1) : (qc.transcribeConcurrency ?? concurrency);
  const log = createLogger(cfg.logLevel, qc.logFormat);
  // Listen for signals before anything slow (Redis, tokenizer): a SIGTERM that arrives
  // meanwhile must still end in a clean stop, not the default kill.
  const signal = untilSignal(() => {
    // Exit without finishing or failing the jobs in hand: their locks lapse and any
    // worker's stalled check puts them back in the queue (no attempt is used up).
    log.warn('second signal: exiting now; the jobs in hand go back to the queue when their locks lapse');
    process.exit(130);
  });
  const ctx = queueContext(cfg, qc, { role: 'worker', log, now: io.now });
  const redis = watchRedis(ctx.redis, log, qc.redisUnreachableMs);
  const url = redactUrl(cfg.redisUrl);
  let running: Awaited<ReturnType<typeof startWorkers>> | null = null;
  const stopping = stopWithin(qc.stopTimeoutMs, log);
  try {
    const first = await Promise.race([ctx.redis.ping().then(() => 'ready' as const, () => 'lost' as const), signal.then(() => 'signal' as const), redis.lost.then(() => 'lost' as const)]);
    if (first === 'signal') return;
    if (first === 'lost') throw new ConfigError(queueMessages.redisNeverReached(url, qc.redisUnreachableMs), { variable: 'REDIS_URL' });
    // a worker that transcribes checks that it can before it takes a job
    if (queues.includes('transcribe')) await checkTranscription(cfg);
    const session = await sessionStagesFor(cfg, ctx, queues.some((q) => q !== 'store'));
    running = await startWorkers(ctx, session, { queues, concurrency, transcribeConcurrency, store: analyticsStore(cfg), ...(beforeJob ? { beforeJob } : {}) });
    ctx.log.info(
      { queues, concurrency, transcribeConcurrency, rateLimits: qc.rateLimits, redis: url, prefix: qc.prefix, stalledIntervalMs: qc.stalledIntervalMs, lockDurationMs: qc.lockDurationMs },
      'worker started',
    );
    const why = await Promise.race([signal.then((s) => ({ signal: s })), redis.lost.then(() => ({ lost: true as const }))]);
    stopping.start();
    if ('lost' in why) {
      ctx.log.error({ redis: url, afterMs: qc.redisUnreachableMs }, 'redis unreachable for too long: stopping without finishing the jobs in hand');
      await running.close(true);
      throw new RedisUnreachableError(queueMessages.redisLost(url, qc.redisUnreachableMs));
    }
    // without Redis the jobs in hand cannot be finished (their results cannot be recorded):
    // they go back to the queue when their locks lapse
    const force = redis.down();
    ctx.log.info({ signal: why.signal }, force ? 'stopping: Redis cannot be reached, so the jobs in hand are left to the queue' : 'stopping: no new jobs, finishing the ones in hand');
    await running.close(force);
    ctx.log.info(queueMessages.workerStopped);
  } finally {
    stopping.start();
    redis.close();
    await ctx.close();
    stopping.done();
  }
}

export interface DashboardOptions {
  port: string;
  allowActions?: boolean;
}

export async function dashboard(o: DashboardOptions, { io }: CommandContext): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${o.port}"`);
  await withQueue(io, async ({ ctx }) => {
    const board = await startDashboard(Object.values(ctx.queues), { port, allowActions: o.allowActions === true });
    io.out(queueMessages.dashboard(board.url, o.allowActions === true));
    await untilSignal(() => process.exit(130));
    await board.close();
  });
}
