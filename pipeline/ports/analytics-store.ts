/** The analytics store port: what the run, the queue's stages, reports, erasure, retention,
 * key rotation and the commands need from the store of session results. Types only: the
 * adapter (adapters/duckdb/) holds every SQL string; nothing else talks to the database.
 *
 * One process owns the store at a time; loading is one transaction per run (or load group)
 * and idempotent by session_id. Pseudonyms only: no raw employee id, no transcript text. */
import type { AuditEntry } from '../audit.js';
import type { PeriodRows, ShownSegments } from '../aggregate/rows.js';
import type { KeywordSets } from '../aggregate/emerging.js';
import type { KeyBinding } from '../pseudonym.js';
import type { Company, SessionResult } from '../schemas.js';
import type { UsageTotal } from '../usage.js';
import type { SurveyScore } from '../survey.js';

export interface RunRecord {
  run_id: string;
  started_at: string;
  finished_at: string;
  provider: string;
  model: string;
  version: string;
  sessions_loaded: number;
  sessions_skipped: number;
  sessions_failed: number;
  rejects: number;
  /** What the run's outside calls used, and the transcriber's settings (its lineage). */
  usage?: { transcriber: string; total: UsageTotal };
}

/** A staged load: results are added as they are produced (memory stays bounded), then
 * `commit` swaps them in in one transaction; `abort` drops what was staged. */
export interface Loader {
  add(results: SessionResult[]): Promise<void>;
  commit(companies: Company[], run: RunRecord): Promise<void>;
  abort(): Promise<void>;
}

/** A session's fingerprint under the old key and under the new one (key rotation). */
export interface SessionFingerprintChange {
  session_id: string;
  old: string;
  new: string;
}

/** What retention finds (or deleted) of per-session results. */
export interface ExpiredResults {
  sessions: number;
  /** Company-periods. */
  periods: number;
  /** Members of the publication ledger no longer named. */
  members: number;
}

/** One version of a company-period's publication as the ledger keeps it (publication.ts reads it). */
export interface PublicationRecord {
  version: number;
  published_at: string;
  /** Pseudonym → digest of the employee's contribution. */
  members: Map<string, string>;
  /** Pseudonym → the segments the version showed the member in (rows recorded before the ledger
   * kept them are missing: unknown). */
  segments: Map<string, ShownSegments>;
  erased: number;
  /** The published report model, as JSON. */
  model: string;
}

/** A reporting window as the store reads it (pipeline/period.ts: ReportWindow): its id, which
 * the rows carry as their period, and its whole months. */
export interface ReportWindowRef {
  id: string;
  months: readonly string[];
}

/** What a company's sessions of a period used of outside systems, as their rows record it
 * (`honne usage`): counts and sums, never a session or an employee. A re-processed session
 * counts with its latest processing (a re-run the transcript cache answered: 0 USD); what every
 * run spent, re-runs included, is in the runs' usage. */
export interface PeriodUsage {
  company_id: string;
  /** A month, or the id of the window asked for (a quarter, a year). */
  period: string;
  sessions: number;
  /** Sessions whose usage is recorded (loaded before it was, or by an older worker: not). */
  recorded: number;
  /** Sessions with only a recording: heard by a transcriber... */
  recordings: number;
  /** ... of which the transcript cache answered (nothing sent, nothing paid). */
  transcriptCached: number;
  /** Audio seconds sent to the transcriber, and seconds of silence trimmed before (not billed). */
  audioSeconds: number;
  trimmedSeconds: number;
  transcribeCostUsd: number;
  analysisInputTokens: number;
  analysisOutputTokens: number;
  analysisCostUsd: number;
  /** Transcription and analysis, estimated from the prices in effect when each ran. */
  costUsd: number;
}

/** What a survey import did: rows new to the store, rows that replaced a stored one with other
 * figures, and rows equal to the stored one. */
export interface SurveyUpsert {
  added: number;
  changed: number;
  unchanged: number;
}

/** A company and a period it has sessions in. */
export interface CompanyPeriod {
  company_id: string;
  period: string;
}

export interface AnalyticsStore {
  // --- loading (honne run, the queue's load and report jobs)
  /** Loads companies and results in one transaction: the rows of every loaded session are
   * replaced, so loading the same results twice leaves the same content. */
  load(companies: Company[], results: SessionResult[], run: RunRecord): Promise<void>;
  beginLoad(runId: string): Promise<Loader>;
  /** session_id → fingerprint of what is loaded for the given sessions (a re-run skips the
   * unchanged ones; asked chunk by chunk, never for the whole store). */
  fingerprintsOf(sessionIds: readonly string[]): Promise<Map<string, string>>;
  /** Pseudonyms of the employees erased: their sessions are never loaded again. */
  erasedEmployees(): Promise<Set<string>>;
  /** Pseudonyms of the employees with a session in the store (ingest refuses another letter
   * case of a stored id: ingest/manifest.ts). */
  employeePids(): Promise<Set<string>>;
  /** The case keys of the stored sessions and of the erased employees (pseudonym.ts `caseKey`),
   * each with the pseudonyms stored or erased under it (sessions loaded, or employees erased,
   * before case keys have none). */
  employeeCases(): Promise<Map<string, Set<string>>>;

