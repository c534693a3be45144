/** Per-session usage in the DuckDB store: each session's row carries what transcribing and
 * analysing it used, a store older than those columns gets them when opened (its rows NULL), the
 * operator's sums per company and period count every session once, and erasure takes the usage
 * with the row. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionResult, SessionUsage, Usage } from '../../pipeline/schemas.js';
import { fakeResult, run, TEST_BINDING } from '../../pipeline/testing/results.js';
import { DuckDbStore } from './store.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'honne-usage-'));
  path = join(dir, 'honne.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const companies = ['A', 'B'].map((id) => ({ company_id: id, name: id, industry: 'it', employee_count: 10 }));
const use = (u: Partial<Usage>): Usage => ({ inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0, cached: false, ...u });
const heard = (u: Partial<Usage>): SessionUsage => ({ transcription: { transcriber: 'openai@loopback;model=m', usage: use(u) }, analysis: use({ inputTokens: 100, outputTokens: 20, costUsd: 0.001 }) });
const withUsage = (r: SessionResult, usage: SessionUsage | undefined): SessionResult => (usage ? { ...r, usage } : r);

const USAGE_COLUMNS = [
  'transcriber', 'transcribe_audio_sec', 'transcribe_trimmed_sec', 'transcribe_input_tokens', 'transcribe_output_tokens', 'transcribe_cost_usd', 'transcribe_cached',
  'analysis_input_tokens', 'analysis_output_tokens', 'analysis_cost_usd', 'analysis_cached',
];

describe('per-session usage in the store', () => {
  it('stores each session\'s usage on its row; a transcript file has no transcription; sums per company and period; erase takes it with the row', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      const rows = [
        withUsage(fakeResult({ company: 'A', employee: 'E1', period: '2026-09' }), heard({ audioSeconds: 3600, trimmedSeconds: 300, costUsd: 0.36 })),
        withUsage(fakeResult({ company: 'A', employee: 'E2', period: '2026-09' }), heard({ cached: true })),
        withUsage(fakeResult({ company: 'A', employee: 'E3', period: '2026-10' }), { transcription: null, analysis: use({ inputTokens: 50, outputTokens: 10, costUsd: 0.0005 }) }),
        withUsage(fakeResult({ company: 'B', employee: 'E4', period: '2026-09' }), heard({ audioSeconds: 1800, trimmedSeconds: 60, costUsd: 0.18 })),
        // written by an older worker: no usage
        withUsage(fakeResult({ company: 'B', employee: 'E5', period: '2026-09' }), undefined),
      ];
      await store.load(companies, rows, run());
      const stored = await store.query(`SELECT session_id, ${USAGE_COLUMNS.join(', ')} FROM sessions ORDER BY session_id`);
      expect(stored.find((r) => r['session_id'] === rows[0]!.session.session_id)).toEqual({
        session_id: rows[0]!.session.session_id, transcriber: 'openai@loopback;model=m', transcribe_audio_sec: 3600, transcribe_trimmed_sec: 300,
        transcribe_input_tokens: 0, transcribe_output_tokens: 0, transcribe_cost_usd: 0.36, transcribe_cached: false,
        analysis_input_tokens: 100, analysis_output_tokens: 20, analysis_cost_usd: 0.001, analysis_cached: false,
      });
      expect(stored.find((r) => r['session_id'] === rows[1]!.session.session_id)).toMatchObject({ transcribe_cached: true, transcribe_cost_usd: 0, transcribe_audio_sec: 0 });
      expect(stored.find((r) => r['session_id'] === rows[2]!.session.session_id)).toMatchObject({ transcriber: null, transcribe_cost_usd: null, transcribe_cached: null, analysis_cost_usd: 0.0005, analysis_cached: false });
      expect(Object.values(stored.find((r) => r['session_id'] === rows[4]!.session.session_id)!).slice(1)).toEqual(USAGE_COLUMNS.map(() => null));

      const months = await store.usageByPeriod();
      expect(months.map((r) => [r.company_id, r.period, r.sessions, r.recorded, r.recordings, r.transcriptCached, r.audioSeconds, r.trimmedSeconds, round(r.costUsd)])).toEqual([
        ['A', '2026-09', 2, 2, 2, 1, 3600, 300, 0.362],
        ['B', '2026-09', 2, 1, 1, 0, 1800, 60, 0.181],
        ['A', '2026-10', 1, 1, 0, 0, 0, 0, 0.0005],
      ]);
      // over a window (the rows carry its id), and one company
      const quarter = await store.usageByPeriod({ id: '2026-Q3', months: ['2026-07', '2026-08', '2026-09'] }, 'A');
      expect(quarter).toEqual([{
        company_id: 'A', period: '2026-Q3', sessions: 2, recorded: 2, recordings: 2, transcriptCached: 1, audioSeconds: 3600, trimmedSeconds: 300,
        transcribeCostUsd: 0.36, analysisInputTokens: 200, analysisOutputTokens: 40, analysisCostUsd: 0.002, costUsd: 0.362,
      }]);

      await store.eraseEmployee(rows[0]!.session.employee_pid, new Date());
      expect((await store.usageByPeriod({ id: '2026-09', months: ['2026-09'] }, 'A')).map((r) => [r.sessions, r.audioSeconds, round(r.costUsd)])).toEqual([[1, 0, 0.001]]);
    } finally {
      store.close();
    }
  });

  it('adds the columns to a store older than them when it opens it: its rows NULL, new loads recorded', async () => {
    const first = await DuckDbStore.open(path, TEST_BINDING);
    await first.load(companies, [fakeResult({ company: 'A', employee: 'E1', period: '2026-09' })], run('old'));
    first.close();
    // the store as a version without the columns left it
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    for (const c of USAGE_COLUMNS) await conn.run(`ALTER TABLE sessions DROP COLUMN ${c}`);
    conn.closeSync();
    raw.closeSync();

    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      const cols = (await store.query<{ name: string }>("SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'sessions'")).map((r) => r.name);
      expect(cols).toEqual(expect.arrayContaining(USAGE_COLUMNS));
      await store.load(companies, [withUsage(fakeResult({ company: 'A', employee: 'E2', period: '2026-09' }), heard({ audioSeconds: 60, costUsd: 0.006 }))], run('new'));
      expect(await store.usageByPeriod()).toEqual([expect.objectContaining({ company_id: 'A', period: '2026-09', sessions: 2, recorded: 1, audioSeconds: 60, transcribeCostUsd: 0.006 })]);
    } finally {
      store.close();
    }
  });
});

const round = (x: number) => Math.round(x * 1e6) / 1e6;
