/** Files kept for the operator beside a run's output (rejected rows, failed sessions): one
 * JSON object per line. An empty list removes the file, so what is there always belongs to
 * the latest run. */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError } from './errors.js';
import { decodeEscapes } from './ingest/known-names.js';
import { pastLifetime } from './retention.js';
import { mayStillWrite } from './process-alive.js';
import { foldedId } from './pseudonym.js';
import { terminalSafe } from './terminal.js';

/** The operator files a run or a batch leaves in its output folder. */
export const OPERATOR_FILES = ['rejects.jsonl', 'failed.jsonl'] as const;

export async function writeJsonl(file: string, rows: readonly unknown[]): Promise<string | null> {
  if (rows.length === 0) {
    await rm(file, { force: true });
    return null;
  }
  await mkdir(dirname(file), { recursive: true });
  // Whole or not at all: a reader (or a later rewrite) never finds half a file.
  const tmp = `${file}.tmp-${process.pid}`;
  // Operators `cat` and `tail` these: JSON escapes C0 controls, terminalSafe the rest (C1, DEL,
  // bidi overrides), and the lines stay JSON with the same values.
  await writeFile(tmp, rows.map((r) => terminalSafe(JSON.stringify(r))).join('\n') + '\n');
  await rename(tmp, file);
  return file;
}

/** An operator JSONL file's rows (undefined when there is none); a line that is not JSON is an
 * error naming the file and line. */
export function readJsonl(file: string): unknown[] | undefined {
  if (!existsSync(file)) return undefined;
  const rows: unknown[] = [];
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as unknown);
    } catch {
      throw new InputError('not a JSON line; fix or delete the file and run erase again (nothing was erased)', { file, line: i + 1 });
    }
  }
  return rows;
}

export interface JsonlWriter {
  /** Rows written so far. */
  readonly count: number;
  add(row: unknown): Promise<void>;
  /** Puts the file in place (or removes it when no row was written); the file's path or null. */
  close(): Promise<string | null>;
}

/** The same file written row by row, for lists too long to hold (a run's rejected rows): an
 * earlier file is removed at once, the new one appears whole on `close`. */
export async function openJsonl(file: string): Promise<JsonlWriter> {
  await rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let count = 0;
  return {
    get count() {
      return count;
    },
    async add(row) {
      count += 1;
      if (!out.write(terminalSafe(JSON.stringify(row)) + '\n')) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'close');
      if (count === 0) {
        await rm(tmp, { force: true });
        return null;
      }
      await rename(tmp, file);
      return file;
    },
  };
}

/** What names an erased employee in an operator file: their raw id (rejected rows keep the
 * raw line) or their pseudonyms (failed sessions). */
export interface ErasedEmployee {
  employeeId: string;
  /** Only rows of these companies (a raw employee id is unique within a company). */
  companyIds: ReadonlySet<string>;
  pids: ReadonlySet<string>;
  /** Of `pids`, those remembered as erased whether or not anything was found (the id as asked and
   * in its one spelling); the others (its other letter cases) only where sessions were found.
   * Absent: all of `pids`. */
  remembered?: ReadonlySet<string>;
}

/** Removes the rows of `rejects.jsonl` and `failed.jsonl` in each folder that name the
 * employee; the files are rewritten whole (atomically). Returns the rows removed. */
export async function eraseFromOperatorFiles(dirs: Iterable<string>, who: ErasedEmployee): Promise<number> {
  let removed = 0;
  for (const dir of new Set(dirs)) {
    // a killed run's half-written file: removed whole, the employee's rows in it counted
    for (const { file, name } of await orphans(dir)) {
      const names = name === 'rejects.jsonl' ? rejectNames : failureNames;
      removed += (await readLines(file)).filter((l) => names(l, who)).length;
      await rm(file, { force: true });
    }
    for (const [name, names] of [['rejects.jsonl', rejectNames], ['failed.jsonl', failureNames]] as const) {
      const file = join(dir, name);
      const lines = await readLines(file);
      const kept = lines.filter((l) => !names(l, who));
      if (kept.length === lines.length) continue;
      removed += lines.length - kept.length;
      if (kept.length === 0) await rm(file, { force: true });
      else await replaceLines(file, kept);
    }
  }
  return removed;
}

/** When a file was last written (ms), undefined when it is gone. */
async function lastWritten(file: string): Promise<number | undefined> {
  return (await stat(file).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err))))?.mtimeMs;
}

/** The temporary operator files (`rejects.jsonl.tmp-<pid>`, `failed.jsonl.tmp-<pid>`) of
 * processes that no longer run. A run writes its rejected rows under such a name as it goes and
 * renames the file at the end, so a run killed midway (kill -9, the OOM killer, a second Ctrl-C)
 * leaves raw rows — raw ids, manifest lines — that nothing would read, rename or erase. A file
 * whose process id now belongs to a process started after it was last written is one too. */
