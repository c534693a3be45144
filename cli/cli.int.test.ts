/** The command line end to end on the shipped fixtures: exit codes, rejects and failures
 * kept for the operator, reports written, idempotent re-runs, erasure. Runs `main()` in
 * process (the same function `bin/honne.mjs` calls) with its own data and output folders. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-cli-'));
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'cli-test-key-0123456789' };

const honne = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { ...env, ...extraEnv });

async function storeCounts() {
  const store = await DuckDbStore.open(join(root, 'data', 'honne.duckdb'), keyBinding({ pseudonymKey: env.HONNE_PSEUDONYM_KEY, demoKey: false }));
  try {
    return (
      await store.query(`SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM session_themes) AS themes,
        (SELECT count(*) FROM session_keywords) AS keywords, (SELECT count(*) FROM session_signals) AS signals,
        (SELECT md5(string_agg(session_id || fingerprint, ',' ORDER BY session_id)) FROM sessions) AS ids`)
    )[0]!;
  } finally {
    store.close();
  }
}

const companyIds = () =>
  readFileSync(join(fixtures, 'companies.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);

let first: Awaited<ReturnType<typeof honne>>;
beforeAll(async () => {
  first = await honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', join(fixtures, 'sessions.jsonl'), '--out', join(root, 'out')]);
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('honne run on the fixtures', () => {
  it('succeeds and writes every table for every company and period', () => {
    expect(first.err).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/sessions: \d+ processed, 0 unchanged \(skipped\), 0 failed, 0 rejected rows/);
    for (const id of companyIds()) {
      for (const period of ['2026-09', '2026-10']) {
        const files = readdirSync(join(root, 'out', id, period)).sort();
        expect(files).toEqual([
          '01_overview.csv', '02_theme_prevalence.csv', '03_themes_by_segment.csv', '04_top_keywords.csv',
          '05_rising_keywords.csv', '06_risk_distribution.csv', '07_risk_by_segment.csv', '08_method.csv',
          // no survey in this run (no 09); the planted topic (fixtures/README.md) is a new topic
          // of the large company's October (in the smaller ones it is left out beside the
          // keyword counts their reports show, or under k)
          ...(id === 'C010' && period === '2026-10' ? ['10_emerging_topics.csv'] : []),
          `report_${id}_${period}_ja.pdf`,
        ]);
      }
    }
    expect(existsSync(join(root, 'out', 'rejects.jsonl'))).toBe(false);
  });

  it('writes Japanese headers and real figures', () => {
    const id = companyIds()[0]!;
    const csv = readFileSync(join(root, 'out', id, '2026-10', '02_theme_prevalence.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF企業ID,企業名,対象期間（日本時間の月）,テーマID,テーマ,該当従業員数')).toBe(true);
    expect(csv).toContain('キャリア形成・キャリアパス');
  });

  it('changes nothing when the same manifest runs again', async () => {
    const before = await storeCounts();
    const again = await honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', join(fixtures, 'sessions.jsonl'), '--out', join(root, 'out')]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/sessions: 0 processed, \d+ unchanged \(skipped\)/);
    expect(await storeCounts()).toEqual(before);
  });
});

describe('privacy of what the run wrote', () => {
  const labels = readFileSync(join(fixtures, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { labels: { pii: string[] } });
  const pii = [...new Set(labels.flatMap((l) => l.labels.pii))];
  const employeeIds = [
    ...new Set(readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { employee_id: string }).employee_id)),
  ];

  it('the store holds no PII string, no raw employee id and no transcript text', async () => {
    expect(pii.length).toBeGreaterThan(100);
    const { tables, text: dump } = await dumpStore(join(root, 'data', 'honne.duckdb'));
    expect(tables.length).toBeGreaterThanOrEqual(10);
    // The companies table holds each client company's name (from the companies file): not personal.
    const companyNames = readFileSync(join(fixtures, 'companies.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[1] ?? '');
    for (const s of pii.filter((p) => !companyNames.some((n) => n.includes(p)))) expect(dump, s).not.toContain(s);
    for (const id of employeeIds) expect(dump).not.toContain(`"${id}"`);
    const keywordLengths = (dump.match(/"keyword":"[^"]*"/g) ?? []).map((k) => k.length - 12);
    expect(Math.max(...keywordLengths)).toBeLessThan(40);
  });

  it('no report file contains a PII string', () => {
    // A report names its own company on the cover: that name is not about an employee.
    const companyNames = readFileSync(join(fixtures, 'companies.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[1] ?? '');
    const personal = pii.filter((p) => !companyNames.some((n) => n.includes(p)));
    for (const id of companyIds()) {
      for (const period of ['2026-09', '2026-10']) {
        const dir = join(root, 'out', id, period);
        for (const f of readdirSync(dir)) {
          // PDF text is glyph-encoded: read it the way a person's PDF viewer would (pdftotext).
          const text = f.endsWith('.pdf') ? execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, f), '-'], { encoding: 'utf8' }) : readFileSync(join(dir, f), 'utf8');
          if (f.endsWith('.pdf')) expect(text).toContain('キャリア面談 集計レポート');
          for (const s of personal) expect(text, `${f} contains ${s}`).not.toContain(s);
        }
      }
    }
  });
});

describe('honne run on a bad manifest', () => {
  it('rejects bad rows with file, line and field, fails broken transcripts, and goes on with the rest', async () => {
    const out = join(root, 'out-bad');
    const r = await honne(['run', '--companies', join(fixtures, 'bad', 'companies.csv'), '--manifest', join(fixtures, 'bad', 'sessions.jsonl'), '--out', out], {
      HONNE_DATA_DIR: join(root, 'data-bad'),
    });
    expect(r.code).toBe(1);
    const rejects = readFileSync(join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; field?: string; reason: string; raw: string });
    expect(rejects.length).toBeGreaterThanOrEqual(7);
    for (const rej of rejects) {
      expect(rej.file).toMatch(/bad\/(sessions\.jsonl|companies\.csv)$/);
      expect(rej.line).toBeGreaterThan(0);
      expect(rej.raw.length).toBeGreaterThan(0);
    }
    const reasons = rejects.map((x) => `${x.field ?? ''} ${x.reason}`).join('\n');
    for (const expected of [/invalid JSON/, /consultant_id is required/, /duplicate session_id/, /unknown company_id/, /started_at/, /one of recording_uri or transcript_uri/, /transcript file not found/, /retention_risk/]) {
      expect(reasons).toMatch(expected);
    }
    const failed = readFileSync(join(out, 'failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string; reason: string; file: string });
    expect(failed.map((f) => f.code).sort()).toEqual(expect.arrayContaining(['TRANSCRIPT_BINARY', 'TRANSCRIPT_EMPTY']));
    expect(r.out).toMatch(/[1-9]\d* processed/);
    expect(r.out).toContain('rejected rows (kept in');
    // a clean run into the same folder leaves no stale rejects or failures behind
    const clean = await honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', join(fixtures, 'sessions.jsonl'), '--out', out, '--format', 'csv'], {
      HONNE_DATA_DIR: join(root, 'data-bad'),
    });
    expect(clean.code).toBe(0);
    expect([existsSync(join(out, 'rejects.jsonl')), existsSync(join(out, 'failed.jsonl'))]).toEqual([false, false]);
  });
});

describe('honne report', () => {
  it('renders one company in English', async () => {
    const id = companyIds()[0]!;
    const out = join(root, 'out-en');
    const r = await honne(['report', '--company', id, '--period', '2026-10', '--lang', 'en', '--format', 'csv', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, id, '2026-10')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    const csv = readFileSync(join(out, id, '2026-10', '02_theme_prevalence.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFcompany_id,company,period_jst,theme_id,theme,employees')).toBe(true);
    expect(csv).toContain('career path and direction');
  });

  it('writes nothing and exits 1 for a period, or a company, without sessions', async () => {
    const id = companyIds()[0]!;
    const out = join(root, 'out-empty');
    const r = await honne(['report', '--company', id, '--period', '2025-01', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`company ${id} has no sessions in 2025-01 in the store; nothing written (its periods: 2026-09, 2026-10)`);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['report', '--company', 'x', '--period', '2026-13'], /--period must be YYYY-MM/],
    [['report', '--company', 'nope', '--period', '2026-10'], /unknown company "nope"/],
    [['report', '--company', 'x', '--period', '2026-10', '--format', 'docx'], /unknown format "docx"/],
    [['run', '--companies', 'c.csv'], /required option '--manifest <file>' not specified/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const r = await honne(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('exits 2 naming the variable on a configuration error', async () => {
    const r = await honne(['report', '--company', 'x', '--period', '2026-10'], { HONNE_K: '2' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/configuration error: HONNE_K must be at least 3/);
    const noKey = await honne(['report', '--company', 'x', '--period', '2026-10'], { HONNE_PSEUDONYM_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/HONNE_PSEUDONYM_KEY is required/);
  });
});

describe('honne run on a manifest of one company', () => {
  it('writes reports only for the companies and periods with sessions', async () => {
    const lines = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n');
    const only = lines.filter((l) => l.includes('"company_id":"C002"') && l.includes('"started_at":"2026-10'));
    const manifest = join(root, 'one-company.jsonl');
    writeFileSync(manifest, only.map((l) => l.replace('"transcripts/', `"${fixtures}/transcripts/`)).join('\n') + '\n');
    const out = join(root, 'out-one');
    const r = await honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--format', 'csv', '--out', out], { HONNE_DATA_DIR: join(root, 'data-one'), HONNE_INPUT_ROOT: fixtures });
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['C002']);
    expect(readdirSync(join(out, 'C002'))).toEqual(['2026-10']);
    expect(r.out).not.toContain('(no sessions)');
  });
});

describe('honne erase', () => {
  it('removes every row of one employee and keeps them out of later runs', async () => {
    const manifest = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { company_id: string; employee_id: string });
    const victim = manifest[0]!;
    const sessionsOfVictim = manifest.filter((m) => m.company_id === victim.company_id && m.employee_id === victim.employee_id).length;
    const before = await storeCounts();
    const r = await honne(['erase', '--employee', victim.employee_id, '--company', victim.company_id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`erased ${sessionsOfVictim} session(s)`);
    const after = await storeCounts();
    expect(Number(after.sessions)).toBe(Number(before.sessions) - sessionsOfVictim);
    const rerun = await honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', join(fixtures, 'sessions.jsonl'), '--out', join(root, 'out')]);
    expect(rerun.out).toContain(`${sessionsOfVictim} of erased employees (skipped)`);
    expect(await storeCounts()).toEqual(after);
  });
});
