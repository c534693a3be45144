/** Attack: the session id, or the transcript's file name, carries how to reach the employee. A
 * booking system names sessions after the employee's e-mail address or mobile number
 * (`2026-10-01_t.yamada@corp.example`); the session id is stored and logged in the clear and
 * survives erasure's pseudonym search, so the store file would hold the address. An operator
 * names the transcript file so, and a failed session's message printed it. Over the real CLI. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-sid-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'session-id-test-key-0123' };

const CONTACTS = ['t.yamada@corp.example', 'kana_m+hr@mail.example.jp', '090-4417-2381', '08063395521', '+81 80 6339 5521'];
/** Machine-built ids that stay accepted: dates, timestamps, zero-padded counters. */
const PLAIN = ['s-2026-10-01-0930', '20261001093012', 'C001-0001-0001', 'bk_7f3a9c'];

let run: CliResult;
beforeAll(async () => {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nw,W株式会社,it,100\n');
  writeFileSync(join(input, 't', 'a.txt'), 'CC: 最近いかがですか。\n相談者: 異動の希望を出そうか迷っています。\n');
  const lines = [...CONTACTS.map((c, i) => `2026-10-0${i + 1}_${c}`), ...PLAIN].map((session, i) =>
    JSON.stringify({
      session_id: session, company_id: 'w', employee_id: `E${i}`, consultant_id: 'c1',
      started_at: '2026-10-01T10:00:00+09:00', transcript_uri: 't/a.txt', consultant_speaker: 'CC',
    }));
  writeFileSync(join(input, 'sessions.jsonl'), lines.join('\n') + '\n');
  run = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out'), '--json'], env);
}, 120_000);

/** Runs sessions whose transcripts (binary: each fails) are named `files`: what the run printed
 * and its failed.jsonl. */
async function failOn(name: string, files: readonly string[]): Promise<{ printed: string; failed: string }> {
  for (const f of files) writeFileSync(join(input, 't', f), Buffer.from([0, 1, 2, 3, 0xff, 0, 9]));
  writeFileSync(join(input, `${name}.jsonl`), files.map((f, i) => JSON.stringify({
    session_id: `${name}-${i}`, company_id: 'w', employee_id: `${name}${i}`, consultant_id: 'c1',
    started_at: '2026-10-01T10:00:00+09:00', transcript_uri: `t/${f}`, consultant_speaker: 'CC',
  })).join('\n') + '\n');
  const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, `${name}.jsonl`), '--out', join(root, `out-${name}`)], env);
  const failed = readFileSync(join(root, `out-${name}`, 'failed.jsonl'), 'utf8');
  expect(failed.split('\n').filter(Boolean)).toHaveLength(files.length);
  expect(failed).toContain('TRANSCRIPT_BINARY');
  return { printed: r.out + r.err, failed };
}

describe('attack: an e-mail address or phone number in the transcript\'s file name', () => {
  it('is not printed, nor kept in failed.jsonl, when the session fails', async () => {
    const { printed, failed } = await failOn('f', ['k.tanaka@corp.example.txt', 'memo_090-5521-7734.txt']);
    for (const text of [printed, failed]) {
      expect(text).not.toContain('k.tanaka@');
      expect(text).not.toContain('5521-7734');
    }
  }, 120_000);

  it('nor a landline number: the failure names the field, not the path', async () => {
    const { printed, failed } = await failOn('l', ['記録_(06)6310-4471.txt', 'memo 045 884 2210.txt', '面談-0422-51-8830.txt']);
    expect(failed).toContain('[transcript_uri]');
    for (const text of [printed, failed]) {
      for (const digits of ['6310-4471', '884 2210', '51-8830']) expect(text, digits).not.toContain(digits);
    }
  }, 120_000);

  it('nor, in rejects.jsonl, a landline number in the name of a file that is missing: redaction\'s phone detector cuts it', async () => {
    const files = ['記録_(06)6310-4471.txt', 'memo 045 884 2210.txt', '面談-0422-51-8830.txt'];
    writeFileSync(join(input, 'm.jsonl'), files.map((f, i) => JSON.stringify({
      session_id: `m-${i}`, company_id: 'w', employee_id: `m${i}`, consultant_id: 'c1',
      started_at: '2026-10-01T10:00:00+09:00', transcript_uri: `gone/${f}`, consultant_speaker: 'CC',
    })).join('\n') + '\n');
    const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'm.jsonl'), '--out', join(root, 'out-m')], env);
    const rejects = readFileSync(join(root, 'out-m', 'rejects.jsonl'), 'utf8');
    expect(rejects.split('\n').filter(Boolean)).toHaveLength(files.length);
    // the path is not kept at all: its field stands for it (pipeline/ingest/reject-locations.ts)
    expect(rejects).toContain('"transcript_uri\\":\\"[transcript_uri]');
    for (const text of [r.out + r.err, rejects]) {
      for (const digits of ['6310-4471', '884 2210', '51-8830']) expect(text, digits).not.toContain(digits);
    }
  }, 120_000);
});

