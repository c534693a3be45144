/** An attack through `honne run` with sessions full of names (invented for this test): family
 * said after kin words, colleagues with and without titles, a nickname, a foreign name in
 * katakana, a rare surname with 部長, a name said once with さん and later bare. Not one of them
 * may reach any table of the store nor the raw bytes of the store file: keywords and every
 * other per-session row come from redacted text only (privacy promise 3). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-name-attack-'));
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'name-attack-test-key-0123456789' };

const CLIENT_SAYS = [
  '上司の篠塚部長がとにかく厳しくて、篠塚はいつも数字の話ばかりで残業が減りません。',
  '娘の琴音が来年から小学生なので、時短勤務を考えています。夫の雅人が転勤になりそうで、琴音の学校のことも心配です。',
  '同期のあっちゃんが先に辞めてしまって、あっちゃんがいないと仕事が回りません。',
  'ジェシカ・ミラーさんという海外の同僚がいて、ジェシカとは英語で話します。',
  '後輩に久我山って人がいて、久我山の教育も任されています。',
  '母の喜代美が入院して、介護と仕事の両立がつらいです。',
  '人事の榊原さんに相談したら、榊原さんも異動を勧めてくれました。',
  '颯真が熱を出して保育園を休んだので、評価面談を延期してもらいました。',
  // Surnames and a given name kuromoji reads as common nouns: unredacted, they would be keywords.
  '次長の御手洗が判子を押してくれなくて、前任の栗山が代わりに押しました。御手洗は何も言いません。',
  // Said bare in another segment, a surname kuromoji reads as a common noun is vocabulary to the
  // keyword extractor: only redaction (the name found once, then everywhere) keeps it out.
  '栗山は面倒見がいいので、栗山には本当に感謝しています。',
  '人事の桑原と話して、桑原から評価の説明を受けました。桑原の説明は丁寧でした。',
  '息子の大和が成人して、家のことは大和に任せています。',
  '幼なじみの琴音が転職したと聞いて、琴音の話を聞いてから自分も考え始めました。',
];
/** Every name above, and the parts that identify on their own. */
const NAMES = ['篠塚', '琴音', '雅人', 'あっちゃん', 'ジェシカ', 'ミラー', '久我山', '喜代美', '榊原', '颯真', '御手洗', '栗山', '桑原', '大和'];

function writeCase(): { companies: string; manifest: string } {
  const dir = join(root, 'in');
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  const companies = join(dir, 'companies.csv');
  writeFileSync(companies, 'company_id,name,industry,employee_count\nCN1,株式会社テスト物産,trading,400\n');
  const rows = Array.from({ length: 6 }, (_, i) => {
    const id = `nm-${String(i + 1).padStart(3, '0')}`;
    // Each session says every name, in a different order.
    const said = CLIENT_SAYS.map((_, j) => CLIENT_SAYS[(i + j) % CLIENT_SAYS.length] as string);
    const segments = [
      { start: 0, end: 5, speaker: 'CC', text: '今日はどんなお話をしましょうか。' },
      ...said.map((text, j) => ({ start: 10 + j * 10, end: 19 + j * 10, speaker: 'client', text })),
    ];
    writeFileSync(join(dir, 'transcripts', `${id}.json`), JSON.stringify({ segments }));
    return JSON.stringify({
      session_id: id, company_id: 'CN1', employee_id: `E8${String(i).padStart(4, '0')}`, department: '営業部', age_band: '30-39', gender: i % 2 === 0 ? '男性' : '女性',
      consultant_id: 'CNS-800', started_at: `2026-10-${String(5 + i).padStart(2, '0')}T10:00:00+09:00`, duration_sec: 1800, language: 'ja',
      transcript_uri: `transcripts/${id}.json`, consultant_speaker: 'CC',
    });
  });
  const manifest = join(dir, 'sessions.jsonl');
  writeFileSync(manifest, `${rows.join('\n')}\n`);
  return { companies, manifest };
}

let run: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  const { companies, manifest } = writeCase();
  run = await runCli(['run', '--companies', companies, '--manifest', manifest, '--out', join(root, 'out')], env);
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a session full of names, through the real pipeline into the store', () => {
  it('runs and stores keywords (the vocabulary the sessions share)', async () => {
    expect(run.err).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const { tables, text } = await dumpStore(join(root, 'data', 'honne.duckdb'));
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'session_keywords', 'session_themes', 'session_signals']));
    expect(text).toContain('"介護"');
  });

  it('holds none of the names in any row of any table', async () => {
    const { text } = await dumpStore(join(root, 'data', 'honne.duckdb'));
    for (const name of NAMES) expect(text, `the store contains ${name}`).not.toContain(name);
  });

  it('holds none of the names in the raw bytes of the store file (and its WAL)', () => {
    const files = ['honne.duckdb', 'honne.duckdb.wal'].map((f) => join(root, 'data', f)).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const name of NAMES) expect(bytes.includes(Buffer.from(name, 'utf8')), `${f} holds ${name}`).toBe(false);
    }
  });
});
