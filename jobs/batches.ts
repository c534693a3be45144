/** A batch's progress, failures and rejects (`honne batch status`), and what an operator does
 * about failures: `retry` re-enqueues them, `dismiss` drops them from the list (as does
 * `honne erase` for an erased employee's sessions). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { z } from 'zod';
import type { Reject } from '../pipeline/ingest/records.js';
import { writeJsonl } from '../pipeline/operator-files.js';
import { readMeta, requireMeta, writeMeta, type QueueContext } from './context.js';
import { loadGroups, SEAL } from './flow.js';
import { objectKeys, reportJobId, SESSION_STAGES, stageJobId, workObjects } from './ids.js';
import { batchesKey, batchRedisKeys, stageOf, STAGE_QUEUE, type QueueName } from './queues.js';
import { enqueueRound, planOf } from './submit.js';
import { FailureSchema, LoadJobDataSchema, STAGES, type BatchMeta, type Failure, type PlanEntry, type Stage } from './schemas.js';

export interface StageCounts {
  total: number;
  waiting: number;
  active: number;
  done: number;
  failed: number;
}

export type BatchState = 'running' | 'done' | 'done_with_failures';

export interface BatchStatus {
  meta: BatchMeta;
  state: BatchState;
  stages: Record<Stage, StageCounts>;
  /** Sessions through their last stage (analysed or failed), of meta.sessions. */
  sessionsFinished: number;
  failures: Failure[];
  rejects: Reject[];
}

const RejectSchema = z.object({ file: z.string(), line: z.number(), field: z.string().optional(), reason: z.string(), raw: z.string() });

async function failuresOf(ctx: QueueContext, batchId: string): Promise<Failure[]> {
  const raw = await ctx.redis.hgetall(batchRedisKeys(ctx.qc.prefix, batchId).failures);
  return Object.values(raw)
    .map((v) => FailureSchema.parse(JSON.parse(v)))
    .sort((a, b) => a.companyId.localeCompare(b.companyId) || a.id.localeCompare(b.id));
}

async function activeByStage(ctx: QueueContext, batchId: string): Promise<Record<Stage, number>> {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const [name, queue] of Object.entries(ctx.queues)) {
    for (const job of await queue.getActive()) {
      const data = job.data as { batchId?: unknown };
      if (data.batchId !== batchId || job.name === SEAL) continue;
      counts[stageOf(name as QueueName, job)] += 1;
    }
  }
  return counts;
}

export async function batchStatus(ctx: QueueContext, batchId: string, opts: { rejects?: number } = {}): Promise<BatchStatus> {
  const meta = await requireMeta(ctx, batchId);
  const keys = batchRedisKeys(ctx.qc.prefix, batchId);
  const done = await ctx.redis.pipeline(STAGES.map((s) => ['scard', keys.done(s)])).exec();
  const doneOf = (i: number) => Number(done?.[i]?.[1] ?? 0);
  const failures = await failuresOf(ctx, batchId);
  const active = await activeByStage(ctx, batchId);
  const rejects = (await ctx.redis.lrange(keys.rejects, 0, (opts.rejects ?? 20) - 1)).map((r) => RejectSchema.parse(JSON.parse(r)));

  const stages = {} as Record<Stage, StageCounts>;
  const sessionFailures = failures.filter((f) => f.stage !== 'load' && f.stage !== 'report');
  let failedBefore = 0;
  STAGES.forEach((stage, i) => {
    const total = stage === 'load' ? meta.loads + meta.retryLoads : stage === 'report' ? meta.rounds + 1 : meta.sessions;
    const failedHere = failures.filter((f) => f.stage === stage).length;
    if (stage === 'load') failedBefore = 0;
    const d = Math.min(doneOf(i), total);
    stages[stage] = {
      total,
      done: d,
      active: active[stage],
      failed: failedHere,
      waiting: Math.max(0, total - d - active[stage] - failedHere - failedBefore),
    };
    if (stage !== 'load' && stage !== 'report') failedBefore += failedHere;
  });
  // The batch is over when its last report job is: completed, or failed for good (listed).
  const report = await ctx.queues.store.getJobState(reportJobId(batchId, meta.rounds));
  const over = report === 'completed' || report === 'failed';
  const state: BatchState = !over ? 'running' : failures.length > 0 || report === 'failed' ? 'done_with_failures' : 'done';
  return {
    meta,
    state,
    stages,
    sessionsFinished: Math.min(meta.sessions, stages.analyze.done + sessionFailures.length),
    failures,
    rejects,
  };
}

