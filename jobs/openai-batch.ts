/** `honne batch submit --openai-batch`: the batch's analysis requests go through a batch API
 * (pipeline/ports/batch-analysis.ts; OpenAI's, half price, within 24 h) instead of one call per
 * session. Every step's state is in Redis and the object store, never in a worker's memory:
 *
 * 1. An analyze job of the batch's first round (`SessionJobData.openaiBatch`) with no answers yet
 *    registers its session as redacted (`oaiKeys(…).ready`) and moves itself to delayed
 *    (`AwaitingBatchError`, handled by `runJob`): it uses no attempt and holds no worker.
 * 2. The batch's poll job (`OPENAI_BATCH_JOB` on the analyze queue, one per batch, added at
 *    submit) runs every `HONNE_OPENAI_BATCH_POLL_MS`, moving itself back to delayed between
 *    runs (`advance`). Once every session of the batch is redacted or has failed, it builds each
 *    session's requests with the provider (`batchRequests`: the synchronous call's bodies, only
 *    what the model cache cannot answer) and submits them (`MAX_LINES` per batch at most).
 * 3. It polls each submitted batch; once one has ended, its lines are settled (`settleLines`):
 *    an answer is kept; a completed batch's error line or missing line is left to a synchronous
 *    call; an expired batch's unanswered lines are submitted again once (`RESUBMITS`), then fail;
 *    a cancelled or failed batch's unanswered lines fail (`BatchUnansweredError`, listed by
 *    `batch status`; `batch retry` analyses them synchronously). A session whose lines are all
 *    settled gets its outcome object (`objectKeys(key).batch`) and its analyze job is promoted.
 * 4. The analyze job analyses with the answers (`AnalyzeInput.answered`): the provider checks
 *    each as a fresh answer, asks a bad one again synchronously (once), costs batch lines at the
 *    batch discount and fills the model cache; the rest of the flow is unchanged.
 * 5. Once a batch's lines are settled and recorded, its files at the provider (the uploaded
 *    redacted speech, the answers quoting it) are deleted (`BatchAnalysis.cleanup`).
 * A poll job that fails `POLL_FAILURES` runs in a row (a success resets the count), or once on
 * an error no retry helps, fails the waiting sessions with its reason (`failAll`), cancels the
 * batches still running and stays on (phase `failed`) until each has ended and its files are
 * deleted. */
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { ConfigError, describeError, retryable } from '../pipeline/errors.js';
import { getJson, putJson } from '../pipeline/objects.js';
import type { BatchAnswer, ProviderRequest } from '../pipeline/ports/analysis-provider.js';
import { ENDED_STATES, type BatchAnalysis, type BatchLine, type BatchSnapshot } from '../pipeline/ports/batch-analysis.js';
import { analyzeInputOf } from '../pipeline/session.js';
import type { QueueConfig } from './config.js';
import { readMeta, type QueueContext } from './context.js';
import { objectKeys } from './ids.js';
import { batchRedisKeys } from './queues.js';
import { FailureSchema, type SessionJobData } from './schemas.js';
import { readRedacted, type SessionStageDeps } from './session-stages.js';
import { BatchOutcomeSchema, emptyOaiState, LinesSchema, linesKey, outcomeDone, readOaiState, stateKey, type BatchOutcome, type LineRef, type OaiState } from './openai-batch-state.js';

export { AwaitingBatchError } from './openai-batch-state.js';

/** The name (and id prefix) of a batch's poll job on the analyze queue. */
export const OPENAI_BATCH_JOB = 'openai-batch';
export const openAiBatchJobId = (batchId: string) => `${OPENAI_BATCH_JOB}.${batchId}`;

/** OpenAI's limits per batch: 50,000 requests, a 200 MB file; kept under both. */
export const MAX_LINES = 50_000;
export const MAX_BYTES = 150 * 1024 * 1024;
/** An expired batch's unanswered lines are submitted again this many times, then fail. */
export const RESUBMITS = 1;
/** Poll runs failing in a row before the job gives up (at the default 60 s poll: half an hour
 * of an API or store that does not answer). */
export const POLL_FAILURES = 30;

/** A delayed analyze job is promoted when its answers arrive; it also wakes up this many poll
 * intervals later by itself (a promotion lost to a crash is not waited on for ever). */
const WAKE_POLLS = 10;

export const oaiKeys = (prefix: string, batchId: string) => ({
  /** session id → ReadySession JSON: the sessions whose analyze job waits for the batch API. */
  ready: `${batchRedisKeys(prefix, batchId).meta}:oai:ready`,
});

