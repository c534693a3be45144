/** `honne batch submit`: validates the inputs exactly as `honne run` does (rejected rows are
 * kept: in Redis for `batch status` and in OUT/rejects.jsonl), writes each session's record
 * to the object store and enqueues the batch (jobs/flow.ts). The batch id is derived from the
 * inputs, so submitting the same files again finds the batch already there (or finishes
 * enqueuing it, when the first submit was cut off); a session whose work another batch
 * already queued or finished (same job id) is not queued again. */
import { erasedEmployeeTest } from '../pipeline/erase/objects.js';
import { writeJsonl } from '../pipeline/operator-files.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readInputFiles } from '../pipeline/ingest/files.js';
import { batchAnalysisVersion, ingest, type AnalysisIdentity } from '../pipeline/ingest/ingest.js';
import type { Reject } from '../pipeline/ingest/records.js';
import { readSurvey } from '../pipeline/ingest/survey.js';
import type { Session } from '../pipeline/schemas.js';
import type { Lang } from '../reports/i18n.js';
import type { ReportFormat } from '../reports/write.js';
import { Job } from 'bullmq';
import { describeError, TransientError } from '../pipeline/errors.js';
import { readMeta, writeMeta, type QueueContext } from './context.js';
import { byCompany, companiesOf, loadFlow, loadGroups, reportFlow, type LoadGroup } from './flow.js';
import { batchIdOf, batchKeys, loadJobId, refOf, sealJobId, stageJobId, workKey } from './ids.js';
import { getJson, putJson } from '../pipeline/objects.js';
import { batchesKey, batchRedisKeys, STAGE_QUEUE } from './queues.js';
import { sealRecord } from './record-seal.js';
import { PlanSchema, type BatchMeta, type PlanEntry } from './schemas.js';
import { OPENAI_BATCH_JOB, pollJobOptions } from './openai-batch.js';

export interface SubmitInput {
  companiesFile: string;
  manifestFile: string;
  outDir: string;
  lang: Lang;
  formats: ReportFormat[];
  /** The transcriber's settings (its lineage), recorded with the batch's runs in the store. */
  transcriber?: string;
  /** Survey scores imported with the batch (as `honne run --survey`): validated here against the
   * batch's companies, imported by its report job before the reports are written. */
  surveyFile?: string;
  /** Analysis through the OpenAI Batch API (jobs/openai-batch.ts). */
  openaiBatch?: boolean;
}

export interface SubmitResult {
  meta: BatchMeta;
  /** True when these inputs had been submitted before: nothing was enqueued. */
  existed: boolean;
  /** True when an earlier submit of these inputs was cut off while enqueuing and this one finished it. */
  resumed: boolean;
  rejects: Reject[];
}

