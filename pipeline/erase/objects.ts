/** Erasure and key rotation in the object store, through its port (so the same code erases
 * from a folder or from S3): what the queue keeps of an employee's sessions — their work
 * objects (`sessions/<hash>.<what>.json`: redacted text, results, e.g. of sessions that failed
 * and were never loaded; each holds its session record, which names the pseudonymised
 * employee) and their records in the batches' per-company session files
 * (`batches/<id>/sessions/<company>.json`). A session's work objects go together: one that
 * names no employee itself (a batch API's answers, `<hash>.batch.json`) goes with a sibling
 * that does, or when the batch's plan (`batches/<id>/plan.json`) names its session. */
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../ports/object-store.js';

/** A session's work object (jobs/ids.ts objectKeys). */
const WORK_OBJECT = /^sessions\/[^/]+\.json$/;
/** A work object's temporary file a killed writer left (adapters/local-folder/object-store.ts:
 * `<key>.tmp-<pid>-<hex>`, renamed once whole): what it holds is its object's, whole or cut off. */
const HALF_WRITTEN = /^sessions\/[^/]+\.json\.tmp-[0-9]+-[0-9a-f]+$/;
/** A batch's file (its plan, a company's session records) a killed `batch submit` left half
 * written: it names pseudonyms and session ids. */
const HALF_WRITTEN_BATCH = /^batches\/[^/]+\/.+\.json\.tmp-[0-9]+-[0-9a-f]+$/;
/** Everything before a work object's kind: `sessions/<hash>` (jobs/ids.ts workKey). */
const workBase = (key: string) => key.slice(0, key.indexOf('.', 'sessions/'.length));
/** A batch's plan (jobs/ids.ts batchKeys); group 1 is the batch. */
const planKey = (batch: string) => `batches/${batch}/plan.json`;
/** A batch's session records of one company (jobs/ids.ts batchKeys); group 1 is the batch. Not
 * a half-written one (`….json.tmp-…`, cut off: it would fail rotation as unreadable). */
const BATCH_RECORDS = /^batches\/([^/]+)\/sessions\/[^/]+\.json$/;

/** An object's JSON; undefined when it is gone or not JSON (then it names no known employee).
 * A store that cannot be read fails the caller: an erasure must not skip what it cannot see. */
