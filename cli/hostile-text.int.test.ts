/** Hostile text in the client's files, end to end through the real `honne` binary: company ids,
 * names, industries and segments that are spreadsheet formulas must reach every CSV as text,
 * and ids and file names with terminal escape sequences must reach the operator's terminal
 * made visible, never as live control characters. */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../jobs/testing/redis.js';
import { main, type Io } from './main.js';

const repo = join(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-hostile-'));
const out = join(root, 'out');

const HYPERLINK = '=HYPERLINK("http://x","Click")';
const CLEAR = 'C\x1b[2J';
const TITLE = 'D\x1b]0;pwned\x07\u009b2J\u202e';
/** What a spreadsheet may start a formula with (reports/csv.ts), and a number, which may be negative. */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212\uFE62\uFE63\uFE66\uFE6B])/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Control characters but tab and newline, DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- looking for control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const companies = [
  { company_id: HYPERLINK, name: '+株式会社プラス', industry: '@cmd|" /C calc"!A0', employee_count: 100 },
  { company_id: CLEAR, name: '－株式会社マイナス', industry: '＝1+1', employee_count: 100 },
  { company_id: TITLE, name: ' =株式会社', industry: '\tIT', employee_count: 100 },
];
/** Ten employees in each segment, half of them at low retention risk and half not (as the
 * fixtures were generated: labels.jsonl), with k = 3: the segments' cells are shown, so their
 * names reach the tables (a row showing no figure is not written). */
const PER_SEGMENT = 10;
const segments = [
  { department: '=1+1', age_band: '+30代', gender: '＠男性' },
  { department: '－開発部\x1b]0;pwned\x07', age_band: '@40代', gender: '-女性' },
];

let run: { code: number | null; stdout: Buffer; stderr: Buffer };
let companiesFile: string;
let manifestFile: string;

function honneBinary(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'honne.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: '', ...env },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
  });
}

/** Copies a fixture transcript beside the manifest; returns its relative path. */
function copyTranscript(rel: string): string {
  mkdirSync(join(root, 'transcripts'), { recursive: true });
  copyFileSync(join(fixtures, rel), join(root, rel));
  return rel;
}

