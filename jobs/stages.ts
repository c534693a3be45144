/** The job processors: thin. A session stage's job data is parsed here and its work
 * (jobs/session-stages.ts) runs in the worker's own thread; the store stages (load, report)
 * run one at a time across every worker. */
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { describeError, InputError } from '../pipeline/errors.js';
import { firstKeptPeriod } from '../pipeline/retention.js';
import { SessionResultSchema, UsageSchema, type Company } from '../pipeline/schemas.js';
import { addUsage, emptyUsageTotal, type UsageTotal } from '../pipeline/usage.js';
import type { AnalyticsStore } from '../pipeline/ports/analytics-store.js';
import { writePeriodReports } from '../reports/write.js';
import { auditEntry } from '../pipeline/audit.js';
import { readJsonl, writeJsonl } from '../pipeline/operator-files.js';
import { requireMeta, type QueueContext } from './context.js';
import { VARIANT_CHARS } from '../pipeline/pseudonym.js';
import { batchKeys, objectKeys, workObjects, type SessionStage } from './ids.js';
import { getJson, putJson } from '../pipeline/objects.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import { batchRedisKeys } from './queues.js';
import {
  AnalyzeReturnSchema,
  BatchSurveySchema,
  FailureSchema,
  LoadJobDataSchema,
  LoadReturnSchema,
  PlanSchema,
  ReportJobDataSchema,
  SessionJobDataSchema,
  SessionRecordsSchema,
  TranscribeReturnSchema,
  type AnalyzeReturn,
  type LoadReturn,
  type Stage,
} from './schemas.js';
import { SESSION_STAGE_RUNNERS, type SessionStageDeps } from './session-stages.js';

export interface StageDeps {
  ctx: QueueContext;
  /** What the session stages need (jobs/session-stages.ts); null for a worker that serves only the store queue. */
  session: SessionStageDeps | null;
  /** Opens the analytics store (throws StoreLockedError, retryable, when another process has it). */
  openStore: () => Promise<AnalyticsStore>;
  /** Rewrites the closed store so that no byte of deleted rows survives (after retention). */
  rewriteStore: () => Promise<void>;
  /** Companies of a batch (cached per process). */
  companies: (batchId: string) => Promise<Company[]>;
}

/** Lets the event loop run (BullMQ fetching and finishing jobs, lock renewals) between rounds
 * of a load's synchronous work, so a load does not hold the worker's thread for its whole length. */
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** `signal`: the job's abort signal from BullMQ, aborted when the worker stops. */
export type Processor = (job: Job, deps: StageDeps, signal?: AbortSignal) => Promise<unknown>;

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
  const meta = await requireMeta(deps.ctx, data.batchId);
  const { lineage } = meta;
  const usage = await groupUsage(deps.ctx, data.batchId, children);
  const store = await deps.openStore();
  let loaded = 0;
  let erasedPids = new Set<string>();
  const caseErased = new Set<string>();
  const otherCase = new Map<string, string>();
  const size = deps.ctx.qc.loadChunk;
  const firstKept = firstKeptPeriod(deps.ctx.config.retention.results, deps.ctx.now());
  try {
    erasedPids = await store.erasedEmployees();
    // A batch submitted where the store is not refuses no other letter case of an erased id (a
    // long one has too many to try): its case key, which erase keeps, leaves it out here.
    const cases = await store.employeeCases();
    const erasedCases = erasedCaseKeys(cases, erasedPids);
    // (one erased before case keys, in another mix of cases: by the variants the batch carries)
    const erasedVariant = variantTest(erasedPids);
    const isErased = (s: CaseFields): boolean =>
      erasedPids.has(s.employee_pid) || (s.employee_case !== undefined && erasedCases.has(s.employee_case)) || erasedVariant(s);
    const inAnotherCase = storedInAnotherCase(cases, await store.employeePids());
    // Staged in chunks (bounded memory), swapped in in one transaction.
    const loader = await store.beginLoad(runId);
    try {
      for (let i = 0; i < children.length; i += size) {
        const chunk = [];
        for (const c of children.slice(i, i + size)) {
          const result = await getJson(objects, objectKeys(c.key).result, SessionResultSchema);
          if (!result) throw new InputError(`the result of session ${c.sessionId} is missing from the object store; retry the session`, { sessionId: c.sessionId });
          // an erased employee's, or a period past the results' lifetime, is not loaded
          if (isErased(result.session)) caseErased.add(result.session.employee_pid);
          else if (inAnotherCase(result.session)) otherCase.set(c.sessionId, result.session.employee_pid);
          else if (!(firstKept !== null && result.session.period < firstKept)) chunk.push(result);
        }
        await loader.add(chunk);
        await yieldToEventLoop();
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
        usage: { transcriber: meta.transcriber ?? '', total: usage },
      });
    } catch (err) {
      await loader.abort();
      throw err;
    }
  } finally {
    store.close();
  }
  const erased = children.length - loaded - otherCase.size;
  await dropErasedRecords(objects, data.batchId, data.companyIds, new Set([...erasedPids, ...caseErased, ...otherCase.values()]));
  if (otherCase.size > 0) await rejectOtherCase(deps.ctx, data.batchId, meta.outDir, new Set(otherCase.keys()));
  const ret: LoadReturn = { companyIds: data.companyIds, loaded, failed, erased, ...(otherCase.size > 0 ? { refused: otherCase.size } : {}) };
  await putJson(objects, marker, ret);
  // The store holds these sessions now: their work files go.
  for (let i = 0; i < children.length; i++) {
    for (const key of workObjects(children[i]!.key)) await objects.delete(key);
    if (i % size === size - 1) await yieldToEventLoop();
  }
  return ret;
};