export async function submitBatch(input: SubmitInput, ctx: QueueContext, analysis: AnalysisIdentity): Promise<SubmitResult> {
  const { lineage } = analysis;
  const { config, qc, redis, objects } = ctx;
  const files = await readInputFiles(input.companiesFile, input.manifestFile);
  const [companiesFile, manifestFile] = [files.companies.file, files.manifest.file];
  const outDir = resolve(input.outDir);
  const analysisVersion = batchAnalysisVersion(analysis);
  const surveyFile = input.surveyFile === undefined ? undefined : resolve(input.surveyFile);
  // (a batch without a survey keeps the id it always had)
  const surveyBytes = surveyFile === undefined ? null : await readFile(surveyFile);
  const surveyParts = surveyBytes === null ? [] : [surveyBytes, surveyFile!];
  const id = batchIdOf([files.companies.bytes, files.manifest.bytes, companiesFile, manifestFile, analysisVersion, outDir, input.lang, input.formats.join(','), ...surveyParts]);

  const ingested = ingest({
    ...files,
    pseudonymKey: config.pseudonymKey,
    analysis,
    inputRoot: config.inputRoot,
    caseVariants: true,
  });
  const { companies, sessions } = ingested;
  // the survey's rejects are kept with the manifest's (Redis, OUT/rejects.jsonl), each naming its file
  const survey = surveyFile === undefined ? null : await readSurvey(surveyFile, new Set(companies.map((c) => c.company_id)));
  const rejects = [...ingested.rejects, ...(survey?.rejects ?? [])];
  const existing = await readMeta(ctx, id);
  if (existing?.enqueued) return { meta: existing, existed: true, resumed: false, rejects };
  if (existing) {
    // An earlier submit stopped while enqueuing: add the groups that are missing (a group is
    // added whole or not at all) from the plan it stored, with the groups it cut.
    const byId = new Map(sessions.map((s) => [s.session_id, s]));
    const added = await enqueueRound(ctx, id, 0, loadGroups(await planOf(ctx, id), [], existing.loadGroupSessions), (g) => writeSessionRecords(ctx, id, g, byId), existing.openaiBatch);
    const meta = enqueuedMeta(existing, added);
    await writeMeta(ctx, meta);
    ctx.log.info({ batch: id, sessions: meta.sessions, loads: meta.loads }, 'batch submit resumed and finished');
    return { meta, existed: false, resumed: true, rejects };
  }

  // An employee erased earlier (`honne erase`, run where the store is, marks them in the object
  // store) has no new session queued either: `honne run` leaves them out the same way.
  const erased = await erasedEmployeeTest(objects);
  const live = sessions.filter((s) => !erased(s.employee_pid));
  // Sessions whose analyze job exists (queued, running, done or failed in any batch) are not redone.
  const exists = await redis
    .pipeline(live.map((s) => ['exists', ctx.queues.analyze.toKey(stageJobId('analyze', s))]))
    .exec();
  const planned = live.filter((_, i) => exists?.[i]?.[1] !== 1);
  const plan: PlanEntry[] = planned.map((s) => ({
    sessionId: s.session_id,
    companyId: s.company_id,
    key: workKey(s),
    fingerprint: s.fingerprint,
    line: s.source.line,
    file: s.source.file,
    ...(s.transcript_uri === undefined ? { recording: true } : {}),
  }));
  const groups = loadGroups(plan, [], qc.loadGroupSessions);

  // The object store first: a worker may pick up the first job as soon as it is enqueued
  // (each group's session records are written just before the group is enqueued).
  await putJson(objects, batchKeys(id).companies, companies);
  await putJson(objects, batchKeys(id).plan, { sessions: plan });
  if (survey) await putJson(objects, batchKeys(id).survey, { scores: survey.scores });

  const rejectsFile = rejects.length > 0 ? await writeJsonl(join(outDir, 'rejects.jsonl'), rejects) : null;
  const meta: BatchMeta = {
    id,
    createdAt: ctx.now().toISOString(),
    companiesFile,
    manifestFile,
    outDir,
    lang: input.lang,
    formats: input.formats,
    periods: [...new Set(sessions.map((s) => s.period))].sort(),
    companyIds: companies.map((c) => c.company_id),
    loadCompanyIds: companiesOf(plan),
    loads: groups.length,
    loadGroupSessions: qc.loadGroupSessions,
    enqueued: false,
    manifestRows: sessions.length + rejects.filter((r) => r.file === manifestFile).length,
    sessions: plan.length,
    recordings: plan.filter((e) => e.recording).length,
    unchanged: live.length - plan.length,
    ...(live.length < sessions.length ? { erasedEmployees: sessions.length - live.length } : {}),
    rejects: rejects.length,
    rejectsFile,
    rounds: 0,
    retryLoads: 0,
    lineage,
    ...(input.transcriber !== undefined ? { transcriber: input.transcriber } : {}),
    ...(survey && surveyFile !== undefined ? { survey: { file: surveyFile, sha256: createHash('sha256').update(surveyBytes!).digest('hex'), rows: survey.scores.length, rejects: survey.rejects.length } } : {}),
    ...(input.openaiBatch ? { openaiBatch: true } : {}),
  };
  const keys = batchRedisKeys(qc.prefix, id);
  const multi = redis.multi();
  multi.set(keys.meta, JSON.stringify(meta));
  multi.zadd(batchesKey(qc.prefix), Date.parse(meta.createdAt), id);
  if (rejects.length > 0) multi.rpush(keys.rejects, ...rejects.map((r) => JSON.stringify(r)));
  await multi.exec();

  let added: LoadGroup[];
  try {
    const byId = new Map(planned.map((s) => [s.session_id, s]));
    added = await enqueueRound(ctx, id, 0, groups, (g) => writeSessionRecords(ctx, id, g, byId), meta.openaiBatch);
  } catch (err) {
    throw new TransientError(`enqueuing batch ${id} was cut off (${describeError(err)}); run the same submit again to finish it`, {}, { cause: err });
  }
  const done = enqueuedMeta(meta, added);
  await writeMeta(ctx, done);
  ctx.log.info({ batch: id, sessions: done.sessions, unchanged: done.unchanged, rejects: rejects.length, loads: done.loads }, 'batch submitted');
  return { meta: done, existed: false, resumed: false, rejects };
}

