/** `honne eval`'s options and help; its code loads when it runs (cli/actions/eval.ts). */
import { Option, type Command } from 'commander';
import type { EvalOptions } from '../actions/eval.js';
import { GOLD_SPLITS } from '../choices.js';
import type { RegisterCommands } from '../command.js';

export const registerEval: RegisterCommands = (program: Command, ctx) => {
  program
    .command('eval')
    .description('score redaction, themes and signals on a labelled gold set')
    .option('--gold <dir>', 'gold set folder (cases.jsonl and transcripts)', 'fixtures/gold')
    .addOption(new Option('--provider <name>', 'analysis provider (default: HONNE_PROVIDER, else local)').choices(['local', 'openai']))
    .option('--prompt <NAME@VERSION>', 'prompt or lexicon version to run: lexicon@VERSION (local rules), analysis@VERSION (OpenAI), NAME@working (the draft in HONNE_PROMPTS_DIR); default: the current one')
    .option('--compare <NAME@VERSION>', 'run a second version and show both side by side with the per-case differences')
    .addOption(new Option('--split <split>', 'only the cases of one split').choices(GOLD_SPLITS))
    .option('--no-cache', 'neither answer model calls from the model cache nor store them in it')
    .option('--repeat <N>', 'run each version N times (the model is asked again each time) and show how the metrics and cases moved')
    .option('--max-cost <USD>', 'stop before the estimated cost of the runs would pass this amount (exit 1)')
    .option('--export <file>', 'write one row per case and version to a .csv or .json file (tokens, cost, evidence)')
    .option('--fail-under <metric=value>', 'exit 1 when a metric of the first version is below the value, e.g. themes.micro.f1=0.8 (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--why', 'print per case the evidence: the quotes the model gave, or the rules that fired')
    .option('--no-history', 'do not save this run in the eval history ($HONNE_DATA_DIR/eval/)')
    .option('--list', 'list the saved runs (the eval history) instead of running')
    .option('--json', 'print one JSON object instead of tables')
    .action(async (o: EvalOptions) => (await import('../actions/eval.js')).evalCommand(o, ctx));
};
