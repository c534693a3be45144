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

/** The object-store files that hold session records (`employee_pid` inside): work objects
 * (`{ session }`) and the batches' per-company records (`{ sessions: [...] }`). */
function recordFiles(objectStoreDir: string): string[] {
  const sessionsDir = join(objectStoreDir, 'sessions');
  const batchesDir = join(objectStoreDir, 'batches');
  return [
    ...entries(sessionsDir).filter((n) => n.endsWith('.json')).map((n) => join(sessionsDir, n)),
    ...entries(batchesDir).flatMap((b) => entries(join(batchesDir, b, 'sessions')).map((n) => join(batchesDir, b, 'sessions', n))),
  ];
}

function recordsOf(file: string): Array<{ employee_pid?: unknown }> {
  const doc = readJson(file) as { session?: unknown; sessions?: unknown } | undefined;
  const list = doc?.sessions ?? (doc?.session === undefined ? [] : [doc.session]);
  return Array.isArray(list) ? list.filter((r): r is { employee_pid?: unknown } => typeof r === 'object' && r !== null) : [];
}

/** Every pseudonym the object store's session records hold (key rotation must map each). */
export function objectPseudonyms(objectStoreDir: string): Set<string> {
  const pids = new Set<string>();
  for (const file of recordFiles(objectStoreDir)) for (const r of recordsOf(file)) if (typeof r.employee_pid === 'string') pids.add(r.employee_pid);
  return pids;
}

/** Key rotation in the object store: every session record's pseudonym replaced by its new one
 * (each file rewritten whole). Returns the files rewritten. */
export function repseudonymiseObjects(objectStoreDir: string, pids: ReadonlyMap<string, string>): number {
  let rewritten = 0;
  for (const file of recordFiles(objectStoreDir)) {
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text) as unknown;
    let changed = false;
    const swap = (r: unknown) => {
      const pid = pidOf(r);
      const next = typeof pid === 'string' ? pids.get(pid) : undefined;
      if (next !== undefined) {
        (r as { employee_pid: string }).employee_pid = next;
        changed = true;
      }
    };
    const d = doc as { session?: unknown; sessions?: unknown };
    if (Array.isArray(d.sessions)) d.sessions.forEach(swap);
    else swap(d.session);
    if (!changed) continue;
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(doc));
    renameSync(tmp, file);
    rewritten += 1;
  }
  return rewritten;
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
