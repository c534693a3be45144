/** The DuckDB adapter of the analytics store port (pipeline/ports/analytics-store.ts): with
 * aggregates.ts and schema.ts, the only code that talks to the database. One process owns the
 * file at a time; loading is one transaction per run and idempotent by session_id. */
import { closeSync, createReadStream, existsSync, fstatSync, fsyncSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampTZValue, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { PeriodRows, ShownSegments } from '../../pipeline/aggregate/rows.js';
import { DEFAULT_STORE_MEMORY_MB } from '../../pipeline/config.js';
import { KeyMismatchError, StoreLockedError } from '../../pipeline/errors.js';
import { auditEntry, AuditEntrySchema, type AuditDetail, type AuditEntry } from '../../pipeline/audit.js';
import type {
  AnalyticsStore,
  CompanyPeriod,
  ExpiredResults,
  Loader,
  PeriodUsage,
  PublicationRecord,
  ReportWindowRef,
  RunRecord,
  SessionFingerprintChange,
  SurveyUpsert,
} from '../../pipeline/ports/analytics-store.js';
import type { KeyBinding } from '../../pipeline/pseudonym.js';
import type { Company, SessionResult } from '../../pipeline/schemas.js';
import { surveyKey, type SurveyScore } from '../../pipeline/survey.js';
import { keywordSets, periodRows } from './aggregates.js';
import type { KeywordSets } from '../../pipeline/aggregate/emerging.js';
import { SCHEMA_SQL } from './schema.js';

export const SCHEMA_VERSION = '1';

export type Row = Record<string, unknown>;

/** Staging tables of older versions (loads now stage in files: `beginLoad`). */
const STAGE_TABLES = ['stage_sessions', 'stage_themes', 'stage_keywords', 'stage_signals', 'stage_companies'] as const;
const DROP_STAGING = STAGE_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' ');


export interface StoreOptions {
  memoryMb?: number;
}

/** The first month of a ledger period, a window id (pipeline/period.ts: `2026-09`, `2026-Q3`,
 * `2026-07..2026-09`): retention forgets the members of every window that holds a month it
 * deletes, so no pseudonym outlives its month through a quarter or a rolling window. */
const FIRST_MONTH = `(CASE WHEN period LIKE '____-Q_' THEN left(period, 5) || lpad(((right(period, 1)::INTEGER - 1) * 3 + 1)::VARCHAR, 2, '0') ELSE left(period, 7) END)`;

