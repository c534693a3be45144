/** `honne run`: the whole pipeline in one process. Ingest → per-session stages → one
 * transactional load → aggregates → reports. Bad rows and failed sessions are kept in files
 * beside the reports; everything good goes on. */
import { join } from 'node:path';
import type { Config } from './config.js';
import { describeError, HonneError } from './errors.js';
import { readInputFiles } from './ingest/files.js';
import { ingest } from './ingest/ingest.js';
import { writeJsonl } from './operator-files.js';
import type { Reject } from './ingest/records.js';
import type { SessionResult } from './schemas.js';
import { processSession, type SessionDeps } from './session.js';
import type { Store } from './store/duckdb.js';
import { writePeriodReports, type ReportFormat, type WrittenReport } from '../reports/write.js';
import type { Lang } from '../reports/i18n.js';

/** Results staged into the store per chunk during a run. */
const STAGE_CHUNK = 500;

export interface Progress {
  start(total: number): void;
  tick(done: number, info: { failed: number; skipped: number }): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

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
  store: Store;
  session: SessionDeps;
  runId: string;
  now: () => Date;
  progress: Progress;
}

export interface SessionFailure {
  session_id: string;
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
  failed: SessionFailure[];
  rejects: Reject[];
  rejectsFile: string | null;
  failuresFile: string | null;
  reports: WrittenReport[];
  timings: { ingestMs: number; processMs: number; loadMs: number; reportMs: number; totalMs: number };
}

export async function runPipeline(input: RunInput, deps: RunDeps): Promise<RunSummary> {
  const t0 = performance.now();
  const { config, store } = deps;
  const startedAt = deps.now().toISOString();

  // --- ingest
  const lineage = deps.session.provider.lineage;
  const { companies, sessions, rejects } = ingest({
    ...(await readInputFiles(input.companiesFile, input.manifestFile)),
    pseudonymKey: config.pseudonymKey,
    lineage,
    inputRoot: config.inputRoot,
  });
  const names = new Map(companies.map((c) => [c.company_id, c.name]));
  const sessionDeps: SessionDeps = { ...deps.session, companyName: (id) => names.get(id) };
  // Kept for the operator, written before anything else can fail; a file of an earlier run in
  // the same folder is replaced (or removed), so what is there always belongs to this run.
  const rejectsFile = await writeJsonl(join(input.outDir, 'rejects.jsonl'), rejects);
  const t1 = performance.now();

  // --- per-session stages (skipping sessions already loaded with the same fingerprint)
  const loaded = input.reprocess ? new Map<string, string>() : await store.fingerprints();
  const erasedPids = await store.erasedEmployees();
  const erased = sessions.filter((s) => erasedPids.has(s.employee_pid)).length;
  const todo = sessions.filter((s) => !erasedPids.has(s.employee_pid) && loaded.get(s.session_id) !== s.fingerprint);
  const skipped = sessions.length - todo.length - erased;
  // Results are staged into DuckDB in chunks as they come, so memory stays bounded; the
  // swap into the real tables is one transaction at the end.
  const loader = await store.beginLoad(deps.runId);
  const failed: SessionFailure[] = [];
  let chunk: SessionResult[] = [];
  let processed = 0;
  let loadMs = 0;
  const flush = async () => {
    const t = performance.now();
    await loader.add(chunk);
    processed += chunk.length;
    chunk = [];
    loadMs += performance.now() - t;
  };
  deps.progress.start(todo.length);
  try {
    for (const [i, session] of todo.entries()) {
      try {
        chunk.push(await processSession(session, sessionDeps));
      } catch (err) {
        failed.push({
          session_id: session.session_id,
          file: session.source.file,
          line: session.source.line,
          code: err instanceof HonneError ? err.code : 'INTERNAL',
          retryable: err instanceof HonneError ? err.retryable : false,
          reason: describeError(err),
        });
      }
      if (chunk.length >= STAGE_CHUNK) await flush();
      deps.progress.tick(i + 1, { failed: failed.length, skipped });
    }
    await flush();
  } catch (err) {
    await loader.abort();
    throw err;
  } finally {
    deps.progress.stop();
  }
  const failuresFile = await writeJsonl(join(input.outDir, 'failed.jsonl'), failed);
  const t2 = performance.now();

  // --- load (one transaction)
  await loader.commit(companies, {
    run_id: deps.runId,
    started_at: startedAt,
    finished_at: deps.now().toISOString(),
    provider: lineage.provider,
    model: lineage.model,
    version: lineage.version,
    sessions_loaded: processed,
    sessions_skipped: skipped,
    sessions_failed: failed.length,
    rejects: rejects.length,
  });
  const t3 = performance.now();

  // --- reports: every company of the companies file, for every period of the manifest
  const periods = [...new Set(sessions.map((s) => s.period))].sort();
  const reports = await writePeriodReports(
    store,
    { periods, companyIds: companies.map((c) => c.company_id), lang: input.lang, formats: input.formats, outDir: input.outDir },
    { k: config.k, benchmarkMinCompanies: config.benchmarkMinCompanies, now: deps.now },
  );
  const t4 = performance.now();
  return {
    runId: deps.runId,
    processed,
    skipped,
    erased,
    failed,
    rejects,
    rejectsFile,
    failuresFile,
    reports,
    timings: { ingestMs: t1 - t0, processMs: t2 - t1 - loadMs, loadMs: t3 - t2 + loadMs, reportMs: t4 - t3, totalMs: t4 - t0 },
  };
}
