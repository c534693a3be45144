/** Builders of SessionResult records for tests of the store, aggregates and reports. */
import { buildReportModel, type ModelOptions, type ReportModel } from '../aggregate/model.js';
import { withBenchmarks } from '../aggregate/benchmark.js';
import { previousFigures } from '../aggregate/publication.js';
import type { PeriodAggregates } from '../aggregate/queries.js';
import { keyBinding, pseudonymise } from '../pseudonym.js';
import type { SessionResult, StoredRisk } from '../schemas.js';
import type { RiskLevel, ThemeId } from '../themes.js';

export interface FakeSession {
  company: string;
  employee: string;
  period?: string;
  day?: number;
  department?: string;
  age_band?: string;
  gender?: string;
  themes?: ThemeId[];
  keywords?: string[];
  retention?: RiskLevel;
  mental?: RiskLevel;
  sentiment?: number;
}

let counter = 0;

const risk = (level: RiskLevel): StoredRisk => ({
  model_score: level === 'high' ? 0.9 : level === 'medium' ? 0.5 : 0.1,
  model_level: level,
  consultant_score: null,
  consultant_level: null,
  level,
});

/** The key fakeResult pseudonymises with, and the store binding that goes with it. */
export const TEST_KEY = 'test-key-0123456789';
export const TEST_BINDING = keyBinding({ pseudonymKey: TEST_KEY, demoKey: false });

export function fakeResult(f: FakeSession, key = TEST_KEY): SessionResult {
  const period = f.period ?? '2026-10';
  const id = `s-${++counter}`;
  const started = `${period}-${String(f.day ?? 10).padStart(2, '0')}T10:00:00+09:00`;
  return {
    session: {
      session_id: id,
      company_id: f.company,
      employee_pid: pseudonymise(key, f.company, f.employee),
      department: f.department,
      age_band: f.age_band,
      gender: f.gender,
      consultant_id: 'cc-1',
      started_at: started,
      period,
      duration_sec: 3600,
      language: 'ja',
      fingerprint: `fp-${id}`,
    },
    themes: (f.themes ?? []).map((theme) => ({ theme, confidence: 0.9 })),
    keywords: (f.keywords ?? []).map((keyword) => ({ keyword, count: 1 })),
    retention_risk: risk(f.retention ?? 'low'),
    mental_health_risk: risk(f.mental ?? 'low'),
    sentiment: f.sentiment ?? 0,
    lineage: { provider: 'local', model: 'rules', version: 'test-1', prompt_hash: 'test-hash' },
    stats: { segments: 10, client_chars: 500, redactions: 0, transcript_format: 'vtt', transcript_encoding: 'utf-8' },
  };
}

export const run = (id = 'run-test') => ({
  run_id: id,
  started_at: '2026-11-01T00:00:00Z',
  finished_at: '2026-11-01T00:01:00Z',
  provider: 'local',
  model: 'rules',
  version: 'test-1',
  sessions_loaded: 0,
  sessions_skipped: 0,
  sessions_failed: 0,
  rejects: 0,
});

/** A company's report model as writeReports builds it when the previous period was published
 * from `prevAgg` and every company of `agg` published its figures: the previous period beside
 * this one when the populations are comparable, the benchmark over the other companies. */
export function modelWithPrevious(agg: PeriodAggregates, prevAgg: PeriodAggregates, id: string, opts: Omit<ModelOptions, 'previous'>): ReportModel {
  const own = (cid: string) => {
    const membersOf = (a: PeriodAggregates) => new Map(a.members.filter((m) => m.company_id === cid).map((m) => [m.employee_pid, m.digest]));
    const published = { model: buildReportModel(prevAgg, cid, opts), members: membersOf(prevAgg), erased: 0 };
    return buildReportModel(agg, cid, { ...opts, previous: previousFigures(published, membersOf(agg), agg.k) });
  };
  const others = [...new Set(agg.members.map((m) => m.company_id))].filter((c) => c !== id).map(own);
  return withBenchmarks(own(id), others, opts.benchmarkMinCompanies);
}
