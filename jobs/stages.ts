/** The job processors: thin. Each parses its job data, reads its input from the object store,
 * calls the same stage function `honne run` calls, writes its output and returns a small
 * typed result. Every stage is idempotent — a job run twice (a stalled job picked up again
 * after its worker died) finds its output already there and does nothing more. */
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { InputError } from '../pipeline/errors.js';
import { SegmentSchema, SessionResultSchema, SessionSchema, TranscriptFormatSchema, TranscriptSchema } from '../pipeline/schemas.js';
import type { Company, Session } from '../pipeline/schemas.js';
import { analyzeStage, redactStage, transcriptStage, type SessionDeps } from '../pipeline/session.js';
import type { Store } from '../pipeline/store/duckdb.js';
import { writePeriodReports } from '../reports/write.js';
import { writeJsonl } from '../pipeline/operator-files.js';
import { LANGUAGES } from '../pipeline/analyze/language.js';
import { requireMeta, type QueueContext } from './context.js';
import { batchKeys, objectKeys } from './ids.js';
import { getJson, putJson } from './objects.js';
import { batchRedisKeys } from './queues.js';
import { CompactTokensSchema, decodeTokens, encodeTokens } from './tokens.js';
import {
  AnalyzeReturnSchema,
  FailureSchema,
  LoadJobDataSchema,
  LoadReturnSchema,
  ReportJobDataSchema,
  SessionJobDataSchema,
  type AnalyzeReturn,
  type LoadReturn,
  type SessionJobData,
  type Stage,
} from './schemas.js';

export interface StageDeps {
  ctx: QueueContext;
  session: SessionDeps;
  /** Opens the DuckDB store (throws StoreLockedError, retryable, when another process has it). */
  openStore: () => Promise<Store>;
  /** Companies of a batch (cached per process). */
  companies: (batchId: string) => Promise<Company[]>;
}

/** The raw transcript as the transcribe job leaves it for the redact job, with the session
 * record (read once from the object store by transcribe, then carried along). */
export const TranscriptObjectSchema = z.object({ session: SessionSchema, transcript: TranscriptSchema });

/** The redacted transcript as the redact job leaves it for the analyze job. */
export const RedactedObjectSchema = z.object({
  session: SessionSchema,
  format: TranscriptFormatSchema,
  encoding: z.string(),
  segments: z.array(SegmentSchema),
  redactions: z.number().int(),
  /** Redaction's morphemes of the redacted segments (jobs/tokens.ts), so analysis does not
   * tokenize again. Optional: an object written without them is tokenized by analysis. */
  tokens: CompactTokensSchema.optional(),
});

/** Results staged into DuckDB per round trip by a load job. */
const LOAD_CHUNK = 500;

export type Processor = (job: Job, deps: StageDeps) => Promise<unknown>;

async function sessionOf(deps: StageDeps, data: SessionJobData): Promise<Session> {
  const session = await getJson(deps.ctx.objects, objectKeys(data.key).session, SessionSchema);
  if (!session) throw new InputError(`the session record is missing from the object store (${data.key}); resubmit the batch`, { sessionId: data.sessionId });
  return session;
}

const transcribe: Processor = async (job, deps) => {
  const data = SessionJobDataSchema.parse(job.data);
  const k = objectKeys(data.key);
  const { objects } = deps.ctx;
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) return { skipped: true };
  const session = await sessionOf(deps, data);
  const transcript = await transcriptStage(session, deps.session.read);
  await putJson(objects, k.transcript, { session, transcript });
  return { segments: transcript.segments.length };
};

const redact: Processor = async (job, deps) => {
  const data = SessionJobDataSchema.parse(job.data);
  const k = objectKeys(data.key);
  const { objects } = deps.ctx;
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) {
    await objects.delete(k.transcript);
    return { skipped: true };
  }
  const raw = await getJson(objects, k.transcript, TranscriptObjectSchema);
  if (!raw) throw new InputError('the transcript object is missing (its work was cleaned up); retry the session', { sessionId: data.sessionId });
  const { session, transcript } = raw;
  const names = new Map((await deps.companies(data.batchId)).map((c) => [c.company_id, c.name]));
  const redacted = redactStage(session, transcript, { ...deps.session, companyName: (id) => names.get(id) });
  const normalize = LANGUAGES[session.language].normalize;
  const tokens = redacted.tokens === undefined ? undefined : encodeTokens(redacted.tokens, (i) => normalize(redacted.segments[i]?.text ?? ''));
  await putJson(objects, k.redacted, {
    session,
    format: transcript.format,
    encoding: transcript.encoding,
    segments: redacted.segments,
    redactions: redacted.redactions,
    ...(tokens !== undefined ? { tokens } : {}),
  });
  // Privacy: the raw transcript does not outlive its redaction.
  await objects.delete(k.transcript);
  return { redactions: redacted.redactions };
};

