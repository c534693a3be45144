/** `honne survey import`: a company's engagement-survey scores into the store, for the
 * report's behind-the-scores section. Its code loads when it runs (cli/actions/survey.ts). */
import type { Command } from 'commander';
import type { SurveyImportOptions } from '../actions/survey.js';
import type { RegisterCommands } from '../command.js';

const survey = () => import('../actions/survey.js');

export const registerSurvey: RegisterCommands = (program: Command, ctx) => {
  program
    .command('survey')
    .description('engagement-survey scores (the behind-the-scores section of the reports)')
    .command('import')
    .description('store survey scores (CSV or JSONL: company_id, period, dimension, segment, metric, score, respondents); a row replaces the stored one with its key')
    .requiredOption('--file <file>', 'survey scores (.csv with a header row, or .jsonl)')
    .option('--companies <file>', 'companies file whose ids count as known besides the store\'s (before their first run)')
    .option('--out <dir>', 'folder for survey_rejects.jsonl', 'out')
    .option('--dry-run', 'validate and count (new, changed, unchanged, rejected) without writing the store or the rejects file')
    .option('--json', 'the counts as one JSON object on stdout')
    .option('--demo', 'the store was built by npm run demo (the public development key)')
    .action(async (o: SurveyImportOptions) => (await survey()).surveyImport(o, ctx));
};
