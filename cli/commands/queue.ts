/** Queue mode on the command line: `honne batch submit|status|retry|dismiss|list`,
 * `honne worker` and `honne dashboard`. Each command parses its options and calls a function
 * of jobs/ that tests call directly. */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { batchStatus, dismissFailures, eraseQueueSessions, retryBatch, type BatchStatus, type QueueErasure } from '../../jobs/batches.js';
import type { ErasedEmployee } from '../../pipeline/operator-files.js';
import { loadQueueConfig, type QueueConfig } from '../../jobs/config.js';
import { BatchNotFoundError, checkRedis, createQueueContext, redactUrl, type QueueContext } from '../../jobs/context.js';
import { startDashboard } from '../../jobs/dashboard.js';
import { createLogger } from '../../jobs/log.js';
import { QUEUE_NAMES, batchesKey, type QueueName } from '../../jobs/queues.js';
import { inThreadStages, startStagePool } from '../../jobs/pool.js';
import { submitBatch } from '../../jobs/submit.js';
import { startWorkers } from '../../jobs/worker.js';
import type { Config } from '../../pipeline/config.js';
import { describeError } from '../../pipeline/errors.js';
import { LANGS, type Lang } from '../../reports/i18n.js';
import { REPORT_FORMATS } from '../../reports/write.js';
import { config, parseFormats, UsageError, type CommandContext, type Io, type RegisterCommands } from '../main.js';
import { progressStream } from '../output.js';
import { createSessionDeps } from '../runtime.js';
import { queueMessages } from './queue-messages.js';

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

/** Config (read once), the queue context, and a Redis check; closes everything afterwards. */
async function withQueue<T>(io: Io, role: 'client' | 'worker', fn: (s: Setup) => Promise<T>): Promise<T> {
  const cfg = config(io);
  const qc = loadQueueConfig(io.env);
  const log = createLogger(role === 'client' && !io.env['HONNE_LOG_LEVEL'] ? 'error' : cfg.logLevel);
  const ctx = createQueueContext(cfg, qc, { role, log, now: io.now });
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
  return withQueue(io, 'client', ({ ctx }) => eraseQueueSessions(ctx, byBatch, who));
}

