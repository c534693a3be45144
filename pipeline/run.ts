/** `honne run`: the whole pipeline in one process. Ingest → per-session stages → one
 * transactional load → aggregates → reports. The manifest is streamed and handled in chunks,
 * so memory does not grow with the number of sessions. Bad rows and failed sessions are kept in files
 * beside the reports; everything good goes on. */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { describeError, HonneError, retryable } from './errors.js';
import { ingestStream } from './ingest/ingest.js';
import { openJsonl, writeJsonl } from './operator-files.js';
import { silentProgress, type Progress } from './progress.js';
import { inputFormat, type Reject } from './ingest/records.js';
import type { Lang, PeriodReportWriter, ReportFormat, WrittenReport } from './report-options.js';
import { firstKeptPeriod } from './retention.js';
import type { Company, Session, SessionResult } from './schemas.js';
import { processSession, type SessionDeps } from './session.js';
import type { AnalyticsStore, Loader, RunRecord } from './ports/analytics-store.js';
import { addUsage, emptyUsageTotal, type UsageTotal } from './usage.js';

/** Manifest rows handled together (one fingerprint query), and results staged into the store
 * per chunk during a run. */
const STAGE_CHUNK = 500;
/** Rejected rows a run's summary lists (the file has them all). */
export const REJECTS_LISTED = 20;

export interface RunInput {
  companiesFile: string;
  manifestFile: string;
  outDir: string;
  lang: Lang;
  formats: ReportFormat[];
  /** Re-analyse sessions even when the store already holds the same fingerprint. */
  reprocess?: boolean;
}

export interface RunDeps {
  config: Config;
  store: AnalyticsStore;
  /** Builds the per-session stages' dependencies (app/compose.ts `createSessionDeps`). Called
   * once; the run drops what it returned after the last session, before the reports. */
  session: () => Promise<SessionDeps>;
  /** Called between the sessions and the reports: frees what only the sessions needed (the
   * tokenizer and dictionaries cached per process), so the report phase does not hold it. */
  releaseSessions?: () => void;
  /** A full garbage collection, asked for after each chunk of sessions and once the sessions are
   * released (app/gc.ts): V8 lets garbage grow the heap by hundreds of MB before it collects,
   * and a container's limit sees that peak, not what is alive. */
  collectGarbage?: () => void;
  runId: string;
  now: () => Date;
  /** The sessions step. */
  progress: Progress;
  /** The reports step (none shown when absent). */
  reportProgress?: Progress;
  /** Writes the reports from `store` (reports/write.ts `writePeriodReports`, bound to it). */
  writeReports: PeriodReportWriter;
  /** Stops the run (SIGINT, SIGTERM): the transcription in hand is aborted (its upload ends), no
   * further session is started, nothing is loaded; the run rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SessionFailure {
  session_id: string;
  /** Whose session it was (pseudonymised): what `honne erase` finds the row by. */
  employee_pid: string;
  file: string;
  line: number;
  code: string;
  retryable: boolean;
  reason: string;
}

export interface RunSummary {
  runId: string;
  processed: number;
  skipped: number;
  /** Sessions of employees erased earlier: never loaded again. */
  erased: number;
  /** Sessions of periods whose results are past their lifetime (HONNE_RETENTION_RESULTS_DAYS): not loaded. */
  expired: number;
  failed: SessionFailure[];
  /** Rejected rows, all of them kept in `rejectsFile`. */
  rejected: number;
  /** The first REJECTS_LISTED of them. */
  rejects: Reject[];
  rejectsFile: string | null;
  failuresFile: string | null;
  reports: WrittenReport[];
  /** What the transcriber and the analysis provider used, over every session processed. */
  usage: UsageTotal;
  timings: { ingestMs: number; processMs: number; loadMs: number; reportMs: number; totalMs: number };
}

/** The pseudonyms a manifest's ids are checked against for another letter case (ManifestDeps
 * `storedEmployees`): the store's employees, and the erased ones too: erase records the id as
 * asked and in lower and upper case, so Emp-f0 after an erased EMP-F0 is refused (its lower case
 * is erased) rather than loaded as someone new. */
