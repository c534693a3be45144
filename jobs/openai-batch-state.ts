/** What an analyze job of an `--openai-batch` batch reads (jobs/openai-batch.ts writes it): the
 * batch API's state for the batch, and each session's answers. Apart from the poll job so that
 * the session stages can read it without importing the poll job (which reads redactions). */
import { z } from 'zod';
import { BatchUnansweredError } from '../pipeline/errors.js';
import { getJson } from '../pipeline/objects.js';
import type { BatchAnswer } from '../pipeline/ports/analysis-provider.js';
import { BATCH_STATES } from '../pipeline/ports/batch-analysis.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import { batchKeys, objectKeys } from './ids.js';
import type { SessionJobData } from './schemas.js';

export const SubmissionSchema = z.object({
  /** The provider's batch id. */
  id: z.string(),
  /** 0, or how many times these lines expired before. */
  attempt: z.number().int().min(0),
  /** Where its LineRefs are kept (object store). */
  lines: z.string(),
  state: z.enum(BATCH_STATES),
  counts: z.object({ total: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
  settled: z.boolean(),
  /** Its files at the provider (input, output, error) are deleted (`BatchAnalysis.cleanup`). */
  cleaned: z.boolean().default(false),
});
export type Submission = z.infer<typeof SubmissionSchema>;

export const OaiStateSchema = z.object({
  phase: z.enum(['collecting', 'running', 'done', 'failed']),
  /** Why the poll job failed (phase `failed`). */
  reason: z.string().optional(),
  /** Sessions whose requests were sent, and requests sent (first submissions). */
  sessions: z.number().int().default(0),
  requests: z.number().int().default(0),
  submissions: z.array(SubmissionSchema),
  /** Poll runs that failed in a row (reset by one that succeeds): the job gives up after
   * `POLL_FAILURES` of them, not after so many scattered over the batch API's 24 hours. */
  failures: z.number().int().min(0).default(0),
});
export type OaiState = z.infer<typeof OaiStateSchema>;
export const emptyOaiState = (): OaiState => ({ phase: 'collecting', sessions: 0, requests: 0, submissions: [], failures: 0 });

/** A session's answers from the batch API, kept until its analyze job has used them (a work
 * object: it may quote redacted speech). `failed`: the batch API will not answer it. */
export const BatchOutcomeSchema = z.object({
  requests: z.number().int().min(0),
  answers: z.record(z.string(), z.union([z.object({ error: z.string() }), z.object({ response: z.unknown() })])),
  failed: z.string().optional(),
});
export type BatchOutcome = z.infer<typeof BatchOutcomeSchema>;
export const outcomeDone = (o: BatchOutcome) => o.failed !== undefined || Object.keys(o.answers).length >= o.requests;

/** One request sent: which session and which of its requests (the provider's key). */
const LineRefSchema = z.object({ customId: z.string(), sessionId: z.string(), requestKey: z.string() });
export type LineRef = z.infer<typeof LineRefSchema>;
/** A submission's line list (`linesKey`): it names sessions, so erasure rewrites it. */
export const LinesSchema = z.object({ lines: z.array(LineRefSchema) });

export const stateKey = (batchId: string) => `${batchKeys(batchId).plan.replace(/plan\.json$/, '')}openai/state.json`;
export const linesKey = (batchId: string, n: number) => `${batchKeys(batchId).plan.replace(/plan\.json$/, '')}openai/lines-${n}.json`;

export const readOaiState = (objects: ObjectStore, batchId: string) => getJson(objects, stateKey(batchId), OaiStateSchema);

/** Thrown by an analyze job whose answers have not come yet: `runJob` registers the session as
 * ready and moves the job to delayed (no attempt used, no failure). */
export class AwaitingBatchError extends Error {
  constructor(readonly data: SessionJobData) {
    super('waiting for the batch API');
    this.name = 'AwaitingBatchError';
  }
}

/** What an analyze job of an `--openai-batch` batch does before analysing: the answers the batch
 * API gave (undefined: none, analyse synchronously — the session was not in the batch API's
 * batch); throws `AwaitingBatchError` while they are due, `BatchUnansweredError` when they
 * will not come. */
export async function batchAnswersFor(objects: ObjectStore, data: SessionJobData): Promise<Readonly<Record<string, BatchAnswer>> | undefined> {
  const outcome = await getJson(objects, objectKeys(data.key).batch, BatchOutcomeSchema);
  if (outcome && outcomeDone(outcome)) {
    if (outcome.failed !== undefined) throw new BatchUnansweredError(outcome.failed, { sessionId: data.sessionId });
    return outcome.answers as Record<string, BatchAnswer>;
  }
  const state = await readOaiState(objects, data.batchId);
  if (state?.phase === 'failed') throw new BatchUnansweredError(`the batch API's poll job failed: ${state.reason ?? 'unknown'}; \`honne batch retry\` analyses the session synchronously`, { sessionId: data.sessionId });
  // Not (all) in the batch API's batches (a poll job cut off between two submissions): what came
  // is used, the rest is asked synchronously.
  if (state?.phase === 'done') return outcome?.answers as Record<string, BatchAnswer> | undefined;
  throw new AwaitingBatchError(data);
}

