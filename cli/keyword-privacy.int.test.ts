/** An attack through `honne run`: employees of one company name the same manager (マネージャーの
 * 轟が…), the same colleagues by a given name and a surname that are also words (翼に…押し付けられ,
 * 島に…怒られ) and the same
 * nickname (ゴリ松が…) in enough sessions to pass k, and some say a phone
 * number or an e-mail address aloud. None of it may reach a CSV, the PDF or any table of the
 * store: keywords are vocabulary, never identity. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-kw-attack-'));
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'kw-attack-test-key-0123456789' };

const MANAGER = 'マネージャーの轟が全然話を聞いてくれなくて、残業ばかりです。轟はいつも怒っています。';
/** Colleagues by a given name and a surname that are also words (翼, 島), which kuromoji reads as
 * common nouns. */
const COLLEAGUE = '翼に面倒な仕事を全部押し付けられて、この前は翼と口論にもなりました。島にもまた怒られました。';
const NICKNAME = 'ゴリ松がまた怒鳴ってて、残業ばかりで職場の雰囲気が最悪です。ゴリ松には困っています。';
const PHONE = '電話番号はゼロキューゼロのいちにいさんよんのごーろくななはちです。会社は〇三の五五四一の二二三三です。';
const EMAIL = 'メールはやまだ アットマーク gmail ドット com です。';
const EMAIL_EN = 'You can reach me at j dot smith at acme-corp dot com. The overtime is a problem and my career feels stuck.';

/** What must appear nowhere: the name, the nickname, the pieces of the number and the address. */
const FORBIDDEN = ['轟', '翼', '島', 'ゴリ', 'ゼロ', 'キュー', 'いちに', 'ごーろく', '五五四一', '二二三三', 'アットマーク', 'ドット', 'gmail', 'smith', 'acme'];

function writeCase(): { companies: string; manifest: string } {
  const dir = join(root, 'in');
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  const companies = join(dir, 'companies.csv');
  writeFileSync(companies, 'company_id,name,industry,employee_count\nCX1,株式会社テスト工業,manufacturing,500\n');
  const rows: string[] = [];
  const clientSays: Array<{ lang: 'ja' | 'en'; text: string[] }> = [
    ...Array.from({ length: 5 }, (_, i) => ({ lang: 'ja' as const, text: [MANAGER, i === 0 ? PHONE : 'キャリアのことも考えています。', COLLEAGUE] })),
    ...Array.from({ length: 5 }, (_, i) => ({ lang: 'ja' as const, text: [NICKNAME, i === 0 ? EMAIL : '転職も少し考えています。'] })),
    { lang: 'en', text: [EMAIL_EN] },
    { lang: 'ja', text: [PHONE, EMAIL] },
  ];
  clientSays.forEach((s, i) => {
    const id = `kw-${String(i + 1).padStart(3, '0')}`;
    const consultant = s.lang === 'ja' ? '今日はどんなお話をしましょうか。' : 'What would you like to talk about today?';
    const segments = [{ start: 0, end: 5, speaker: 'CC', text: consultant }, ...s.text.map((text, j) => ({ start: 10 + j * 10, end: 19 + j * 10, speaker: 'client', text }))];
    writeFileSync(join(dir, 'transcripts', `${id}.json`), JSON.stringify({ segments }));
    rows.push(
      JSON.stringify({
        session_id: id, company_id: 'CX1', employee_id: `E9${String(i).padStart(4, '0')}`, department: '製造部', age_band: '30-39', gender: i % 2 === 0 ? '男性' : '女性',
        consultant_id: 'CNS-900', started_at: `2026-10-${String(5 + i).padStart(2, '0')}T10:00:00+09:00`, duration_sec: 1800, language: s.lang,
        transcript_uri: `transcripts/${id}.json`, consultant_speaker: 'CC',
      }),
    );
  });
  const manifest = join(dir, 'sessions.jsonl');
  writeFileSync(manifest, `${rows.join('\n')}\n`);
  return { companies, manifest };
}

const honne = (args: string[]) => runCli(args, env);

const reportDir = join(root, 'out', 'CX1', '2026-10');
let run: Awaited<ReturnType<typeof honne>>;
beforeAll(async () => {
  const { companies, manifest } = writeCase();
  run = await honne(['run', '--companies', companies, '--manifest', manifest, '--out', join(root, 'out')]);
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an attack through keywords', () => {
  it('runs, and publishes the vocabulary that 5 of the 12 used (残業, said by 10, leaves too few without it)', () => {
    expect(run.err).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const top = readFileSync(join(reportDir, '04_top_keywords.csv'), 'utf8');
    expect(top).toContain('雰囲気');
    expect(top).not.toContain('残業');
  });

  it('puts no name, nickname, number or address said aloud in any CSV or in the PDF', () => {
    const files = readdirSync(reportDir);
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    for (const f of files) {
      const text = f.endsWith('.pdf') ? execFileSync('pdftotext', ['-enc', 'UTF-8', join(reportDir, f), '-'], { encoding: 'utf8' }) : readFileSync(join(reportDir, f), 'utf8');
      if (f.endsWith('.pdf')) expect(text).toContain('雰囲気');
      for (const s of FORBIDDEN) expect(text, `${f} contains ${s}`).not.toContain(s);
    }
  });

  it('stores none of it in any table of the store', async () => {
    const { tables, text: dump } = await dumpStore(join(root, 'data', 'honne.duckdb'));
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'session_keywords', 'session_themes', 'session_signals', 'runs', 'companies', 'publications']));
    expect(dump).toContain('"残業"');
    for (const s of FORBIDDEN) expect(dump, `the store contains ${s}`).not.toContain(s);
    const instance = await DuckDBInstance.create(join(root, 'data', 'honne.duckdb'));
    const conn = await instance.connect();
    try {
      const keywords = (await conn.runAndReadAll('SELECT DISTINCT keyword FROM session_keywords')).getRowObjectsJS().map((r) => String(r['keyword']));
      for (const k of keywords) expect(['com', 'dot', 'at', 'corp', '松'], k).not.toContain(k);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