async function orphans(dir: string): Promise<{ file: string; name: (typeof OPERATOR_FILES)[number] }[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? [] : Promise.reject(err)));
  const found: { file: string; name: (typeof OPERATOR_FILES)[number] }[] = [];
  for (const n of names) {
    const m = /^(rejects\.jsonl|failed\.jsonl)\.tmp-(\d+)$/.exec(n);
    if (m === null) continue;
    const file = join(dir, n);
    const written = await lastWritten(file);
    if (written !== undefined && !mayStillWrite(Number(m[2]), written)) found.push({ file, name: m[1] as (typeof OPERATOR_FILES)[number] });
  }
  return found;
}

/** Retention: the operator files in these folders last written more than `days` ago (each
 * holds one run's rows), removed unless `dryRun`. Returns the files and rows past. */
export async function expireOperatorFiles(dirs: Iterable<string>, days: number | null, now: Date, dryRun: boolean): Promise<{ files: number; rows: number }> {
  const past = { files: 0, rows: 0 };
  for (const dir of new Set(dirs)) {
    // a killed run's half-written file is past any lifetime: no run will ever rename it
    for (const { file } of await orphans(dir)) {
      past.files += 1;
      past.rows += (await readLines(file)).length;
      if (!dryRun) await rm(file, { force: true });
    }
    if (days === null) continue;
    for (const name of OPERATOR_FILES) {
      const file = join(dir, name);
      const written = await lastWritten(file);
      if (written === undefined || !pastLifetime(written, days, now)) continue;
      past.files += 1;
      past.rows += (await readLines(file)).length;
      if (!dryRun) await rm(file, { force: true });
    }
  }
  return past;
}

/** Key rotation: the pseudonyms of `failed.jsonl` rows in these folders replaced by their new
 * ones (and every pseudonym found there, for the caller to check it can map them all). */
export async function failurePseudonyms(dirs: Iterable<string>): Promise<Set<string>> {
  const pids = new Set<string>();
  for (const dir of new Set(dirs)) {
    for (const line of await readLines(join(dir, 'failed.jsonl'))) {
      const pid = (parseJson(line) as { employee_pid?: unknown } | undefined)?.employee_pid;
      if (typeof pid === 'string') pids.add(pid);
    }
  }
  return pids;
}

export async function repseudonymiseFailures(dirs: Iterable<string>, pids: ReadonlyMap<string, string>): Promise<void> {
  for (const dir of new Set(dirs)) {
    const file = join(dir, 'failed.jsonl');
    const lines = await readLines(file);
    if (lines.length === 0) continue;
    const rows = lines.map((l) => {
      const row = parseJson(l) as { employee_pid?: unknown } | undefined;
      const next = typeof row?.employee_pid === 'string' ? pids.get(row.employee_pid) : undefined;
      return next === undefined ? l : terminalSafe(JSON.stringify({ ...row, employee_pid: next }));
    });
    await replaceLines(file, rows);
  }
}

/** Rewrites an operator file whole (atomically), keeping its time: retention counts its
 * lifetime from the run that wrote it, not from an erasure or a rotation. */
async function replaceLines(file: string, lines: readonly string[]): Promise<void> {
  const { atime, mtime } = await stat(file);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, lines.join('\n') + '\n');
  await utimes(tmp, atime, mtime);
  await rename(tmp, file);
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function failureNames(line: string, who: ErasedEmployee): boolean {
  const row = parseJson(line) as { employee_pid?: unknown } | undefined;
  return typeof row?.employee_pid === 'string' && who.pids.has(row.employee_pid);
}

/** A rejected row names the employee when its raw line (JSON or CSV) has their id as a value
 * beside one of the companies; a raw line that cannot be parsed, when it holds the id at all.
 * `line` is the rejected row as JSON (a line of rejects.jsonl, an entry of a batch's list). */
export function rejectNames(line: string, who: ErasedEmployee): boolean {
  const raw = (parseJson(line) as { raw?: unknown } | undefined)?.raw;
  if (typeof raw !== 'string') return false;
  const id = foldedId(who.employeeId);
  const obj = parseJson(raw);
  if (obj && typeof obj === 'object') {
    // The manifest trims ids, and a rejected row may hold the id as a number (4711): both name
    // the employee whose sessions went in as "4711".
    const r = obj as { employee_id?: unknown; company_id?: unknown };
    const rawId = typeof r.employee_id === 'string' || typeof r.employee_id === 'number' ? foldedId(String(r.employee_id)) : undefined;
    return rawId === id && (typeof r.company_id !== 'string' || who.companyIds.has(r.company_id.trim()));
  }
  // A JSON line that could not be parsed may still hold the id, also spelled with escapes (\u0045MP…).
  const heldAnywhere = () => [raw, decodeEscapes(raw)].some((t) => foldedId(t).includes(id));
  if (raw.trimStart().startsWith('{')) return heldAnywhere();
  let fields: string[];
  try {
    fields = (parseCsv(raw, { relax_column_count: true, relax_quotes: true }) as string[][]).flat();
  } catch {
    return heldAnywhere();
  }
  return fields.some((f) => foldedId(f) === id);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