export class DuckDbStore implements AnalyticsStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly path: string,
    /** Opened by `openReadOnly`: nothing is written. */
    private readonly readOnly = false,
  ) {}

  private async hasColumn(table: string, column: string): Promise<boolean> {
    const rows = await this.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t AND column_name = $c",
      { t: table, c: column },
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  private staging?: string;

  /** Opens (or creates) the store; `binding` is the key of the command: a store records the
   * fingerprint of the key that built it and refuses every other key, and a demo store (built
   * with the public demo key) refuses real keys and a real one the demo key. */
  static async open(path: string, binding: KeyBinding, opts: StoreOptions = {}): Promise<DuckDbStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // DuckDB's buffer pool defaults to most of the machine's memory and keeps what it read:
      // bounded, a run's memory does not grow with the store (it spills to a temp folder).
      instance = await DuckDBInstance.create(path, {
        memory_limit: `${opts.memoryMb ?? DEFAULT_STORE_MEMORY_MB}MB`,
        ...(path === ':memory:' ? {} : { temp_directory: `${path}.tmp` }),
      });
    } catch (err) {
      const msg = (err as Error).message;
      if (/lock/i.test(msg)) {
        throw new StoreLockedError(`the store ${path} is in use by another process; one process owns it at a time`, { file: path }, { cause: err });
      }
      throw err;
    }
    const conn = await instance.connect();
    const store = new DuckDbStore(instance, conn, path);
    try {
      await conn.run(SCHEMA_SQL);
      await store.bind(binding);
      // Staged rows left by a run that was killed mid-load (one process owns the file, so none
      // is in use): they were never loaded, and an erasure would not see them. Older versions
      // staged in tables.
      if (path !== ':memory:') rmSync(`${path}.staging`, { recursive: true, force: true });
      await conn.run(DROP_STAGING);
      await conn.run(`DELETE FROM meta WHERE key = 'schema_version'; INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /** Opens an existing store to read only (`run --dry-run`): no byte of it written (no schema
   * brought up to date, no staging removed, a refused key not recorded: its file is left as
   * found), another key refused as `open` refuses it. */
  static async openReadOnly(path: string, binding: KeyBinding, opts: StoreOptions = {}): Promise<DuckDbStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', memory_limit: `${opts.memoryMb ?? DEFAULT_STORE_MEMORY_MB}MB` });
    } catch (err) {
      if (/lock/i.test((err as Error).message)) {
        throw new StoreLockedError(`the store ${path} is in use by another process; one process owns it at a time`, { file: path }, { cause: err });
      }
      throw err;
    }
    const store = new DuckDbStore(instance, await instance.connect(), path, true);
    try {
      await store.bind(binding);
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  private async bind(binding: KeyBinding): Promise<void> {
    const meta = new Map(
      (await this.query<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key IN ('key_fingerprint', 'demo')`)).map((r) => [r.key, r.value]),
    );
    const fingerprint = meta.get('key_fingerprint');
    if (fingerprint === undefined) {
      if (this.readOnly) return;
      await this.conn.run(`INSERT INTO meta VALUES ('key_fingerprint', $f), ('demo', $d)`, { f: binding.fingerprint, d: String(binding.demo) });
      await this.audit(auditEntry('key_bound', { demo: binding.demo }, new Date()));
      return;
    }
    const demo = meta.get('demo') === 'true';
    const where = `the store ${this.path}`;
    if (demo && !binding.demo) {
      await this.refuse('real_key_on_demo_store');
      throw new KeyMismatchError(`${where} was built with the public demo key: real data does not belong in it; use another HONNE_DATA_DIR, or delete the demo store (its folder) first`, { file: this.path });
    }
    if (!demo && binding.demo) {
      await this.refuse('demo_key_on_real_store');
      throw new KeyMismatchError(`${where} holds data pseudonymised with a real key: the public demo key (--demo) is refused here; set HONNE_PSEUDONYM_KEY`, { file: this.path });
    }
    if (fingerprint !== binding.fingerprint) {
      await this.refuse('other_key');
      throw new KeyMismatchError(
        `${where} was built with another HONNE_PSEUDONYM_KEY (fingerprint ${fingerprint.slice(0, 8)}…, this key's ${binding.fingerprint.slice(0, 8)}…): use the key that built it, or another HONNE_DATA_DIR`,
        { file: this.path },
      );
    }
  }

  /** Records a refused key in the audit trail, so a data protection officer sees attempts with
   * the wrong key; nothing else is read or written. */
  private async refuse(reason: AuditDetail<'key_refused'>['reason']): Promise<void> {
    if (this.readOnly) return;
    await this.audit(auditEntry('key_refused', { reason }, new Date()));
  }

  /** Appends entries to the audit trail. */
  async audit(...entries: AuditEntry[]): Promise<void> {
    for (const e of entries) {
      await this.conn.run('INSERT INTO audit VALUES ($at, $action, $run, $detail)', {
        at: e.at, action: e.action, run: e.run_id, detail: JSON.stringify(e.detail),
      });
    }
  }

  /** The output folders of every run the audit trail knows (failed runs too): where erasure
   * and retention find operator files. */
  async runOutputDirs(): Promise<string[]> {
    const rows = await this.query<{ out: string | null }>(
      "SELECT DISTINCT json_extract_string(detail, '$.out') AS out FROM audit WHERE action IN ('run_started', 'run') ORDER BY 1",
    );
    return rows.flatMap((r) => (r.out ? [r.out] : []));
  }

  /** The audit trail, in the order it was written. */
  async auditLog(): Promise<AuditEntry[]> {
    const rows = await this.query<{ at: string; action: string; run_id: string | null; detail: string }>(
      'SELECT recorded_at AS at, action, run_id, detail FROM audit ORDER BY rowid',
    );
    return rows.map((r) => AuditEntrySchema.parse({ ...r, detail: JSON.parse(r.detail) as unknown }));
  }

  /** Raw SQL, for this adapter and for tests that attack the store's content; not on the port:
   * commands, jobs, reports and stages go through its named methods. */
  async query<T extends Row = Row>(sql: string, params?: Record<string, DuckDBValue> | DuckDBValue[]): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map(normaliseRow) as T[];
  }

  /** `columns` unsigned integer columns, streamed chunk by chunk into typed arrays (a million
   * rows: 4 bytes a cell, never an object a row). */
  async queryInts(sql: string, params: Record<string, DuckDBValue>, columns: number): Promise<Uint32Array[]> {
    const result = await this.conn.stream(sql, params);
    let out = Array.from({ length: columns }, () => new Uint32Array(4096));
    let n = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      if (n + chunk.rowCount > out[0]!.length) {
        const size = Math.max(out[0]!.length * 2, n + chunk.rowCount);
        out = out.map((a) => {
          const grown = new Uint32Array(size);
          grown.set(a.subarray(0, n));
          return grown;
        });
      }
      for (let c = 0; c < columns; c++) {
        const values = chunk.getColumnValues(c);
        for (let r = 0; r < values.length; r++) out[c]![n + r] = Number(values[r]);
      }
      n += chunk.rowCount;
    }
    return out.map((a) => a.slice(0, n));
  }

  async run(sql: string, params?: Record<string, DuckDBValue> | DuckDBValue[]): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** session_id → fingerprint of what is loaded for the given sessions, to skip unchanged
   * sessions on a re-run (a run asks chunk by chunk, so it never holds the whole store's). */
  async fingerprintsOf(sessionIds: readonly string[]): Promise<Map<string, string>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await this.query<{ session_id: string; fingerprint: string }>(
      `SELECT session_id, fingerprint FROM sessions WHERE session_id IN (${sessionIds.map(() => '?').join(', ')})`,
      [...sessionIds],
    );
    return new Map(rows.map((r) => [r.session_id, r.fingerprint]));
  }

  async erasedEmployees(): Promise<Set<string>> {
    return new Set((await this.query<{ employee_pid: string }>('SELECT employee_pid FROM erasures')).map((r) => r.employee_pid));
  }

  async employeePids(): Promise<Set<string>> {
    return new Set((await this.query<{ employee_pid: string }>('SELECT DISTINCT employee_pid FROM sessions')).map((r) => r.employee_pid));
  }

  async employeeCases(): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    // a store opened read-only before its schema was brought up to date may lack the column
    const of = async (table: 'sessions' | 'erasures') =>
      this.readOnly && !(await this.hasColumn(table, 'employee_case'))
        ? []
        : this.query<{ c: string; pid: string }>(`SELECT DISTINCT employee_case AS c, employee_pid AS pid FROM ${table} WHERE employee_case IS NOT NULL`);
    // the erased ones' too: an erased id in another mix of cases is refused, not loaded anew
    const rows = [...(await of('sessions')), ...(await of('erasures'))];
    for (const { c, pid } of rows) out.set(c, (out.get(c) ?? new Set()).add(pid));
    return out;
  }

  async companyIds(): Promise<string[]> {
    return (await this.query<{ company_id: string }>('SELECT company_id FROM companies')).map((r) => r.company_id);
  }

  async sessionPeriods(): Promise<CompanyPeriod[]> {
    return this.query<{ company_id: string; period: string }>('SELECT DISTINCT company_id, period FROM sessions ORDER BY period, company_id');
  }

  async usageByPeriod(window?: ReportWindowRef, companyId?: string): Promise<PeriodUsage[]> {
    const where = [window ? 'list_contains($months::VARCHAR[], period)' : 'true', companyId !== undefined ? 'company_id = $company' : 'true'].join(' AND ');
    const params: Record<string, DuckDBValue> = {
      ...(window ? { months: listValue([...window.months]), w: window.id } : {}),
      ...(companyId !== undefined ? { company: companyId } : {}),
    };
    // analysis_cached is set on every row whose usage was recorded; transcriber on a recording's
    const rows = await this.query<Record<keyof PeriodUsage, number | string>>(
      `SELECT company_id, ${window ? '$w::VARCHAR' : 'period'} AS period,
         count(*) AS sessions,
         count(analysis_cached) AS recorded,
         count(transcriber) AS recordings,
         count(*) FILTER (WHERE transcribe_cached) AS transcriptCached,
         coalesce(sum(transcribe_audio_sec), 0) AS audioSeconds,
         coalesce(sum(transcribe_trimmed_sec), 0) AS trimmedSeconds,
         coalesce(sum(transcribe_cost_usd), 0) AS transcribeCostUsd,
         coalesce(sum(analysis_input_tokens), 0) AS analysisInputTokens,
         coalesce(sum(analysis_output_tokens), 0) AS analysisOutputTokens,
         coalesce(sum(analysis_cost_usd), 0) AS analysisCostUsd
       FROM sessions WHERE ${where}
       GROUP BY ALL ORDER BY period, company_id`,
      params,
    );
    return rows.map((r) => {
      const n = (k: keyof PeriodUsage) => Number(r[k]);
      return {
        company_id: String(r.company_id), period: String(r.period),
        sessions: n('sessions'), recorded: n('recorded'), recordings: n('recordings'), transcriptCached: n('transcriptCached'),
        audioSeconds: n('audioSeconds'), trimmedSeconds: n('trimmedSeconds'), transcribeCostUsd: n('transcribeCostUsd'),
        analysisInputTokens: n('analysisInputTokens'), analysisOutputTokens: n('analysisOutputTokens'), analysisCostUsd: n('analysisCostUsd'),
        costUsd: n('transcribeCostUsd') + n('analysisCostUsd'),
      };
    });
  }

  periodRows(window: ReportWindowRef, k: number, companyIds?: readonly string[]): Promise<PeriodRows> {
    return periodRows((sql, params) => this.query(sql, params), window, k, companyIds);
  }

  keywordSets(months: readonly string[], minEmployees: number, perCompany: boolean, companyIds?: readonly string[], keep?: (keyword: string) => boolean): Promise<KeywordSets> {
    return keywordSets((sql, params) => this.query(sql, params), (sql, params, columns) => this.queryInts(sql, params, columns), months, minEmployees, perCompany, companyIds, keep);
  }

  /** Loads companies and session results in one transaction: the rows of every loaded
   * session are replaced, so loading the same results twice leaves the same content. */
  async load(companies: Company[], results: SessionResult[], run: RunRecord): Promise<void> {
    const loader = await this.beginLoad(run.run_id);
    await loader.add(results);
    await loader.commit(companies, run);
  }

  /** A staged load for long runs: results are appended to JSON-lines files beside the store
   * as they are produced, then `commit` streams them into the tables in one transaction. Files,
   * not staging tables: appending to DuckDB tables chunk by chunk made its native memory grow
   * with every session (~3–5 KB each, outside its memory limit), so a run's peak grew with its
   * size; files keep the sessions phase flat. The commit appends line by line (an appender takes
   * part in the open transaction) rather than `read_json`, whose buffers cost ~70 MB more at
   * 50,000 sessions. */
  async beginLoad(runId: string): Promise<Loader> {
    const dir = this.stagingDir();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = (t: StagedFile) => join(dir, `${t}.jsonl`);
    const drop = async () => {
      rmSync(dir, { recursive: true, force: true });
    };
    return {
      add: async (results) => {
        const lines = stagedLines(results, runId);
        for (const t of STAGED_FILES) if (lines[t].length > 0) await appendFile(file(t), lines[t].join(''));
      },
      commit: async (companies, run) => {
        try {
          for (const t of STAGED_FILES) await appendFile(file(t), '');
          await this.commitStaged(file, companies, run);
        } finally {
          await drop();
        }
      },
      abort: drop,
    };
  }

  /** Where a load stages its rows: beside the store file (the in-memory store has none). */
  private stagingDir(): string {
    this.staging ??= this.path === ':memory:' ? mkdtempSync(join(tmpdir(), 'honne-staging-')) : `${this.path}.staging`;
    return this.staging;
  }

  /** Appends a staged file's rows to its table, in the table's column order, one line at a time. */
  private async appendStaged(table: (typeof SESSION_TABLES)[number], file: string): Promise<void> {
    const types = STAGED_TYPES[table];
    const columns = (
      await this.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t ORDER BY ordinal_position",
        { t: table },
      )
    ).map((r) => r.name);
    const unknown = columns.filter((c) => !(c in types));
    if (unknown.length > 0) throw new Error(`${table}: no staged value for ${unknown.join(', ')}`);
    const appender = await this.conn.createAppender(table);
    try {
      for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        if (line === '') continue;
        const row = JSON.parse(line) as Record<string, unknown>;
        for (const c of columns) appendStagedValue(appender, types[c]!, row[c]);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
  }

  private async commitStaged(file: (t: StagedFile) => string, companies: Company[], run: RunRecord): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      if (companies.length > 0) {
        // only these columns: aliases are for redaction and never stored
        const list = (f: (c: Company) => string | number) => listValue(companies.map(f));
        await this.conn.run('DELETE FROM companies WHERE company_id IN (SELECT unnest($id::VARCHAR[]))', { id: list((c) => c.company_id) });
        await this.conn.run(
          'INSERT INTO companies SELECT unnest($id::VARCHAR[]), unnest($name::VARCHAR[]), unnest($industry::VARCHAR[]), unnest($employees::INTEGER[])',
          { id: list((c) => c.company_id), name: list((c) => c.name), industry: list((c) => c.industry), employees: list((c) => c.employee_count) },
        );
      }
      await this.conn.run(`
        CREATE OR REPLACE TEMP TABLE staged_ids AS
          SELECT session_id FROM read_json(${sqlString(file('session_ids'))}, format = 'newline_delimited', columns = {'session_id': 'VARCHAR'});
        DELETE FROM session_themes WHERE session_id IN (SELECT session_id FROM staged_ids);
        DELETE FROM session_keywords WHERE session_id IN (SELECT session_id FROM staged_ids);
        DELETE FROM session_signals WHERE session_id IN (SELECT session_id FROM staged_ids);
        DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM staged_ids);
        DROP TABLE staged_ids;
      `);
      for (const t of SESSION_TABLES) await this.appendStaged(t, file(t));
      const { usage, ...record } = run;
      const u = usage?.total;
      await this.conn.run(
        `INSERT INTO runs (run_id, started_at, finished_at, provider, model, version, sessions_loaded, sessions_skipped, sessions_failed, rejects,
           transcriber, calls, cached_calls, audio_sec, trimmed_sec, input_tokens, output_tokens, cost_usd)
         VALUES ($run_id, $started_at::TIMESTAMPTZ, $finished_at::TIMESTAMPTZ, $provider, $model, $version,
           $sessions_loaded, $sessions_skipped, $sessions_failed, $rejects,
           $transcriber, $calls, $cached_calls, $audio_sec, $trimmed_sec, $input_tokens, $output_tokens, $cost_usd)`,
        {
          ...record,
          transcriber: usage?.transcriber ?? null,
          calls: u?.calls ?? null,
          cached_calls: u?.cachedCalls ?? null,
          audio_sec: u?.audioSeconds ?? null,
          trimmed_sec: u?.trimmedSeconds ?? null,
          input_tokens: u?.inputTokens ?? null,
          output_tokens: u?.outputTokens ?? null,
          cost_usd: u?.costUsd ?? null,
        },
      );
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
  }

  async publishedPeriods(companyId: string): Promise<string[]> {
    const rows = await this.query<{ period: string }>('SELECT DISTINCT period FROM publications WHERE company_id = $c ORDER BY period', { c: companyId });
    return rows.map((r) => r.period);
  }

  /** Every version of a company-period's publication, oldest first, with its members. */
  async publicationHistory(companyId: string, period: string): Promise<PublicationRecord[]> {
    const key = { c: companyId, p: period };
    const versions = await this.query<{ version: number; published_at: string; model: string }>(
      'SELECT version, published_at, model FROM publications WHERE company_id = $c AND period = $p ORDER BY version',
      key,
    );
    const rows = await this.query<{ version: number; employee_pid: string | null; digest: string | null } & Record<keyof ShownSegments, string | null>>(
      'SELECT version, employee_pid, digest, department, age_band, gender FROM publication_members WHERE company_id = $c AND period = $p ORDER BY ALL',
      key,
    );
    return versions.map((v) => {
      const members = new Map<string, string>();
      const segments = new Map<string, ShownSegments>();
      let erased = 0;
      for (const r of rows) {
        if (r.version !== v.version) continue;
        if (r.employee_pid === null) erased++;
        else {
          members.set(r.employee_pid, r.digest ?? '');
          // a row older than the columns: unknown (publication.ts: segmentsSafe)
          if (r.department !== null && r.age_band !== null && r.gender !== null) {
            segments.set(r.employee_pid, { department: r.department, age_band: r.age_band, gender: r.gender });
          }
        }
      }
      return { ...v, members, segments, erased };
    });
  }

  /** Records a new version of a company-period's publication and the employees behind it. */
  async recordPublication(
    key: { c: string; p: string },
    version: number,
    publishedAt: string,
    modelJson: string,
    members: ReadonlyMap<string, string>,
    segments: ReadonlyMap<string, ShownSegments>,
  ): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('INSERT INTO publications VALUES ($c, $p, $v, $at, $model)', {
        ...key, v: version, at: publishedAt, model: modelJson,
      });
      const sorted = [...members].sort(([a], [b]) => (a < b ? -1 : 1));
      if (sorted.length > 0) {
        const shown = (dim: keyof ShownSegments) => listValue(sorted.map(([pid]) => segments.get(pid)?.[dim] ?? null));
        await this.conn.run(
          `INSERT INTO publication_members (company_id, period, version, employee_pid, digest, department, age_band, gender)
           SELECT $c, $p, $v, unnest($pids::VARCHAR[]), unnest($digests::VARCHAR[]), unnest($d::VARCHAR[]), unnest($a::VARCHAR[]), unnest($g::VARCHAR[])`,
          {
            ...key, v: version, pids: listValue(sorted.map(([pid]) => pid)), digests: listValue(sorted.map(([, d]) => d)),
            d: shown('department'), a: shown('age_band'), g: shown('gender'),
          },
        );
      }
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
  }

  /** Erasure: every row derived from one employee's sessions. Returns the sessions removed. */
  async eraseEmployee(employeePid: string, now: Date, remember = true): Promise<string[]> {
    const rows = await this.query<{ session_id: string; c: string | null }>('SELECT session_id, employee_case AS c FROM sessions WHERE employee_pid = $pid', {
      pid: employeePid,
    });
    const ids = rows.map((r) => r.session_id);
    // the case key outlives the sessions, as the pseudonym does: the id in another mix of cases is refused
    const employeeCase = rows.find((r) => r.c !== null)?.c ?? null;
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const table of ['session_themes', 'session_keywords', 'session_signals']) {
        await this.conn.run(`DELETE FROM ${table} WHERE session_id IN (SELECT session_id FROM sessions WHERE employee_pid = $pid)`, { pid: employeePid });
      }
      await this.conn.run('DELETE FROM sessions WHERE employee_pid = $pid', { pid: employeePid });
      // Published figures stay as published (aggregates over >= k); the ledger forgets who.
      await this.conn.run('UPDATE publication_members SET employee_pid = NULL, digest = NULL, department = NULL, age_band = NULL, gender = NULL WHERE employee_pid = $pid', { pid: employeePid });
      if (remember || ids.length > 0) {
        await this.conn.run('DELETE FROM erasures WHERE employee_pid = $pid', { pid: employeePid });
        await this.conn.run('INSERT INTO erasures (employee_pid, erased_at, employee_case) VALUES ($pid, $at::TIMESTAMPTZ, $c)', {
          pid: employeePid, at: now.toISOString(), c: employeeCase,
        });
      }
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
    return ids;
  }

  /** Every pseudonym the store holds: of sessions, erasures and the publication ledger. */
  async pseudonyms(): Promise<Set<string>> {
    const rows = await this.query<{ pid: string }>(
      `SELECT employee_pid AS pid FROM sessions UNION SELECT employee_pid FROM erasures
       UNION SELECT employee_pid FROM publication_members WHERE employee_pid IS NOT NULL`,
    );
    return new Set(rows.map((r) => r.pid));
  }

  /** The analysis versions the loaded sessions were analysed with, as their fingerprints hold them
   * (`analysisVersionOf`: provider/model/version#prompt_hash; without the hash for results stored
   * before content hashes existed). */
  async analysisVersions(): Promise<string[]> {
    return (
      await this.query<{ v: string }>("SELECT DISTINCT provider || '/' || model || '/' || version || coalesce('#' || prompt_hash, '') AS v FROM sessions ORDER BY 1")
    ).map((r) => r.v);
  }

  /** Key rotation, in one transaction: every pseudonym replaced by its new one (sessions,
   * erasures, the ledger's members), the fingerprints of sessions that are unchanged under the
   * new key (a session's fingerprint covers its pseudonym) replaced where they still match, the
   * store bound to the new key, and `entry` recorded. The caller rewrites the file after. */
  async rotatePseudonyms(
    pids: ReadonlyMap<string, string>,
    cases: ReadonlyMap<string, string>,
    fingerprints: readonly SessionFingerprintChange[],
    binding: KeyBinding,
    entry: AuditEntry,
  ): Promise<{ fingerprints: number }> {
    const list = (xs: string[]) => listValue(xs);
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE pid_map AS SELECT unnest($old::VARCHAR[]) AS old, unnest($new::VARCHAR[]) AS new`, {
      old: list([...pids.keys()]), new: list([...pids.values()]),
    });
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE case_map AS SELECT unnest($old::VARCHAR[]) AS old, unnest($new::VARCHAR[]) AS new`, {
      old: list([...cases.keys()]), new: list([...cases.values()]),
    });
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE fp_map AS SELECT unnest($id::VARCHAR[]) AS session_id, unnest($old::VARCHAR[]) AS old, unnest($new::VARCHAR[]) AS new`, {
      id: list(fingerprints.map((f) => f.session_id)), old: list(fingerprints.map((f) => f.old)), new: list(fingerprints.map((f) => f.new)),
    });
    let changed = 0;
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const [r] = await this.query<{ n: number }>(
        'SELECT count(*) AS n FROM sessions s JOIN fp_map f ON s.session_id = f.session_id AND s.fingerprint = f.old',
      );
      changed = r?.n ?? 0;
      await this.conn.run(`
        UPDATE sessions SET fingerprint = f.new FROM fp_map f WHERE sessions.session_id = f.session_id AND sessions.fingerprint = f.old;
        UPDATE sessions SET employee_pid = m.new FROM pid_map m WHERE sessions.employee_pid = m.old;
        -- a case key under the old key names employees to whoever holds it: replaced, or dropped
        UPDATE sessions SET employee_case = (SELECT m.new FROM case_map m WHERE m.old = sessions.employee_case) WHERE employee_case IS NOT NULL;
        UPDATE erasures SET employee_pid = m.new FROM pid_map m WHERE erasures.employee_pid = m.old;
        UPDATE erasures SET employee_case = (SELECT m.new FROM case_map m WHERE m.old = erasures.employee_case) WHERE employee_case IS NOT NULL;
        UPDATE publication_members SET employee_pid = m.new FROM pid_map m WHERE publication_members.employee_pid = m.old;
      `);
      await this.conn.run("UPDATE meta SET value = $f WHERE key = 'key_fingerprint'", { f: binding.fingerprint });
      await this.audit(entry);
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    } finally {
      await this.conn.run('DROP TABLE IF EXISTS pid_map; DROP TABLE IF EXISTS fp_map; DROP TABLE IF EXISTS case_map');
    }
    return { fingerprints: changed };
  }

  /** The stored scores with the keys of these rows' companies, by key. */
  private async storedSurveyScores(rows: readonly SurveyScore[]): Promise<Map<string, SurveyScore>> {
    const companies = [...new Set(rows.map((r) => r.company_id))];
    return new Map(
      (companies.length === 0
        ? []
        : await this.query<SurveyScore>(
            'SELECT company_id, period, dimension, segment, metric, score, respondents FROM survey_scores WHERE company_id IN (SELECT unnest($c::VARCHAR[]))',
            { c: listValue(companies) },
          )
      ).map((r) => [surveyKey(r), r]),
    );
  }

  async compareSurveyScores(rows: readonly SurveyScore[]): Promise<SurveyUpsert> {
    const stored = await this.storedSurveyScores(rows);
    const out: SurveyUpsert = { added: 0, changed: 0, unchanged: 0 };
    for (const r of rows) out[surveyChange(stored.get(surveyKey(r)), r)]++;
    return out;
  }

  /** Survey scores in one transaction: a row with the key of a stored one replaces it (the same
   * file imported twice changes nothing); says how many were new, changed or unchanged. */
  async upsertSurveyScores(rows: readonly SurveyScore[], importedAt: string): Promise<SurveyUpsert> {
    const stored = await this.storedSurveyScores(rows);
    const out: SurveyUpsert = { added: 0, changed: 0, unchanged: 0 };
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const r of rows) {
        const change = surveyChange(stored.get(surveyKey(r)), r);
        out[change]++;
        if (change === 'unchanged') continue;
        await this.conn.run('INSERT OR REPLACE INTO survey_scores VALUES ($c, $p, $d, $s, $m, $score, $n, $at)', {
          c: r.company_id, p: r.period, d: r.dimension, s: r.segment, m: r.metric, score: r.score, n: r.respondents, at: importedAt,
        });
      }
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
    return out;
  }

  /** Results of periods before `period` (retention): their sessions, company-periods and the
   * ledger's members of those periods still named. */
  async resultsBefore(period: string): Promise<ExpiredResults> {
    const [r] = await this.query<{ sessions: number; periods: number }>(
      'SELECT count(*) AS sessions, count(DISTINCT (company_id, period)) AS periods FROM sessions WHERE period < $p',
      { p: period },
    );
    const [m] = await this.query<{ members: number }>(
      `SELECT count(*) AS members FROM publication_members WHERE ${FIRST_MONTH} < $p AND employee_pid IS NOT NULL`,
      { p: period },
    );
    return { sessions: r?.sessions ?? 0, periods: r?.periods ?? 0, members: m?.members ?? 0 };
  }

  /** Deletes the results of periods before `period` in one transaction. Published figures stay
   * as published (aggregates over >= k, already shown); the ledger forgets who was behind them,
   * as for an erasure. Returns what was deleted. */
  async deleteResultsBefore(period: string): Promise<ExpiredResults> {
    const found = await this.resultsBefore(period);
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const table of ['session_themes', 'session_keywords', 'session_signals']) {
        await this.conn.run(`DELETE FROM ${table} WHERE session_id IN (SELECT session_id FROM sessions WHERE period < $p)`, { p: period });
      }
      await this.conn.run('DELETE FROM sessions WHERE period < $p', { p: period });
      await this.conn.run(`UPDATE publication_members SET employee_pid = NULL, digest = NULL, department = NULL, age_band = NULL, gender = NULL WHERE ${FIRST_MONTH} < $p`, { p: period });
      // survey scores go with the results of their period (a quarter's with its first month)
      await this.conn.run(`DELETE FROM survey_scores WHERE ${FIRST_MONTH} < $p`, { p: period });
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
    return found;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** Rewrites a closed store file so that no byte of deleted rows survives in it: DuckDB keeps
   * a deleted row's strings in the file's free blocks (grep finds an erased employee's words
   * after DELETE, CHECKPOINT and VACUUM alike). The live rows are copied into a fresh file,
   * which replaces the old one by rename; the old file's blocks are then overwritten with
   * zeros through a descriptor opened before the rename, so the words do not linger in the
   * freed inode either. A crash leaves the old file or the new one, never neither. */
  static async rewrite(path: string): Promise<void> {
    const fresh = `${path}.rewrite`;
    rmSync(fresh, { force: true });
    // spill files a killed process left in the store's temp folder may hold erased rows
    rmSync(`${path}.tmp`, { recursive: true, force: true });
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(`ATTACH ${sqlString(path)} AS old_store; CHECKPOINT old_store; ATTACH ${sqlString(fresh)} AS new_store;
        COPY FROM DATABASE old_store TO new_store; DETACH old_store; DETACH new_store;`);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    // a write-ahead log left beside the old file would be replayed into the new one
    if (existsSync(`${path}.wal`)) throw new Error(`${path}.wal is still there after a checkpoint: not rewriting the store`);
    const fd = openSync(path, 'r+');
    try {
      const size = fstatSync(fd).size;
      renameSync(fresh, path);
      const zeros = Buffer.alloc(Math.min(size, 1 << 20));
      for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The tables a load stages (a file each, and one of the session ids), with the columns and
 * types their lines are appended as. */
const SESSION_TABLES = ['sessions', 'session_themes', 'session_keywords', 'session_signals'] as const;
const STAGED_FILES = [...SESSION_TABLES, 'session_ids'] as const;
type StagedFile = (typeof STAGED_FILES)[number];
const STAGED_TYPES: Record<(typeof SESSION_TABLES)[number], Record<string, string>> = {
  sessions: {
    session_id: 'VARCHAR', company_id: 'VARCHAR', employee_pid: 'VARCHAR', department: 'VARCHAR', age_band: 'VARCHAR', gender: 'VARCHAR',
    consultant_id: 'VARCHAR', started_at: 'TIMESTAMPTZ', period: 'VARCHAR', duration_sec: 'DOUBLE', language: 'VARCHAR', fingerprint: 'VARCHAR',
    run_id: 'VARCHAR', provider: 'VARCHAR', model: 'VARCHAR', version: 'VARCHAR', segments: 'INTEGER', client_chars: 'INTEGER',
    redactions: 'INTEGER', transcript_format: 'VARCHAR', transcript_encoding: 'VARCHAR', sentiment: 'DOUBLE', prompt_hash: 'VARCHAR',
    transcriber: 'VARCHAR', transcribe_audio_sec: 'DOUBLE', transcribe_trimmed_sec: 'DOUBLE', transcribe_input_tokens: 'BIGINT',
    transcribe_output_tokens: 'BIGINT', transcribe_cost_usd: 'DOUBLE', transcribe_cached: 'BOOLEAN', analysis_input_tokens: 'BIGINT',
    analysis_output_tokens: 'BIGINT', analysis_cost_usd: 'DOUBLE', analysis_cached: 'BOOLEAN', employee_case: 'VARCHAR',
  },
  session_themes: { session_id: 'VARCHAR', theme: 'VARCHAR', confidence: 'DOUBLE' },
  session_keywords: { session_id: 'VARCHAR', keyword: 'VARCHAR', count: 'INTEGER' },
  session_signals: {
    session_id: 'VARCHAR', signal: 'VARCHAR', model_score: 'DOUBLE', model_level: 'VARCHAR',
    consultant_score: 'INTEGER', consultant_level: 'VARCHAR', level: 'VARCHAR',
  },
};

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

const stagedLine = (row: Record<string, string | number | boolean | null | undefined>) => `${JSON.stringify(row)}\n`;

/** The rows of a chunk of results, one JSON line each, by table. */
function stagedLines(results: SessionResult[], runId: string): Record<(typeof STAGED_FILES)[number], string[]> {
  const out = { session_ids: [] as string[], sessions: [] as string[], session_themes: [] as string[], session_keywords: [] as string[], session_signals: [] as string[] };
  for (const r of results) {
    const s = r.session;
    const tx = r.usage?.transcription?.usage;
    const an = r.usage?.analysis;
    out.session_ids.push(stagedLine({ session_id: s.session_id }));
    out.sessions.push(stagedLine({
      session_id: s.session_id, company_id: s.company_id, employee_pid: s.employee_pid, department: s.department ?? null,
      age_band: s.age_band ?? null, gender: s.gender ?? null, consultant_id: s.consultant_id, started_at: s.started_at, period: s.period,
      duration_sec: s.duration_sec ?? null, language: s.language, fingerprint: s.fingerprint, run_id: runId,
      provider: r.lineage.provider, model: r.lineage.model, version: r.lineage.version,
      segments: r.stats.segments, client_chars: r.stats.client_chars, redactions: r.stats.redactions,
      transcript_format: r.stats.transcript_format, transcript_encoding: r.stats.transcript_encoding,
      sentiment: r.sentiment, prompt_hash: r.lineage.prompt_hash,
      transcriber: r.usage?.transcription?.transcriber ?? null, transcribe_audio_sec: tx?.audioSeconds ?? null,
      transcribe_trimmed_sec: tx?.trimmedSeconds ?? null, transcribe_input_tokens: tx?.inputTokens ?? null,
      transcribe_output_tokens: tx?.outputTokens ?? null, transcribe_cost_usd: tx?.costUsd ?? null, transcribe_cached: tx?.cached ?? null,
      analysis_input_tokens: an?.inputTokens ?? null, analysis_output_tokens: an?.outputTokens ?? null,
      analysis_cost_usd: an?.costUsd ?? null, analysis_cached: an?.cached ?? null, employee_case: s.employee_case ?? null,
    }));
    for (const t of r.themes) out.session_themes.push(stagedLine({ session_id: s.session_id, theme: t.theme, confidence: t.confidence }));
    for (const k of r.keywords) out.session_keywords.push(stagedLine({ session_id: s.session_id, keyword: k.keyword, count: k.count }));
    for (const [signal, v] of [['retention_risk', r.retention_risk], ['mental_health_risk', r.mental_health_risk]] as const) {
      out.session_signals.push(stagedLine({
        session_id: s.session_id, signal, model_score: v.model_score, model_level: v.model_level,
        consultant_score: v.consultant_score, consultant_level: v.consultant_level, level: v.level,
      }));
    }
  }
  return out;
}

function appendStagedValue(a: Appender, type: string, v: unknown): void {
  if (v === null || v === undefined) a.appendNull();
  else if (type === 'VARCHAR') a.appendVarchar(String(v));
  else if (type === 'INTEGER') a.appendInteger(Number(v));
  else if (type === 'BIGINT') a.appendBigInt(BigInt(v as number));
  else if (type === 'BOOLEAN') a.appendBoolean(v === true);
  else if (type === 'TIMESTAMPTZ') a.appendTimestampTZ(new DuckDBTimestampTZValue(isoMicros(String(v))));
  else a.appendDouble(Number(v));
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

/** Microseconds since the epoch of an ISO-8601 time with an offset (the manifest's form,
 * pipeline/schemas.ts), as DuckDB's `::TIMESTAMPTZ` reads it. */
export function isoMicros(iso: string): bigint {
  const m = ISO.exec(iso.trim());
  if (!m) throw new Error(`not an ISO-8601 time with an offset: ${JSON.stringify(iso)}`);
  const [, y, mo, d, h, mi, sec, frac, sign, oh, om] = m;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
  const offsetMin = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return BigInt(local - offsetMin * 60_000) * 1000n + BigInt((frac ?? '').padEnd(6, '0').slice(0, 6));
}

/** DuckDB returns bigint for counts: convert to number (our counts fit easily). */
function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

/** How a survey row relates to the stored one with its key. */
function surveyChange(before: SurveyScore | undefined, r: SurveyScore): keyof SurveyUpsert {
  if (!before) return 'added';
  return before.score === r.score && before.respondents === r.respondents ? 'unchanged' : 'changed';
}
