/** Engagement-survey scores a company gives us (`honne survey import`): one row per company,
 * period, dimension, segment and metric, with the segment's mean score and how many answered.
 * Read from CSV or JSONL like the manifest: every bad row becomes a reject naming file, line,
 * field and reason, and the good rows go on. The scores are the company's own aggregates (no
 * employee is in them; pipeline/survey.ts). */
import { writeJsonl } from '../operator-files.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import { SurveyRowSchema, surveyKey, type SurveyScore } from '../survey.js';
import { streamRecords, type Reject, type StreamOptions } from './records.js';
import { validateRecord } from './validate.js';

export interface SurveyReadResult {
  scores: SurveyScore[];
  rejects: Reject[];
}

/** Reads a survey file (CSV with a header row, or JSONL), streamed: bad rows, duplicate keys
 * and unknown companies become rejects, in line order. */
export async function readSurvey(file: string, companyIds: ReadonlySet<string>, opts: StreamOptions = {}): Promise<SurveyReadResult> {
  const out: SurveyReadResult = { scores: [], rejects: [] };
  const seen = new Map<string, number>();
  for await (const item of streamRecords(file, opts)) {
    if (!item.record) {
      out.rejects.push(item.reject);
      continue;
    }
    const rec = item.record;
    const v = validateRecord(SurveyRowSchema, rec, file);
    if (!v.ok) {
      out.rejects.push(v.reject);
      continue;
    }
    const reject = (field: string, reason: string) => out.rejects.push({ file, line: rec.line, field, reason, raw: rec.raw });
    const key = surveyKey(v.value);
    const first = seen.get(key);
    if (first !== undefined) {
      reject('segment', `duplicate row for company, period, dimension, segment and metric (first seen on line ${first})`);
      continue;
    }
    seen.set(key, rec.line);
    if (!companyIds.has(v.value.company_id)) {
      reject('company_id', `unknown company_id "${v.value.company_id}" (not in the store: load its sessions with honne run first)`);
      continue;
    }
    out.scores.push(v.value);
  }
  out.rejects.sort((a, b) => a.line - b.line);
  return out;
}

export interface SurveyImportResult {
  file: string;
  /** Nothing was written (`--dry-run`): the counts say what an import would do. */
  dryRun?: true;
  /** Valid rows read. */
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
  /** The first rejects (all of them are in `rejectsFile`). */
  rejects: Reject[];
  rejectsFile: string | null;
}

export interface SurveyImportDeps {
  store: Pick<AnalyticsStore, 'upsertSurveyScores' | 'companyIds'>;
  /** Companies known besides the store's (a run's companies file, before its load). */
  companyIds?: Iterable<string>;
  now: () => Date;
}

/** How many rejects a summary lists (the file keeps every one). */
export const SURVEY_REJECTS_LISTED = 20;

/** Reads, validates and stores a survey file; its rejects go to `rejectsFile` (removed when there
 * are none, so what is there belongs to the latest import). */
export async function importSurvey(file: string, rejectsFile: string, deps: SurveyImportDeps): Promise<SurveyImportResult> {
  const known = new Set([...(await deps.store.companyIds()), ...(deps.companyIds ?? [])]);
  const { scores, rejects } = await readSurvey(file, known);
  const upsert = await deps.store.upsertSurveyScores(scores, deps.now().toISOString());
  const written = await writeJsonl(rejectsFile, rejects);
  return { file, rows: scores.length, ...upsert, rejected: rejects.length, rejects: rejects.slice(0, SURVEY_REJECTS_LISTED), rejectsFile: written };
}

export interface SurveyCheckDeps {
  /** The store to compare with, when there is one (a dry run never creates it). */
  store: Pick<AnalyticsStore, 'compareSurveyScores' | 'companyIds'> | null;
  companyIds?: Iterable<string>;
}

/** `--dry-run`: reads and validates a survey file as an import does (the same rejects, the same
 * counts against the store when there is one), writing nothing: no row, no rejects file. */
export async function checkSurvey(file: string, deps: SurveyCheckDeps): Promise<SurveyImportResult> {
  const known = new Set([...(deps.store ? await deps.store.companyIds() : []), ...(deps.companyIds ?? [])]);
  const { scores, rejects } = await readSurvey(file, known);
  const compared = deps.store ? await deps.store.compareSurveyScores(scores) : { added: scores.length, changed: 0, unchanged: 0 };
  return { file, dryRun: true, rows: scores.length, ...compared, rejected: rejects.length, rejects: rejects.slice(0, SURVEY_REJECTS_LISTED), rejectsFile: null };
}
