/** `honne run` against a manifest written by an attacker: rows that point at files outside the
 * manifest's folder (../, absolute, file://, a link inside the folder to an outside file whose
 * word six rows "say"), at /dev/zero, at a FIFO and at an oversized file. The run must finish,
 * process and report the good rows, refuse each bad one with its own reason, and publish the
 * outside file's word nowhere. Real CLI (`main()`), real DuckDB, real files, links and FIFO. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { main, type Io } from './main.js';

const base = mkdtempSync(join(tmpdir(), 'honne-inputs-'));
const dir = join(base, 'inbox');
const outside = join(base, 'elsewhere');
const out = join(base, 'out');
const dataDir = join(base, 'data');
/** The outside file's word: six rows pointing at it would make it a keyword above k. */
const MARKER = '極秘合併計画';
const CAP = 64 * 1024;

const row = (i: number, employee: string, uri: string) =>
  JSON.stringify({
    session_id: `s-${String(i).padStart(2, '0')}`,
    company_id: 'C1',
    employee_id: employee,
    department: '開発部',
    consultant_id: 'CNS-1',
    started_at: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+09:00`,
    language: 'ja',
    transcript_uri: uri,
  });

const transcript = (client: string) =>
  ['consultant：今日はどうされましたか。', `相談者：${client}`, 'consultant：なるほど、もう少し聞かせてください。', `相談者：${client}`].join('\n') + '\n';

const GOOD = ['転職を考えていて、上司との関係にも悩んでいます。', '残業が多くて、体調が心配です。', '昇進の見込みがなくて、キャリアに迷っています。', '子育てと仕事の両立が大変です。', '評価制度に納得できなくて、転職も考えています。', '新しいスキルを学びたいのですが、時間がありません。'];

let run: { code: number; out: string; err: string };
const lines: string[] = [];
const bad = new Map<string, string>(); // session id → what it points at

beforeAll(async () => {
  mkdirSync(join(dir, 't'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(dir, 'companies.csv'), 'company_id,name,industry,employee_count\nC1,株式会社テスト,IT,500\n');
  writeFileSync(join(outside, 'secret.txt'), transcript(`実は${MARKER}のことで眠れません。${MARKER}が心配です。`));
  symlinkSync(join(outside, 'secret.txt'), join(dir, 't', 'notes.txt'));
  execFileSync('mkfifo', [join(dir, 't', 'pipe.txt')]);
  writeFileSync(join(dir, 't', 'huge.txt'), '');
  truncateSync(join(dir, 't', 'huge.txt'), 200 * 1024 * 1024); // sparse: no disk, no time
  let i = 0;
  GOOD.forEach((text, n) => {
    writeFileSync(join(dir, 't', `good-${n}.txt`), transcript(text));
    lines.push(row(++i, `E-GOOD-${n}`, `t/good-${n}.txt`));
  });
  const attack = (uri: string, employee = `E-BAD-${i + 1}`) => {
    lines.push(row(++i, employee, uri));
    bad.set(`s-${String(i).padStart(2, '0')}`, uri);
  };
  attack('../../../../etc/passwd');
  attack('/etc/hostname');
  attack('file:///etc/hostname');
  for (let n = 0; n < 6; n++) attack('t/notes.txt', `E-LINK-${n}`);
  attack('/dev/zero');
  attack('t/pipe.txt');
  attack('t/huge.txt');
  writeFileSync(join(dir, 'sessions.jsonl'), lines.join('\n') + '\n');

  const outLines: string[] = [];
  const errLines: string[] = [];
  const io: Io = {
    out: (t) => outLines.push(t),
    err: (t) => errLines.push(t),
    env: { HONNE_DATA_DIR: dataDir, HONNE_MAX_TRANSCRIPT_BYTES: String(CAP) },
    now: () => new Date('2026-11-25T00:00:00Z'),
  };
  const code = await main(['node', 'honne', 'run', '--demo', '--companies', join(dir, 'companies.csv'), '--manifest', join(dir, 'sessions.jsonl'), '--out', out], io);
  run = { code, out: outLines.join('\n'), err: errLines.join('\n') };
}, 240_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const jsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

/** Every file the run wrote, as text (PDFs the way a reader's viewer shows them). */
function written(folder: string): Array<[string, string]> {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((f) => join(folder, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => [f, f.endsWith('.pdf') ? execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }) : readFileSync(f, 'utf8')]);
}

describe('honne run on a manifest that points outside its folder', () => {
  it('finishes (exit 1 for the bad rows, not a crash) and processes and reports the good sessions', () => {
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/sessions: 6 processed, 0 unchanged \(skipped\), 1 failed, 11 rejected rows/);
    // 6 employees are too few for a month (under 2k): the month points to its quarter, which
    // reports the 6 good sessions
    expect(readFileSync(join(out, 'C1', '2026-10', '01_overview.csv'), 'utf8')).toContain('四半期のレポートをご覧ください');
    const csv = readFileSync(join(out, 'C1', '2026-Q4', '01_overview.csv'), 'utf8');
    expect(csv).toMatch(/,6(,|\r?\n)/);
    expect(readdirSync(join(out, 'C1', '2026-10'))).toContain('report_C1_2026-10_ja.pdf');
  });

  it('rejects each row that leaves the folder or is no regular file, with file, line, field and reason', () => {
    const rejects = jsonl<{ file: string; line: number; field: string; reason: string }>(join(out, 'rejects.jsonl'));
    const reasons = new Map(rejects.map((r) => [JSON.parse(lines[r.line - 1]!).session_id as string, r]));
    const outsideRoot = `transcript file resolves outside the input root (${dir})`;
    // the path itself is not kept (a file may be named after the employee): the line finds it
    const expected: Record<string, string> = {
      '../../../../etc/passwd': `${outsideRoot}: [transcript_uri]`,
      '/etc/hostname': `${outsideRoot}: [transcript_uri]`,
      'file:///etc/hostname': `${outsideRoot}: [transcript_uri]`,
      't/notes.txt': `${outsideRoot}: [transcript_uri]`,
      '/dev/zero': `${outsideRoot}: [transcript_uri]`,
      't/pipe.txt': 'transcript file is not a regular file (a FIFO): [transcript_uri]',
    };
    for (const [id, uri] of bad) {
      if (uri === 't/huge.txt') continue;
      const r = reasons.get(id);
      expect(r, `${id} → ${uri}`).toBeDefined();
      expect([r!.file, r!.field, r!.reason], uri).toEqual([join(dir, 'sessions.jsonl'), 'transcript_uri', expected[uri]]);
    }
    expect(rejects).toHaveLength(11);
  });

  it('fails the oversized transcript alone, naming its row and field (a path may name someone) and the cap', () => {
    const failed = jsonl<{ session_id: string; code: string; retryable: boolean; reason: string }>(join(out, 'failed.jsonl'));
    expect(failed).toEqual([
      {
        session_id: [...bad].find(([, uri]) => uri === 't/huge.txt')![0],
        employee_pid: expect.stringMatching(/^[0-9a-f]{64}$/),
        file: join(dir, 'sessions.jsonl'),
        line: 18,
        code: 'SOURCE_TOO_LARGE',
        retryable: false,
        reason: `[transcript_uri]: file is ${200 * 1024 * 1024} bytes, over the limit of ${CAP} bytes (HONNE_MAX_TRANSCRIPT_BYTES)`,
      },
    ]);
  });

  it('publishes the outside files nowhere: no report, operator file, output, log or store row', async () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    const files = written(out);
    expect(files.length).toBeGreaterThan(8);
    const { text: dump } = await dumpStore(join(dataDir, 'honne.duckdb'));
    expect(dump).toContain('s-01');
    for (const [name, text] of [...files, ['stdout', run.out], ['stderr', run.err], ['store', dump]]) {
      expect(text, name).not.toContain(MARKER);
      expect(text, name).not.toContain('合併');
      expect(text, name).not.toContain(passwd);
    }
  });
});
