/** Attack: `honne run --dry-run` reads an existing store (for its employees' ids) and promises to
 * write nothing. Opened as a run opens it, the store was written all the same: the schema version
 * set again, an older store's columns added, a refusal recorded in it under another key. A dry
 * run is what an operator tries before trusting a manifest or a key: every byte of the data
 * folder is compared before and after. Over the real CLI and DuckDB file. */
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-dryrun-store-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'dry-run-store-test-key-4567', HONNE_K: '5' };
const companies = join(input, 'companies.csv');

function manifest(name: string, rows: Array<[session: string, employee: string]>): string {
  const lines = rows.map(([session, employee], i) => {
    writeFileSync(join(input, 't', `${session}.txt`), `CC: 今日はどうされましたか。\n相談者: 異動の話が出ていて迷っています。\n`);
    return JSON.stringify({
      session_id: session, company_id: 'd', employee_id: employee, department: '総務部', consultant_id: 'c1',
      started_at: `2026-10-0${i + 1}T10:00:00+09:00`, transcript_uri: `t/${session}.txt`, consultant_speaker: 'CC',
    });
  });
  writeFileSync(join(input, `${name}.jsonl`), lines.join('\n') + '\n');
  return join(input, `${name}.jsonl`);
}

/** Every file under the data folder: its path, size, mtime and bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, name);
    const st = statSync(p);
    out.set(name, st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  }
  return out;
}

beforeAll(async () => {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(companies, 'company_id,name,industry,employee_count\nd,D株式会社,it,100\n');
  const first = manifest('first', [['d-1', 'Emp-Dry-A'], ['d-2', 'Emp-Dry-B']]);
  const r = await runCli(['run', '--companies', companies, '--manifest', first, '--out', join(root, 'out')], env);
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('attack: a dry run against an existing store', () => {
  it('leaves every byte of the data folder as it was, and still rejects an id stored in another letter case', async () => {
    const later = manifest('later', [['d-3', 'EMP-DRY-A'], ['d-4', 'Emp-Dry-C']]);
    const before = snapshot(env.HONNE_DATA_DIR);
    const r = await runCli(['run', '--dry-run', '--companies', companies, '--manifest', later, '--out', join(root, 'out-dry'), '--json'], env);
    expect(r.code, r.err).toBe(1);
    expect((JSON.parse(r.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(snapshot(env.HONNE_DATA_DIR)).toEqual(before);
  }, 120_000);

  it('refuses another key without writing to the store', async () => {
    const later = manifest('later-key', [['d-5', 'Emp-Dry-D']]);
    const before = snapshot(env.HONNE_DATA_DIR);
    const r = await runCli(['run', '--dry-run', '--companies', companies, '--manifest', later, '--out', join(root, 'out-dry2')], { ...env, HONNE_PSEUDONYM_KEY: 'another-dry-run-key-98765' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/HONNE_PSEUDONYM_KEY/);
    expect(snapshot(env.HONNE_DATA_DIR)).toEqual(before);
  }, 120_000);

  it('reads a store of an earlier release (no case keys) without bringing it up to date', async () => {
    const old = join(root, 'data-old');
    mkdirSync(old);
    cpSync(join(env.HONNE_DATA_DIR, 'honne.duckdb'), join(old, 'honne.duckdb'));
    const db = await DuckDBInstance.create(join(old, 'honne.duckdb'));
    const conn = await db.connect();
    await conn.run('ALTER TABLE sessions DROP COLUMN employee_case');
    conn.closeSync();
    db.closeSync();
    const later = manifest('later-old', [['d-6', 'emp-dry-b'], ['d-7', 'Emp-Dry-E']]);
    const before = snapshot(old);
    const r = await runCli(['run', '--dry-run', '--companies', companies, '--manifest', later, '--out', join(root, 'out-dry3'), '--json'], { ...env, HONNE_DATA_DIR: old });
    expect(r.code, r.err).toBe(1);
    // found by trying its letter cases, as before case keys
    expect((JSON.parse(r.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(snapshot(old)).toEqual(before);
  }, 120_000);
});
