/** The `honne` command line. Commands parse their options and call functions that tests can
 * call directly; messages live in messages.ts. Exit codes: 0 success, 1 failure, 2 usage or
 * configuration error. */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, type Config } from '../pipeline/config.js';
import { ConfigError, describeError, StoreLockedError } from '../pipeline/errors.js';
import { PERIOD_RE } from '../pipeline/period.js';
import { auditEntry } from '../pipeline/audit.js';
import { sha256File } from '../pipeline/ingest/hash.js';
import { eraseFromOperatorFiles } from '../pipeline/operator-files.js';
import { keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import { runPipeline } from '../pipeline/run.js';
import { Store } from '../pipeline/store/duckdb.js';
import { LANGS, type Lang } from '../reports/i18n.js';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/write.js';
import { eraseInQueue, registerQueueCommands } from './commands/queue.js';
import { registerEval } from './commands/eval.js';
import { eraseWorkObjects, findErased, hasBatches } from '../jobs/erase.js';
import { objectStoreFor } from '../jobs/objects.js';
import { applyRetention } from '../jobs/retention.js';
import { rotateKey } from '../jobs/rotate.js';
import { messages } from './messages.js';
import { processIo, safeIo, type Io } from './output.js';
import { createProgress } from './progress.js';
import { createSessionDeps } from './runtime.js';

export type { Io };

export async function main(argv: string[], terminal: Io = processIo): Promise<number> {
  // Every text printed, from here on, passes through one place that neutralises control characters.
  const io = safeIo(terminal);
  let exitCode = 0;
  const program = new Command('honne')
    .description('Anonymous, aggregate insight from external 1on1 career-counselling sessions')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const ctx: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  for (const register of COMMANDS) register(program, ctx);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(messages.usageError(err.message));
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(messages.configError(err.message));
      return 2;
    }
    if (err instanceof StoreLockedError) {
      io.err(messages.storeLocked(err.context.file ?? ''));
      return 1;
    }
    io.err(messages.failure(describeError(err)));
    return 1;
  }
}

/** What a command module receives: the I/O and a way to set the exit code. */
export interface CommandContext {
  io: Io;
  setExitCode: (code: number) => void;
}

export type RegisterCommands = (program: Command, ctx: CommandContext) => void;

/** The command modules: each adds its commands to the program. */
const COMMANDS: RegisterCommands[] = [registerCore, registerQueueCommands, registerEval];