  // --- reading (reports, commands)
  /** Every company id the store knows (sessions or not). */
  companyIds(): Promise<string[]>;
  /** The company-periods that have sessions, by period, then company. */
  sessionPeriods(): Promise<CompanyPeriod[]>;
  /** Usage per company and month (or over `window`, every row's period its id), from the
   * sessions' rows; one company or all. For the operator, never for a report. */
  usageByPeriod(window?: ReportWindowRef, companyId?: string): Promise<PeriodUsage[]>;
  /** The aggregate rows of one reporting window (every company, or the ones given): distinct
   * employees over the window's months, every row's period the window's id; keywords already
   * filtered by the with-and-without rule at `k`. */
  periodRows(window: ReportWindowRef, k: number, companyIds?: readonly string[]): Promise<PeriodRows>;
  /** Emerging themes' input over whole months, as indexes (pipeline/aggregate/emerging.ts):
   * every employee per month, their themes, and their uses of keywords used by at least
   * `minEmployees` employees over the months (of their company when `perCompany`). With `keep`,
   * only the keywords it keeps (emerging.ts: candidateWord) are counted or read: a theme's own
   * words, most of the rows, never leave the database, so the sets stay a small part of a large
   * store. */
  keywordSets(months: readonly string[], minEmployees: number, perCompany: boolean, companyIds?: readonly string[], keep?: (keyword: string) => boolean): Promise<KeywordSets>;

  // --- engagement-survey scores (honne survey import; the behind-the-scores section)
  /** Stores survey scores in one transaction, each replacing the stored row with its key
   * (company, period, dimension, segment, metric): importing a file twice changes nothing. */
  upsertSurveyScores(rows: readonly SurveyScore[], importedAt: string): Promise<SurveyUpsert>;
  /** What upsertSurveyScores would do with these rows, writing nothing (`survey import --dry-run`). */
  compareSurveyScores(rows: readonly SurveyScore[]): Promise<SurveyUpsert>;

  // --- the publication ledger (reports/write.ts, pipeline/aggregate/publication.ts)
  /** Every version of a company-period's publication, oldest first, with its members. */
  publicationHistory(companyId: string, period: string): Promise<PublicationRecord[]>;
  /** The periods (window ids: months, quarters, rolling windows) the ledger holds versions of for a company. */
  publishedPeriods(companyId: string): Promise<string[]>;
  /** Records a new version of a company-period's publication and the employees behind it. */
  recordPublication(
    key: { c: string; p: string },
    version: number,
    publishedAt: string,
    modelJson: string,
    members: ReadonlyMap<string, string>,
    segments: ReadonlyMap<string, ShownSegments>,
  ): Promise<void>;

  // --- erasure, retention, key rotation
  /** Every row derived from one employee's sessions; published figures stay, the ledger
   * forgets who. Remembers the erasure — when `remember` (the default) or when sessions were
   * removed: an id's other letter cases are tried, and remembering each unfound one would hold
   * pseudonyms no manifest gives (key rotation refuses those). Returns the sessions removed. */
  eraseEmployee(employeePid: string, now: Date, remember?: boolean): Promise<string[]>;
  /** Results of periods before `period`: their sessions, company-periods and the ledger's
   * members of those periods still named. */
  resultsBefore(period: string): Promise<ExpiredResults>;
  /** Deletes them in one transaction (the ledger forgets who, as for an erasure). */
  deleteResultsBefore(period: string): Promise<ExpiredResults>;
  /** Every pseudonym the store holds: of sessions, erasures and the publication ledger. */
  pseudonyms(): Promise<Set<string>>;
  /** The analysis versions (provider/model/version) the loaded sessions were analysed with. */
  analysisVersions(): Promise<string[]>;
  /** Key rotation in one transaction: every pseudonym and case key replaced, the fingerprints that still
   * match replaced, the store bound to the new key, `entry` recorded. */
  rotatePseudonyms(
    pids: ReadonlyMap<string, string>,
    /** Old case key to new; a case key not in it is dropped (made under the old key). */
    cases: ReadonlyMap<string, string>,
    fingerprints: readonly SessionFingerprintChange[],
    binding: KeyBinding,
    entry: AuditEntry,
  ): Promise<{ fingerprints: number }>;

  // --- the audit trail
  audit(...entries: AuditEntry[]): Promise<void>;
  /** The audit trail, in the order it was written. */
  auditLog(): Promise<AuditEntry[]>;
  /** The output folders of every run the audit trail knows (failed runs too). */
  runOutputDirs(): Promise<string[]>;

  close(): void;
}

/** How commands and jobs reach the store of the configuration: the composition root builds it
 * (app/compose.ts: `analyticsStore`), so nothing else names the adapter. */
export interface AnalyticsStoreOpener {
  /** Opens the store bound to the configured key (KeyMismatchError for another key;
   * StoreLockedError, retryable, while another process has it). */
  open(): Promise<AnalyticsStore>;
  /** Opens an existing store to read only (`run --dry-run`): no byte of its file written, another
   * key refused (KeyMismatchError, not recorded in its audit trail). */
  openReadOnly(): Promise<Pick<AnalyticsStore, 'employeePids' | 'erasedEmployees' | 'employeeCases' | 'close'>>;
  /** Rewrites the closed store so that no byte of deleted rows survives in it (after an
   * erasure, retention or key rotation). */
  rewrite(): Promise<void>;
}
