/** `honne erase`: every trace of one employee — the queue's records, the analytics store, the
 * object store and the operator files — through the ports, so the same code erases from a
 * folder or S3, from DuckDB and from Redis. The caller opens the store and rewrites its file
 * afterwards (deleted rows keep their bytes in free blocks until then). */
import { auditEntry } from '../audit.js';
import { eraseFromOperatorFiles, type ErasedEmployee } from '../operator-files.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import type { ModelCache } from '../ports/model-cache.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { QueueState } from '../ports/queue-state.js';
import { eraseWorkObjects, findErased, hasBatches, markErased } from './objects.js';

export interface EraseDeps {
  store: AnalyticsStore;
  objects: ObjectStore;
  /** Queue mode's state, reached only when the object store shows queue mode was used. */
  queue: QueueState;
  /** The model-call cache: the employee's entries (redacted speech's answers) are removed. */
  cache?: ModelCache;
  now: () => Date;
}

export interface EraseCounts {
  sessions: number;
  queued: number;
  queueFailures: number;
  queueRejects: number;
  operatorRows: number;
  cacheEntries: number;
}

export async function eraseEmployee(deps: EraseDeps, who: ErasedEmployee): Promise<EraseCounts> {
  const { store, objects } = deps;
  // The queue first: its failure records are found through the batches' session records, which
  // the object-store erasure below removes; so a queue that cannot be reached stops the erasure
  // before anything is gone (run it again once it is back). Any batch in the object store sends
  // it to the queue: a batch's rejected rows there keep the raw id.
  const found = await findErased(objects, who.pids);
  const queue = found.byBatch.size > 0 || (await hasBatches(objects)) ? await deps.queue.eraseSessions(found.byBatch, who) : { failures: 0, rejects: 0, outDirs: [] };
  // so that a later `batch submit` leaves their new sessions out (the id's other letter cases
  // only where the store or the queue had sessions of them: see `ErasedEmployee.remembered`)
  const remembered = who.remembered ?? who.pids;
  await markErased(objects, new Set([...remembered, ...found.pids]));
  let sessions = 0;
  const foundInAnotherCase: string[] = [];
  // only the spellings the store knows: an id's letter cases are up to 1,024 per company
  const stored = await store.pseudonyms();
  for (const pid of who.pids) {
    if (!remembered.has(pid) && !stored.has(pid)) continue;
    const removed = (await store.eraseEmployee(pid, deps.now(), remembered.has(pid))).length;
    sessions += removed;
    if (removed > 0 && !remembered.has(pid) && !found.pids.has(pid)) foundInAnotherCase.push(pid);
  }
  await markErased(objects, foundInAnotherCase);
  const queued = await eraseWorkObjects(objects, found);
  // the operator files of every run this store knows (failed ones too) and of every batch
  // (rejected rows keep the raw id)
  const operatorRows = await eraseFromOperatorFiles([...(await store.runOutputDirs()), ...queue.outDirs], who);
  const cacheEntries = deps.cache ? await deps.cache.eraseOwners(who.pids) : 0;
  const counts = { sessions, queued, queueFailures: queue.failures, queueRejects: queue.rejects, operatorRows, cacheEntries };
  await store.audit(
    auditEntry('erase', { companies: who.companyIds.size, sessions, queued, queue_failures: queue.failures, queue_rejects: queue.rejects, operator_rows: operatorRows, cache_entries: cacheEntries }, deps.now()),
  );
  return counts;
}