const ReadySessionSchema = z.object({ key: z.string(), companyId: z.string(), jobId: z.string() });
type ReadySession = z.infer<typeof ReadySessionSchema>;


/** `runJob`'s part: the session is registered as redacted and its job waits (delayed). */
export async function awaitBatch(ctx: QueueContext, job: Job, token: string | undefined, data: SessionJobData): Promise<never> {
  const ready: ReadySession = { key: data.key, companyId: data.companyId, jobId: job.id ?? '' };
  await ctx.redis.hset(oaiKeys(ctx.qc.prefix, data.batchId).ready, data.sessionId, JSON.stringify(ready));
  await job.moveToDelayed(Date.now() + WAKE_POLLS * ctx.qc.openaiBatchPollMs, token);
  throw new DelayedError();
}

/** The poll job's options. A failed run is counted in the batch's state (`failures`) and the job
 * moved back to delayed without using an attempt; BullMQ's attempts only count runs that could
 * not even record their failure (the object store down). */
export function pollJobOptions(qc: QueueConfig, batchId: string) {
  return { jobId: openAiBatchJobId(batchId), delay: qc.openaiBatchPollMs, attempts: qc.storeAttempts, backoff: { type: 'fixed', delay: qc.openaiBatchPollMs }, removeOnComplete: { age: qc.keepCompletedS }, removeOnFail: false };
}

// ---- pure parts ----------------------------------------------------------------------------

