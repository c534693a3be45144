/** Attack: one employee written two ways. An HR export gives the same id in full-width digits
 * one month (Excel, IME) or with an invisible character; each spelling used to be its own
 * pseudonym, so three people counted as five (k = 5) and a report came out, and `honne erase`
 * of the id left the other spelling's sessions in the store. Over the real CLI and DuckDB file. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-idspell-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'id-spelling-test-key-0123', HONNE_K: '5' };

/** Three people, five spellings: 社員 F0 also as full-width Ｆ０, F1 also with a zero-width space. */
const SESSIONS: Array<[session: string, employee: string]> = [
  ['w-1', 'F0'], ['w-2', 'F1'], ['w-3', 'F2'], ['w-4', 'Ｆ０'], ['w-5', 'F1\u200b'],
];
const SECRET = '週末は陶芸教室に通って器を焼いています。';

let first: CliResult;
beforeAll(async () => {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nw,W株式会社,it,100\n');
  const lines = SESSIONS.map(([session, employee], i) => {
    writeFileSync(join(input, 't', `${session}.txt`), `CC: 最近いかがですか。\n相談者: 転職エージェントに登録しました。${employee === 'Ｆ０' ? SECRET : ''}\n`);
    return JSON.stringify({
      session_id: session, company_id: 'w', employee_id: employee, department: '営業部', consultant_id: 'c1',
      started_at: `2026-10-0${i + 1}T10:00:00+09:00`, transcript_uri: `t/${session}.txt`, consultant_speaker: 'CC',
    });
  });
  writeFileSync(join(input, 'sessions.jsonl'), lines.join('\n') + '\n');
  first = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out')], env);
}, 120_000);

describe('attack: one employee under two spellings of their id', () => {
  it('does not count them twice: three people stay under k, and no report of the company shows a figure', () => {
    // the company's reports are written (its month and quarter), each overview with its rows
    const dirs = readdirSync(join(root, 'out', 'w'));
    expect(dirs.length).toBeGreaterThan(0);
    for (const d of dirs) {
      const overview = parse(readFileSync(join(root, 'out', 'w', d, '01_overview.csv')), { bom: true, columns: true }) as Record<string, string>[];
      expect(overview.length, d).toBeGreaterThan(0);
      // columns 3 and 4: the measure and its value, left empty when hidden
      for (const row of overview) expect(Object.values(row).slice(3, 5).join('|'), `${d}: ${JSON.stringify(row)}`).not.toMatch(/\|\d/);
    }
    // the two other spellings are named as rejects, the rest goes on
    expect(first.code).toBe(1);
    expect(first.out + first.err).toMatch(/employee_id/);
  });

  it('leaves nothing of either spelling after `honne erase --employee Ｆ０` (the request spells it full-width)', async () => {
    expect((await runCli(['erase', '--employee', 'Ｆ０'], env)).code).toBe(0);
    expect(readFileSync(join(env.HONNE_DATA_DIR, 'honne.duckdb')).includes(Buffer.from('陶芸'))).toBe(false);
    const left = await runCli(['usage', '--company', 'w', '--json'], env);
    const sessions = (JSON.parse(left.out) as { total: { sessions: number } }).total.sessions;
    expect(sessions).toBe(2); // F1 and F2: the F1 with a zero-width space was never loaded either
    // the rejected row of the full-width spelling is F0's too: erase takes it out of rejects.jsonl
    const rejects = readFileSync(join(root, 'out', 'rejects.jsonl'), 'utf8');
    expect(rejects).not.toContain('w-4');
    expect(rejects).toContain('w-5'); // F1's stays: F1 was not erased
  }, 120_000);
});