async function watch(ctx: QueueContext, id: string, io: Io, intervalMs: number): Promise<BatchStatus> {
  let s = await batchStatus(ctx, id);
  const stream = progressStream;
  const t0 = performance.now();
  const first = s.sessionsFinished;
  const rateEta = (done: number) => {
    const rate = (done - first) / Math.max(0.001, (performance.now() - t0) / 1000);
    const eta = rate > 0 ? Math.round((s.meta.sessions - done) / rate) : null;
    return { rate: rate.toFixed(1), eta: eta === null ? '–' : `${eta}s` };
  };
  const bar = stream.isTTY
    ? new cliProgress.SingleBar(
        { stream, format: 'sessions |{bar}| {value}/{total} {percentage}% | {rate}/s | ETA {eta2} | failed {failed} | {phase}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(s.meta.sessions, s.sessionsFinished, { ...rateEta(s.sessionsFinished), eta2: '–', failed: s.failures.length, phase: 'running' });
  while (s.state === 'running') {
    await new Promise((r) => setTimeout(r, intervalMs));
    s = await batchStatus(ctx, id);
    const { rate, eta } = rateEta(s.sessionsFinished);
    const phase = s.sessionsFinished >= s.meta.sessions ? 'loading and reports' : 'sessions';
    if (bar) bar.update(s.sessionsFinished, { rate, eta2: eta, failed: s.failures.length, phase });
    else io.err(`progress ${s.sessionsFinished}/${s.meta.sessions} ${rate}/s eta ${eta} failed ${s.failures.length} (${phase})`);
  }
  bar?.stop();
  return s;
}

export const registerQueueCommands: RegisterCommands = (program: Command, cmd: CommandContext) => {
  const { io } = cmd;
  const batch = program.command('batch').description('queue mode: batches of sessions on Redis (BullMQ)');

  batch
    .command('submit')
    .description('validate the inputs and enqueue the batch; prints its id')
    .requiredOption('--companies <file>', 'companies (.csv or .jsonl)')
    .requiredOption('--manifest <file>', 'session manifest (.jsonl or .csv)')
    .option('--out <dir>', 'folder (on the machine that runs the store queue) for reports, rejects and failures', 'out')
    .addOption(new Option('--lang <lang>', 'report language').choices(LANGS).default('ja'))
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, REPORT_FORMATS.join(','))
    .action(async (o: { companies: string; manifest: string; out: string; lang: Lang; format: string }) => {
      const formats = parseFormats(o.format);
      await withQueue(io, 'client', async ({ cfg, ctx }) => {
        const session = await createSessionDeps(cfg);
        const r = await submitBatch(
          { companiesFile: o.companies, manifestFile: o.manifest, outDir: o.out, lang: o.lang, formats },
          ctx,
          session.provider.lineage,
        );
        io.out(r.meta.id);
        io.err(queueMessages.submitted(r));
        if (r.rejects.length > 0) cmd.setExitCode(1);
      });
    });

  batch
    .command('status')
    .description('per-stage counts, failed sessions with reasons, rejected rows')
    .argument('<id>', 'batch id')
    .option('--watch', 'follow the batch with a progress bar until it is done')
    .option('--interval <ms>', 'refresh interval while watching', '1000')
    .action(async (id: string, o: { watch?: boolean; interval: string }) => {
      const interval = parseWhole('--interval', o.interval, 1);
      await withQueue(io, 'client', async ({ ctx }) => {
        const s = o.watch ? await watch(ctx, id, io, interval) : await batchStatus(ctx, id);
        io.out(queueMessages.status(s));
        if (s.failures.length > 0 || s.meta.rejects > 0) cmd.setExitCode(1);
      });
    });

  batch
    .command('retry')
    .description('re-enqueue the failed sessions (and failed loads) of a batch')
    .argument('<id>', 'batch id')
    .action(async (id: string) => {
      await withQueue(io, 'client', async ({ ctx }) => io.out(queueMessages.retried(id, await retryBatch(ctx, id))));
    });

  batch
    .command('dismiss')
    .description('drop failed sessions from the list (all, or the ones named), with their work files')
    .argument('<id>', 'batch id')
    .argument('[session...]', 'session ids (default: every failure)')
    .action(async (id: string, sessions: string[]) => {
      await withQueue(io, 'client', async ({ ctx }) => io.out(queueMessages.dismissed(id, await dismissFailures(ctx, id, sessions))));
    });

  batch
    .command('list')
    .description('the batches on this queue, newest first')
    .action(async () => {
      await withQueue(io, 'client', async ({ ctx, qc }) => {
        const ids = await ctx.redis.zrevrange(batchesKey(qc.prefix), 0, 49);
        if (ids.length === 0) io.out(queueMessages.noBatches);
        for (const id of ids) {
          const s = await batchStatus(ctx, id, { rejects: 0 });
          io.out(queueMessages.batchLine(id, s.state, s.sessionsFinished, s.meta.sessions, s.failures.length));
        }
      });
    });

  program
    .command('worker')
    .description('run queue workers until SIGTERM/SIGINT, then finish the jobs in hand and exit')
    .option('--concurrency <n>', 'jobs in hand per session queue (default: twice the stage threads, at least 4; the store queue always runs one)')
    .option('--queues <list>', `queues to serve (${QUEUE_NAMES.join(',')})`, QUEUE_NAMES.join(','))
    .option('--threads <n>', 'stage threads running the session stages, ~350 MB each (0: on the main thread)', String(availableParallelism()))
    .action(async (o: { concurrency?: string; queues: string; threads: string }) => {
      const queues = parseQueues(o.queues);
      const threads = parseWhole('--threads', o.threads, 0);
      // Twice the threads: a thread always has a later stage waiting, so transcriptions do not
      // run far ahead of the stages that use them (jobs/pool.ts).
      const concurrency = parseWhole('--concurrency', o.concurrency ?? String(Math.max(4, 2 * threads)), 1);
      await withQueue(io, 'worker', async ({ cfg, qc, ctx }) => {
        // Listen for signals before the slow start-up (tokenizer, connections): a SIGTERM that
        // arrives meanwhile must still end in a clean stop, not the default kill.
        const stop = untilSignal(() => {
          // Exit without finishing or failing the jobs in hand: their locks lapse and any
          // worker's stalled check puts them back in the queue (no attempt is used up).
          ctx.log.warn('second signal: exiting now; the jobs in hand go back to the queue when their locks lapse');
          process.exit(130);
        });
        const stages = !queues.some((q) => q !== 'store')
          ? null
          : threads > 0
            ? await startStagePool(cfg, threads, undefined, (err) => ctx.log.error({ err: describeError(err) }, 'stage thread died or could not start; starting another'))
            : inThreadStages(ctx.objects, await createSessionDeps(cfg));
        let running: Awaited<ReturnType<typeof startWorkers>>;
        try {
          running = await startWorkers(ctx, stages, { queues, concurrency });
        } catch (err) {
          await stages?.close();
          throw err;
        }
        ctx.log.info(
          { queues, concurrency, threads: stages?.threads ?? 0, redis: redactUrl(cfg.redisUrl), prefix: qc.prefix, stalledIntervalMs: qc.stalledIntervalMs, lockDurationMs: qc.lockDurationMs },
          'worker started',
        );
        const signal = await stop;
        ctx.log.info({ signal }, 'stopping: no new jobs, finishing the ones in hand');
        await running.close();
        await stages?.close();
        ctx.log.info(queueMessages.workerStopped);
      });
    });

  program
    .command('dashboard')
    .description('serve the queue dashboard (bull-board) on 127.0.0.1')
    .option('--port <port>', 'port', '3000')
    .action(async (o: { port: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${o.port}"`);
      await withQueue(io, 'client', async ({ ctx }) => {
        const board = await startDashboard(Object.values(ctx.queues), port);
        io.out(queueMessages.dashboard(board.url));
        await untilSignal(() => process.exit(130));
        await board.close();
      });
    });
};
