/** Engagement-survey scores as the store keeps them: one row per company, period, dimension,
 * segment and metric, with the segment's mean score and how many answered (the company's own
 * aggregates: no employee is in them). The schema every import parses through
 * (pipeline/ingest/survey.ts); a segment answered by fewer than k people is stored but never
 * shown (pipeline/aggregate/behind.ts). */
import { z } from 'zod';
import { PERIOD_RE, QUARTER_RE } from './period.js';

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
