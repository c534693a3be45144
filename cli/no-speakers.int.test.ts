/** Item 6 of issue 13, end to end: a transcript whose speakers cannot be told apart is never
 * analysed as if every line were the employee's. `honne run` fails that session with a named
 * reason, shows it, keeps it in failed.jsonl, and stores nothing for it; the labelled session of
 * the same run is analysed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-nospk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The consultant asks about care and changing jobs; unlabelled, the questions would become the
// employee's themes.
const unlabelled = `1
00:00:01,000 --> 00:00:04,000
ご家族の介護で大変なことはありますか。

2
00:00:04,500 --> 00:00:08,000
転職を考えたことはありますか。

3
00:00:08,500 --> 00:00:11,000
いえ、特にないです。
`;
const labelled = `CC: ご家族の介護で大変なことはありますか。
本人: いえ、特にないです。仕事は楽しいです。
`;

describe('honne run on a transcript without speaker labels', () => {
  it('fails that session with TRANSCRIPT_NO_SPEAKERS, shows the reason, and analyses the rest', async () => {
    writeFileSync(join(root, 'companies.csv'), 'company_id,name,industry,employee_count\nC001,株式会社サンプル,IT,1000\n');
    writeFileSync(join(root, 'plain.srt'), unlabelled);
    writeFileSync(join(root, 'named.txt'), labelled);
    const row = (id: string, file: string) =>
      JSON.stringify({ session_id: id, company_id: 'C001', employee_id: `E-${id}`, consultant_id: 'CNS-1', started_at: '2026-09-01T10:00:00+09:00', language: 'ja', transcript_uri: file, consultant_speaker: 'CC' });
    writeFileSync(join(root, 'sessions.jsonl'), `${row('s-plain', 'plain.srt')}\n${row('s-named', 'named.txt')}\n`);
    const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'no-speakers-key-0123456789' };
    const r = await runCli(['run', '--companies', join(root, 'companies.csv'), '--manifest', join(root, 'sessions.jsonl'), '--out', join(root, 'out'), '--format', 'csv'], env);

    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 processed, 0 unchanged \(skipped\), 1 failed/);
    expect(r.out).toMatch(/s-plain \(.*sessions\.jsonl:1\) TRANSCRIPT_NO_SPEAKERS: \[transcript_uri\]: the transcript names no speaker/);
    const failed = readFileSync(join(root, 'out', 'failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { session_id: string; code: string });
    expect(failed).toEqual([expect.objectContaining({ session_id: 's-plain', code: 'TRANSCRIPT_NO_SPEAKERS' })]);

    const store = await DuckDbStore.open(join(root, 'data', 'honne.duckdb'), keyBinding({ pseudonymKey: env.HONNE_PSEUDONYM_KEY, demoKey: false }));
    try {
      const rows = await store.query<{ session_id: string }>('SELECT session_id FROM sessions ORDER BY session_id');
      expect(rows.map((x) => x.session_id)).toEqual(['s-named']);
      const themes = await store.query<{ theme: string }>("SELECT theme FROM session_themes WHERE theme IN ('caregiving', 'job_change')");
      expect(themes).toEqual([]);
    } finally {
      store.close();
    }
  }, 120_000);
});