beforeAll(async () => {
  const fixtureRows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const lowRisk = new Set(
    readFileSync(join(fixtures, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; labels: { retention_risk: string } })
      .filter((l) => l.labels.retention_risk === 'low').map((l) => l.id),
  );
  const pools = [fixtureRows.filter((f) => lowRisk.has(String(f['session_id']))), fixtureRows.filter((f) => !lowRisk.has(String(f['session_id'])))];
  const rows: Record<string, unknown>[] = [];
  let n = 0;
  for (const c of companies) {
    for (const s of segments) {
      for (let i = 0; i < PER_SEGMENT; i++) {
        const f = pools[i % 2]!.shift()!;
        n++;
        rows.push({
          ...f,
          session_id: `${c.company_id}-${n}`,
          company_id: c.company_id,
          employee_id: `E${n}`,
          ...s,
          started_at: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00+09:00`,
          // inside the manifest's folder: the input root that confines transcripts
          transcript_uri: copyTranscript(String(f['transcript_uri'])),
        });
      }
    }
  }
  // A row naming a company that is not in the companies file is rejected, its id quoted.
  rows.push({ ...rows[0], session_id: 'unknown-company', company_id: `X${TITLE}` });
  // An empty transcript fails its session, with the session id and the file name printed.
  const empty = join(root, `empty\x1b[2J.txt`);
  writeFileSync(empty, '');
  rows.push({ ...rows[0], session_id: `failing\x1b]0;pwned\x07`, transcript_uri: empty });

  mkdirSync(root, { recursive: true });
  companiesFile = join(root, 'companies.jsonl');
  manifestFile = join(root, 'sessions\x1b[2J.jsonl');
  writeFileSync(companiesFile, companies.map((c) => JSON.stringify(c)).join('\n') + '\n');
  writeFileSync(manifestFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  run = await honneBinary(['run', '--companies', companiesFile, '--manifest', manifestFile, '--out', out, '--format', 'csv', '--demo'], { HONNE_K: '3' });
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? csvFiles(join(dir, e.name)) : e.name.endsWith('.csv') ? [join(dir, e.name)] : [],
  );
}

describe('honne run on hostile client files', () => {
  it('runs, rejecting the unknown company and failing the empty transcript', () => {
    const stdout = run.stdout.toString('utf8');
    expect(stdout, run.stderr.toString('utf8')).toMatch(/60 processed, 0 unchanged \(skipped\), 1 failed, 1 rejected rows/);
    expect(run.code).toBe(1);
    expect(stdout).toMatch(/reports: 3 company report\(s\), 24 file\(s\)/);
  });

  it('writes no CSV cell that a spreadsheet would run as a formula', () => {
    const files = csvFiles(out);
    expect(files).toHaveLength(24);
    const cells: string[] = [];
    for (const file of files) {
      const rows = parse(readFileSync(file), { bom: true, relax_column_count: false }) as string[][];
      expect(rows.length, file).toBeGreaterThanOrEqual(1);
      for (const row of rows) cells.push(...row);
    }
    const formulas = cells.filter((c) => FORMULA_START.test(c) && !NUMBER.test(c));
    expect(formulas).toEqual([]);
    // The hostile texts did reach the tables, as text.
    for (const text of [`'${HYPERLINK}`, `'+株式会社プラス`, `'－株式会社マイナス`, `'=1+1`, `'－開発部\x1b]0;pwned\x07`, `'+30代`, `'@40代`, `'＠男性`, `'-女性`]) {
      expect(cells, text).toContain(text);
    }
    // Negative figures stay numbers (sentiment and its change can be below zero).
    expect(cells.some((c) => /^-\d/.test(c))).toBe(true);
  });

  it('prints ids and file names with their control characters made visible', () => {
    const printed = Buffer.concat([run.stdout, run.stderr]);
    expect(printed.includes(0x1b)).toBe(false);
    expect(printed.includes(0x07)).toBe(false);
    const text = printed.toString('utf8');
    expect(text).not.toMatch(CONTROL);
    // The operator still sees that something odd was there, in the summary, the reject and the failure.
    expect(text).toContain('C\\u001b[2J 2026-10: 8 file(s)');
    expect(text).toContain('D\\u001b]0;pwned\\u0007\\u009b2J\\u202e 2026-10');
    expect(text).toContain('unknown company_id "XD\\u001b]0;pwned\\u0007\\u009b2J\\u202e"');
    expect(text).toContain('sessions\\u001b[2J.jsonl:');
    // (the failure names its transcript by field: a file name may name someone)
    expect(text).toMatch(/failing\\u001b\]0;pwned\\u0007 \(.*sessions\\u001b\[2J\.jsonl:\d+\) \w+: \[transcript_uri\]/);
  });

  it('keeps the rejected row and the failure in JSON lines an operator can cat, with the texts unchanged', () => {
    const rejects = readFileSync(join(out, 'rejects.jsonl'), 'utf8');
    const failed = readFileSync(join(out, 'failed.jsonl'), 'utf8');
    expect(rejects + failed).not.toMatch(CONTROL);
    const reject = JSON.parse(rejects) as { reason: string; raw: string };
    expect(reject.reason).toBe(`unknown company_id "X${TITLE}" (not in the companies file)`);
    expect((JSON.parse(reject.raw) as { company_id: string }).company_id).toBe(`X${TITLE}`);
    expect((JSON.parse(failed) as { session_id: string }).session_id).toBe('failing\x1b]0;pwned\x07');
  });
});

describe('error messages of every command', () => {
  async function honne(args: string[]) {
    const lines: string[] = [];
    const io: Io = { out: (t) => lines.push(t), err: (t) => lines.push(t), env: { HONNE_DATA_DIR: join(root, 'data') }, now: () => new Date() };
    return { code: await main(['node', 'honne', ...args], io), text: lines.join('\n') };
  }

  it.each([
    // the store was built by `run --demo`: report on it with --demo (the key binds the store)
    [['report', '--demo', '--company', `Z${CLEAR}`, '--period', '2026-10', '--out', out], 'unknown company "ZC\\u001b[2J"'],
    [['report', '--demo', '--company', 'x', '--period', '2026-10\x1b]0;pwned\x07', '--out', out], '--period must be YYYY-MM or YYYY-Qn (with --window N: YYYY-MM and N from 1 to 12), got "2026-10\\u001b]0;pwned\\u0007"'],
    [['run', '--companies', 'c.csv', '--manifest', 'm.jsonl', '--bogus\x1b[2J'], "unknown option '--bogus\\u001b[2J'"],
  ])('make control characters visible: %j', async (args, message) => {
    const r = await honne(args);
    expect(r.code).toBe(2);
    expect(r.text).toContain(message);
    expect(r.text).not.toMatch(CONTROL);
  });
});

describe('queue mode on hostile client files', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('submit and status print the rejected row with its control characters made visible', async () => {
    const env = { REDIS_URL: redis.url, HONNE_PSEUDONYM_KEY: 'hostile-test-key-0123456789', HONNE_DATA_DIR: join(root, 'queue-data') };
    const submit = await honneBinary(['batch', 'submit', '--companies', companiesFile, '--manifest', manifestFile, '--out', join(root, 'queue-out')], env);
    const id = submit.stdout.toString('utf8').trim();
    expect(id, submit.stderr.toString('utf8')).toMatch(/^\S+$/);
    const status = await honneBinary(['batch', 'status', id], env);
    const list = await honneBinary(['batch', 'list'], env);
    for (const r of [submit, status, list]) {
      const printed = Buffer.concat([r.stdout, r.stderr]);
      expect(printed.includes(0x1b)).toBe(false);
      expect(printed.includes(0x07)).toBe(false);
      expect(printed.toString('utf8')).not.toMatch(CONTROL);
    }
    for (const r of [submit, status]) {
      const text = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
      expect(text).toContain('sessions\\u001b[2J.jsonl:');
      expect(text).toContain('unknown company_id "XD\\u001b]0;pwned\\u0007\\u009b2J\\u202e"');
    }
  }, 120_000);
});
