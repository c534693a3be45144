/** Retention, tried as an auditor would: a period past its lifetime leaves no byte of its
 * employees' words or pseudonyms in the store file, its work objects and operator files are
 * gone, a dry run deletes nothing, "forever" keeps, and a later run does not load it again. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelCache } from '../adapters/local-folder/model-cache.js';
import { pseudonymise } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-retention-'));
const input = join(root, 'in');
const data = join(root, 'data');
const out = join(root, 'out');
const KEY = 'retention-test-key-0123456789';
const env = { HONNE_DATA_DIR: data, HONNE_PSEUDONYM_KEY: KEY, HONNE_RETENTION_RESULTS_DAYS: '365' };
const OLD_RUN = new Date('2025-02-10T00:00:00Z');
const NOW = new Date('2026-11-25T00:00:00Z');
const LONG_AGO = new Date('2025-06-01T00:00:00Z');

const oldIds = ['OLD-1', 'OLD-2', 'OLD-3', 'OLD-4', 'OLD-5'];
const newIds = ['NEW-1', 'NEW-2', 'NEW-3', 'NEW-4', 'NEW-5'];
const manifest = join(input, 'sessions.jsonl');
const companies = join(input, 'companies.csv');

/** Every file under a folder, with its bytes. */
const files = (dir: string): [string, Buffer][] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => [join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name))]);
const storeBytes = () => readFileSync(join(data, 'honne.duckdb'));
const object = (key: string) => join(data, 'objects', ...key.split('/'));
const OLD_OBJECTS = ['sessions/aaa.redacted.json', 'sessions/bbb.result.json', 'sessions/ccc.transcript.json'];
const NEW_OBJECT = 'sessions/ddd.redacted.json';
const BATCH_PLAN = 'batches/b-1/plan.json';

