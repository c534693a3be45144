/** The `honne` command line: every command's options and help, and the exit codes. Parsing
 * loads only commander: each command's code (and with it DuckDB, kuromoji, pdfkit, BullMQ, the
 * dictionaries) is imported when that command runs, so `honne --help` starts fast. Commands
 * call functions that tests call directly; messages live in messages.ts. Exit codes: 0
 * success, 1 failure, 2 usage or configuration error. */
import { Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { ConfigError, describeError, StoreLockedError } from '../pipeline/errors.js';
import { LANGS, REPORT_FORMATS } from './choices.js';
import { checkEnvFile } from './env-file.js';
import { UsageError, type CommandContext, type CommandHooks, type RegisterCommands } from './command.js';
import type { AuditOptions, CacheClearOptions, EraseOptions, KeyRotateOptions, ReportOptions, RetentionOptions, RunOptions, UsageOptions } from './actions/core.js';
import { registerEval } from './commands/eval.js';
import { registerOps } from './commands/ops.js';
import { registerQueueCommands } from './commands/queue.js';
import { registerSurvey } from './commands/survey.js';
import { registerThemes } from './commands/themes.js';
import { messages } from './messages.js';
import { processIo, safeIo, type Io } from './output.js';

export type { Io };

export const VERSION: string = pkg.version;

/** `hooks`: what a test entry puts into the commands (cli/testing/honne-with-faults.ts); `honne` passes none. */
export async function main(argv: string[], terminal: Io = processIo, hooks: CommandHooks = {}): Promise<number> {
  // Every file and folder honne creates is its own user's only: the store and its WAL, the folder
  // object store (raw transcriptions), the model cache, rejects.jsonl (raw ids), reports. Under
  // the usual umask 022 another account of a shared worker host could read them all.
  process.umask(0o077);
  // Every text printed, from here on, passes through one place that neutralises control characters.
  const io = safeIo(terminal);
  let exitCode = 0;
  const program = new Command('honne')
    .description('Anonymous, aggregate insight from external 1on1 career-counselling sessions')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const ctx: CommandContext = { io, setExitCode: (code) => (exitCode = code), ...hooks };
  for (const register of COMMANDS) register(program, ctx);
  // The .env that bin/honne.mjs read: refused when other accounts can read a secret in it or change it.
  program.hook('preAction', () => checkEnvFile());

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

/** The command modules: each adds its commands to the program. */
const COMMANDS: RegisterCommands[] = [registerCore, registerQueueCommands, registerEval, registerOps, registerSurvey, registerThemes];

const demoOption = () => new Option('--demo', 'the store was built by npm run demo (the public development key)');
const jsonOption = (what = 'the result as one JSON object on stdout') => new Option('--json', what);
const langOption = () => new Option('--lang <lang>', 'report language').choices(LANGS).default('ja');
const core = () => import('./actions/core.js');

function registerCore(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('run the whole pipeline in one process (no Redis): store and reports')
    .requiredOption('--companies <file>', 'companies (.csv or .jsonl)')
    .requiredOption('--manifest <file>', 'session manifest (.jsonl or .csv)')
    .option('--out <dir>', 'output folder for reports, rejects and failures', 'out')
    .addOption(langOption())
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, 'csv,pdf')
    .option('--reprocess', 'analyse again even sessions already in the store unchanged')
    .option('--no-cache', 'neither answer model calls from the model cache nor store them in it (HONNE_CACHE=off)')
    .option('--dry-run', 'read and validate the inputs, say what would run; write nothing')
    .option('--survey <file>', 'engagement-survey scores to import first (as honne survey import), for the behind-the-scores section; with --dry-run validated and counted, nothing written')
    .addOption(jsonOption('the summary as one JSON object on stdout'))
    .option('--demo', 'allow the marked development pseudonym key (for npm run demo)')
    .action(async (o: RunOptions) => (await core()).run(o, ctx));

  program
    .command('report')
    .description("render one company's report for a period from the store")
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--period <YYYY-MM|YYYY-Qn>', 'reporting month or quarter (Asia/Tokyo calendar months)')
    .option('--window <months>', 'with a month: the N months (1-12) ending at it, e.g. --period 2026-09 --window 3')
    .addOption(langOption())
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, 'csv,pdf')
    .option('--out <dir>', 'output folder', 'out')
    .option('--metric <name>', 'the survey metric behind-the-scores ranks groups by (honne survey import)', 'engagement')
    .addOption(jsonOption('the reports written as one JSON object on stdout'))
    .addOption(demoOption())
    .action(async (o: ReportOptions) => (await core()).report(o, ctx));

  program
    .command('erase')
    .description('remove every row derived from one employee (and keep them out of later runs)')
    .requiredOption('--employee <id>', "the client company's employee id")
    .option('--company <id>', 'the company (default: every company in the store)')
    .addOption(jsonOption('the counts as one JSON object on stdout'))
    .addOption(demoOption())
    .action(async (o: EraseOptions) => (await core()).erase(o, ctx));

  program
    .command('key')
    .description('the pseudonym key that binds the store')
    .command('rotate')
    .description('re-pseudonymise everything under a new key, in one transaction (the raw ids come from the manifests)')
    .requiredOption('--new-key-env <VAR>', 'the environment variable holding the new key (never the key itself on the command line)')
    .requiredOption('--manifest <file>', 'a manifest the data came from (repeat for several); every employee held must have a row', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(jsonOption('the counts as one JSON object on stdout'))
    .action(async (o: KeyRotateOptions) => (await core()).keyRotate(o, ctx));

  program
    .command('retention')
    .description('deletes what is past its lifetime (HONNE_RETENTION_*_DAYS)')
    .command('apply')
    .description('delete (erasure-grade) what is past its lifetime in the store, the object store and the operator files')
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .addOption(jsonOption('the counts as one JSON object on stdout'))
    .addOption(demoOption())
    .action(async (o: RetentionOptions) => (await core()).retention(o, ctx));

  program
    .command('cache')
    .description('the model-call cache (HONNE_CACHE_DIR)')
    .command('clear')
    .description('remove every cached model answer')
    .addOption(jsonOption('the count as one JSON object on stdout'))
    .action(async (o: CacheClearOptions) => (await core()).cacheClear(o, ctx));

  program
    .command('audit')
    .description('list what was run, reported, erased and bound to this store (never personal data)')
    .addOption(jsonOption('one JSON array on stdout'))
    .addOption(demoOption())
    .action(async (o: AuditOptions) => (await core()).audit(o, ctx));

  program
    .command('usage')
    .description('what transcription and analysis cost per company and month, from the store (counts and sums, for the operator)')
    .option('--company <id>', 'one company (default: every company)')
    .option('--period <period>', 'a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY): one row per company over it')
    .addOption(jsonOption('{ rows, total } as one JSON object on stdout'))
    .addOption(demoOption())
    .action(async (o: UsageOptions) => (await core()).usage(o, ctx));
}