describe('attack: one employee under two letter cases of their id (F0, f0)', () => {
  const data = { ...env, HONNE_DATA_DIR: join(root, 'data-case') };
  const HOBBY = '休日は渓流釣りに出かけて気分を変えています。';
  const write = (name: string, rows: Array<[session: string, employee: string, day: string]>) => {
    const lines = rows.map(([session, employee, day]) => {
      writeFileSync(join(input, 't', `${session}.txt`), `CC: その後いかがですか。\n相談者: 評価面談が近くて緊張しています。${/^h0$/iu.test(employee) ? HOBBY : ''}\n`);
      return JSON.stringify({
        session_id: session, company_id: 'w', employee_id: employee, department: '開発部', consultant_id: 'c1',
        started_at: `${day}T10:00:00+09:00`, transcript_uri: `t/${session}.txt`, consultant_speaker: 'CC',
      });
    });
    writeFileSync(join(input, `${name}.jsonl`), lines.join('\n') + '\n');
    return join(input, `${name}.jsonl`);
  };

  it('refuses the second case of an id in one manifest: three people stay under k', async () => {
    // three people, five spellings
    const manifest = write('case', [['h-1', 'H0'], ['h-2', 'H1'], ['h-3', 'H2'], ['h-4', 'h0'], ['h-5', 'h1']].map(([s, e], i) => [s!, e!, `2026-10-1${i}`]));
    const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out-case'), '--json'], data);
    const out = JSON.parse(r.out) as { rejects: { line: number; field: string }[] };
    expect(out.rejects.map((x) => [x.line, x.field])).toEqual([[4, 'employee_id'], [5, 'employee_id']]);
    for (const d of readdirSync(join(root, 'out-case', 'w'))) {
      const overview = parse(readFileSync(join(root, 'out-case', 'w', d, '01_overview.csv')), { bom: true, columns: true }) as Record<string, string>[];
      for (const row of overview) expect(Object.values(row).slice(3, 5).join('|'), `${d}: ${JSON.stringify(row)}`).not.toMatch(/\|\d/);
    }
  }, 120_000);

  it('`honne run --dry-run` of a later manifest rejects h1 as the run would, H1 being in the store; under another key it is refused', async () => {
    const later = write('case-dry', [['h-11', 'h1', '2026-11-04'], ['h-12', 'H2', '2026-11-04']]);
    const args = ['run', '--dry-run', '--companies', join(input, 'companies.csv'), '--manifest', later, '--out', join(root, 'out-case-dry'), '--json'];
    const r = await runCli(args, data);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.out) as { sessions: number; rejects: { line: number; field: string }[] };
    expect(plan.rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(plan.sessions).toBe(1);
    expect(existsSync(join(root, 'out-case-dry'))).toBe(false);
    const other = await runCli(args, { ...data, HONNE_PSEUDONYM_KEY: 'another-id-spelling-key-987' });
    expect(other.code).toBe(2);
  }, 120_000);

  it('refuses h0 in a later manifest too, H0 being in the store; `honne erase --employee h0` reaches H0 and the rejected rows', async () => {
    const later = write('case-later', [['h-6', 'h0', '2026-11-02'], ['h-7', 'H2', '2026-11-03']]);
    const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', later, '--out', join(root, 'out-case-later'), '--json'], data);
    const out = JSON.parse(r.out) as { processed: number; rejects: { line: number; field: string }[] };
    expect(out.rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(out.processed).toBe(1);
    expect(readFileSync(join(root, 'out-case-later', 'rejects.jsonl'), 'utf8')).toContain('"h-6');
    // the request spells the id as the refused rows did
    expect((await runCli(['erase', '--employee', 'h0'], data)).code).toBe(0);
    expect(readFileSync(join(data.HONNE_DATA_DIR, 'honne.duckdb')).includes(Buffer.from('渓流'))).toBe(false);
    const left = await runCli(['usage', '--company', 'w', '--json'], data);
    expect((JSON.parse(left.out) as { total: { sessions: number } }).total.sessions).toBe(3); // H1, H2 twice
    for (const dir of ['out-case', 'out-case-later']) {
      // (a file left without rows is removed)
      const file = join(root, dir, 'rejects.jsonl');
      const rejects = existsSync(file) ? readFileSync(file, 'utf8') : '';
      expect(rejects, dir).not.toContain('"h-4');
      expect(rejects, dir).not.toContain('"h-6');
    }
    expect(readFileSync(join(root, 'out-case', 'rejects.jsonl'), 'utf8')).toContain('h-5'); // H1's stays: H1 was not erased
  }, 120_000);

  it('lets a rejected line\'s spelling turn no good row of the employee away', async () => {
    const manifest = write('case-after', [['h-9', 'J0', '2026-11-05'], ['h-10', 'j0', '2026-11-06']]);
    // J0's line names a file that is not there: rejected for that; j0's good row goes in
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('t/h-9.txt', 't/missing.txt'));
    const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out-case-after'), '--json'], data);
    const out = JSON.parse(r.out) as { processed: number; rejects: { line: number; field: string }[] };
    expect(out.rejects.map((x) => [x.line, x.field])).toEqual([[1, 'transcript_uri']]);
    expect(out.processed).toBe(1);
  }, 120_000);
});