export async function storedEmployees(store: Pick<AnalyticsStore, 'employeePids' | 'erasedEmployees'>): Promise<Set<string>> {
  return new Set([...(await store.employeePids()), ...(await store.erasedEmployees())]);
}

export async function runPipeline(input: RunInput, deps: RunDeps): Promise<RunSummary> {
  const t0 = performance.now();
  // The session dependencies live only inside sessionsPhase: once it returns nothing refers to
  // them, and with the caches released they are collected before the reports are made.
  const done = await sessionsPhase(input, deps, await deps.session());
  deps.releaseSessions?.();
  deps.collectGarbage?.();
  // The load comes after the release: its transaction holds the new sessions' rows in memory
  // (~1 KB each), which should add to what the reports need, not to the stages' dictionaries.
  await done.load.loader.commit(done.load.companies, done.load.record);
  const t3 = performance.now();

  // --- reports: every company of the companies file, for every period of the manifest
  const reports = await deps.writeReports(
    { periods: [...done.periods].sort(), companyIds: done.companyIds, lang: input.lang, formats: input.formats, outDir: input.outDir },
    { k: deps.config.k, benchmarkMinCompanies: deps.config.benchmarkMinCompanies, now: deps.now, runId: deps.runId },
    deps.reportProgress ?? silentProgress,
  );
  const t4 = performance.now();
  const { periods: _periods, companyIds: _companyIds, load: _load, t1, t2, ingestMs, loadMs, ...summary } = done;
  return {
    runId: deps.runId,
    ...summary,
    reports,
    timings: {
      ingestMs: t1 - t0 + ingestMs,
      processMs: t2 - t1 - ingestMs - loadMs,
      loadMs: t3 - t2 + loadMs,
      reportMs: t4 - t3,
      totalMs: t4 - t0,
    },
  };
}

interface SessionsDone extends Omit<RunSummary, 'runId' | 'reports' | 'timings'> {
  periods: Set<string>;
  companyIds: string[];
  /** When ingest was ready, and when the sessions were done (before the load). */
  t1: number;
  t2: number;
  ingestMs: number;
  loadMs: number;
  /** What is left to load, in one transaction: plain data, so that holding it keeps nothing
   * of the session stages alive. */
  load: { loader: Loader; companies: Company[]; record: RunRecord };
}

