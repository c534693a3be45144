/** The batch analysis port: many model requests sent at once to a provider's batch API (half
 * price, answered within a window of hours), then polled until it ends. Adapter:
 * adapters/openai/batch.ts (the OpenAI Batch API: a JSONL file, a batch, its output and error
 * files). Interfaces only. What to do with each line's answer is the analysis provider's
 * (`AnalyzeInput.answered`); which sessions wait, and when, is the queue's (jobs/openai-batch.ts). */

/** One request of a batch: an id unique within the batch, and the body the synchronous call
 * would send (built by the provider, `AnalysisProvider.batchRequests`). */
export interface BatchLine {
  customId: string;
  body: unknown;
}

/** A batch's lifecycle, as OpenAI names it. */
export const BATCH_STATES = ['validating', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled', 'failed'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** States after which nothing more will be answered. */
export const ENDED_STATES: ReadonlySet<BatchState> = new Set(['completed', 'expired', 'cancelled', 'failed']);

/** One line's outcome: the response body (a 200), or why there is none (a line of the error
 * file, or a non-200 response). */
export interface BatchLineResult {
  customId: string;
  response?: unknown;
  error?: string;
}

export interface BatchSnapshot {
  id: string;
  state: BatchState;
  /** Requests in the batch, answered, and failed, as the provider counts them. */
  counts: { total: number; completed: number; failed: number };
  /** Once ended: every line the provider answered or failed (a line in neither is missing). */
  results?: BatchLineResult[];
  /** Why the batch as a whole failed (its validation errors), when it did. */
  reason?: string;
}

export interface BatchAnalysis {
  /** Uploads the lines and starts a batch; returns its id. `label`: a note kept with the batch
   * (the honne batch id), never personal data; `chunk`: which of the label's submissions this
   * is (kept with it too, for `find`). */
  submit(lines: readonly BatchLine[], label: string, chunk?: number): Promise<string>;
  /** A batch submitted earlier with this label and chunk (a run cut off after submitting it,
   * before it recorded the id), if the provider still lists it. */
  find(label: string, chunk: number): Promise<string | undefined>;
  /** The batch's state; once it has ended, with its results (output and error files read). */
  poll(id: string): Promise<BatchSnapshot>;
  cancel(id: string): Promise<void>;
  /** Deletes the batch's files at the provider (its input: redacted speech; its output and
   * error files: model answers that may quote it), once it has ended. Returns false, deleting
   * nothing, while it has not ended (a cancelled batch may still write its output). A file
   * already gone is not an error. */
  cleanup(id: string): Promise<boolean>;
}
