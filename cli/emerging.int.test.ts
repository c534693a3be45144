/** `honne themes emerging` end to end (transcripts → redaction → keywords → store → clusters):
 * the planted topic found platform-wide and per company, never named by a person's name said
 * beside it, and not for a company where only k − 1 employees said it. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { AI_TOPIC } from '../scripts/fixtures/generate.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-emerging-'));
// four companies: a company's cluster is measured against the other three (the lowest
// benchmark minimum the configuration allows)
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'emerging-themes-test-key-0123456789', HONNE_BENCHMARK_MIN_COMPANIES: '3' };
const NAMES = ['轟', '勅使河原', '西園寺', '五十嵐'];
/** Company → employees who say the topic in September and in October (of 15 each month). */
const PLANTED: Record<string, [number, number]> = { A: [1, 8], B: [1, 8], C: [0, 8], D: [0, 4] };
const STAFF = 15;
const NEUTRAL = ['最近は落ち着いて仕事ができています。', '特に大きな変化はありません。', '週末は家でゆっくり過ごしています。'];

interface Cluster { name: string[]; keywords: string[]; employees: number; companies: number; trend: string }

beforeAll(async () => {
  mkdirSync(join(root, 't'));
  writeFileSync(join(root, 'companies.csv'), 'company_id,name,industry,employee_count\n' + Object.keys(PLANTED).map((c) => `${c},株式会社${c},IT,100`).join('\n') + '\n');
  const rows: string[] = [];
  for (const [c, [sep, oct]] of Object.entries(PLANTED)) {
    for (const [month, planted] of [['2026-09', sep], ['2026-10', oct]] as const) {
      for (let e = 0; e < STAFF; e++) {
        const id = `${c}-${month}-${e}`;
        const lines = [NEUTRAL[e % NEUTRAL.length]!];
        if (e < planted) {
          // one line with four of the topic's words (人工知能, 導入, 定型業務, 自動化): each word's
          // count is the cluster's, so the report may set it beside the keyword list (the
          // fixtures say it in varied words: scripts/fixtures/generate.ts)
          lines.push(AI_TOPIC.lines[0]!);
          // a colleague named beside the topic, with and without an honorific
          const name = NAMES[e % NAMES.length]!;
          lines.push(e % 2 === 0 ? `同じ課の${name}さんも人工知能の導入で自動化の担当になりました。` : `マネージャーの${name}が自動化の話ばかりしています。`);
        }
        writeFileSync(join(root, 't', `${id}.txt`), ['CC: 今日はどんなお話をしましょうか。', ...lines.map((l) => `相談者: ${l}`), 'CC: ありがとうございました。'].join('\n') + '\n');
        rows.push(JSON.stringify({ session_id: id, company_id: c, employee_id: `E${e}`, consultant_id: 'cc1', started_at: `${month}-12T10:00:00+09:00`, transcript_uri: `t/${id}.txt` }));
      }
    }
  }
  writeFileSync(join(root, 'sessions.jsonl'), rows.join('\n') + '\n');
  const run = await runCli(['run', '--companies', join(root, 'companies.csv'), '--manifest', join(root, 'sessions.jsonl'), '--out', join(root, 'out'), '--format', 'csv'], env);
  expect(run.code).toBe(0);
}, 300_000);

const emerging = async (...args: string[]) => {
  const r = await runCli(['themes', 'emerging', '--period', '2026-10', '--json', ...args], env);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Cluster[];
};

describe('honne themes emerging', () => {
  it('finds the planted topic platform-wide: rising, in the three companies where k or more said it', async () => {
    const found = await emerging();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ companies: 3, trend: 'rising' });
    expect(found[0]!.employees).toBe(8 + 8 + 8 + 4);
    expect(found[0]!.keywords).toEqual(expect.arrayContaining(['人工知能', '自動化']));
  });

  it('never names a cluster, nor stores a keyword, by the person said beside the topic', async () => {
    const found = await emerging();
    const a = await emerging('--company', 'A');
    for (const c of [...found, ...a]) for (const w of c.keywords) for (const n of NAMES) expect(w).not.toContain(n);
    const dump = await dumpStore(join(root, 'data', 'honne.duckdb'));
    for (const n of NAMES) expect(dump.text).not.toContain(n);
    const csv = readFileSync(join(root, 'out', 'A', '2026-10', '10_emerging_topics.csv'), 'utf8');
    expect(csv).toContain('人工知能');
    for (const n of NAMES) expect(csv).not.toContain(n);
  });

  it("a company's own list: k or more of its employees; not where only k − 1 said it", async () => {
    const a = await emerging('--company', 'A');
    expect(a.map((c) => [c.employees, c.trend])).toEqual([[8, 'rising']]);
    expect(await emerging('--company', 'D')).toEqual([]);
  });
});