describe('attack: an id of more than ten letters in another mix of letter cases (Kasahara-Team-Lead, KASAHARA-team-lead)', () => {
  const data = { ...env, HONNE_DATA_DIR: join(root, 'data-long') };
  const POTTERY = '週末は陶芸の窯元を巡っています。';
  const write = (name: string, rows: Array<[session: string, employee: string, day: string]>) => {
    const lines = rows.map(([session, employee, day]) => {
      writeFileSync(join(input, 't', `${session}.txt`), `CC: その後いかがですか。\n相談者: 昇格の話が出ていて迷っています。${/^kasahara/iu.test(employee) ? POTTERY : ''}\n`);
      return JSON.stringify({
        session_id: session, company_id: 'w', employee_id: employee, department: '開発部', consultant_id: 'c1',
        started_at: `${day}T10:00:00+09:00`, transcript_uri: `t/${session}.txt`, consultant_speaker: 'CC',
      });
    });
    writeFileSync(join(input, `${name}.jsonl`), lines.join('\n') + '\n');
    return join(input, `${name}.jsonl`);
  };
  const runOn = async (manifest: string, out: string) =>
    JSON.parse((await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', manifest, '--out', join(root, out), '--json'], data)).out) as {
      processed: number;
      rejects: { line: number; field: string }[];
    };

  it('refuses the other mix in a later manifest (neither its lower nor its upper case is stored), in a dry run too; `honne erase` in a third mix reaches the stored sessions', async () => {
    const first = await runOn(write('long', [['l-1', 'Kasahara-Team-Lead', '2026-10-01'], ['l-2', 'Other-Team-Lead', '2026-10-02']]), 'out-long');
    expect(first.processed).toBe(2);
    const later = write('long-later', [['l-3', 'KASAHARA-team-lead', '2026-11-02'], ['l-4', 'Other-Team-Lead', '2026-11-03']]);
    const dry = await runCli(['run', '--dry-run', '--companies', join(input, 'companies.csv'), '--manifest', later, '--out', join(root, 'out-long-dry'), '--json'], data);
    expect((JSON.parse(dry.out) as { rejects: { line: number; field: string }[] }).rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    const second = await runOn(later, 'out-long-later');
    expect(second.rejects.map((x) => [x.line, x.field])).toEqual([[1, 'employee_id']]);
    expect(second.processed).toBe(1);
    expect((await runCli(['erase', '--employee', 'kasahara-TEAM-lead'], data)).code).toBe(0);
    expect(readFileSync(join(data.HONNE_DATA_DIR, 'honne.duckdb')).includes(Buffer.from('窯元'))).toBe(false);
    const left = await runCli(['usage', '--company', 'w', '--json'], data);
    expect((JSON.parse(left.out) as { total: { sessions: number } }).total.sessions).toBe(2); // Other-Team-Lead twice
  }, 180_000);
});