beforeAll(async () => {
  mkdirSync(input, { recursive: true });
  writeFileSync(companies, 'company_id,name,industry,employee_count\nC001,テスト株式会社,it,100\n');
  const row = (session_id: string, employee_id: string, started_at: string, file: string, text?: string) => {
    writeFileSync(join(input, file), text ? `CC: どうぞ。\n相談者: ${text}` : '');
    return JSON.stringify({ session_id, company_id: 'C001', employee_id, consultant_id: 'c1', started_at, transcript_uri: file, consultant_speaker: 'CC' });
  };
  const rows = [
    ...oldIds.map((id, i) => row(`sess-old-${i}`, id, '2025-01-15T10:00:00+09:00', `old${i}.txt`, '週末は盆栽の手入れをしています。転職も考えています。')),
    ...newIds.map((id, i) => row(`sess-new-${i}`, id, '2026-10-05T10:00:00+09:00', `new${i}.txt`, '残業が多くて困っています。転職も考えています。')),
    row('sess-old-fail', 'OLD-1', '2025-01-20T10:00:00+09:00', 'old-empty.txt'),
    row('sess-old-bad', 'OLD-2', '2025-02-31T10:00:00+09:00', 'old-bad.txt', 'はい。'),
  ];
  writeFileSync(manifest, rows.join('\n') + '\n');
  const run = await runCli(['run', '--companies', companies, '--manifest', manifest, '--out', out, '--format', 'csv'], env, OLD_RUN);
  expect(run.code, run.err).toBe(1); // a failed session and a rejected row
  for (const f of ['rejects.jsonl', 'failed.jsonl']) utimesSync(join(out, f), LONG_AGO, LONG_AGO);
  for (const key of [...OLD_OBJECTS, NEW_OBJECT, BATCH_PLAN]) {
    mkdirSync(join(object(key), '..'), { recursive: true });
    writeFileSync(object(key), JSON.stringify({ text: 'work of a session' }));
    if (key !== NEW_OBJECT) utimesSync(object(key), LONG_AGO, LONG_AGO);
  }
  // Model answers: one older than the cache's 30 days, one fresh.
  const cache = new LocalModelCache(join(data, 'cache'));
  await cache.put(pseudonymise(KEY, 'C001', 'OLD-1'), 'a'.repeat(64), { quote: '盆栽の手入れ' });
  await cache.put(pseudonymise(KEY, 'C001', 'NEW-1'), 'b'.repeat(64), { quote: '残業が多くて' });
  utimesSync(cacheFile('OLD-1', 'a'), LONG_AGO, LONG_AGO);
}, 120_000);
const cacheFile = (id: string, k: string) => join(data, 'cache', pseudonymise(KEY, 'C001', id), k + k, `${k.repeat(64)}.json`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('honne retention apply', () => {
  it('--dry-run counts what is past its lifetime and deletes nothing', async () => {
    const before = storeBytes();
    expect(before.includes(Buffer.from('盆栽')), 'the old period is in the store before').toBe(true);
    const r = await runCli(['retention', 'apply', '--dry-run', '--json'], env, NOW);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      dryRun: true,
      firstKeptPeriod: '2025-11',
      results: { sessions: 5, periods: 1, members: 5 },
      objects: { transcripts: 1, recordings: 0, redacted: 1, results: 1 },
      operatorFiles: 2,
      operatorRows: 2,
      queueRecords: 0,
      cacheEntries: 1,
      storeChanged: false,
    });
    expect(storeBytes().includes(Buffer.from('盆栽'))).toBe(true);
    for (const key of OLD_OBJECTS) expect(existsSync(object(key)), key).toBe(true);
    expect(existsSync(join(out, 'failed.jsonl'))).toBe(true);
  });

  it('keeps results forever when told so', async () => {
    const r = await runCli(['retention', 'apply', '--dry-run', '--json'], { ...env, HONNE_RETENTION_RESULTS_DAYS: 'forever' }, NOW);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ firstKeptPeriod: null, results: { sessions: 0, periods: 0, members: 0 } });
  });

  it('refuses a lifetime that is not whole days or "forever"', async () => {
    const r = await runCli(['retention', 'apply', '--dry-run'], { ...env, HONNE_RETENTION_REDACTED_DAYS: '0' }, NOW);
    expect(r.code).toBe(2);
    expect(r.err).toContain('HONNE_RETENTION_REDACTED_DAYS must be whole days (at least 1) or "forever"');
  });

  it('deletes it erasure-grade: no byte of the period, its pseudonyms or its files is left', async () => {
    const r = await runCli(['retention', 'apply'], env, NOW);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('deleted 5 session(s) of 1 company-period(s) before 2025-11');
    const store = storeBytes();
    expect(store.includes(Buffer.from('盆栽')), 'old words in the store file').toBe(false);
    for (const id of oldIds) expect(store.includes(Buffer.from(pseudonymise(KEY, 'C001', id))), `${id}'s pseudonym`).toBe(false);
    expect(store.includes(Buffer.from('残業')), 'the kept period stays').toBe(true);
    for (const id of newIds) expect(store.includes(Buffer.from(pseudonymise(KEY, 'C001', id))), `${id}'s pseudonym`).toBe(true);
    for (const key of OLD_OBJECTS) expect(existsSync(object(key)), key).toBe(false);
    for (const key of [NEW_OBJECT, BATCH_PLAN]) expect(existsSync(object(key)), key).toBe(true);
    expect(existsSync(cacheFile('OLD-1', 'a')), 'a model answer past 30 days').toBe(false);
    expect(existsSync(cacheFile('NEW-1', 'b')), 'a fresh model answer').toBe(true);
    const left = files(out).map(([f, b]) => [f, b.toString('utf8')] as const);
    for (const [f, text] of left) for (const w of ['OLD-1', 'OLD-2', 'sess-old']) expect(text.includes(w), `${f} holds ${w}`).toBe(false);
  });

  it('is in the audit trail, with counts only', async () => {
    const r = await runCli(['audit', '--json'], env, NOW);
    const entries = (JSON.parse(r.out) as { action: string; detail: Record<string, unknown> }[]).filter((e) => e.action === 'retention');
    expect(entries.map((e) => e.detail['dry_run'])).toEqual([true, true, false]);
    expect(entries[2]!.detail).toMatchObject({ sessions: 5, periods: 1, ledger_members: 5, operator_files: 2, objects: { redacted: 1, results: 1, transcripts: 1, recordings: 0 } });
    expect(r.out).not.toMatch(/OLD-|盆栽/);
  });

  it('a later run of the same manifest does not load the period again', async () => {
    const r = await runCli(['run', '--companies', companies, '--manifest', manifest, '--out', out, '--format', 'csv'], env, NOW);
    expect(r.out).toContain('6 of periods past their lifetime (skipped)');
    expect(storeBytes().includes(Buffer.from('盆栽'))).toBe(false);
  });
});
