/** The analytics store's schema (DuckDB). No transcript text and no raw employee id live here. */
import { THEME_PRESENT_THRESHOLD } from '../../pipeline/themes.js';

export const SCHEMA_SQL = `
-- honne analytics store (DuckDB). No transcript text and no raw employee id live here.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
  provider VARCHAR, model VARCHAR, version VARCHAR,
  sessions_loaded INTEGER, sessions_skipped INTEGER, sessions_failed INTEGER, rejects INTEGER
);
-- What a run's outside calls used (pipeline/usage.ts), with the transcriber's lineage (service,
-- model, response format, audio preparation): calls, answers a cache gave, audio seconds sent
-- and trimmed before sending (billed time saved), tokens, estimated USD. NULL: not recorded
-- (a store older than these columns; a queue batch's loads fill them from their sessions' usage).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS transcriber VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS calls INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS cached_calls INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS audio_sec DOUBLE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS trimmed_sec DOUBLE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS input_tokens BIGINT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS output_tokens BIGINT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS cost_usd DOUBLE;
CREATE TABLE IF NOT EXISTS companies (
  company_id VARCHAR, name VARCHAR, industry VARCHAR, employee_count INTEGER
);
CREATE TABLE IF NOT EXISTS sessions (
  session_id VARCHAR, company_id VARCHAR, employee_pid VARCHAR,
  department VARCHAR, age_band VARCHAR, gender VARCHAR, consultant_id VARCHAR,
  started_at TIMESTAMPTZ, period VARCHAR, duration_sec DOUBLE, language VARCHAR,
  fingerprint VARCHAR, run_id VARCHAR, provider VARCHAR, model VARCHAR, version VARCHAR,
  segments INTEGER, client_chars INTEGER, redactions INTEGER,
  transcript_format VARCHAR, transcript_encoding VARCHAR, sentiment DOUBLE,
  prompt_hash VARCHAR
);
-- The content hash of the prompt or lexicon each result came from; a store made before it
-- existed gets the column (NULL for its rows: their fingerprints were made without a hash).
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS prompt_hash VARCHAR;
-- What each session used of outside systems (pipeline/schemas.ts SessionUsageSchema), for the
-- operator's cost per session, company and month (honne usage); never in a report, and gone with
-- the row (erase, retention). The transcription's: the transcriber's settings (its lineage:
-- service, model, response format, audio preparation), audio seconds sent, seconds of silence
-- trimmed before sending, tokens, estimated USD, whether the transcript cache answered (then
-- nothing was sent: 0 USD); all NULL for a session that came with a transcript file. The
-- analysis's: tokens, estimated USD, cached. NULL throughout: not recorded (a store older than
-- these columns, a result written by an older worker).
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcriber VARCHAR;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_audio_sec DOUBLE;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_trimmed_sec DOUBLE;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_input_tokens BIGINT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_output_tokens BIGINT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_cost_usd DOUBLE;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS transcribe_cached BOOLEAN;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS analysis_input_tokens BIGINT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS analysis_output_tokens BIGINT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS analysis_cost_usd DOUBLE;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS analysis_cached BOOLEAN;
-- The employee's case key (pipeline/pseudonym.ts caseKey): a keyed hash of the id with its letter
-- case folded, as the pseudonym is one of the id, so that an id in another mix of cases is found
-- (ingest refuses it, erase finds it) however long it is. NULL: loaded before the column.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS employee_case VARCHAR;
-- Employees erased with honne erase: their sessions are never loaded again.
CREATE TABLE IF NOT EXISTS erasures (employee_pid VARCHAR, erased_at TIMESTAMPTZ);
-- The erased employee's case key (from their sessions), so the id in another mix of letter cases
-- is refused later too (ingest reads employeeCases). NULL: erased before it, or never stored.
ALTER TABLE erasures ADD COLUMN IF NOT EXISTS employee_case VARCHAR;
-- What each company has been shown per period (pipeline/aggregate/publication.ts): every
-- version's figures (the published report model: aggregates only), and the employees behind
-- each version with a digest of their contribution; an erased member's pseudonym and digest
-- become NULL (counted as removed, no longer named).
CREATE TABLE IF NOT EXISTS publications (
  company_id VARCHAR, period VARCHAR, version INTEGER, published_at VARCHAR, model VARCHAR
);
CREATE TABLE IF NOT EXISTS publication_members (
  company_id VARCHAR, period VARCHAR, version INTEGER, employee_pid VARCHAR, digest VARCHAR
);
-- The segment of each breakdown the version showed the member in (publication.ts: shownSegments;
-- '__other__' where pooled), so that a later version is compared segment by segment; NULL with
-- the pseudonym (erased) and in rows recorded before these columns: unknown, any segment.
ALTER TABLE publication_members ADD COLUMN IF NOT EXISTS department VARCHAR;
ALTER TABLE publication_members ADD COLUMN IF NOT EXISTS age_band VARCHAR;
ALTER TABLE publication_members ADD COLUMN IF NOT EXISTS gender VARCHAR;
-- The audit trail (pipeline/audit.ts): counts, run ids, companies, periods and input hashes,
-- never an employee's id, pseudonym or words.
CREATE TABLE IF NOT EXISTS audit (recorded_at VARCHAR, action VARCHAR, run_id VARCHAR, detail VARCHAR);
-- Engagement-survey scores a company gave (honne survey import): its own aggregates, no
-- employee in them; one row per key, an import replaces the row with the same key.
CREATE TABLE IF NOT EXISTS survey_scores (
  company_id VARCHAR, period VARCHAR, dimension VARCHAR, segment VARCHAR, metric VARCHAR,
  score DOUBLE, respondents INTEGER, imported_at VARCHAR,
  PRIMARY KEY (company_id, period, dimension, segment, metric)
);
CREATE TABLE IF NOT EXISTS session_themes (session_id VARCHAR, theme VARCHAR, confidence DOUBLE);
CREATE TABLE IF NOT EXISTS session_keywords (session_id VARCHAR, keyword VARCHAR, count INTEGER);
CREATE TABLE IF NOT EXISTS session_signals (
  session_id VARCHAR, signal VARCHAR, model_score DOUBLE, model_level VARCHAR,
  consultant_score INTEGER, consultant_level VARCHAR, level VARCHAR
);

-- Employee-level views: a company's figures count distinct employees, never sessions.
-- Every figure is a function of the rows, never of their physical order (which differs
-- between load paths and manifest orders; two reports of one month that differ are what an
-- attacker subtracts): an employee's dimensions in a period are those of their latest session
-- in it, ties broken by session_id (a total order); sentiment is averaged as DECIMAL, whose
-- sums are exact (a DOUBLE sum depends on the order it adds in); a theme counts when any of
-- their sessions has it with confidence >= THEME_PRESENT_THRESHOLD; a risk level is the
-- highest of their sessions.
-- Over a reporting window (pipeline/period.ts: whole months ps, read as the window's id w; an
-- employee counts once over the window, with the dimensions of their latest session in it), or,
-- with ps and w NULL, over each period on its own (the views below).
CREATE OR REPLACE MACRO window_sessions(ps, w) AS TABLE
SELECT * REPLACE (coalesce(w, period) AS period) FROM sessions WHERE ps IS NULL OR list_contains(ps, period);

CREATE OR REPLACE MACRO window_employee(ps, w) AS TABLE
SELECT company_id, period, employee_pid,
       arg_max(department, struct_pack(t := started_at, s := session_id)) AS department,
       arg_max(age_band, struct_pack(t := started_at, s := session_id)) AS age_band,
       arg_max(gender, struct_pack(t := started_at, s := session_id)) AS gender,
       count(*) AS sessions,
       avg(sentiment::DECIMAL(18, 9)) AS sentiment
FROM window_sessions(ps, w) GROUP BY company_id, period, employee_pid;

CREATE OR REPLACE MACRO window_themes(ps, w) AS TABLE
SELECT DISTINCT s.company_id, s.period, s.employee_pid, t.theme
FROM window_sessions(ps, w) s JOIN session_themes t USING (session_id)
WHERE t.confidence >= ${THEME_PRESENT_THRESHOLD};

CREATE OR REPLACE MACRO window_risk(ps, w) AS TABLE
SELECT s.company_id, s.period, s.employee_pid, g.signal,
       CASE max(CASE g.level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)
         WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS level
FROM window_sessions(ps, w) s JOIN session_signals g USING (session_id)
GROUP BY s.company_id, s.period, s.employee_pid, g.signal;

CREATE OR REPLACE MACRO window_segments(ps, w) AS TABLE
SELECT company_id, period, employee_pid, 'department' AS dimension, department AS segment FROM window_employee(ps, w)
UNION ALL SELECT company_id, period, employee_pid, 'age_band', age_band FROM window_employee(ps, w)
UNION ALL SELECT company_id, period, employee_pid, 'gender', gender FROM window_employee(ps, w);

CREATE OR REPLACE VIEW employee_period AS SELECT * FROM window_employee(NULL, NULL);
CREATE OR REPLACE VIEW employee_themes AS SELECT * FROM window_themes(NULL, NULL);
CREATE OR REPLACE VIEW employee_risk AS SELECT * FROM window_risk(NULL, NULL);
CREATE OR REPLACE VIEW employee_segments AS SELECT * FROM window_segments(NULL, NULL);
`;