/** What the group's sessions used, as `honne run` totals a run: each analysis (its analyze job's
 * return) and each transcription (the batch's usage entries, jobs/worker.ts). */
async function groupUsage(ctx: QueueContext, batchId: string, children: readonly AnalyzeReturn[]): Promise<UsageTotal> {
  const total = emptyUsageTotal();
  for (const c of children) if (c.usage) addUsage(total, c.usage);
  if (children.length === 0) return total;
  const heard = await ctx.redis.hmget(batchRedisKeys(ctx.qc.prefix, batchId).usage, ...children.map((c) => c.sessionId));
  for (const raw of heard) if (raw !== null) addUsage(total, UsageSchema.parse(JSON.parse(raw)));
  return total;
}

/** The case keys under which an erased employee is kept (`employeeCases` holds the stored ones too). */
export function erasedCaseKeys(cases: ReadonlyMap<string, ReadonlySet<string>>, erasedPids: ReadonlySet<string>): Set<string> {
  return new Set([...cases].filter(([, pids]) => [...pids].some((p) => erasedPids.has(p))).map(([c]) => c));
}

/** What of a session tells who its employee is in any letter case. */
type CaseFields = { employee_pid: string; employee_case?: string | undefined; employee_variants?: readonly string[] | undefined };

/** Is one of the session's other-case pseudonyms (`employee_variants`, cut short) among `pids`? */
function variantTest(pids: ReadonlySet<string>): (s: CaseFields) => boolean {
  const short = new Set([...pids].map((p) => p.slice(0, VARIANT_CHARS)));
  return (s) => (s.employee_variants ?? []).some((v) => short.has(v));
}

/** Is the session's employee id new to the store while the store holds it (or erased it) in
 * another mix of letter cases? Its case key is there under another pseudonym only
 * (`Tanaka-Hiroshi-0001` stored, `tanaka-hiroshi-0001` now): one person would count as two towards
 * k. `honne run` rejects such a row at ingest (pipeline/ingest/manifest.ts, `storedCases`); a batch
 * is submitted where the store may not be, so its load refuses it the same way. A session stored
 * before case keys has none: the pseudonyms of the id's other cases, which the batch carries
 * (`employee_variants`, made at submit), find it, as `honne run` tries those spellings. */
export function storedInAnotherCase(cases: ReadonlyMap<string, ReadonlySet<string>>, storedPids: ReadonlySet<string>): (s: CaseFields) => boolean {
  const storedVariant = variantTest(storedPids);
  return (s) => {
    if (storedPids.has(s.employee_pid)) return false;
    if (s.employee_case !== undefined && [...(cases.get(s.employee_case) ?? [])].some((p) => p !== s.employee_pid)) return true;
    return storedVariant(s);
  };
}

/** The reason `honne run` gives the same row. */
export const OTHER_CASE_REASON =
  'differs only by letter case from an employee_id already in the store or erased from it: one employee would count as two towards k (or come back after erasure), so write it as it was written before (refused when the batch was loaded)';

/** Sessions refused by their load are the batch's rejected rows (`batch status`, and OUT's
 * `rejects.jsonl`, where the operator finds the rows to write again and retry): file and line
 * from the plan, no raw line (the manifest holds it). Added once however often the load runs
 * (loads run one at a time, so no two rewrite the file at once). */