/** Removes a failed session's jobs (every stage, whatever their state: a completed redact
 * would otherwise release the re-added analyze at once, without its redacted text), so the
 * same ids can be enqueued again. A session whose analyze job exists and has not failed was
 * re-enqueued already (a retry cut off and run again): it is left alone. */
async function removeSessionJobs(ctx: QueueContext, e: PlanEntry): Promise<void> {
  const ref = { session_id: e.sessionId, fingerprint: e.fingerprint };
  const analyze = await Job.fromId(ctx.queues.analyze, stageJobId('analyze', ref));
  if (analyze && !(await analyze.isFailed())) return;
  for (const stage of [...SESSION_STAGES].reverse()) {
    const job = await Job.fromId(ctx.queues[STAGE_QUEUE[stage]], stageJobId(stage, ref));
    if (job) await job.remove({ removeChildren: false });
  }
}

/** The companies of a failed load: from its job, else from the failure record. */
async function loadCompanies(ctx: QueueContext, f: Failure): Promise<string[]> {
  const job = await Job.fromId(ctx.queues.store, f.jobId);
  const data = job ? LoadJobDataSchema.safeParse(job.data) : undefined;
  return data?.success ? data.data.companyIds : f.companyId.split(',');
}

export interface RetryResult {
  round: number;
  sessions: number;
  loads: number;
}

/** Re-enqueues a batch's failed sessions and failed loads as a new round: the failed jobs are
 * removed and the same job ids added again, under new loads and a new report. A retry cut off
 * midway keeps the failures listed and the round unchanged: running it again finishes it. */
export async function retryBatch(ctx: QueueContext, batchId: string): Promise<RetryResult> {
  const meta = await requireMeta(ctx, batchId);
  const failures = await failuresOf(ctx, batchId);
  if (failures.length === 0) return { round: meta.rounds, sessions: 0, loads: 0 };
  const plan = await planOf(ctx, batchId);
  const byId = new Map(plan.map((e) => [e.sessionId, e]));
  const failedSessions = failures.filter((f) => f.stage !== 'load' && f.stage !== 'report').map((f) => byId.get(f.id)).filter((e): e is PlanEntry => e !== undefined);
  const failedLoads = new Set<string>();
  for (const f of failures.filter((x) => x.stage === 'load')) for (const c of await loadCompanies(ctx, f)) failedLoads.add(c);
  const round = meta.rounds + 1;

  for (const e of failedSessions) {
    await removeSessionJobs(ctx, e);
    await ctx.objects.delete(objectKeys(e.key).redacted);
  }
  for (const f of failures.filter((x) => x.stage === 'load' || x.stage === 'report')) {
    const job = await Job.fromId(ctx.queues.store, f.jobId);
    if (job && (await job.isFailed())) await job.remove({ removeChildren: false });
  }
  // A failed load's sessions that were analysed (their result is still there) are loaded again.
  const failedIds = new Set(failedSessions.map((e) => e.sessionId));
  const reattach: PlanEntry[] = [];
  for (const e of plan) {
    if (failedLoads.has(e.companyId) && !failedIds.has(e.sessionId) && (await ctx.objects.exists(objectKeys(e.key).result))) reattach.push(e);
  }
  const groups = await enqueueRound(ctx, batchId, round, loadGroups(failedSessions, reattach, meta.loadGroupSessions));
  const loads = groups.length;
  await writeMeta(ctx, { ...meta, rounds: round, retryLoads: meta.retryLoads + loads });
  await ctx.redis.hdel(batchRedisKeys(ctx.qc.prefix, batchId).failures, ...failures.map((f) => f.id));
  ctx.log.info({ batch: batchId, round, sessions: failedSessions.length, loads }, 'batch retried');
  return { round, sessions: failedSessions.length, loads };
}