/** Ingest and the per-session stages, their rows staged: everything of a run before its load. */
async function sessionsPhase(input: RunInput, deps: RunDeps, session: SessionDeps): Promise<SessionsDone> {
  const { config, store } = deps;
  const startedAt = deps.now().toISOString();

  // --- ingest: the companies whole, the manifest as a stream consumed chunk by chunk below
  const lineage = session.provider.lineage;
  const { companies, companyRejects, items } = await ingestStream({
    companiesFile: input.companiesFile,
    manifestFile: input.manifestFile,
    pseudonymKey: config.pseudonymKey,
    analysis: session.provider,
    inputRoot: config.inputRoot,
    storedEmployees: await storedEmployees(store),
    storedCases: await store.employeeCases(),
  });
  const byId = new Map(companies.map((c) => [c.company_id, c]));
  const usage = emptyUsageTotal();
  const sessionDeps: SessionDeps = {
    ...session,
    companyName: (id) => byId.get(id)?.name,
    companyAliases: (id) => byId.get(id)?.aliases,
    onUsage: (u) => {
      addUsage(usage, u);
      session.onUsage?.(u);
    },
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  // Kept for the operator as they are found; a file of an earlier run in the same folder is
  // removed at once, so what is there always belongs to this run.
  const rejectsOut = await openJsonl(join(input.outDir, 'rejects.jsonl'));
  const rejects: Reject[] = [];
  const reject = async (r: Reject) => {
    if (rejects.length < REJECTS_LISTED) rejects.push(r);
    await rejectsOut.add(r);
  };
  for (const r of companyRejects) await reject(r);
  const erasedPids = await store.erasedEmployees();
  const firstKept = firstKeptPeriod(config.retention.results, deps.now());
  const t1 = performance.now();

  // --- per-session stages, a chunk of the manifest at a time (skipping sessions already
  // loaded with the same fingerprint). Nothing of a session outlives its chunk: results are
  // staged into DuckDB as they come; the swap into the real tables is one transaction at the end.
  const loader = await store.beginLoad(deps.runId);
  const failed: SessionFailure[] = [];
  const periods = new Set<string>();
  let results: SessionResult[] = [];
  let [processed, skipped, erased, expired, rows] = [0, 0, 0, 0, 0];
  let [ingestMs, loadMs] = [0, 0];
  const flush = async () => {
    const t = performance.now();
    await loader.add(results);
    processed += results.length;
    results = [];
    deps.collectGarbage?.();
    loadMs += performance.now() - t;
  };
  const work = async (chunk: Session[]) => {
    const loaded = input.reprocess ? new Map<string, string>() : await store.fingerprintsOf(chunk.map((s) => s.session_id));
    for (const session of chunk) {
      rows += 1;
      if (erasedPids.has(session.employee_pid)) erased += 1;
      else if (loaded.get(session.session_id) === session.fingerprint) skipped += 1;
      else {
        deps.signal?.throwIfAborted();
        try {
          results.push(await processSession(session, sessionDeps));
        } catch (err) {
          // stopped: the session's abort is no failure of it (the run stops, nothing is loaded)
          deps.signal?.throwIfAborted();
          failed.push({
            session_id: session.session_id,
            employee_pid: session.employee_pid,
            file: session.source.file,
            line: session.source.line,
            code: err instanceof HonneError ? err.code : 'INTERNAL',
            retryable: retryable(err) ?? false,
            reason: describeError(err),
          });
        }
        if (results.length >= STAGE_CHUNK) await flush();
      }
      deps.progress.tick(rows, { failed: failed.length, skipped });
    }
  };
  deps.progress.start(await countRows(input.manifestFile));
  let rejectsFile: string | null = null;
  try {
    let chunk: Session[] = [];
    for (;;) {
      const t = performance.now();
      const next = await items.next();
      ingestMs += performance.now() - t;
      if (next.done) break;
      const item = next.value;
      if (item.reject) {
        rows += 1;
        await reject(item.reject);
        continue;
      }
      // a period past the results' lifetime is not loaded again (retention deleted it)
      if (firstKept !== null && item.session.period < firstKept) {
        rows += 1;
        expired += 1;
        continue;
      }
      periods.add(item.session.period);
      chunk.push(item.session);
      if (chunk.length >= STAGE_CHUNK) {
        await work(chunk);
        chunk = [];
      }
    }
    await work(chunk);
    await flush();
    deps.signal?.throwIfAborted(); // stopped after the last session: still nothing loaded
  } catch (err) {
    await loader.abort();
    throw err;
  } finally {
    deps.progress.stop();
    rejectsFile = await rejectsOut.close();
  }
  const failuresFile = await writeJsonl(join(input.outDir, 'failed.jsonl'), failed);
  const t2 = performance.now();

  const record: RunRecord = {
    run_id: deps.runId,
    started_at: startedAt,
    finished_at: deps.now().toISOString(),
    provider: lineage.provider,
    model: lineage.model,
    version: lineage.version,
    sessions_loaded: processed,
    sessions_skipped: skipped,
    sessions_failed: failed.length,
    rejects: rejectsOut.count,
    usage: { transcriber: session.transcriber.settings, total: usage },
  };
  return {
    load: { loader, companies, record },
    processed,
    skipped,
    erased,
    expired,
    failed,
    rejected: rejectsOut.count,
    rejects,
    rejectsFile,
    failuresFile,
    usage,
    periods,
    companyIds: companies.map((c) => c.company_id),
    t1,
    t2,
    ingestMs,
    loadMs,
  };
}

/** Data rows of the manifest (non-blank lines; a CSV's header aside), for the progress bar:
 * one pass over the bytes, before the real one. An estimate when a CSV cell spans lines. */
async function countRows(file: string): Promise<number> {
  let lines = 0;
  let blank = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0x0a) {
        if (!blank) lines += 1;
        blank = true;
      } else if (byte > 0x20) blank = false;
    }
  }
  if (!blank) lines += 1;
  return Math.max(0, lines - (inputFormat(file) === 'csv' ? 1 : 0));
}
