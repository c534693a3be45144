/** Key rotation, tried as an operator and as an attacker would: `honne key rotate` moves the
 * store to the new key in one go; the old key is refused afterwards, no old pseudonym is left
 * in the store file, the new key finds everything (unchanged sessions, erasures, erase). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseKey, pseudonymise } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-rotate-'));
const input = join(root, 'in');
const OLD = 'rotate-old-key-0123456789';
const NEW = 'rotate-new-key-9876543210';
const data = join(root, 'data');
const oldEnv = { HONNE_DATA_DIR: data, HONNE_PSEUDONYM_KEY: OLD, NEW_KEY: NEW };
const newEnv = { HONNE_DATA_DIR: data, HONNE_PSEUDONYM_KEY: NEW };
const ids = ['EMP-1', 'EMP-2', 'EMP-3', 'EMP-4', 'EMP-5', 'EMP-6'];
const companies = join(input, 'companies.csv');
const manifest = join(input, 'sessions.jsonl');
const partial = join(input, 'partial.jsonl');
const store = () => readFileSync(join(data, 'honne.duckdb'));
const run = (env: Record<string, string>) => runCli(['run', '--companies', companies, '--manifest', manifest, '--out', join(root, 'out'), '--format', 'csv'], env);

beforeAll(async () => {
  mkdirSync(input, { recursive: true });
  writeFileSync(companies, 'company_id,name,industry,employee_count\nC001,テスト株式会社,it,100\n');
  const rows = ids.map((id, i) => {
    writeFileSync(join(input, `t${i}.txt`), 'CC: どうぞ。\n相談者: 残業が多くて転職も考えています。');
    return JSON.stringify({ session_id: `s-${i}`, company_id: 'C001', employee_id: id, consultant_id: 'c1', started_at: '2026-10-05T10:00:00+09:00', transcript_uri: `t${i}.txt`, consultant_speaker: 'CC' });
  });
  writeFileSync(manifest, rows.join('\n') + '\n');
  writeFileSync(partial, rows.slice(1).join('\n') + '\n');
  expect((await run(oldEnv)).code).toBe(0);
  // an erased employee is held too (their pseudonym, to keep them out of later runs)
  expect((await runCli(['erase', '--employee', 'EMP-6', '--company', 'C001'], oldEnv)).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('honne key rotate', () => {
  it('refuses, changing nothing, when an employee held has no row in the manifests given', async () => {
    const r = await runCli(['key', 'rotate', '--new-key-env', 'NEW_KEY', '--manifest', partial], oldEnv);
    expect(r.code).toBe(1);
    expect(r.err).toContain('1 of the 6 employee(s) this store holds have no row in the manifests given');
    // still bound to the old key, every old pseudonym in place, no rotation recorded
    const audit = await runCli(['audit', '--json'], oldEnv);
    expect(audit.code, audit.err).toBe(0);
    expect(audit.out).not.toContain('key_rotated');
    for (const id of ids) expect(store().includes(Buffer.from(pseudonymise(OLD, 'C001', id))), id).toBe(true);
  });

  it('refuses a weak new key without printing it', async () => {
    const r = await runCli(['key', 'rotate', '--new-key-env', 'WEAK', '--manifest', manifest], { ...oldEnv, WEAK: 'hunter2hunter2hunter2' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('WEAK has too few different characters');
    expect(r.err).not.toContain('hunter2');
  });

  it('re-pseudonymises in one go; no old pseudonym nor old case key is left in the store file', async () => {
    const oldPids = ids.map((id) => Buffer.from(pseudonymise(OLD, 'C001', id)));
    expect(oldPids.every((p) => store().includes(p))).toBe(true);
    // the case keys beside the pseudonyms (whoever holds the old key would name employees by them)
    const live = ids.slice(0, 5);
    const oldCases = live.map((id) => Buffer.from(caseKey(OLD, 'C001', id)));
    expect(oldCases.every((c) => store().includes(c))).toBe(true);
    const r = await runCli(['key', 'rotate', '--new-key-env', 'NEW_KEY', '--manifest', manifest], oldEnv);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('re-pseudonymised 6 employee(s)');
    expect(r.out).not.toContain(NEW);
    const bytes = store();
    for (const p of oldPids) expect(bytes.includes(p), `old pseudonym ${p.toString()}`).toBe(false);
    expect(bytes.includes(Buffer.from(pseudonymise(NEW, 'C001', 'EMP-1')))).toBe(true);
    for (const c of oldCases) expect(bytes.includes(c), `old case key ${c.toString()}`).toBe(false);
    for (const id of live) expect(bytes.includes(Buffer.from(caseKey(NEW, 'C001', id))), id).toBe(true);
  });

  it('refuses the old key from then on (exit 2)', async () => {
    const r = await runCli(['audit'], oldEnv);
    expect(r.code).toBe(2);
    expect(r.err).toContain('was built with another HONNE_PSEUDONYM_KEY');
  });

  it('the new key: the same manifest is unchanged, the erased employee stays out, erase works, the audit trail says so', async () => {
    const again = await run(newEnv);
    expect(again.out).toContain('0 processed, 5 unchanged (skipped), 1 of erased employees (skipped)');
    const erase = await runCli(['erase', '--employee', 'EMP-2', '--company', 'C001'], newEnv);
    expect(erase.code, erase.err).toBe(0);
    expect(erase.out).toContain('erased 1 session(s)');
    const audit = await runCli(['audit', '--json'], newEnv);
    const rotated = (JSON.parse(audit.out) as { action: string; detail: Record<string, unknown> }[]).filter((e) => e.action === 'key_rotated');
    expect(rotated).toHaveLength(1);
    expect(rotated[0]!.detail['pseudonyms']).toBe(6);
  });
});
