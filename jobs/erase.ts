/** Erasure in the object store: what the queue keeps of an employee's sessions — their work
 * objects (`sessions/<hash>.<what>.json`: redacted text, results, e.g. of sessions that failed
 * and were never loaded; each holds its session record, which names the pseudonymised
 * employee) and their records in the batches' per-company session files. */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined; // unreadable: it names no known employee
  }
}

const pidOf = (record: unknown): unknown => (typeof record === 'object' && record !== null ? (record as { employee_pid?: unknown }).employee_pid : undefined);

export interface Found {
  /** Work objects of the erased employees' sessions. */
  workFiles: string[];
  /** Session-record files that name them, with the records to keep. */
  records: Array<{ file: string; kept: unknown[] }>;
  /** Their sessions the object store holds something of. */
  sessionIds: Set<string>;
  /** Their sessions per batch (from the batches' session records). */
  byBatch: Map<string, Set<string>>;
}

/** What the object store holds of the erased employees (reads only): `byBatch` is what
 * `eraseQueueSessions` (jobs/batches.ts) erases in Redis, the rest what `eraseWorkObjects` removes. */
export function findErased(objectStoreDir: string, employeePids: ReadonlySet<string>): Found {
  const found: Found = { workFiles: [], records: [], sessionIds: new Set(), byBatch: new Map() };
  const sessionsDir = join(objectStoreDir, 'sessions');
  for (const name of entries(sessionsDir)) {
    if (!name.endsWith('.json')) continue;
    const session = (readJson(join(sessionsDir, name)) as { session?: { session_id?: unknown; employee_pid?: unknown } } | undefined)?.session;
    const pid = pidOf(session);
    if (typeof pid === 'string' && employeePids.has(pid)) {
      found.workFiles.push(join(sessionsDir, name));
      found.sessionIds.add(String(session?.session_id));
    }
  }
  const batchesDir = join(objectStoreDir, 'batches');
  for (const batch of entries(batchesDir)) {
    const dir = join(batchesDir, batch, 'sessions');
    for (const name of entries(dir)) {
      const file = join(dir, name);
      const records = (readJson(file) as { sessions?: unknown } | undefined)?.sessions;
      if (!Array.isArray(records)) continue;
      const kept: unknown[] = [];
      const gone: string[] = [];
      for (const r of records) {
        const pid = pidOf(r);
        if (typeof pid === 'string' && employeePids.has(pid)) gone.push(String((r as { session_id?: unknown }).session_id));
        else kept.push(r);
      }
      if (gone.length === 0) continue;
      for (const id of gone) found.sessionIds.add(id);
      found.byBatch.set(batch, new Set([...(found.byBatch.get(batch) ?? []), ...gone]));
      found.records.push({ file, kept });
    }
  }
  return found;
}

/** Whether the object store holds any batch: queue mode was used, and Redis may keep rejected rows. */
export const hasBatches = (objectStoreDir: string): boolean => entries(join(objectStoreDir, 'batches')).length > 0;

/** Removes the erased employees' work objects and session records found by `findErased`;
 * returns how many of their sessions the object store held something of. */
export function eraseWorkObjects(found: Found): number {
  for (const file of found.workFiles) rmSync(file, { force: true });
  for (const { file, kept } of found.records) {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ sessions: kept }));
    renameSync(tmp, file);
  }
  return found.sessionIds.size;
}
