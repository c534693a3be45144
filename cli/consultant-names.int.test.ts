/** Attack: a colleague whose given name is also an everyday word. The consultant asks about
 * 「桜さん」 and the employee answers 「桜が…」 (redacted: the session knows 桜 as a name) and
 * 「桜の件で…」, which redaction leaves standing (one kanji before の is matched only before
 * what a person has: 桜の木 is a tree). That 桜 was stored as the employee's keyword and, said so by
 * five employees of a team led by 桜 (and not by five others), published as the company's
 * keyword. Over the real CLI and DuckDB file. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-ccnames-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'consultant-names-key-0123' };

/** Given names that are everyday words too, each said bare by the employee. */
const NAMES = ['桜', '岬', '舞'];
const named = (name: string) => [
  `CC: 前回お話に出た${name}さんとは、その後いかがですか。`,
  `相談者: ${name}がまた会議で私の案を否定してきて、つらいです。`,
  `CC: ${name}さんはチームのリーダーでしたね。`,
  `相談者: はい、${name}とはもう一緒に働きたくないです。${name}の件で転職も考えています。`,
];
const other = ['CC: 最近いかがですか。', '相談者: 資格の勉強を続けていて、新しいスキルを身につけたいです。'];

beforeAll(async () => {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nw,W株式会社,it,100\n');
  const lines: string[] = [];
  // five employees of 桜's team, five others (k with and k without: a publishable keyword), and
  // one employee each speaking of 岬 and of 舞
  const says = [...Array<string[]>(5).fill(named('桜')), ...Array<string[]>(5).fill(other), named('岬'), named('舞')];
  for (const [i, text] of says.entries()) {
    writeFileSync(join(input, 't', `${i}.txt`), text.join('\n') + '\n');
    lines.push(JSON.stringify({
      session_id: `cc-${i}`, company_id: 'w', employee_id: `E${i}`, department: '営業部', consultant_id: 'c1',
      started_at: `2026-10-${String(i + 1).padStart(2, '0')}T10:00:00+09:00`, transcript_uri: `t/${i}.txt`, consultant_speaker: 'CC',
    }));
  }
  writeFileSync(join(input, 'sessions.jsonl'), lines.join('\n') + '\n');
  await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out')], env);
}, 120_000);

describe('attack: a colleague named only in the consultant\'s turns', () => {
  it('is no keyword of the employee in the store', async () => {
    const { text } = await dumpStore(join(env.HONNE_DATA_DIR, 'honne.duckdb'));
    for (const name of NAMES) expect(text, name).not.toContain(name);
    expect(text).toContain('否定'); // the employee's own words are still keywords
  });

  it('is in no report file', () => {
    const dir = join(root, 'out', 'w', '2026-10');
    const csv = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(csv).toContain('転職'); // the keyword table is there
    for (const name of NAMES) expect(csv, name).not.toContain(name);
  });
});