async function readJson(objects: ObjectStore, key: string): Promise<unknown> {
  const buf = await objects.get(key);
  if (buf === undefined) return undefined;
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const pidOf = (record: unknown): unknown => (typeof record === 'object' && record !== null ? (record as { employee_pid?: unknown }).employee_pid : undefined);

export interface Found {
  /** Work objects of the erased employees' sessions (keys). */
  workObjects: string[];
  /** Session-record objects that name them, with the records to keep. */
  records: Array<{ key: string; kept: unknown[] }>;
  /** Their sessions the object store holds something of. */
  sessionIds: Set<string>;
  /** Their sessions per batch (from the batches' session records). */
  byBatch: Map<string, Set<string>>;
  /** Which of the pseudonyms looked for the object store holds sessions of. */
  pids: Set<string>;
}

/** The keys of the work objects, of the batches' session records, and of the half-written files
 * of either (one listing of each prefix). */
async function recordKeys(objects: ObjectStore): Promise<{ work: string[]; batches: Array<{ key: string; batch: string }>; halfWork: string[]; halfBatch: string[] }> {
  const sessions = (await objects.list('sessions/')).map((o) => o.key);
  const batchKeys = (await objects.list('batches/')).map((o) => o.key);
  const batches = batchKeys.flatMap((key) => {
    const batch = BATCH_RECORDS.exec(key)?.[1];
    return batch === undefined ? [] : [{ key, batch }];
  });
  return {
    work: sessions.filter((k) => WORK_OBJECT.test(k)),
    batches,
    halfWork: sessions.filter((k) => HALF_WRITTEN.test(k)),
    halfBatch: batchKeys.filter((k) => HALF_WRITTEN_BATCH.test(k)),
  };
}

/** What the object store holds of the erased employees (reads only): `byBatch` is what
 * `eraseQueueSessions` (jobs/batches.ts) erases in Redis, the rest what `eraseWorkObjects` removes. */
export async function findErased(objects: ObjectStore, employeePids: ReadonlySet<string>): Promise<Found> {
  const found: Found = { workObjects: [], records: [], sessionIds: new Set(), byBatch: new Map(), pids: new Set() };
  const keys = await recordKeys(objects);
  for (const key of keys.work) {
    const session = ((await readJson(objects, key)) as { session?: { session_id?: unknown; employee_pid?: unknown } } | undefined)?.session;
    const pid = pidOf(session);
    if (typeof pid === 'string' && employeePids.has(pid)) {
      found.pids.add(pid);
      found.workObjects.push(key);
      found.sessionIds.add(String(session?.session_id));
    }
  }
  const bases = new Set(found.workObjects.map(workBase));
  for (const { key, batch } of keys.batches) {
    const records = ((await readJson(objects, key)) as { sessions?: unknown } | undefined)?.sessions;
    if (!Array.isArray(records)) continue;
    const kept: unknown[] = [];
    const gone: string[] = [];
    for (const r of records) {
      const pid = pidOf(r);
      if (typeof pid === 'string' && employeePids.has(pid)) {
        found.pids.add(pid);
        gone.push(String((r as { session_id?: unknown }).session_id));
      } else kept.push(r);
    }
    if (gone.length === 0) continue;
    for (const id of gone) found.sessionIds.add(id);
    found.byBatch.set(batch, new Set([...(found.byBatch.get(batch) ?? []), ...gone]));
    found.records.push({ key, kept });
  }
  // the plan's work keys of their sessions: objects that name no one (crash leftovers)
  for (const [batch, ids] of found.byBatch) {
    const plan = (await readJson(objects, planKey(batch))) as { sessions?: unknown } | undefined;
    if (!Array.isArray(plan?.sessions)) continue;
    for (const e of plan.sessions as Array<{ sessionId?: unknown; key?: unknown }>) {
      if (typeof e?.key === 'string' && typeof e.sessionId === 'string' && ids.has(e.sessionId)) bases.add(e.key);
    }
  }
  const matched = new Set(found.workObjects);
  for (const key of keys.work) if (!matched.has(key) && bases.has(workBase(key))) found.workObjects.push(key);
  // half-written objects: of an erased session (its base), or naming the employee in what was
  // written before the cut (the session record comes first; a cut-off file parses as nothing)
  for (const key of keys.halfWork) {
    const text = (await objects.get(key))?.toString('utf8') ?? '';
    if (bases.has(workBase(key)) || [...employeePids].some((pid) => text.includes(pid))) found.workObjects.push(key);
  }
  // a batch's half-written plan or session records naming them or their sessions: removed whole
  // (the batch's real file, if any, is rewritten above; this one no process will rename)
  const sessionIds = [...found.sessionIds].map((id) => JSON.stringify(id));
  for (const key of keys.halfBatch) {
    const text = (await objects.get(key))?.toString('utf8') ?? '';
    if ([...employeePids].some((pid) => text.includes(pid)) || sessionIds.some((id) => text.includes(id))) found.workObjects.push(key);
  }
  return found;
}

function recordsOf(doc: unknown): Array<{ employee_pid?: unknown }> {
  const d = doc as { session?: unknown; sessions?: unknown } | undefined;
  const list = d?.sessions ?? (d?.session === undefined ? [] : [d.session]);
  return Array.isArray(list) ? list.filter((r): r is { employee_pid?: unknown } => typeof r === 'object' && r !== null) : [];
}

/** Every pseudonym the object store's session records hold (key rotation must map each). */
export async function objectPseudonyms(objects: ObjectStore): Promise<Set<string>> {
  const pids = new Set<string>();
  const keys = await recordKeys(objects);
  for (const key of [...keys.work, ...keys.batches.map((b) => b.key)]) {
    for (const r of recordsOf(await readJson(objects, key))) if (typeof r.employee_pid === 'string') pids.add(r.employee_pid);
  }
  return pids;
}

/** Key rotation in the object store: every session record's pseudonym replaced by its new one,
 * and its case key (`employee_case`) by its new one, or dropped when `cases` has none, and its
 * other-case pseudonyms (`employee_variants`) dropped: one made under the old key names employees
 * to whoever holds it (each object rewritten whole, atomically). Returns the objects rewritten. */
export async function repseudonymiseObjects(objects: ObjectStore, pids: ReadonlyMap<string, string>, cases: ReadonlyMap<string, string> = new Map()): Promise<number> {
  let rewritten = 0;
  const keys = await recordKeys(objects);
  for (const key of [...keys.work, ...keys.batches.map((b) => b.key)]) {
    const buf = await objects.get(key);
    if (buf === undefined) continue; // gone since the listing (a load or retention)
    // Not JSON: fail rather than leave an old pseudonym behind unseen.
    const doc = JSON.parse(buf.toString('utf8')) as unknown;
    let changed = false;
    const swap = (r: unknown) => {
      const pid = pidOf(r);
      const next = typeof pid === 'string' ? pids.get(pid) : undefined;
      if (next !== undefined) {
        (r as { employee_pid: string }).employee_pid = next;
        changed = true;
      }
      const rec = r as { employee_case?: unknown; employee_variants?: unknown } | null;
      if (typeof rec?.employee_case === 'string') {
        const to = cases.get(rec.employee_case);
        if (to === undefined) delete rec.employee_case;
        else rec.employee_case = to;
        changed = true;
      }
      // pseudonyms too (of the id's other cases, for the load): no raw id here to make new ones
      if (rec?.employee_variants !== undefined) {
        delete rec.employee_variants;
        changed = true;
      }
    };
    const d = doc as { session?: unknown; sessions?: unknown };
    if (Array.isArray(d.sessions)) d.sessions.forEach(swap);
    else swap(d.session);
    if (!changed) continue;
    await objects.put(key, JSON.stringify(doc));
    rewritten += 1;
  }
  // A killed writer's half-written objects: no process will rename them, but erasure finds them
  // by the pseudonym they hold, so the old one is replaced in their text (whole or cut off).
  for (const key of [...keys.halfWork, ...keys.halfBatch]) {
    const text = (await objects.get(key))?.toString('utf8');
    if (text === undefined) continue;
    const next = text
      .replace(/("employee_pid"\s*:\s*")([^"\\]*)(")/gu, (all, open: string, pid: string, close: string) => {
        const to = pids.get(pid);
        return to === undefined ? all : `${open}${to}${close}`;
      })
      // (never read as a record: an unmapped case key is blanked)
      .replace(/("employee_case"\s*:\s*")([0-9a-f]*)/gu, (_all, open: string, c: string) => `${open}${cases.get(c) ?? ''}`)
      .replace(/("employee_variants"\s*:\s*\[)[^\]]*/gu, '$1');
    if (next === text) continue;
    await objects.put(key, next);
    rewritten += 1;
  }
  return rewritten;
}

/** Whether the object store holds any batch: queue mode was used, and Redis may keep rejected rows. */
export const hasBatches = async (objects: ObjectStore): Promise<boolean> => (await objects.list('batches/')).length > 0;

/** Removes the erased employees' work objects and session records found by `findErased`;
 * returns how many of their sessions the object store held something of. */
export async function eraseWorkObjects(objects: ObjectStore, found: Found): Promise<number> {
  for (const key of found.workObjects) await objects.delete(key);
  for (const { key, kept } of found.records) await objects.put(key, JSON.stringify({ sessions: kept }));
  return found.sessionIds.size;
}

/** Erased employees, as the object store knows them: one empty object per employee,
 * `erased/<mark>`, its mark a hash of the pseudonym (the store's tombstones hold the pseudonym
 * itself). `batch submit`, which may run where the store is not, reads them to leave an erased
 * employee's new sessions out of a batch, as `honne run` does with the tombstones. */
const ERASED_PREFIX = 'erased/';
const erasedKey = (pid: string) => `${ERASED_PREFIX}${createHash('sha256').update(`honne-erased-employee-v1:${pid}`).digest('hex')}`;

export async function markErased(objects: ObjectStore, pids: Iterable<string>): Promise<void> {
  for (const pid of pids) await objects.put(erasedKey(pid), '');
}

/** Whether an employee (by pseudonym) was erased, from one listing of the marks. */
export async function erasedEmployeeTest(objects: ObjectStore): Promise<(pid: string) => boolean> {
  const marks = new Set((await objects.list(ERASED_PREFIX)).map((o) => o.key));
  return (pid) => marks.size > 0 && marks.has(erasedKey(pid));
}

/** Key rotation: each mark moves to the employee's new pseudonym. Returns the marks moved. */
export async function remarkErased(objects: ObjectStore, pids: ReadonlyMap<string, string>): Promise<number> {
  const marks = new Set((await objects.list(ERASED_PREFIX)).map((o) => o.key));
  let moved = 0;
  for (const [old, next] of pids) {
    if (!marks.has(erasedKey(old))) continue;
    await objects.put(erasedKey(next), '');
    await objects.delete(erasedKey(old));
    moved += 1;
  }
  return moved;
}
