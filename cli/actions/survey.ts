/** `honne survey import` (cli/commands/survey.ts declares its options). */
import { join, resolve } from 'node:path';
import { auditEntry } from '../../pipeline/audit.js';
import { sha256File } from '../../pipeline/ingest/hash.js';
import { readCompanies } from '../../pipeline/ingest/companies.js';
import { importSurvey, type SurveyImportResult } from '../../pipeline/ingest/survey.js';
import type { AnalyticsStore } from '../../pipeline/ports/analytics-store.js';
import { analyticsStore } from '../../app/compose.js';
import { requireFile, type CommandContext } from '../command.js';
import { messages } from '../messages.js';
import { config } from './config.js';

export interface SurveyImportOptions {
  file: string;
  companies?: string;
  out: string;
  json?: boolean;
  demo?: boolean;
}

/** Where an import keeps its rejected rows. */
export const SURVEY_REJECTS = 'survey_rejects.jsonl';

export async function surveyImport(o: SurveyImportOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  requireFile('--file', o.file);
  if (o.companies) requireFile('--companies', o.companies);
  const cfg = config(io, o.demo);
  const companyIds = o.companies ? (await readCompanies(o.companies)).companies.map((c) => c.company_id) : [];
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
