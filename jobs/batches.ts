/** A batch's progress, failures and rejects (`honne batch status`), and what an operator does
 * about failures: `retry` re-enqueues them, `dismiss` drops them from the list (as does
 * `honne erase` for an erased employee's sessions). */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { z } from 'zod';
import { ConfigError, TransientError } from '../pipeline/errors.js';
import type { Reject } from '../pipeline/ingest/records.js';
import { readJsonl, rejectNames, writeJsonl, type ErasedEmployee } from '../pipeline/operator-files.js';
import type { QueueErasure } from '../pipeline/ports/queue-state.js';
import { UsageSchema } from '../pipeline/schemas.js';
import { getJson, putJson } from '../pipeline/objects.js';
import { readMeta, requireMeta, writeMeta, type QueueContext } from './context.js';
import { loadGroups, SEAL } from './flow.js';
import { batchKeys, loadJobPrefix, objectKeys, refOf, reportJobId, SESSION_STAGES, stageJobId, workObjects, type SessionStage } from './ids.js';
import { batchesKey, batchRedisKeys, stageOf, STAGE_QUEUE, type QueueName } from './queues.js';
import { enqueueRound, planOf } from './submit.js';
import { oaiKeys, OPENAI_BATCH_JOB } from './openai-batch.js';
import { emptyOaiState, LinesSchema, readOaiState, type OaiState } from './openai-batch-state.js';
import { FailureSchema, LoadJobDataSchema, STAGES, type BatchMeta, type Failure, type PlanEntry, type Stage } from './schemas.js';

export interface StageCounts {
  total: number;
  waiting: number;
  active: number;
  done: number;
  failed: number;
}

export type BatchState = 'running' | 'done' | 'done_with_failures';

/** What the batch's transcriptions used so far, summed over its sessions' usage. */
export interface TranscriptionUsage {
  /** Recordings transcribed (of them, answered by a cache: `cached`). */
  sessions: number;
  cached: number;
  /** Audio sent, and long silence cut before sending (billed minutes saved), in seconds. */
  audioSeconds: number;
  trimmedSeconds: number;
  /** Estimated from the configured prices. */
  costUsd: number;
}

export interface BatchStatus {
  meta: BatchMeta;
  state: BatchState;
  stages: Record<Stage, StageCounts>;
  transcription: TranscriptionUsage;
  /** Sessions through their last stage (analysed or failed), of meta.sessions. */
  sessionsFinished: number;
  failures: Failure[];
  rejects: Reject[];
  /** `--openai-batch`: the batch API's batches, their states and counts (absent before the
   * first is submitted: `collecting` while sessions are still being redacted). */
  openaiBatch?: OaiState;
}

const RejectSchema = z.object({ file: z.string(), line: z.number(), field: z.string().optional(), reason: z.string(), raw: z.string() });

async function failuresOf(ctx: QueueContext, batchId: string): Promise<Failure[]> {
  const raw = await ctx.redis.hgetall(batchRedisKeys(ctx.qc.prefix, batchId).failures);
  return Object.values(raw)
    .map((v) => FailureSchema.parse(JSON.parse(v)))
    .sort((a, b) => a.companyId.localeCompare(b.companyId) || a.id.localeCompare(b.id));
}

/** Sums the usage the batch's transcribe jobs recorded (jobs/worker.ts), one entry per session. */
async function transcriptionUsage(ctx: QueueContext, batchId: string): Promise<TranscriptionUsage> {
  const total: TranscriptionUsage = { sessions: 0, cached: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0 };
  for (const raw of await ctx.redis.hvals(batchRedisKeys(ctx.qc.prefix, batchId).usage)) {
    const u = UsageSchema.parse(JSON.parse(raw));
    total.sessions += 1;
    if (u.cached) total.cached += 1;
    total.audioSeconds += u.audioSeconds;
    total.trimmedSeconds += u.trimmedSeconds;
    total.costUsd += u.costUsd;
  }
  return total;
}

async function activeByStage(ctx: QueueContext, batchId: string): Promise<Record<Stage, number>> {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const [name, queue] of Object.entries(ctx.queues)) {
    for (const job of await queue.getActive()) {
      const data = job.data as { batchId?: unknown };
      if (data.batchId !== batchId || job.name === SEAL || job.name === OPENAI_BATCH_JOB) continue;
      counts[stageOf(name as QueueName, job)] += 1;
    }
  }
  return counts;
}