/** Lines cut into batches of at most `maxLines` lines and about `maxBytes` bytes each. */
export function chunkLines<T extends { bytes: number }>(lines: readonly T[], maxLines = MAX_LINES, maxBytes = MAX_BYTES): T[][] {
  const out: T[][] = [];
  let [current, bytes] = [[] as T[], 0];
  for (const l of lines) {
    if (current.length > 0 && (current.length >= maxLines || bytes + l.bytes > maxBytes)) {
      out.push(current);
      [current, bytes] = [[], 0];
    }
    current.push(l);
    bytes += l.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Whether every session of the round is redacted (its analyze job waits) or has failed. */
export function allRedacted(sessions: number, ready: ReadonlySet<string>, failed: ReadonlySet<string>): boolean {
  let n = ready.size;
  for (const f of failed) if (!ready.has(f)) n += 1;
  return n >= sessions;
}

export interface Settled {
  answers: Array<{ line: LineRef; answer: BatchAnswer }>;
  /** Lines to submit again (an expired batch's unanswered ones). */
  resubmit: LineRef[];
  failed: Array<{ line: LineRef; reason: string }>;
}

/** An ended batch's lines: answered, left to a synchronous call (a completed batch's error or
 * missing lines, as `{ error }`), submitted again (an expired batch's, while `canResubmit`), or
 * failed with the reason (cancelled, failed, expired again). */
export function settleLines(lines: readonly LineRef[], snap: BatchSnapshot, canResubmit: boolean): Settled {
  const results = new Map((snap.results ?? []).map((r) => [r.customId, r]));
  const out: Settled = { answers: [], resubmit: [], failed: [] };
  for (const line of lines) {
    const r = results.get(line.customId);
    if (r?.response !== undefined && r.error === undefined) out.answers.push({ line, answer: { response: r.response } });
    else if (snap.state === 'completed') out.answers.push({ line, answer: { error: r?.error ?? `missing from batch ${snap.id}'s output` } });
    else if (snap.state === 'expired' && canResubmit) out.resubmit.push(line);
    else {
      const why = snap.state === 'failed' ? `failed${snap.reason ? ` (${snap.reason})` : ''}` : snap.state === 'expired' ? 'expired again after its lines were submitted again' : 'was cancelled';
      out.failed.push({ line, reason: `batch API batch ${snap.id} ${why} before answering the session's request; \`honne batch retry\` analyses it synchronously` });
    }
  }
  return out;
}

// ---- the poll job ---------------------------------------------------------------------------

interface Deps {
  ctx: QueueContext;
  session: SessionStageDeps;
  api: BatchAnalysis;
}

const readyOf = async (ctx: QueueContext, batchId: string): Promise<Map<string, ReadySession>> =>
  new Map(Object.entries(await ctx.redis.hgetall(oaiKeys(ctx.qc.prefix, batchId).ready)).map(([id, v]) => [id, ReadySessionSchema.parse(JSON.parse(v))]));

async function failedSessions(ctx: QueueContext, batchId: string): Promise<Set<string>> {
  const all = Object.values(await ctx.redis.hgetall(batchRedisKeys(ctx.qc.prefix, batchId).failures)).map((v) => FailureSchema.parse(JSON.parse(v)));
  return new Set(all.filter((f) => f.stage !== 'load' && f.stage !== 'report').map((f) => f.id));
}

/** A session's requests that still need an answer (the provider builds them from its redaction). */
async function requestsOf(d: Deps, r: ReadySession): Promise<ProviderRequest[] | undefined> {
  const red = await readRedacted(d.ctx.objects, r.key, d.session.session.sparedNames, d.session.pseudonymKey);
  if (!red) return undefined; // its analyze job finished meanwhile
  const provider = d.session.session.provider;
  if (!provider.batchRequests) throw new ConfigError(`--openai-batch: the worker's analysis provider (${provider.lineage.provider}) has no batch API; set HONNE_PROVIDER=openai`, { variable: 'HONNE_PROVIDER' });
  return provider.batchRequests(analyzeInputOf(red.session, red.redacted));
}

async function promote(ctx: QueueContext, jobIds: Iterable<string>): Promise<void> {
  for (const id of jobIds) {
    const job = await Job.fromId(ctx.queues.analyze, id);
    try {
      if (job && (await job.isDelayed())) await job.promote();
    } catch {
      // taken meanwhile (it woke up by itself): nothing to do
    }
  }
}

/** Writes sessions' answers (merged with what they had), and returns the sessions now done. */
async function record(ctx: QueueContext, ready: ReadonlyMap<string, ReadySession>, settled: Settled): Promise<string[]> {
  const bySession = new Map<string, { answers: Array<[string, BatchAnswer]>; failed?: string }>();
  const at = (id: string) => bySession.get(id) ?? bySession.set(id, { answers: [] }).get(id)!;
  for (const { line, answer } of settled.answers) at(line.sessionId).answers.push([line.requestKey, answer]);
  for (const { line, reason } of settled.failed) at(line.sessionId).failed = reason;
  const done: string[] = [];
  for (const [sessionId, got] of bySession) {
    const r = ready.get(sessionId);
    if (!r) continue;
    const key = objectKeys(r.key).batch;
    const before = await getJson(ctx.objects, key, BatchOutcomeSchema);
    const outcome: BatchOutcome = {
      requests: before?.requests ?? got.answers.length,
      answers: { ...before?.answers, ...Object.fromEntries(got.answers) },
      ...((got.failed ?? before?.failed) !== undefined ? { failed: (got.failed ?? before?.failed)! } : {}),
    };
    await putJson(ctx.objects, key, outcome);
    if (outcomeDone(outcome)) done.push(r.jobId);
  }
  return done;
}

async function submitLines(d: Deps, batchId: string, state: OaiState, lines: Array<LineRef & { body: unknown; bytes: number }>, attempt: number): Promise<void> {
  for (const chunk of chunkLines(lines)) {
    const n = state.submissions.length;
    const refs: LineRef[] = chunk.map(({ customId, sessionId, requestKey }) => ({ customId, sessionId, requestKey }));
    // its line list already there: a run was cut off around this submission; one the provider
    // has is taken, not paid for twice
    const resumed = await d.ctx.objects.exists(linesKey(batchId, n));
    await putJson(d.ctx.objects, linesKey(batchId, n), { lines: refs });
    const batchLines: BatchLine[] = chunk.map((l) => ({ customId: l.customId, body: l.body }));
    const found = resumed ? await d.api.find(batchId, n) : undefined;
    const id = found ?? (await d.api.submit(batchLines, batchId, n));
    if (found) d.ctx.log.warn({ batch: batchId, batchApi: id, chunk: n }, 'batch API batch found from a run cut off: not submitted again');
    state.submissions.push({ id, attempt, lines: linesKey(batchId, n), state: 'validating', counts: { total: chunk.length, completed: 0, failed: 0 }, settled: false, cleaned: false });
    await putJson(d.ctx.objects, stateKey(batchId), state);
    d.ctx.log.info({ batch: batchId, batchApi: id, lines: chunk.length, attempt }, 'batch API batch submitted');
  }
}

/** Lines for these sessions' requests (those in `only`, when given), custom ids unique in the
 * honne batch (`a<attempt>.<n>`: no session id goes to the provider). */
async function linesFor(d: Deps, sessions: ReadonlyMap<string, ReadySession>, attempt: number, only?: ReadonlySet<string>) {
  const lines: Array<LineRef & { body: unknown; bytes: number }> = [];
  const requestsPer = new Map<string, number>();
  for (const [sessionId, r] of [...sessions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const reqs = await requestsOf(d, r);
    if (reqs === undefined) continue;
    requestsPer.set(sessionId, reqs.length);
    for (const q of reqs) {
      if (only && !only.has(q.key)) continue;
      lines.push({ customId: `a${attempt}.${lines.length}`, sessionId, requestKey: q.key, body: q.body, bytes: Buffer.byteLength(JSON.stringify(q.body)) + 100 });
    }
  }
  return { lines, requestsPer };
}

/** One run of the poll job: submits once every session is redacted, polls, settles ended
 * batches. Returns the phase it leaves the batch in. */
export async function advance(d: Deps, batchId: string): Promise<{ phase: OaiState['phase']; ended: boolean }> {
  const { ctx } = d;
  const state: OaiState = (await readOaiState(ctx.objects, batchId)) ?? emptyOaiState();
  // whatever this run writes, it got that far: the failures in a row are over (a run that fails
  // before writing leaves the count for `countFailure`)
  const failedBefore = state.failures > 0;
  state.failures = 0;
  if (state.phase === 'done') return { phase: 'done', ended: true };
  if (state.phase === 'failed') return { phase: 'failed', ended: await drain(d, batchId, state) };
  const ready = await readyOf(ctx, batchId);
  if (state.phase === 'collecting') {
    const meta = await readMeta(ctx, batchId);
    if (!meta?.enqueued || !allRedacted(meta.sessions, new Set(ready.keys()), await failedSessions(ctx, batchId))) {
      if (failedBefore) await putJson(ctx.objects, stateKey(batchId), state);
      return { phase: state.phase, ended: false };
    }
    const { lines, requestsPer } = await linesFor(d, ready, 0);
    // sessions the cache answers whole need nothing from the batch API
    const empty = [...requestsPer].filter(([, n]) => n === 0).map(([id]) => id);
    for (const id of empty) await putJson(ctx.objects, objectKeys(ready.get(id)!.key).batch, { requests: 0, answers: {} });
    await promote(ctx, empty.map((id) => ready.get(id)!.jobId));
    // each session's outcome knows how many answers it waits for before any is recorded
    for (const [id, n] of requestsPer) if (n > 0) await putJson(ctx.objects, objectKeys(ready.get(id)!.key).batch, { requests: n, answers: {} });
    // (persisted with its first submission: a run cut off before it collects again)
    Object.assign(state, { phase: 'running', sessions: [...requestsPer.values()].filter((n) => n > 0).length, requests: lines.length });
    await submitLines(d, batchId, state, lines, 0);
  }
  for (const sub of state.submissions.filter((s) => !s.settled)) {
    const snap = await d.api.poll(sub.id);
    Object.assign(sub, { state: snap.state, counts: snap.counts });
    if (!ENDED_STATES.has(snap.state)) continue;
    const refs = (await getJson(ctx.objects, sub.lines, LinesSchema))?.lines ?? [];
    const settled = settleLines(refs, snap, sub.attempt < RESUBMITS);
    const done = await record(ctx, ready, settled);
    if (settled.resubmit.length > 0) {
      const sessions = new Map([...ready].filter(([id]) => settled.resubmit.some((l) => l.sessionId === id)));
      const { lines } = await linesFor(d, sessions, sub.attempt + 1, new Set(settled.resubmit.map((l) => l.requestKey)));
      sub.settled = true; // persisted with the resubmission: a run cut off after it does not submit again
      await submitLines(d, batchId, state, lines, sub.attempt + 1);
    }
    sub.settled = true;
    await putJson(ctx.objects, stateKey(batchId), state);
    await promote(ctx, done);
    ctx.log.info({ batch: batchId, batchApi: sub.id, state: snap.state, answered: settled.answers.length, resubmitted: settled.resubmit.length, failed: settled.failed.length }, 'batch API batch ended');
  }
  // answers recorded: nothing of the batch stays at the provider
  for (const sub of state.submissions.filter((s) => s.settled && !s.cleaned)) {
    sub.cleaned = await d.api.cleanup(sub.id);
    await putJson(ctx.objects, stateKey(batchId), state);
  }
  if (state.submissions.every((s) => s.settled && s.cleaned)) {
    state.phase = 'done';
    for (const s of state.submissions) await ctx.objects.delete(s.lines);
  }
  await putJson(ctx.objects, stateKey(batchId), state);
  // every waiting session has its answers (or its reason): nothing waits any more
  if (state.phase === 'done') await ctx.redis.del(oaiKeys(ctx.qc.prefix, batchId).ready);
  return { phase: state.phase, ended: state.phase === 'done' };
}

/** After `failAll`: each batch not cleaned up is cleaned up once it has ended (cancelled ones
 * may still write an output file meanwhile). Returns whether none is left. */
async function drain(d: Deps, batchId: string, state: OaiState): Promise<boolean> {
  for (const sub of state.submissions.filter((s) => !s.cleaned)) {
    sub.cleaned = await d.api.cleanup(sub.id);
    await putJson(d.ctx.objects, stateKey(batchId), state);
  }
  await putJson(d.ctx.objects, stateKey(batchId), state);
  return state.submissions.every((s) => s.cleaned);
}

/** The poll job failed for good: the sessions waiting on it fail with the reason (`batch
 * status` lists them; `batch retry` analyses them synchronously); the batches still running are
 * cancelled and every batch's files deleted at the provider, as far as it answers (the job
 * stays on, `drain`, for those not ended yet); the line lists go. */
async function failAll(ctx: QueueContext, api: BatchAnalysis | undefined, batchId: string, reason: string): Promise<void> {
  const state: OaiState = { ...((await readOaiState(ctx.objects, batchId)) ?? emptyOaiState()), phase: 'failed', reason, failures: 0 };
  await putJson(ctx.objects, stateKey(batchId), state);
  const ready = await readyOf(ctx, batchId);
  await promote(ctx, [...ready.values()].map((r) => r.jobId));
  await ctx.redis.del(oaiKeys(ctx.qc.prefix, batchId).ready);
  for (const s of state.submissions) await ctx.objects.delete(s.lines);
  if (!api) return;
  for (const sub of state.submissions.filter((s) => !s.cleaned)) {
    try {
      if (!ENDED_STATES.has(sub.state) && sub.state !== 'cancelling') await api.cancel(sub.id);
      sub.cleaned = await api.cleanup(sub.id);
    } catch (err) {
      // the API may be what failed: `drain` tries again on the next runs
      ctx.log.warn({ batch: batchId, batchApi: sub.id, err: describeError(err) }, 'batch API batch not cancelled or cleaned up yet');
    }
  }
  await putJson(ctx.objects, stateKey(batchId), state);
}

/** Counts a failed run in the batch's state; returns the failures in a row so far. */
async function countFailure(ctx: QueueContext, batchId: string): Promise<number> {
  const state = (await readOaiState(ctx.objects, batchId)) ?? emptyOaiState();
  state.failures += 1;
  await putJson(ctx.objects, stateKey(batchId), state);
  return state.failures;
}

/** Whether the poll job gives up after a failed run: at once on an error no retry helps, else
 * after `limit` failed runs in a row. */
export const givesUp = (retryableErr: boolean | undefined, failuresInARow: number, limit = POLL_FAILURES): boolean => retryableErr === false || failuresInARow >= limit;

/** The poll job's processor: one `advance`, then back to delayed until the next poll. */
export async function runOpenAiBatchJob(job: Job, ctx: QueueContext, session: SessionStageDeps | null, token: string | undefined, limit = POLL_FAILURES): Promise<unknown> {
  const batchId = z.object({ batchId: z.string() }).parse(job.data).batchId;
  try {
    if (!session?.batchApi) throw new ConfigError('--openai-batch: this worker has no batch API (HONNE_PROVIDER=openai on the workers serving the analyze queue)', { variable: 'HONNE_PROVIDER' });
    const { phase, ended } = await advance({ ctx, session, api: session.batchApi }, batchId);
    if (ended) return { phase };
  } catch (err) {
    const permanent = retryable(err) === false;
    // a store that cannot even count the failure: BullMQ's attempts decide (the error thrown)
    const inARow = await countFailure(ctx, batchId);
    const phase = (await readOaiState(ctx.objects, batchId))?.phase;
    const final = phase !== 'failed' && givesUp(retryable(err), inARow, limit);
    const drainedOut = phase === 'failed' && inARow >= limit;
    ctx.log[final || drainedOut ? 'error' : 'warn']({ batch: batchId, job: job.id, failures: inARow, err: describeError(err) }, final ? 'batch API poll job failed' : drainedOut ? 'batch API batches left uncleaned at the provider' : 'batch API poll failed, will be retried');
    if (final) {
      await failAll(ctx, session?.batchApi, batchId, describeError(err));
      if (permanent && !session?.batchApi) throw new UnrecoverableError(describeError(err));
    } else if (drainedOut) throw new UnrecoverableError(describeError(err));
  }
  await job.moveToDelayed(Date.now() + ctx.qc.openaiBatchPollMs, token);
  throw new DelayedError();
}