export class UsageError extends Error {}

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--format: unknown format "${f}" (available: ${REPORT_FORMATS.join(', ')})`);
    }
  }
  if (formats.length === 0) throw new UsageError('--format: give at least one format');
  return formats as ReportFormat[];
}

/** Reads the validated configuration once for a command; warns about the demo key. */
export function config(io: Io, demo = false): Config {
  const c = loadConfig(io.env, { demo });
  if (c.demoKey) io.err(messages.demoKey);
  return c;
}

function registerCore(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  program
    .command('run')
    .description('run the whole pipeline in one process (no Redis): store and reports')
    .requiredOption('--companies <file>', 'companies (.csv or .jsonl)')
    .requiredOption('--manifest <file>', 'session manifest (.jsonl or .csv)')
    .option('--out <dir>', 'output folder for reports, rejects and failures', 'out')
    .addOption(new Option('--lang <lang>', 'report language').choices(LANGS).default('ja'))
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, 'csv,pdf')
    .option('--reprocess', 'analyse again even sessions already in the store unchanged')
    .option('--demo', 'allow the marked development pseudonym key (for npm run demo)')
    .action(async (o: { companies: string; manifest: string; out: string; lang: Lang; format: string; reprocess?: boolean; demo?: boolean }) => {
      const formats = parseFormats(o.format);
      const cfg = config(io, o.demo);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      try {
        const runId = randomUUID();
        // before anything is read: a run that fails still leaves its output folder to erasure
        await store.audit(auditEntry('run_started', { out: resolve(o.out) }, io.now(), runId));
        const summary = await runPipeline(
          { companiesFile: o.companies, manifestFile: o.manifest, outDir: resolve(o.out), lang: o.lang, formats, reprocess: o.reprocess ?? false },
          { config: cfg, store, session: await createSessionDeps(cfg), runId, now: io.now, progress: createProgress() },
        );
        const inputs = { companies: await sha256File(o.companies), manifest: await sha256File(o.manifest) };
        await store.audit(
          auditEntry('run', {
            inputs, out: resolve(o.out), processed: summary.processed, skipped: summary.skipped, erased: summary.erased,
            failed: summary.failed.length, rejects: summary.rejected, reports: summary.reports.length,
          }, io.now(), runId),
        );
        io.out(messages.runSummary(summary));
        if (summary.failed.length > 0 || summary.rejected > 0) ctx.setExitCode(1);
      } finally {
        store.close();
      }
    });

  program
    .command('report')
    .description("render one company's report for a period from the store")
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--period <YYYY-MM>', 'reporting month (Asia/Tokyo)')
    .addOption(new Option('--lang <lang>', 'report language').choices(LANGS).default('ja'))
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, 'csv,pdf')
    .option('--out <dir>', 'output folder', 'out')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: { company: string; period: string; lang: Lang; format: string; out: string; demo?: boolean }) => {
      if (!PERIOD_RE.test(o.period)) throw new UsageError(`--period must be YYYY-MM, got "${o.period}"`);
      const formats = parseFormats(o.format);
      const cfg = config(io, o.demo);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      try {
        const known = await store.query('SELECT 1 FROM companies WHERE company_id = $id', { id: o.company });
        if (known.length === 0) throw new UsageError(`--company: unknown company "${o.company}" (not in the store)`);
        const written = await writeReports(
          store,
          { period: o.period, companyIds: [o.company], lang: o.lang, formats, outDir: resolve(o.out) },
          { k: cfg.k, benchmarkMinCompanies: cfg.benchmarkMinCompanies, now: io.now },
        );
        io.out(messages.reports(written));
      } finally {
        store.close();
      }
    });

  program
    .command('erase')
    .description('remove every row derived from one employee (and keep them out of later runs)')
    .requiredOption('--employee <id>', "the client company's employee id")
    .option('--company <id>', 'the company (default: every company in the store)')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: { employee: string; company?: string; demo?: boolean }) => {
      const cfg = config(io, o.demo);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      let closed = false;
      try {
        const companies = o.company
          ? [o.company]
          : (await store.query<{ company_id: string }>('SELECT company_id FROM companies')).map((r) => r.company_id);
        const pids = new Set(companies.map((c) => pseudonymise(cfg.pseudonymKey, c, o.employee)));
        const who = { employeeId: o.employee, companyIds: new Set(companies), pids };
        // The queue first: its failure records are found through the batches' session records,
        // which the object-store erasure below removes; so a Redis that cannot be reached stops
        // the erasure before anything is gone (run it again once Redis is back). Any batch in the
        // object store sends it to Redis: a batch's rejected rows there keep the raw id.
        const found = findErased(cfg.objectStoreDir, pids);
        const queue = found.byBatch.size > 0 || hasBatches(cfg.objectStoreDir) ? await eraseInQueue(io, found.byBatch, who) : { failures: 0, rejects: 0, outDirs: [] };
        let sessions = 0;
        for (const pid of pids) sessions += (await store.eraseEmployee(pid, io.now())).length;
        const queued = eraseWorkObjects(found);
        // the operator files of every run this store knows (failed ones too) and of every batch
        // (rejected rows keep the raw id)
        const operatorRows = await eraseFromOperatorFiles([...(await store.runOutputDirs()), ...queue.outDirs], who);
        await store.audit(auditEntry('erase', { companies: companies.length, sessions, queued, queue_failures: queue.failures, queue_rejects: queue.rejects, operator_rows: operatorRows }, io.now()));
        store.close();
        closed = true;
        // deleted rows keep their bytes in the file's free blocks until it is rewritten
        await Store.rewrite(cfg.storePath);
        io.out(messages.erased(sessions, queued, queue.failures, queue.rejects, operatorRows));
        // a typo, another company or another key finds nothing: say so, and fail
        if (sessions + queued + queue.failures + queue.rejects + operatorRows === 0) {
          io.err(messages.eraseFoundNothing);
          ctx.setExitCode(1);
        }
      } finally {
        if (!closed) store.close();
      }
    });

  program
    .command('key')
    .description('the pseudonym key that binds the store')
    .command('rotate')
    .description('re-pseudonymise everything under a new key, in one transaction (the raw ids come from the manifests)')
    .requiredOption('--new-key-env <VAR>', 'the environment variable holding the new key (never the key itself on the command line)')
    .requiredOption('--manifest <file>', 'a manifest the data came from (repeat for several); every employee held must have a row', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (o: { newKeyEnv: string; manifest: string[] }) => {
      const cfg = config(io);
      const newKey = io.env[o.newKeyEnv];
      if (!newKey) throw new UsageError(`--new-key-env: ${o.newKeyEnv} is not set`);
      try {
        loadConfig({ ...io.env, HONNE_PSEUDONYM_KEY: newKey });
      } catch (err) {
        // the same rules as for HONNE_PSEUDONYM_KEY, named after the variable given
        if (err instanceof ConfigError) throw new ConfigError(err.message.replace('HONNE_PSEUDONYM_KEY', o.newKeyEnv), { variable: o.newKeyEnv });
        throw err;
      }
      if (newKey === cfg.pseudonymKey) throw new UsageError(`--new-key-env: ${o.newKeyEnv} holds the key in use (HONNE_PSEUDONYM_KEY)`);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      let result;
      try {
        result = await rotateKey({
          store, manifests: o.manifest.map((m) => resolve(m)), oldKey: cfg.pseudonymKey, newKey,
          objectStoreDir: cfg.objectStoreDir, inputRoot: cfg.inputRoot, now: io.now(),
        });
      } finally {
        store.close();
      }
      // the old pseudonyms keep their bytes in the file's free blocks until it is rewritten
      await Store.rewrite(cfg.storePath);
      io.out(messages.keyRotated(result.pseudonyms, result.sessions, result.objectFiles, o.newKeyEnv));
    });

  program
    .command('retention')
    .description('deletes what is past its lifetime (HONNE_RETENTION_*_DAYS)')
    .command('apply')
    .description('delete (erasure-grade) what is past its lifetime in the store, the object store and the operator files')
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .option('--json', 'the counts as one JSON object on stdout')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: { dryRun?: boolean; json?: boolean; demo?: boolean }) => {
      const cfg = config(io, o.demo);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      let result;
      try {
        result = await applyRetention({ store, objects: objectStoreFor(cfg), lifetimes: cfg.retention, now: io.now(), dryRun: o.dryRun ?? false });
      } finally {
        store.close();
      }
      // deleted rows keep their bytes in the file's free blocks until it is rewritten
      if (result.storeChanged) await Store.rewrite(cfg.storePath);
      io.out(o.json ? JSON.stringify(result) : messages.retention(result));
    });

  program
    .command('audit')
    .description('list what was run, reported, erased and bound to this store (never personal data)')
    .option('--json', 'one JSON array on stdout')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: { json?: boolean; demo?: boolean }) => {
      const cfg = config(io, o.demo);
      const store = await Store.open(cfg.storePath, keyBinding(cfg), { memoryMb: cfg.storeMemoryMb });
      try {
        const log = await store.auditLog();
        io.out(o.json ? JSON.stringify(log) : messages.audit(log));
      } finally {
        store.close();
      }
    });
}