describe('attack: an e-mail address or phone number in the session id', () => {
  it('never reaches the store file: the rows are rejected, naming session_id', () => {
    const store = readFileSync(join(env.HONNE_DATA_DIR, 'honne.duckdb'));
    for (const c of CONTACTS) expect(store.includes(Buffer.from(c)), c).toBe(false);
    const out = JSON.parse(run.out) as { rejects: { line: number; field: string }[]; processed: number };
    expect(out.rejects.map((r) => [r.line, r.field])).toEqual(CONTACTS.map((_, i) => [i + 1, 'session_id']));
    // nor the rejects it prints and keeps (rejects.jsonl outlives the run): the line is withheld
    const kept = readFileSync(join(root, 'out', 'rejects.jsonl'), 'utf8');
    expect(kept.split('\n').filter(Boolean)).toHaveLength(CONTACTS.length);
    for (const c of CONTACTS) {
      expect(run.out, c).not.toContain(c);
      expect(kept, c).not.toContain(c);
    }
  });

  it('keeps machine-built ids with dates, timestamps and counters', () => {
    const out = JSON.parse(run.out) as { processed: number };
    expect(out.processed).toBe(PLAIN.length);
  });
});

describe('attack: the consultant\'s own e-mail address or phone number as consultant_id', () => {
  it('never reaches the store file nor rejects.jsonl: the rows are rejected, naming consultant_id, their lines withheld', async () => {
    const ids = ['m.kondo@counsel.example', 'cc_080-2716-4490', 'c%40counsel.example'];
    const data = join(root, 'data-cid');
    const lines = [...ids, 'cns-07'].map((consultant, i) =>
      JSON.stringify({
        session_id: `cid-${i}`, company_id: 'w', employee_id: `G${i}`, consultant_id: consultant,
        started_at: '2026-10-01T10:00:00+09:00', transcript_uri: 't/a.txt', consultant_speaker: 'CC',
      }));
    writeFileSync(join(input, 'consultants.jsonl'), lines.join('\n') + '\n');
    const r = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'consultants.jsonl'), '--out', join(root, 'out-cid'), '--json'], { ...env, HONNE_DATA_DIR: data });
    const out = JSON.parse(r.out) as { rejects: { line: number; field: string; raw: string }[]; processed: number };
    expect(out.rejects.map((x) => [x.line, x.field])).toEqual(ids.map((_, i) => [i + 1, 'consultant_id']));
    expect(out.processed).toBe(1); // an ordinary consultant id goes on
    const store = readFileSync(join(data, 'honne.duckdb'));
    const kept = readFileSync(join(root, 'out-cid', 'rejects.jsonl'), 'utf8');
    for (const secret of ['m.kondo', '2716-4490', 'counsel.example']) {
      expect(store.includes(Buffer.from(secret)), secret).toBe(false);
      expect(kept, secret).not.toContain(secret);
      expect(r.out + r.err, secret).not.toContain(secret);
    }
  }, 120_000);
});
