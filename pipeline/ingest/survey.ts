/** Engagement-survey scores a company gives us (`honne survey import`): one row per company,
 * period, dimension, segment and metric, with the segment's mean score and how many answered.
 * Read from CSV or JSONL like the manifest: every bad row becomes a reject naming file, line,
 * field and reason, and the good rows go on. The scores are the company's own aggregates (no
 * employee is in them); a segment answered by fewer than k people is stored but never shown
 * (pipeline/aggregate/behind.ts). */
import { z } from 'zod';
import { writeJsonl } from '../operator-files.js';
import { PERIOD_RE, QUARTER_RE } from '../period.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import { streamRecords, type Reject, type StreamOptions } from './records.js';
import { validateRecord } from './validate.js';

/** The dimensions a survey may break its scores down by: the report's three and the whole company. */
export const SURVEY_DIMENSIONS = ['department', 'age_band', 'gender', 'all'] as const;
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number];

/** The segment of a dimension `all` row (the whole company). */
export const ALL_SEGMENT = 'all';

const CONTROL = /[\p{Cc}\p{Cf}]/u;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

/** A number as JSON gives it or as CSV text; an empty cell is missing, not zero. */
const numberOf = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? Number(v.trim()) : v);

export const SurveyRowSchema = z
  .object({
    company_id: text(200),
    period: z.string().trim().refine((p) => PERIOD_RE.test(p) || QUARTER_RE.test(p), 'must be YYYY-MM or YYYY-Qn (e.g. 2026-10 or 2026-Q4)'),
    dimension: z.enum(SURVEY_DIMENSIONS, { message: `must be one of ${SURVEY_DIMENSIONS.join(', ')}` }),
    segment: z.preprocess((v) => (v === null ? undefined : v), z.string().trim().max(200, 'must be at most 200 characters').optional()),
    metric: text(100),
    score: z.preprocess(numberOf, z.number({ message: 'must be a number' }).finite('must be a finite number')),
    respondents: z.preprocess(numberOf, z.number({ message: 'must be a whole number' }).int('must be a whole number').nonnegative('must not be negative')),
  })
  .superRefine((r, ctx) => {
    const seg = r.segment ?? '';
    if (r.dimension === 'all' && seg !== '' && seg !== ALL_SEGMENT) {
      ctx.addIssue({ code: 'custom', path: ['segment'], message: `must be empty or "${ALL_SEGMENT}" when dimension is all` });
    }
    if (r.dimension !== 'all' && seg === '') ctx.addIssue({ code: 'custom', path: ['segment'], message: `is required when dimension is ${r.dimension}` });
    if (CONTROL.test(seg)) ctx.addIssue({ code: 'custom', path: ['segment'], message: 'must not contain control characters' });
  })
  .transform((r) => ({ ...r, segment: r.dimension === 'all' ? ALL_SEGMENT : (r.segment ?? '') }));

export type SurveyScore = z.infer<typeof SurveyRowSchema>;

/** The identity of a score: importing a row with the same key replaces the stored one. */
export const surveyKey = (s: Pick<SurveyScore, 'company_id' | 'period' | 'dimension' | 'segment' | 'metric'>) =>
  JSON.stringify([s.company_id, s.period, s.dimension, s.segment, s.metric]);

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