const analyze: Processor = async (job, deps): Promise<AnalyzeReturn> => {
  const data = SessionJobDataSchema.parse(job.data);
  const k = objectKeys(data.key);
  const { objects } = deps.ctx;
  const ret = { sessionId: data.sessionId, companyId: data.companyId, key: data.key };
  if (await objects.exists(k.result)) {
    await objects.delete(k.redacted);
    return ret;
  }
  const red = await getJson(objects, k.redacted, RedactedObjectSchema);
  if (!red) throw new InputError('the redacted transcript object is missing (its work was cleaned up); retry the session', { sessionId: data.sessionId });
  const { session } = red;
  const normalize = LANGUAGES[session.language].normalize;
  const tokens = red.tokens === undefined ? undefined : decodeTokens(red.tokens, (i) => normalize(red.segments[i]?.text ?? ''));
  const result = await analyzeStage(
    session,
    { format: red.format, encoding: red.encoding, segments: red.segments },
    { segments: red.segments, redactions: red.redactions, ...(tokens !== undefined ? { tokens } : {}) },
    deps.session.provider,
  );
  await putJson(objects, k.result, result);
  await objects.delete(k.redacted);
  return ret;
};

/** Loads one load group's finished sessions (whole companies) into DuckDB in one
 * transaction. The store queue runs one job at a time across all workers: the single-writer rule. */
const load: Processor = async (job, deps): Promise<LoadReturn> => {
  const data = LoadJobDataSchema.parse(job.data);
  const { objects } = deps.ctx;
  const marker = batchKeys(data.batchId).load(job.id ?? 'unknown');
  const already = await getJson(objects, marker, LoadReturnSchema);
  if (already) return already;
  const children = Object.values(await job.getChildrenValues()).map((v) => AnalyzeReturnSchema.parse(v));
  const failed = Object.keys(await job.getIgnoredChildrenFailures()).length;
  const groupCompanies = new Set(data.companyIds);
  const company = (await deps.companies(data.batchId)).filter((c) => groupCompanies.has(c.company_id));
  const runId = data.round > 0 ? `${data.batchId}.r${data.round}` : data.batchId;
  const startedAt = deps.ctx.now().toISOString();
  const lineage = deps.session.provider.lineage;
  const store = await deps.openStore();
  let loaded = 0;
  try {
    const erasedPids = await store.erasedEmployees();
    // Staged in chunks (bounded memory), swapped in in one transaction.
    const loader = await store.beginLoad(runId);
    try {
      for (let i = 0; i < children.length; i += LOAD_CHUNK) {
        const chunk = [];
        for (const c of children.slice(i, i + LOAD_CHUNK)) {
          const result = await getJson(objects, objectKeys(c.key).result, SessionResultSchema);
          if (!result) throw new InputError(`the result of session ${c.sessionId} is missing from the object store; retry the session`, { sessionId: c.sessionId });
          if (!erasedPids.has(result.session.employee_pid)) chunk.push(result);
        }
        await loader.add(chunk);
        loaded += chunk.length;
      }
      await loader.commit(company, {
        run_id: runId,
        started_at: startedAt,
        finished_at: deps.ctx.now().toISOString(),
        provider: lineage.provider,
        model: lineage.model,
        version: lineage.version,
        sessions_loaded: loaded,
        sessions_skipped: 0,
        sessions_failed: failed,
        rejects: 0,
      });
    } catch (err) {
      await loader.abort();
      throw err;
    }
  } finally {
    store.close();
  }
  const erased = children.length - loaded;
  const ret: LoadReturn = { companyIds: data.companyIds, loaded, failed, erased };
  await putJson(objects, marker, ret);
  // The store holds these sessions now: their work files go.
  for (const c of children) await objects.deletePrefix(c.key);
  return ret;
};

/** After every load of the batch (round): aggregates each period once and writes every
 * company's report, exactly as `honne run` does, then the batch's failed-session file. */
const report: Processor = async (job, deps) => {
  const data = ReportJobDataSchema.parse(job.data);
  const { ctx } = deps;
  const meta = await requireMeta(ctx, data.batchId);
  const companies = await deps.companies(data.batchId);
  const loaded = new Set(meta.loadCompanyIds);
  const store = await deps.openStore();
  let written = 0;
  try {
    // Companies without sessions in this batch are still registered, as `honne run` does.
    const rest = companies.filter((c) => !loaded.has(c.company_id));
    if (rest.length > 0 && data.round === 0) {
      const lineage = deps.session.provider.lineage;
      const at = ctx.now().toISOString();
      await store.load(rest, [], {
        run_id: meta.id, started_at: at, finished_at: at, provider: lineage.provider, model: lineage.model, version: lineage.version,
        sessions_loaded: 0, sessions_skipped: meta.unchanged, sessions_failed: 0, rejects: meta.rejects,
      });
    }
    const reports = await writePeriodReports(
      store,
      { periods: meta.periods, companyIds: meta.companyIds, lang: meta.lang, formats: meta.formats, outDir: meta.outDir },
      { k: ctx.config.k, benchmarkMinCompanies: ctx.config.benchmarkMinCompanies, now: ctx.now },
    );
    written = reports.length;
  } finally {
    store.close();
  }
  const failures = Object.values(await ctx.redis.hgetall(batchRedisKeys(ctx.qc.prefix, meta.id).failures)).map((v) => FailureSchema.parse(JSON.parse(v)));
  await writeJsonl(join(meta.outDir, 'failed.jsonl'), failures);
  return { reports: written, failed: failures.length };
};

export const PROCESSORS: Record<Stage, Processor> = { transcribe, redact, analyze, load, report };
