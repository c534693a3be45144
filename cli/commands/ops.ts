/** `honne doctor` and `honne config`: what an operator checks before running anything. Their
 * code loads when one runs (cli/actions/ops.ts). */
import type { Command } from 'commander';
import type { OpsOptions } from '../actions/ops.js';
import type { RegisterCommands } from '../command.js';

const ops = () => import('../actions/ops.js');

export const registerOps: RegisterCommands = (program: Command, ctx) => {
  program
    .command('doctor')
    .description('check what honne needs (config, store, object store, Redis, provider, ffmpeg, fonts): each line OK or the fix; exit 1 when something required is missing')
    .option('--json', 'the checks as one JSON array on stdout')
    .option('--demo', 'check with the public development key (the store of npm run demo)')
    .action(async (o: OpsOptions) => (await ops()).doctor(o, ctx));

  program
    .command('config')
    .description('print the effective configuration (environment, .env and defaults), secrets masked')
    .option('--json', 'one JSON object on stdout')
    .option('--demo', 'as npm run demo runs (the public development key)')
    .action(async (o: OpsOptions) => (await ops()).showConfig(o, ctx));
};
