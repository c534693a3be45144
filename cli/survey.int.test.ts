/** `honne survey import` end to end on a real DuckDB file: rejects named and kept, idempotent
 * on (company, period, dimension, segment, metric), a changed score replaces the stored one,
 * hostile text shown made visible. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-survey-cli-'));
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'survey-import-test-key-0123456789' };
const out = join(root, 'out');
const companies = join(root, 'companies.csv');
writeFileSync(companies, 'company_id,name,industry,employee_count\nC1,株式会社一,IT,100\nC2,株式会社二,retail,50\n');
const header = 'company_id,period,dimension,segment,metric,score,respondents';
const good = ['C1,2026-10,department,営業部,engagement,3.1,40', 'C1,2026-10,department,開発部,engagement,3.9,3', 'C2,2026-Q4,all,,engagement,3.5,80'];
const surveyFile = (name: string, rows: string[]) => {
  const f = join(root, name);
  writeFileSync(f, [header, ...rows].join('\n') + '\n');
  return f;
};

interface Imported { rows: number; added: number; changed: number; unchanged: number; rejected: number; rejects: { line: number; field?: string; reason: string }[] }
const imported = async (file: string) => {
  const r = await runCli(['survey', 'import', '--file', file, '--companies', companies, '--out', out, '--json'], env);
  return { code: r.code, result: JSON.parse(r.out) as Imported, err: r.err };
};
const storedRows = async () => {
  const dump = await dumpStore(join(root, 'data', 'honne.duckdb'));
  const line = dump.text.split('\n').findIndex((l) => l === 'survey_scores');
  return (JSON.parse(dump.text.split('\n')[line + 1]!) as Record<string, unknown>[]).map(({ imported_at: _, ...r }) => r);
};

describe('honne survey import', () => {
  it('stores the good rows, names and keeps every reject, and exits 1', async () => {
    const f = surveyFile('first.csv', [...good, 'C1,2026-10,department,製造部,engagement,,40', 'C3,2026-10,all,,engagement,3,10']);
    const { code, result } = await imported(f);
    expect(code).toBe(1);
    expect(result).toMatchObject({ rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 2 });
    expect(result.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [5, 'score', 'is required'],
      [6, 'company_id', 'unknown company_id "C3" (not in the store: load its sessions with honne run first)'],
    ]);
    const kept = readFileSync(join(out, 'survey_rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; raw: string });
    expect(kept.map((r) => [r.line, r.raw])).toEqual([[5, 'C1,2026-10,department,製造部,engagement,,40'], [6, 'C3,2026-10,all,,engagement,3,10']]);
    expect(await storedRows()).toEqual([
      { company_id: 'C1', period: '2026-10', dimension: 'department', segment: '営業部', metric: 'engagement', score: 3.1, respondents: 40 },
      // under k respondents: stored, never shown (pipeline/aggregate/behind.ts)
      { company_id: 'C1', period: '2026-10', dimension: 'department', segment: '開発部', metric: 'engagement', score: 3.9, respondents: 3 },
      { company_id: 'C2', period: '2026-Q4', dimension: 'all', segment: 'all', metric: 'engagement', score: 3.5, respondents: 80 },
    ]);
  });

  it('is idempotent: the same file again changes nothing; a changed score replaces the stored row', async () => {
    const again = await imported(surveyFile('again.csv', good));
    expect(again.code).toBe(0);
    expect(again.result).toMatchObject({ rows: 3, added: 0, changed: 0, unchanged: 3, rejected: 0 });
    expect(existsSync(join(out, 'survey_rejects.jsonl'))).toBe(false);
    const before = await storedRows();

    const jsonl = join(root, 'changed.jsonl');
    writeFileSync(jsonl, JSON.stringify({ company_id: 'C1', period: '2026-10', dimension: 'department', segment: '営業部', metric: 'engagement', score: 2.8, respondents: 42 }) + '\n');
    const changed = await imported(jsonl);
    expect(changed.result).toMatchObject({ rows: 1, added: 0, changed: 1, unchanged: 0 });
    const after = await storedRows();
    expect(after).toHaveLength(before.length);
    expect(after.find((r) => r['segment'] === '営業部')).toMatchObject({ score: 2.8, respondents: 42 });

    const audit = await runCli(['audit', '--json'], env);
    const entries = (JSON.parse(audit.out) as { action: string; detail: Record<string, number> }[]).filter((e) => e.action === 'survey_import');
    expect(entries.map((e) => [e.detail['added'], e.detail['changed'], e.detail['unchanged'], e.detail['rejects']])).toEqual([[3, 0, 0, 2], [0, 0, 3, 0], [0, 1, 0, 0]]);
  });

  it('shows a segment or metric with escape sequences made visible, never live', async () => {
    const f = surveyFile('hostile.csv', ['C1,2026-10,department,"営業部",engagement\u001b]0;pwned\u0007,x,40']);
    const r = await runCli(['survey', 'import', '--file', f, '--companies', companies, '--out', out], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('hostile.csv:2 metric: must not contain control characters');
    const kept = readFileSync(join(out, 'survey_rejects.jsonl'), 'utf8');
    expect((JSON.parse(kept) as { raw: string }).raw).toContain('engagement\u001b]0;pwned\u0007');
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(r.out + r.err + kept).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('honne survey import --dry-run', () => {
  const dryEnv = { ...env, HONNE_DATA_DIR: join(root, 'dry-data') };
  const dryOut = join(root, 'dry-out');
  const store = join(root, 'dry-data', 'honne.duckdb');
  const dry = async (file: string, e = dryEnv) => {
    const r = await runCli(['survey', 'import', '--file', file, '--companies', companies, '--out', dryOut, '--dry-run', '--json'], e);
    return { code: r.code, result: JSON.parse(r.out) as Imported & { dryRun?: boolean; rejectsFile: string | null }, text: r.out };
  };

  it('names the same rejects and counts as an import, and writes neither a store nor a rejects file', async () => {
    const f = surveyFile('dry.csv', [...good, 'C1,2026-10,department,製造部,engagement,,40', 'C3,2026-10,all,,engagement,3,10']);
    const { code, result } = await dry(f);
    expect(code).toBe(1);
    expect(result).toMatchObject({ dryRun: true, rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 2, rejectsFile: null });
    expect(result.rejects.map((r) => [r.line, r.field])).toEqual([[5, 'score'], [6, 'company_id']]);
    expect(existsSync(store)).toBe(false);
    expect(existsSync(join(dryOut, 'survey_rejects.jsonl'))).toBe(false);
    const text = await runCli(['survey', 'import', '--file', f, '--companies', companies, '--out', dryOut, '--dry-run'], dryEnv);
    expect(text.out).toContain('dry run, nothing written');
    expect(text.out).toContain('dry.csv:5 score: is required');
  });

  it('against a store: counts new, changed and unchanged rows as an import would, and changes nothing', async () => {
    // the first describe's store holds good's rows, 営業部 changed to 2.8 / 42
    const before = await storedRows();
    const f = surveyFile('dry-again.csv', [...good, 'C2,2026-Q4,gender,女性,engagement,3.2,30']);
    const { code, result } = await dry(f, env);
    expect(code).toBe(0);
    expect(result).toMatchObject({ dryRun: true, rows: 4, added: 1, changed: 1, unchanged: 2, rejected: 0 });
    expect(await storedRows()).toEqual(before);
  });

  it('honne run --dry-run --survey F: the survey checked beside the inputs, nothing written', async () => {
    const manifest = join(root, 'dry-sessions.jsonl');
    writeFileSync(join(root, 't1.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Employee>評価に不満があります\n');
    writeFileSync(manifest, JSON.stringify({ session_id: 's1', company_id: 'C1', employee_id: 'E1', department: '営業部', age_band: '30-39', gender: '女性', consultant_id: 'CNS-1', started_at: '2026-10-05T10:00:00+09:00', duration_sec: 600, language: 'ja', transcript_uri: 't1.vtt' }) + '\n');
    const f = surveyFile('dry-run.csv', [...good, 'C9,2026-10,all,,engagement,3,10']);
    const r = await runCli(['run', '--companies', companies, '--manifest', manifest, '--survey', f, '--out', dryOut, '--dry-run', '--json'], dryEnv);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.out) as { dryRun: boolean; survey: Imported & { dryRun: boolean } };
    expect(plan.survey).toMatchObject({ dryRun: true, rows: 3, added: 3, rejected: 1 });
    expect(plan.survey.rejects.map((x) => [x.line, x.field])).toEqual([[5, 'company_id']]);
    expect(existsSync(store)).toBe(false);
    expect(existsSync(dryOut)).toBe(false);
  });
});