/** The meta of a batch whose first round is all enqueued: sessions that another batch queued
 * while this one was being enqueued count as unchanged (that batch does their work). */
function enqueuedMeta(meta: BatchMeta, added: readonly LoadGroup[]): BatchMeta {
  const entries = added.flatMap((g) => g.sessions);
  const sessions = entries.length;
  return {
    ...meta,
    enqueued: true,
    loads: added.length,
    loadCompanyIds: companiesOf(entries),
    sessions,
    recordings: entries.filter((e) => e.recording).length,
    unchanged: meta.unchanged + (meta.sessions - sessions),
  };
}

/** The group's session records, one object per company, where its jobs read them; a session no
 * longer in the manifest (a resumed submit after its row went bad) is left out of its group. */
async function writeSessionRecords(ctx: QueueContext, batchId: string, g: LoadGroup, byId: ReadonlyMap<string, Session>): Promise<LoadGroup> {
  const sessions = g.sessions.filter((e) => byId.has(e.sessionId));
  for (const [companyId, entries] of byCompany(sessions)) {
    await putJson(ctx.objects, batchKeys(batchId).sessions(companyId), { sessions: entries.map((e) => sealRecord(ctx.config.pseudonymKey, byId.get(e.sessionId)!)) });
  }
  return { ...g, sessions };
}

/** Enqueues a round of a batch in pieces (jobs/flow.ts): the report held by its seal, one flow
 * per load group (workers start on the first group while the next are added), then the seal
 * is promoted so the report runs once every load is done. Returns the groups in the round.
 *
 * Safe to run again after it was cut off: a group whose load exists was added whole (a flow is
 * added atomically) and is left alone; sessions whose analyze job exists by now belong to
 * another batch (or round), which does their work, and are left out. `prepare` writes what a
 * group's jobs read before they can start, and may leave sessions out. */
export async function enqueueRound(
  ctx: QueueContext,
  batchId: string,
  round: number,
  groups: readonly LoadGroup[],
  prepare?: (g: LoadGroup) => Promise<LoadGroup>,
  openaiBatch = false,
): Promise<LoadGroup[]> {
  const { qc, redis } = ctx;
  // the batch API's poll job first: it waits until every session is redacted (an id of its own: added once)
  if (openaiBatch) await ctx.queues.analyze.add(OPENAI_BATCH_JOB, { batchId }, pollJobOptions(qc, batchId));
  const analyzeKey = (e: PlanEntry) => ctx.queues.analyze.toKey(stageJobId('analyze', refOf(e)));
  await ctx.queues.store.setGlobalConcurrency(1);
  await ctx.flow.add(reportFlow(batchId, round, qc));
  const added: LoadGroup[] = [];
  for (const g of groups) {
    const loadKey = ctx.queues[STAGE_QUEUE.load].toKey(loadJobId(batchId, g.index, round));
    if ((await redis.exists(loadKey)) === 1) {
      // Added before (whole): its sessions are the ones whose analyze job is this load's child.
      const parents = g.sessions.length === 0 ? [] : await redis.pipeline(g.sessions.map((e) => ['hget', analyzeKey(e), 'parentKey'])).exec();
      added.push({ ...g, sessions: g.sessions.filter((_, i) => parents?.[i]?.[1] === loadKey) });
      continue;
    }
    const taken = g.sessions.length === 0 ? [] : await redis.pipeline(g.sessions.map((e) => ['exists', analyzeKey(e)])).exec();
    let group: LoadGroup = { ...g, sessions: g.sessions.filter((_, i) => taken?.[i]?.[1] !== 1) };
    if (prepare) group = await prepare(group);
    if (group.sessions.length + group.reattach.length === 0) continue;
    await ctx.flow.add(loadFlow(group, batchId, round, qc, openaiBatch));
    added.push(group);
  }
  const seal = await Job.fromId(ctx.queues.store, sealJobId(batchId, round));
  if (seal) {
    try {
      await seal.promote();
    } catch (err) {
      // Someone else (a concurrent resume) promoted it first: fine. Still delayed: a real failure.
      if (await seal.isDelayed()) throw err;
    }
  }
  return added;
}


export async function planOf(ctx: Pick<QueueContext, 'objects'>, batchId: string): Promise<PlanEntry[]> {
  return (await getJson(ctx.objects, batchKeys(batchId).plan, PlanSchema))?.sessions ?? [];
}
