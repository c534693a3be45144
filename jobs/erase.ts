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

/** Removes the erased employees' work objects and session records; returns how many of their
 * sessions the object store held something of. */
export async function eraseWorkObjects(objectStoreDir: string, employeePids: ReadonlySet<string>): Promise<number> {
  const erased = new Set<string>();
  const sessionsDir = join(objectStoreDir, 'sessions');
  for (const name of entries(sessionsDir)) {
    if (!name.endsWith('.json')) continue;
    const session = (readJson(join(sessionsDir, name)) as { session?: { session_id?: unknown; employee_pid?: unknown } } | undefined)?.session;
    const pid = pidOf(session);
    if (typeof pid === 'string' && employeePids.has(pid)) {
      rmSync(join(sessionsDir, name), { force: true });
      erased.add(String(session?.session_id));
    }
  }
  const batchesDir = join(objectStoreDir, 'batches');
  for (const batch of entries(batchesDir)) {
    const dir = join(batchesDir, batch, 'sessions');
    for (const name of entries(dir)) {
      const file = join(dir, name);
      const records = (readJson(file) as { sessions?: unknown } | undefined)?.sessions;
      if (!Array.isArray(records)) continue;
      const kept = records.filter((r) => {
        const pid = pidOf(r);
        return !(typeof pid === 'string' && employeePids.has(pid));
      });
      if (kept.length === records.length) continue;
      for (const r of records) if (!kept.includes(r)) erased.add(String((r as { session_id?: unknown }).session_id));
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ sessions: kept }));
      renameSync(tmp, file);
    }
  }
  return erased.size;
}
