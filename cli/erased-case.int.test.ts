/** Attack: an erased employee comes back under another letter case of their id. `honne erase`
 * takes the employee's sessions out, case keys and all; a later manifest that spells the same id
 * in another mix of cases (an HR export that upper-cases one column) was then new to the store:
 * trying every mix stops at MIXED_CASE_LETTERS letters, and the case key that would have found it
 * left with the erased rows. So an erased person's sessions were analysed and loaded again. Over
 * the real CLI and DuckDB file. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseKey } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-erased-case-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'erased-case-test-key-24680', HONNE_K: '5' };
const companies = join(input, 'companies.csv');
const HOBBY = '毎朝の通勤では川沿いを自転車で走っています。';

function manifest(name: string, rows: Array<[session: string, employee: string]>): string {
  const lines = rows.map(([session, employee], i) => {
    writeFileSync(join(input, 't', `${session}.txt`), `CC: 最近いかがですか。\n相談者: 上司との面談で悩んでいます。${HOBBY}\n`);
    return JSON.stringify({
      session_id: session, company_id: 'e', employee_id: employee, department: '営業部', consultant_id: 'c1',
      started_at: `2026-10-0${i + 1}T10:00:00+09:00`, transcript_uri: `t/${session}.txt`, consultant_speaker: 'CC',
    });
  });
  writeFileSync(join(input, `${name}.jsonl`), lines.join('\n') + '\n');
  return join(input, `${name}.jsonl`);
}

beforeAll(async () => {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(companies, 'company_id,name,industry,employee_count\ne,E株式会社,it,100\n');
  const first = manifest('first', [['e-1', 'Staff-Longname-Seven'], ['e-2', 'Staff-Other-Eight']]);
  expect((await runCli(['run', '--companies', companies, '--manifest', first, '--out', join(root, 'out')], env)).code).toBe(0);
  expect((await runCli(['erase', '--employee', 'Staff-Longname-Seven'], env)).code).toBe(0);
}, 120_000);

describe('attack: an erased employee under another mix of letter cases', () => {
  it('refuses the id in a later manifest (the dry run and the run), and loads nothing of it', async () => {
    const later = manifest('later', [['e-3', 'STAFF-longname-SEVEN'], ['e-4', 'Staff-Other-Eight']]);
    const dry = await runCli(['run', '--dry-run', '--companies', companies, '--manifest', later, '--out', join(root, 'out-dry'), '--json'], env);
    expect((JSON.parse(dry.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    const r = await runCli(['run', '--companies', companies, '--manifest', later, '--out', join(root, 'out-later'), '--json'], env);
    expect((JSON.parse(r.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(readFileSync(join(env.HONNE_DATA_DIR, 'honne.duckdb')).includes(Buffer.from('e-3'))).toBe(false);
  }, 120_000);

  it('key rotation replaces the erased employee\'s case key too: none made under the old key is left in the store file', async () => {
    const erased = Buffer.from(caseKey(env.HONNE_PSEUDONYM_KEY, 'e', 'Staff-Longname-Seven'));
    expect(readFileSync(join(env.HONNE_DATA_DIR, 'honne.duckdb')).includes(erased)).toBe(true);
    const NEW_KEY = 'erased-case-new-key-13579-abcdef';
    const r = await runCli(['key', 'rotate', '--new-key-env', 'NEW_KEY', '--manifest', join(input, 'first.jsonl')], { ...env, NEW_KEY });
    expect(r.code, r.err).toBe(0);
    const bytes = readFileSync(join(env.HONNE_DATA_DIR, 'honne.duckdb'));
    expect(bytes.includes(erased)).toBe(false);
    expect(bytes.includes(Buffer.from(caseKey(NEW_KEY, 'e', 'Staff-Longname-Seven')))).toBe(true);
    // and under the new key the erased id in another mix of cases is still refused
    const again = manifest('again', [['e-5', 'staff-LONGNAME-seven']]);
    const dry = await runCli(['run', '--dry-run', '--companies', companies, '--manifest', again, '--out', join(root, 'out-again'), '--json'], { ...env, HONNE_PSEUDONYM_KEY: NEW_KEY });
    expect((JSON.parse(dry.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
  }, 120_000);
});
