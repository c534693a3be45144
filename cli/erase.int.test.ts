/** Erasure that erases, tried as an auditor would: after `honne erase`, no byte of the
 * employee's words, raw id, session ids or file names in any file under the data and output
 * folders (the store file's raw bytes included), while another employee's rows stay. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-erase-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'erase-test-key-0123456789' };
const VICTIM = 'VICT-9431';

interface Row {
  session_id: string;
  employee_id: string;
  started_at?: string;
  file: string;
  text?: string[];
}
const rows: Row[] = [
  // the victim: a good session, a rejected row (impossible date), a failed one (empty transcript)
  { session_id: 'sess-victim-ok', employee_id: VICTIM, file: 'v1.txt', text: ['週末は盆栽の手入れをしています。', '転職も考えています。'] },
  { session_id: 'sess-victim-bad', employee_id: VICTIM, started_at: '2026-02-31T10:00:00+09:00', file: 'v2.txt', text: ['はい。'] },
  { session_id: 'sess-victim-fail', employee_id: VICTIM, file: 'yamada-hanako.txt' },
  // someone else, the same three kinds
  { session_id: 'sess-other-ok', employee_id: 'OTHER-1', file: 'o1.txt', text: ['残業が多くて困っています。'] },
  { session_id: 'sess-other-bad', employee_id: 'OTHER-1', started_at: '2026-02-31T10:00:00+09:00', file: 'o2.txt', text: ['はい。'] },
  { session_id: 'sess-other-fail', employee_id: 'OTHER-1', file: 'other-empty.txt' },
];

/** Every file under a folder, with its bytes. */
function files(dir: string): [string, Buffer][] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => [join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name))]);
}

let erase: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  mkdirSync(input, { recursive: true });
  writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nC001,テスト株式会社,it,100\n');
  writeFileSync(
    join(input, 'sessions.jsonl'),
    rows
      .map((r) => {
        writeFileSync(join(input, r.file), r.text ? ['CC: どうぞ。', ...r.text.map((t) => `相談者: ${t}`)].join('\n') : '');
        return JSON.stringify({
          session_id: r.session_id, company_id: 'C001', employee_id: r.employee_id, consultant_id: 'c1',
          started_at: r.started_at ?? '2026-10-05T10:00:00+09:00', transcript_uri: r.file, consultant_speaker: 'CC',
        });
      })
      .join('\n') + '\n',
  );
  const run = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out'), '--format', 'csv'], env);
  expect(run.code).toBe(1); // rejected rows and failed sessions
  const before = files(root).map(([, b]) => b.toString('latin1')).join('\n');
  for (const s of [VICTIM, 'sess-victim-fail', 'yamada-hanako', 'sess-other-fail']) expect(before, `${s} is there before`).toContain(s);
  erase = await runCli(['erase', '--employee', VICTIM, '--company', 'C001'], env);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('honne erase', () => {
  it('removes the rows, the failures and the rejected rows of the employee', () => {
    expect(erase.code, erase.err).toBe(0);
    expect(erase.out).toMatch(/erased 1 session\(s\).*2 row\(s\) of rejects\.jsonl \/ failed\.jsonl/);
  });

  it('leaves no byte of them in any file under the data and output folders', () => {
    const words = [VICTIM, 'sess-victim', 'yamada-hanako', '盆栽'].map((w) => Buffer.from(w));
    for (const [file, bytes] of [...files(join(root, 'data')), ...files(join(root, 'out'))]) {
      for (const w of words) expect(bytes.includes(w), `${file} holds ${w.toString()}`).toBe(false);
    }
  });

  it("keeps the other employee's rejected row and failure for the operator", () => {
    expect(readFileSync(join(root, 'out', 'rejects.jsonl'), 'utf8')).toContain('OTHER-1');
    expect(readFileSync(join(root, 'out', 'failed.jsonl'), 'utf8')).toContain('sess-other-fail');
  });
});

describe('honne erase after a run that failed', () => {
  it("finds the failed run's output folder (recorded when the run started) and erases its rows there", async () => {
    const failedOut = join(root, 'out-failed');
    // the company's report folder is a file: the run fails while writing reports, after its
    // failed.jsonl and rejects.jsonl, before it records its end
    mkdirSync(failedOut, { recursive: true });
    writeFileSync(join(failedOut, 'C001'), 'not a folder');
    const manifest = join(input, 'sessions.jsonl');
    writeFileSync(
      manifest,
      JSON.stringify({ session_id: 'sess-late-fail', company_id: 'C001', employee_id: 'LATE-7', consultant_id: 'c1', started_at: '2026-10-05T10:00:00+09:00', transcript_uri: 'late-name.txt', consultant_speaker: 'CC' }) + '\n',
    );
    writeFileSync(join(input, 'late-name.txt'), '');
    const run = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', manifest, '--out', failedOut, '--format', 'csv'], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: /);
    // the row names the session (its file by field only: a path may name someone)
    expect(readFileSync(join(failedOut, 'failed.jsonl'), 'utf8')).toContain('sess-late-fail');
    const r = await runCli(['erase', '--employee', 'LATE-7', '--company', 'C001'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('1 row(s) of rejects.jsonl / failed.jsonl');
    for (const [file, bytes] of files(failedOut)) for (const w of ['LATE-7', 'late-name', 'sess-late-fail']) expect(bytes.includes(Buffer.from(w)), `${file} holds ${w}`).toBe(false);
  });
});