async function rejectOtherCase(ctx: QueueContext, batchId: string, outDir: string, sessionIds: ReadonlySet<string>): Promise<void> {
  const plan = (await getJson(ctx.objects, batchKeys(batchId).plan, PlanSchema))?.sessions ?? [];
  const key = batchRedisKeys(ctx.qc.prefix, batchId).rejects;
  const kept = new Set(await ctx.redis.lrange(key, 0, -1));
  const added = plan
    .filter((x) => sessionIds.has(x.sessionId))
    .map((e) => JSON.stringify({ file: e.file, line: e.line, field: 'employee_id', reason: OTHER_CASE_REASON, raw: '(not kept: the row was refused when the batch was loaded; the manifest holds it)' }))
    .filter((r) => !kept.has(r));
  if (added.length > 0) await ctx.redis.rpush(key, ...added);
  const file = join(outDir, 'rejects.jsonl');
  try {
    const written = readJsonl(file) ?? [];
    const there = new Set(written.map((r) => JSON.stringify(r)));
    const missing = [...kept, ...added].filter((r) => !there.has(r) && (JSON.parse(r) as { reason?: unknown }).reason === OTHER_CASE_REASON);
    if (missing.length > 0) await writeJsonl(file, [...written, ...missing.map((r) => JSON.parse(r) as unknown)]);
  } catch (err) {
    // the operator's file (edited, or OUT gone): the load stands, and `batch status` lists the rows
    ctx.log.warn({ batch: batchId, err: describeError(err) }, 'the rows this load refused could not be added to OUT/rejects.jsonl; batch status lists them');
  }
}

/** An employee erased after the batch was submitted keeps no session record in it. */
export async function dropErasedRecords(objects: ObjectStore, batchId: string, companyIds: readonly string[], erasedPids: ReadonlySet<string>): Promise<void> {
  if (erasedPids.size === 0) return;
  for (const companyId of companyIds) {
    const key = batchKeys(batchId).sessions(companyId);
    const records = await getJson(objects, key, SessionRecordsSchema);
    const kept = records?.sessions.filter((s) => !erasedPids.has(s.employee_pid));
    if (records && kept && kept.length < records.sessions.length) await putJson(objects, key, { sessions: kept });
  }
}

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
      const { lineage } = meta;
      const at = ctx.now().toISOString();
      await store.load(rest, [], {
        run_id: meta.id, started_at: at, finished_at: at, provider: lineage.provider, model: lineage.model, version: lineage.version,
        sessions_loaded: 0, sessions_skipped: meta.unchanged, sessions_failed: 0, rejects: meta.rejects,
      });
    }
    // the batch's survey before its reports, so they show it (as honne run --survey); in the
    // first round only: a `batch retry` days later must not put back scores imported since
    const scores = meta.survey && data.round === 0 ? await getJson(ctx.objects, batchKeys(meta.id).survey, BatchSurveySchema) : null;
    if (meta.survey && scores) {
      const done = await store.upsertSurveyScores(scores.scores, ctx.now().toISOString());
      await store.audit(auditEntry('survey_import', { file: meta.survey.sha256, ...done, rejects: meta.survey.rejects }, ctx.now()));
    }
    const reports = await writePeriodReports(
      store,
      { periods: meta.periods, companyIds: meta.companyIds, lang: meta.lang, formats: meta.formats, outDir: meta.outDir },
      { k: ctx.config.k, benchmarkMinCompanies: ctx.config.benchmarkMinCompanies, now: ctx.now, runId: meta.id },
    );
    written = reports.length;
  } finally {
    store.close();
  }
  const failures = Object.values(await ctx.redis.hgetall(batchRedisKeys(ctx.qc.prefix, meta.id).failures)).map((v) => FailureSchema.parse(JSON.parse(v)));
  await writeJsonl(join(meta.outDir, 'failed.jsonl'), failures);
  return { reports: written, failed: failures.length };
};

const session =
  (stage: SessionStage): Processor =>
  async (job, deps, signal) => {
    if (!deps.session) throw new Error(`this worker runs no session stages (${stage})`);
    // redact is given where its transcribe job (a recording's) left the transcript, and what hearing it used
    const heard = stage === 'redact' ? Object.values(await job.getChildrenValues()).map((v) => TranscribeReturnSchema.safeParse(v).data).find((t) => t?.transcript !== undefined) : undefined;
    const inputs = heard?.transcript !== undefined ? { transcript: heard.transcript, ...(heard.usage ? { usage: heard.usage } : {}) } : {};
    return SESSION_STAGE_RUNNERS[stage](SessionJobDataSchema.parse(job.data), deps.session, inputs, signal);
  };

export const PROCESSORS: Record<Stage, Processor> = { transcribe: session('transcribe'), redact: session('redact'), analyze: session('analyze'), load, report };
