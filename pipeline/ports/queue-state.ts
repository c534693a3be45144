/** What erasure needs from queue mode's state (BullMQ on Redis, jobs/): the records it keeps of
 * an employee's sessions — failure records, rejected rows with the raw id — and where each batch
 * wrote its operator files. Types only. */
import type { ErasedEmployee } from '../operator-files.js';

/** What was removed from the queue's state, and the batches' output folders (whose
 * rejects.jsonl and failed.jsonl the caller rewrites). */
export interface QueueErasure {
  failures: number;
  rejects: number;
  outDirs: string[];
}

export interface QueueState {
  /** Removes the employee's records, given their sessions per batch (from the object store).
   * Throws, having removed nothing, when the queue cannot be reached. */
  eraseSessions(byBatch: ReadonlyMap<string, ReadonlySet<string>>, who: ErasedEmployee): Promise<QueueErasure>;
}
