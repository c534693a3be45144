/** Job data, job results and the batch records kept in Redis: parsed with zod at every
 * boundary (a job's data comes from Redis, written by another process or version). Job data
 * holds ids and object keys only — never transcript text or personal data. */
import { z } from 'zod';
import { REPORT_FORMATS } from '../reports/write.js';
import { LANGS } from '../reports/i18n.js';
import { SESSION_STAGES } from './ids.js';

export const SessionJobDataSchema = z.object({
  batchId: z.string(),
  sessionId: z.string(),
  companyId: z.string(),
  /** The object-store folder of this session's work. */
  key: z.string(),
});
export type SessionJobData = z.infer<typeof SessionJobDataSchema>;

export const AnalyzeReturnSchema = z.object({ sessionId: z.string(), companyId: z.string(), key: z.string() });
export type AnalyzeReturn = z.infer<typeof AnalyzeReturnSchema>;

export const LoadJobDataSchema = z.object({ batchId: z.string(), companyId: z.string(), round: z.number().int().min(0) });
export type LoadJobData = z.infer<typeof LoadJobDataSchema>;

export const LoadReturnSchema = z.object({ companyId: z.string(), loaded: z.number().int(), failed: z.number().int(), erased: z.number().int() });
export type LoadReturn = z.infer<typeof LoadReturnSchema>;

export const ReportJobDataSchema = z.object({ batchId: z.string(), round: z.number().int().min(0) });
export type ReportJobData = z.infer<typeof ReportJobDataSchema>;

export const STAGES = [...SESSION_STAGES, 'load', 'report'] as const;
export type Stage = (typeof STAGES)[number];

/** Why a session (or a company's load) failed: what `batch status` lists until retried or dismissed. */
export const FailureSchema = z.object({
  /** A session id, or `load:<company_id>` for a failed load. */
  id: z.string(),
  stage: z.enum(STAGES),
  companyId: z.string(),
  code: z.string(),
  retryable: z.boolean(),
  reason: z.string(),
  attempts: z.number().int(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  jobId: z.string(),
  at: z.string(),
});
export type Failure = z.infer<typeof FailureSchema>;

/** A batch as submitted. */
export const BatchMetaSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  companiesFile: z.string(),
  manifestFile: z.string(),
  outDir: z.string(),
  lang: z.enum(LANGS),
  formats: z.array(z.enum(REPORT_FORMATS)),
  periods: z.array(z.string()),
  companyIds: z.array(z.string()),
  /** Companies that have sessions queued in this batch (one load job each). */
  loadCompanyIds: z.array(z.string()),
  manifestRows: z.number().int(),
  /** Sessions this batch queued work for. */
  sessions: z.number().int(),
  /** Sessions whose work was already queued or done by another batch (not redone). */
  unchanged: z.number().int(),
  rejects: z.number().int(),
  rejectsFile: z.string().nullable(),
  /** Retry rounds so far (each adds loads and a report). */
  rounds: z.number().int(),
  /** Load jobs added by retry rounds. */
  retryLoads: z.number().int().default(0),
  lineage: z.object({ provider: z.string(), model: z.string(), version: z.string() }),
});
export type BatchMeta = z.infer<typeof BatchMetaSchema>;

/** One session of a batch's plan (kept in the object store beside the batch). */
export const PlanEntrySchema = z.object({
  sessionId: z.string(),
  companyId: z.string(),
  key: z.string(),
  fingerprint: z.string(),
  line: z.number().int(),
  file: z.string(),
});
export const PlanSchema = z.object({ sessions: z.array(PlanEntrySchema) });
export type PlanEntry = z.infer<typeof PlanEntrySchema>;