/** Drops failed sessions (all, or the ones named) from a batch's list, with their jobs and work. */
export async function dismissFailures(ctx: QueueContext, batchId: string, ids?: readonly string[]): Promise<number> {
  await requireMeta(ctx, batchId);
  const failures = (await failuresOf(ctx, batchId)).filter((f) => !ids || ids.length === 0 || ids.includes(f.id));
  const plan = new Map((await planOf(ctx, batchId)).map((e) => [e.sessionId, e]));
  for (const f of failures) {
    const e = plan.get(f.id);
    if (e) {
      await removeSessionJobs(ctx, e);
      for (const key of workObjects(e.key)) await ctx.objects.delete(key);
    }
  }
  if (failures.length > 0) await ctx.redis.hdel(batchRedisKeys(ctx.qc.prefix, batchId).failures, ...failures.map((f) => f.id));
  return failures.length;
}


/** Erasure in the queue: an erased employee's failed sessions leave every batch's failure list,
 * with their failed jobs, their work, their entries in the session queues' event streams and
 * their load's ignored-failures hash (a failure names the transcript file, whose name may name
 * the employee), and the batch's `failed.jsonl` (OUT) is rewritten without them. Sessions still queued or done keep their jobs: those hold ids, not
 * text, and a load leaves out the records of employees erased after the submit. Returns the
 * failure records removed. */
export async function eraseFailures(ctx: QueueContext, sessionIds: ReadonlySet<string>): Promise<number> {
  if (sessionIds.size === 0) return 0;
  let removed = 0;
  for (const batchId of await ctx.redis.zrange(batchesKey(ctx.qc.prefix), 0, -1)) {
    const ids = (await ctx.redis.hkeys(batchRedisKeys(ctx.qc.prefix, batchId).failures)).filter((id) => sessionIds.has(id));
    if (ids.length === 0) continue;
    const plan = (await planOf(ctx, batchId)).filter((e) => ids.includes(e.sessionId));
    // A failed analyze is listed in its load's ignored-failures hash, which outlives the job.
    const analyzeKeys = plan.map((e) => `${ctx.qc.prefix}:${STAGE_QUEUE.analyze}:${stageJobId('analyze', { session_id: e.sessionId, fingerprint: e.fingerprint })}`);
    const parents = await Promise.all(analyzeKeys.map((k) => ctx.redis.hget(k, 'parentKey')));
    removed += await dismissFailures(ctx, batchId, ids);
    for (const [i, parent] of parents.entries()) if (parent) await ctx.redis.hdel(`${parent}:failed`, analyzeKeys[i]!);
    await dropJobEvents(ctx, new Set(plan.flatMap((e) => SESSION_STAGES.map((st) => stageJobId(st, { session_id: e.sessionId, fingerprint: e.fingerprint })))));
    const meta = await readMeta(ctx, batchId);
    const file = meta ? join(meta.outDir, 'failed.jsonl') : undefined;
    if (file && existsSync(file)) {
      const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id?: unknown });
      await writeJsonl(file, rows.filter((r) => !(typeof r.id === 'string' && sessionIds.has(r.id))));
    }
  }
  return removed;
}

/** Removes the jobs' entries from the session queues' event streams (BullMQ's `failed` event
 * carries the failure reason). */
async function dropJobEvents(ctx: QueueContext, jobIds: ReadonlySet<string>): Promise<void> {
  for (const stage of SESSION_STAGES) {
    const key = `${ctx.qc.prefix}:${STAGE_QUEUE[stage]}:events`;
    const gone: string[] = [];
    for (const [id, fields] of await ctx.redis.xrange(key, '-', '+')) {
      const at = fields.indexOf('jobId');
      if (at >= 0 && at % 2 === 0 && jobIds.has(fields[at + 1] ?? '')) gone.push(id);
    }
    if (gone.length > 0) await ctx.redis.xdel(key, ...gone);
  }
}
