/** `honne survey import` (cli/commands/survey.ts declares its options). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { auditEntry } from '../../pipeline/audit.js';
import { sha256File } from '../../pipeline/ingest/hash.js';
import { readCompanies } from '../../pipeline/ingest/companies.js';
import { checkSurvey, importSurvey, type SurveyImportResult } from '../../pipeline/ingest/survey.js';
import type { AnalyticsStore } from '../../pipeline/ports/analytics-store.js';
import { analyticsStore } from '../../app/compose.js';
import { requireFile, type CommandContext } from '../command.js';
import { messages } from '../messages.js';
import { config } from './config.js';
import type { Config } from '../../pipeline/config.js';

export interface SurveyImportOptions {
  file: string;
  companies?: string;
  out: string;
  json?: boolean;
  demo?: boolean;
  dryRun?: boolean;
}

/** Where an import keeps its rejected rows. */
export const SURVEY_REJECTS = 'survey_rejects.jsonl';

export async function surveyImport(o: SurveyImportOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  requireFile('--file', o.file);
  if (o.companies) requireFile('--companies', o.companies);
  const cfg = config(io, o.demo);
  const companyIds = o.companies ? (await readCompanies(o.companies)).companies.map((c) => c.company_id) : [];
  if (o.dryRun) {
    const result = await surveyDryRun(cfg, o.file, companyIds);
    io.out(o.json ? JSON.stringify(result) : messages.surveyImported(result));
    if (result.rejected > 0) ctx.setExitCode(1);
    return;
  }
  const store = await analyticsStore(cfg).open();
  try {
    const result = await importSurveyAudited(store, o.file, resolve(o.out), companyIds, io.now);
    io.out(o.json ? JSON.stringify(result) : messages.surveyImported(result));
    if (result.rejected > 0) ctx.setExitCode(1);
  } finally {
    store.close();
  }
}

/** An import, recorded in the audit trail (also `honne run --survey`). */
export async function importSurveyAudited(
  store: AnalyticsStore, file: string, outDir: string, companyIds: Iterable<string>, now: () => Date,
): Promise<SurveyImportResult> {
  const result = await importSurvey(file, join(outDir, SURVEY_REJECTS), { store, companyIds, now });
  await store.audit(
    auditEntry('survey_import', { file: await sha256File(file), added: result.added, changed: result.changed, unchanged: result.unchanged, rejects: result.rejected }, now()),
  );
  return result;
}

/** `--dry-run` (also `honne run --dry-run --survey F`): the import's rejects and counts, writing
 * nothing. An existing store is read for its companies and stored rows; none is created. */
export async function surveyDryRun(cfg: Config, file: string, companyIds: Iterable<string>): Promise<SurveyImportResult> {
  if (!existsSync(cfg.storePath)) return checkSurvey(file, { store: null, companyIds });
  const store = await analyticsStore(cfg).open();
  try {
    return await checkSurvey(file, { store, companyIds });
  } finally {
    store.close();
  }
}
