/** `honne themes emerging`: keyword clusters no theme covers, for operators and data
 * scientists. Its code loads when it runs (cli/actions/themes.ts). */
import type { Command } from 'commander';
import type { EmergingOptions } from '../actions/themes.js';
import type { RegisterCommands } from '../command.js';

const themes = () => import('../actions/themes.js');

export const registerThemes: RegisterCommands = (program: Command, ctx) => {
  program
    .command('themes')
    .description('the taxonomy of worry themes')
    .command('emerging')
    .description('clusters of keywords that co-occur across employees and that no theme covers (rising or in two months or more)')
    .option('--company <id>', "one company's clusters (k employees or more of it); default: the platform-wide list (k employees in each of 3 companies or more)")
    .option('--period <YYYY-MM|YYYY-Qn>', 'the window (default: the latest month with sessions)')
    .option('--json', 'the clusters as one JSON array on stdout')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: EmergingOptions) => (await themes()).emerging(o, ctx));
};
