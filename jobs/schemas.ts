/** Job data, job results and the batch records kept in Redis: parsed with zod at every
 * boundary (a job's data comes from Redis, written by another process or version). Job data
 * holds ids and object keys only — never transcript text or personal data. */
import { z } from 'zod';
import { UsageSchema } from '../pipeline/schemas.js';
import { SurveyRowSchema } from '../pipeline/survey.js';
import { REPORT_FORMATS } from '../reports/write.js';
import { LANGS } from '../reports/i18n.js';
import { SESSION_STAGES } from './ids.js';
import { SessionRecordSchema } from './record-seal.js';

export const SessionJobDataSchema = z.object({
  batchId: z.string(),
  sessionId: z.string(),
  companyId: z.string(),
  /** The object-store folder of this session's work. */
  key: z.string(),
  /** Analyze waits for the OpenAI Batch API's answers (`batch submit --openai-batch`, first round). */
  openaiBatch: z.boolean().optional(),
});
export type SessionJobData = z.infer<typeof SessionJobDataSchema>;

/** What a transcribe job returns: where the recording's transcript is kept (its key in the
 * transcript cache, pipeline/transcripts/cache.ts), which the redact job reads, and what the
 * transcription used (audio seconds sent, seconds trimmed, cost), which `runJob` records for
 * `batch status`. */
export const TranscribeReturnSchema = z.object({
  segments: z.number().int(),
  transcript: z.string().regex(/^sessions\/tx-[0-9a-f]{64}\.transcript\.json$/).optional(),
  usage: UsageSchema.optional(),
});
export type TranscribeReturn = z.infer<typeof TranscribeReturnSchema>;

/** What an analyze job returns to its load: the session's result's place, and what its analysis
 * used (absent when the result was there already). */
export const AnalyzeReturnSchema = z.object({ sessionId: z.string(), companyId: z.string(), key: z.string(), usage: UsageSchema.optional() });
export type AnalyzeReturn = z.infer<typeof AnalyzeReturnSchema>;

export const LoadJobDataSchema = z.object({
  batchId: z.string(),
  round: z.number().int().min(0),
  /** The load group's index in its round, and its companies (jobs/flow.ts). */
  group: z.number().int().min(0),
  companyIds: z.array(z.string()).min(1),
});
export type LoadJobData = z.infer<typeof LoadJobDataSchema>;

export const LoadReturnSchema = z.object({
  companyIds: z.array(z.string()),
  loaded: z.number().int(),
  failed: z.number().int(),
  erased: z.number().int(),
  /** Sessions refused: their employee id is stored in another letter case (jobs/stages.ts). */
  refused: z.number().int().optional(),
});
export type LoadReturn = z.infer<typeof LoadReturnSchema>;

export const ReportJobDataSchema = z.object({ batchId: z.string(), round: z.number().int().min(0) });
export type ReportJobData = z.infer<typeof ReportJobDataSchema>;

export const STAGES = [...SESSION_STAGES, 'load', 'report'] as const;
export type Stage = (typeof STAGES)[number];

/** Why a session (or a company's load) failed: what `batch status` lists until retried or dismissed. */
export const FailureSchema = z.object({
  /** A session id, `load:<group>` (`load:r<round>.<group>` after a retry) for a failed load, `report`. */
  id: z.string(),
  stage: z.enum(STAGES),
  /** The session's company; for a load, its companies comma-separated. */
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
  /** Companies that have sessions queued in this batch. */
  loadCompanyIds: z.array(z.string()),
  /** Load jobs of the first round (load groups of whole companies, jobs/flow.ts), and the
   * group size they were cut with (a resumed submit cuts the same groups). */
  loads: z.number().int().default(0),
  loadGroupSessions: z.number().int().min(1).default(500),
  /** False until every job of the first round is enqueued and its report's seal promoted. */
  enqueued: z.boolean().default(true),
  manifestRows: z.number().int(),
  /** Sessions this batch queued work for. */
  sessions: z.number().int(),
  /** Of them, sessions with only a recording: the ones with a transcribe job. */
  recordings: z.number().int().default(0),
  /** Sessions whose work was already queued or done by another batch (not redone). */
  unchanged: z.number().int(),
  rejects: z.number().int(),
  rejectsFile: z.string().nullable(),
  /** Retry rounds so far (each adds loads and a report). */
  rounds: z.number().int(),
  /** Load jobs added by retry rounds. */
  retryLoads: z.number().int().default(0),
  lineage: z.object({ provider: z.string(), model: z.string(), version: z.string() }),
  /** The transcriber's settings at submit (service, model, format, audio preparation). */
  transcriber: z.string().optional(),
  /** `--survey F`: its file and SHA-256 (what the audit trail records of it), valid rows and
   * rejected rows (counted in `rejects` too); the rows wait in the object store
   * (batchKeys(id).survey) for the report job to import. */
  survey: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int(), rejects: z.number().int() }).optional(),
  /** `--openai-batch`: the first round's analysis goes through the OpenAI Batch API. */
  openaiBatch: z.boolean().optional(),
  /** Sessions of employees erased before the submit, left out of the batch. */
  erasedEmployees: z.number().int().optional(),
  /** Sessions `honne erase` took out of the batch: set by `batch status` (never stored), which
   * then also leaves them out of `sessions` and `recordings`. */
  erased: z.number().int().optional(),
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
  /** The session has only a recording: its chain starts with a transcribe job (a session with
   * a transcript file starts at redact, which reads the file). */
  recording: z.boolean().optional(),
});
export const PlanSchema = z.object({ sessions: z.array(PlanEntrySchema) });

/** A batch's valid survey rows (`batchKeys(id).survey`). */
export const BatchSurveySchema = z.object({ scores: z.array(SurveyRowSchema) });

/** One company's session records of a batch (`batchKeys(id).sessions(companyId)`). */
export const SessionRecordsSchema = z.object({ sessions: z.array(SessionRecordSchema) });
export type PlanEntry = z.infer<typeof PlanEntrySchema>;
