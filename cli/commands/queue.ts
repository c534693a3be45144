/** Queue mode's options and help: `honne batch submit|status|retry|dismiss|list`, `honne
 * worker` and `honne dashboard`. Their code (BullMQ, ioredis) loads when one runs
 * (cli/actions/queue.ts). */
import { Option, type Command } from 'commander';
import type { BatchStatusOptions, DashboardOptions, SubmitOptions, WorkerOptions } from '../actions/queue.js';
import { LANGS, QUEUE_NAMES, REPORT_FORMATS } from '../choices.js';
import type { CommandContext, RegisterCommands } from '../command.js';

const queue = () => import('../actions/queue.js');

export const registerQueueCommands: RegisterCommands = (program: Command, cmd: CommandContext) => {
  const batch = program.command('batch').description('queue mode: batches of sessions on Redis (BullMQ)');

  batch
    .command('submit')
    .description('validate the inputs and enqueue the batch; prints its id (exit 0 once queued, rejected rows listed)')
    .requiredOption('--companies <file>', 'companies (.csv or .jsonl)')
    .requiredOption('--manifest <file>', 'session manifest (.jsonl or .csv)')
    .option('--out <dir>', 'folder (on the machine that runs the store queue) for reports, rejects and failures', 'out')
    .addOption(new Option('--lang <lang>', 'report language').choices(LANGS).default('ja'))
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, REPORT_FORMATS.join(','))
    .option('--survey <file>', 'engagement-survey scores imported with the batch (as honne run --survey): validated now, rejects kept with the manifest\'s; the batch\'s reports show behind the scores')
    .option('--json', 'the batch (id, counts, rejected rows) as one JSON object on stdout')
    .option('--openai-batch', 'analyse through the OpenAI Batch API (half price, answers within 24 h; needs HONNE_PROVIDER=openai; default HONNE_OPENAI_BATCH)')
    .option('--no-openai-batch', 'analyse with one synchronous call per session, whatever HONNE_OPENAI_BATCH says')
    .action(async (o: SubmitOptions) => (await queue()).submit(o, cmd));

  batch
    .command('status')
    .description('per-stage counts, failed sessions with reasons, rejected rows')
    .argument('<id>', 'batch id')
    .option('--watch', 'follow the batch with a progress bar until it is done')
    .option('--interval <ms>', 'refresh interval while watching', '1000')
    .option('--json', 'the status as one JSON object on stdout (with --watch: once the batch is done)')
    .action(async (id: string, o: BatchStatusOptions) => (await queue()).status(id, o, cmd));

  batch
    .command('retry')
    .description('re-enqueue the failed sessions (and failed loads) of a batch')
    .argument('<id>', 'batch id')
    .option('--json', 'what was re-enqueued as one JSON object on stdout')
    .action(async (id: string, o: { json?: boolean }) => (await queue()).retry(id, o, cmd));

  batch
    .command('dismiss')
    .description('drop failed sessions from the list (all, or the ones named), with their work files')
    .argument('<id>', 'batch id')
    .argument('[session...]', 'session ids (default: every failure)')
    .option('--json', 'the number dismissed as one JSON object on stdout')
    .action(async (id: string, sessions: string[], o: { json?: boolean }) => (await queue()).dismiss(id, sessions, o, cmd));

  batch
    .command('list')
    .description('the batches on this queue, newest first')
    .option('--json', 'one JSON array on stdout')
    .action(async (o: { json?: boolean }) => (await queue()).list(o, cmd));

  program
    .command('worker')
    .description('run queue workers until SIGTERM/SIGINT, then finish the jobs in hand (at most HONNE_STOP_TIMEOUT_MS) and exit')
    .option('--concurrency <n>', 'jobs in hand per session queue (default: 4; the store queue always runs one)')
    .option('--transcribe-concurrency <n>', 'jobs in hand on the transcribe queue (default: HONNE_TRANSCRIBE_CONCURRENCY, else --concurrency); its rate limit is HONNE_RATE_LIMITS\'s')
    .option('--queues <list>', `queues to serve (${QUEUE_NAMES.join(',')})`, QUEUE_NAMES.join(','))
    .option('--threads <n>', 'deprecated: only 0 is accepted (the session stages run on the worker\'s own thread); run one worker process per core')
    .action(async (o: WorkerOptions) => (await queue()).worker(o, cmd));

  program
    .command('dashboard')
    .description('serve the queue dashboard (bull-board) on 127.0.0.1, read-only; counts as `batch status` does')
    .option('--port <port>', 'port', '3000')
    .option('--allow-actions', 'let the page retry, remove, clean and pause jobs (they bypass honne\'s failure records: prefer `batch retry|dismiss`)')
    .action(async (o: DashboardOptions) => (await queue()).dashboard(o, cmd));
};