export async function batchStatus(ctx: QueueContext, batchId: string, opts: { rejects?: number } = {}): Promise<BatchStatus> {
  const keys = batchRedisKeys(ctx.qc.prefix, batchId);
  const submitted = withoutErased(await requireMeta(ctx, batchId), await ctx.redis.scard(keys.erased), await ctx.redis.scard(keys.erasedRecordings));
  // rows its loads refused (jobs/stages.ts) are rejected rows too
  const meta = { ...submitted, rejects: Math.max(submitted.rejects, await ctx.redis.llen(keys.rejects)) };
  // The batch is over when its last report job is: completed, or failed for good (listed).
  // Read before the counts: the report job marks itself done before BullMQ completes it, so a
  // batch seen over always shows its report counted (read after, a finish in between did not).
  const report = await ctx.queues.store.getJobState(reportJobId(batchId, meta.rounds));
  const done = await ctx.redis.pipeline(STAGES.map((s) => ['scard', keys.done(s)])).exec();
  const doneOf = (i: number) => Number(done?.[i]?.[1] ?? 0);
  const failures = await failuresOf(ctx, batchId);
  const active = await activeByStage(ctx, batchId);
  const transcription = await transcriptionUsage(ctx, batchId);
  const rejects = (await ctx.redis.lrange(keys.rejects, 0, (opts.rejects ?? 20) - 1)).map((r) => RejectSchema.parse(JSON.parse(r)));

  const stages = {} as Record<Stage, StageCounts>;
  const sessionFailures = failures.filter((f) => f.stage !== 'load' && f.stage !== 'report');
  let failedBefore = 0;
  STAGES.forEach((stage, i) => {
    const total = stage === 'load' ? meta.loads + meta.retryLoads : stage === 'report' ? meta.rounds + 1 : stage === 'transcribe' ? meta.recordings : meta.sessions;
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
  const over = report === 'completed' || report === 'failed';
  const state: BatchState = !over ? 'running' : failures.length > 0 || report === 'failed' ? 'done_with_failures' : 'done';
  return {
    meta,
    state,
    stages,
    transcription,
    sessionsFinished: Math.min(meta.sessions, stages.analyze.done + sessionFailures.length),
    failures,
    rejects,
    ...(meta.openaiBatch ? { openaiBatch: (await readOaiState(ctx.objects, batchId)) ?? emptyOaiState() } : {}),
  };
}

/** The batch as it stands after erasures: their sessions and recordings off its totals. */
function withoutErased(meta: BatchMeta, sessions: number, recordings: number): BatchMeta {
  return sessions === 0 ? meta : { ...meta, sessions: meta.sessions - sessions, recordings: meta.recordings - recordings, erased: sessions };
}

/** An erased session's mark in the batch's erased sets: opaque (its id cannot be read back, nor
 * guessed from a list of likely ids without the fingerprint), the same every time. */
const erasedMark = (e: PlanEntry): string => createHash('sha256').update(JSON.stringify(['honne-erased-v1', e.sessionId, e.fingerprint])).digest('hex');

/** Removes a failed session's jobs (every stage, whatever their state: a completed redact
 * would otherwise release the re-added analyze at once, without its redacted text), so the
 * same ids can be enqueued again. A session whose analyze job exists and has not failed was
 * re-enqueued already (a retry cut off and run again): it is left alone. */
async function removeSessionJobs(ctx: QueueContext, e: PlanEntry): Promise<void> {
  const ref = refOf(e);
  const analyze = await Job.fromId(ctx.queues.analyze, stageJobId('analyze', ref));
  if (analyze && !(await analyze.isFailed())) return;
  await removeStageJobs(ctx, ref);
}

/** Removes a session's job of every stage, whatever its state, the last stage first. */
async function removeStageJobs(ctx: QueueContext, ref: ReturnType<typeof refOf>): Promise<void> {
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
/** How long a batch stays locked for one erase or retry, at most (a process that died holding
 * it frees it then). */
const BATCH_LOCK_MS = 15 * 60 * 1000;

/** Runs `fn` holding the batches' locks: an erase and a retry (or a dismiss) of one batch never
 * overlap — a retry between an erase's checks and its changes would enqueue the erased
 * employee's failed session again. The other one is refused, and says so; nothing is changed. */
async function withBatchLocks<T>(ctx: QueueContext, batchIds: Iterable<string>, fn: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  const held: string[] = [];
  try {
    for (const batchId of batchIds) {
      const key = batchRedisKeys(ctx.qc.prefix, batchId).lock;
      if ((await ctx.redis.set(key, token, 'PX', BATCH_LOCK_MS, 'NX')) !== 'OK') {
        throw new TransientError(`batch ${batchId} is being changed by another erase, retry or dismiss; run this again once it has finished; nothing was changed`);
      }
      held.push(key);
    }
    return await fn();
  } finally {
    for (const key of held) if ((await ctx.redis.get(key)) === token) await ctx.redis.del(key);
  }
}

export async function retryBatch(ctx: QueueContext, batchId: string): Promise<RetryResult> {
  return withBatchLocks(ctx, [batchId], () => retryLocked(ctx, batchId));
}

async function retryLocked(ctx: QueueContext, batchId: string): Promise<RetryResult> {
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
  return withBatchLocks(ctx, [batchId], () => dismissLocked(ctx, batchId, ids));
}

async function dismissLocked(ctx: QueueContext, batchId: string, ids?: readonly string[]): Promise<number> {
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


/** Erasure in the queue, for the erased employee's sessions of each batch (from the batch's
 * session records, pipeline/erase/objects.ts). The queue keeps a session's id in its jobs' ids
 * and data (a completed job for days), its failure (which names the transcript file, whose name
 * may name the employee) on the failed job, in its queue's event stream and in its load's hashes
 * of failed and processed children, in the batch's done sets and usage hash, and in the batch's
 * plan; so for each such session: its failure record and usage entry go, every stage job is
 * removed whatever its state, every event of its jobs is dropped, its entries in the loads'
 * hashes and its rows in the batch's `failed.jsonl` (OUT) go, it leaves the batch's counts (an
 * opaque mark in the erased sets, which `batch status` takes off the totals), and, last, the
 * plan loses it.
 *
 * Checks every batch first and changes nothing when it cannot finish: a batch unknown to this
 * Redis (wrong REDIS_URL or HONNE_QUEUE_PREFIX), a batch still running (its loads read the
 * results that erasure deletes; erase again once it has finished), or an unreadable
 * `failed.jsonl` is an error. Run again after a failure midway, it finishes the job. Returns the
 * failure records removed. */
export async function eraseQueueSessions(ctx: QueueContext, byBatch: ReadonlyMap<string, ReadonlySet<string>>, who: ErasedEmployee): Promise<QueueErasure> {
  return withBatchLocks(ctx, byBatch.keys(), () => eraseLocked(ctx, byBatch, who));
}

async function eraseLocked(ctx: QueueContext, byBatch: ReadonlyMap<string, ReadonlySet<string>>, who: ErasedEmployee): Promise<QueueErasure> {
  type Erasing = { meta: BatchMeta; sessions: Array<{ entry: PlanEntry; jobs: Array<{ stage: SessionStage; id: string; state: string }> }>; failedRows: unknown[] | undefined };
  const batches = new Map<string, Erasing>();
  // Check first.
  for (const [batchId, ids] of byBatch) {
    const meta = await readMeta(ctx, batchId);
    if (!meta) throw new ConfigError(`batch ${batchId} (in the object store) is not in this Redis: check REDIS_URL and HONNE_QUEUE_PREFIX; nothing was erased`, { variable: 'REDIS_URL' });
    // The whole batch must be over: its loads still read the results that erasure deletes, and
    // its report rewrites failed.jsonl (so the file read here is the one to rewrite).
    const report = await ctx.queues.store.getJobState(reportJobId(batchId, meta.rounds));
    if (!meta.enqueued || (report !== 'completed' && report !== 'failed')) {
      throw new TransientError(`batch ${batchId}, which holds sessions of this employee, is still running; run erase again once it has finished; nothing was erased`);
    }
    const sessions: Erasing['sessions'] = [];
    for (const entry of (await planOf(ctx, batchId)).filter((p) => ids.has(p.sessionId))) {
      const jobs = await Promise.all(
        SESSION_STAGES.map(async (stage) => {
          const id = stageJobId(stage, refOf(entry));
          return { stage, id, state: await ctx.queues[STAGE_QUEUE[stage]].getJobState(id) };
        }),
      );
      const busy = jobs.find((j) => j.state !== 'completed' && j.state !== 'failed' && j.state !== 'unknown');
      if (busy) throw new TransientError(`batch ${batchId} is still processing session ${entry.sessionId} of this employee (${busy.stage}: ${busy.state}); run erase again once the batch has finished; nothing was erased`);
      sessions.push({ entry, jobs });
    }
    batches.set(batchId, { meta, sessions, failedRows: readJsonl(join(meta.outDir, 'failed.jsonl')) });
  }
  let removed = 0;
  // Loads of every batch and round (`load.<batch>.g<group>[.r<round>]`): a failed analyze stays
  // listed in its load's ignored-failures hash.
  // and among its processed children once it has run (BullMQ keeps both hashes with the load job).
  const loadChildren = [
    ...(await scanKeys(ctx, ctx.queues[STAGE_QUEUE.load].toKey(`${loadJobPrefix('*')}*:failed`))),
    ...(await scanKeys(ctx, ctx.queues[STAGE_QUEUE.load].toKey(`${loadJobPrefix('*')}*:processed`))),
  ];
  for (const [batchId, { meta, sessions, failedRows }] of batches) {
    if (sessions.length === 0) continue;
    const ids = new Set(sessions.map((e) => e.entry.sessionId));
    // The failure record first: while listed, `batch retry` would run the session again.
    removed += await ctx.redis.hdel(batchRedisKeys(ctx.qc.prefix, batchId).failures, ...ids);
    // their transcriptions' usage entries (numbers, under the session id) go too
    await ctx.redis.hdel(batchRedisKeys(ctx.qc.prefix, batchId).usage, ...ids);
    // Every job of theirs goes, whatever its state: a completed one keeps the session id (in its
    // id and data) for days, and its load lists it among its children (below).
    for (const { entry } of sessions) await removeStageJobs(ctx, refOf(entry));
    // An OpenAI batch's waiting sessions (Redis) and line lists (object store) name sessions and
    // stay until its poll job ends, which waits for the provider to delete its files (it may
    // not answer for hours): they lose the erased sessions too.
    await ctx.redis.hdel(oaiKeys(ctx.qc.prefix, batchId).ready, ...ids);
    for (const sub of (await readOaiState(ctx.objects, batchId))?.submissions ?? []) {
      const list = await getJson(ctx.objects, sub.lines, LinesSchema);
      if (list?.lines.some((l) => ids.has(l.sessionId))) await putJson(ctx.objects, sub.lines, { lines: list.lines.filter((l) => !ids.has(l.sessionId)) });
    }
    const analyzeKeys = sessions.map(({ entry }) => ctx.queues.analyze.toKey(stageJobId('analyze', refOf(entry))));
    const ofBatch = ctx.queues[STAGE_QUEUE.load].toKey(loadJobPrefix(batchId));
    for (const key of loadChildren.filter((k) => k.startsWith(ofBatch))) await ctx.redis.hdel(key, ...analyzeKeys);
    const kept = failedRows?.filter((r) => !ids.has(String(sessionIdOf(r))));
    if (failedRows && kept && kept.length < failedRows.length) await writeJsonl(join(meta.outDir, 'failed.jsonl'), kept);
    // Out of the batch's counts: their ids leave the done sets, and an opaque mark of each (a
    // hash of id and fingerprint; adding it twice changes nothing) joins the erased sets that
    // `batch status` takes off the totals.
    const keys = batchRedisKeys(ctx.qc.prefix, batchId);
    for (const stage of SESSION_STAGES) await ctx.redis.srem(keys.done(stage), ...ids);
    await ctx.redis.sadd(keys.erased, ...sessions.map(({ entry }) => erasedMark(entry)));
    const recordings = sessions.filter(({ entry }) => entry.recording === true);
    if (recordings.length > 0) await ctx.redis.sadd(keys.erasedRecordings, ...recordings.map(({ entry }) => erasedMark(entry)));
  }
  await dropJobEvents(ctx, new Set([...batches.values()].flatMap((b) => b.sessions.flatMap((e) => e.jobs.map((j) => j.id)))));
  // Last, the plans, which name each session (the id, its manifest line): an erasure cut off
  // before this point finds the sessions again through them and does every step above again.
  for (const [batchId, { sessions }] of batches) {
    if (sessions.length === 0) continue;
    const ids = new Set(sessions.map((e) => e.entry.sessionId));
    await putJson(ctx.objects, batchKeys(batchId).plan, { sessions: (await planOf(ctx, batchId)).filter((e) => !ids.has(e.sessionId)) });
  }
  // Rejected rows keep the raw line, with the raw id: every batch's list (a batch's rejects are
  // final once it is submitted, so a running batch is no reason to wait).
  const outDirs: string[] = [];
  let rejects = 0;
  for (const batchId of await ctx.redis.zrange(batchesKey(ctx.qc.prefix), 0, -1)) {
    const meta = await readMeta(ctx, batchId);
    if (meta) outDirs.push(meta.outDir);
    const key = batchRedisKeys(ctx.qc.prefix, batchId).rejects;
    const rows = await ctx.redis.lrange(key, 0, -1);
    const kept = rows.filter((r) => !rejectNames(r, who));
    if (kept.length === rows.length) continue;
    rejects += rows.length - kept.length;
    const multi = ctx.redis.multi().del(key);
    if (kept.length > 0) multi.rpush(key, ...kept);
    await multi.exec();
  }
  return { failures: removed, rejects, outDirs };
}

/** Retention in Redis: the rejected rows and failure records of batches submitted more than
 * `days` ago (operator data, with raw rows and reasons), deleted unless `dryRun`. Returns the
 * rows and records past. */
export async function expireBatchRecords(ctx: QueueContext, days: number | null, now: Date, dryRun: boolean): Promise<number> {
  if (days === null) return 0;
  const before = now.getTime() - days * 24 * 3600 * 1000;
  let past = 0;
  for (const batchId of await ctx.redis.zrangebyscore(batchesKey(ctx.qc.prefix), '-inf', `(${before}`)) {
    const keys = batchRedisKeys(ctx.qc.prefix, batchId);
    past += (await ctx.redis.llen(keys.rejects)) + (await ctx.redis.hlen(keys.failures));
    if (!dryRun) await ctx.redis.del(keys.rejects, keys.failures);
  }
  return past;
}

/** The output folders of every batch this Redis knows (their operator files). */
export async function batchOutDirs(ctx: QueueContext): Promise<string[]> {
  const dirs: string[] = [];
  for (const batchId of await ctx.redis.zrange(batchesKey(ctx.qc.prefix), 0, -1)) {
    const meta = await readMeta(ctx, batchId);
    if (meta) dirs.push(meta.outDir);
  }
  return dirs;
}

async function scanKeys(ctx: QueueContext, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await ctx.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/** The session a row of `failed.jsonl` is about: `id` in a batch's, `session_id` in `honne run`'s. */
const sessionIdOf = (r: unknown): unknown =>
  typeof r === 'object' && r !== null ? ((r as { id?: unknown }).id ?? (r as { session_id?: unknown }).session_id) : undefined;

/** Removes the jobs' entries from the session queues' event streams (BullMQ's `failed` event
 * carries the failure reason), a page at a time. */
async function dropJobEvents(ctx: QueueContext, jobIds: ReadonlySet<string>): Promise<void> {
  if (jobIds.size === 0) return;
  for (const stage of SESSION_STAGES) await rewriteStream(ctx, ctx.queues[STAGE_QUEUE[stage]].toKey('events'), (fields) => fields[2] === 'jobId' && jobIds.has(fields[3] ?? ''));
}

/** Removes a stream's entries that `gone` picks by writing the stream afresh: XDEL only flags
 * an entry deleted, and its bytes stay in the stream (and in every dump of it) until the whole
 * node is gone. Entries keep their ids; an event added meanwhile (WATCH) makes it start over. */
async function rewriteStream(ctx: QueueContext, key: string, gone: (fields: string[]) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await ctx.redis.watch(key);
    const entries = await ctx.redis.xrange(key, '-', '+');
    const kept = entries.filter(([, fields]) => !gone(fields));
    if (kept.length === entries.length) {
      await ctx.redis.unwatch();
      return;
    }
    const multi = ctx.redis.multi().del(key);
    for (const [id, fields] of kept) multi.xadd(key, id, ...fields);
    if ((await multi.exec()) !== null) return;
  }
  throw new TransientError(`the events of ${key} kept changing while erase rewrote them; run erase again`);
}
