/** `honne run` with transcripts in a bucket (`transcript_uri: s3://…`) and the object store in
 * one (`HONNE_OBJECTS=s3://…`), against a real s3rver: the sessions are read through the S3
 * reader and reported, a missing object fails its session with SOURCE_NOT_FOUND (the others go
 * on), ingest lets `s3://` rows through without a local check, and `honne doctor` probes the
 * bucket. Real CLI (`main()`), real DuckDB, real AWS SDK. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import { startTestS3, type TestS3 } from '../adapters/s3/testing/s3rver.js';
import { runCli, type CliResult } from './testing/run.js';

const base = mkdtempSync(join(tmpdir(), 'honne-s3-run-'));
const out = join(base, 'out');
const GOOD = ['転職を考えていて、上司との関係にも悩んでいます。', '残業が多くて、体調が心配です。', '昇進の見込みがなくて、キャリアに迷っています。', '子育てと仕事の両立が大変です。', '評価制度に納得できなくて、転職も考えています。', '新しいスキルを学びたいのですが、時間がありません。'];
const transcript = (client: string) => ['consultant：今日はどうされましたか。', `相談者：${client}`, 'consultant：なるほど、もう少し聞かせてください。', `相談者：${client}`].join('\n') + '\n';
const row = (i: number, uri: string) =>
  JSON.stringify({ session_id: `s-${i}`, company_id: 'C1', employee_id: `E-${i}`, department: '開発部', consultant_id: 'CNS-1', started_at: `2026-10-0${1 + i}T10:00:00+09:00`, language: 'ja', transcript_uri: uri });

let s3: TestS3;
let env: Record<string, string>;
let run: CliResult;
beforeAll(async () => {
  s3 = await startTestS3();
  env = { ...s3.env, HONNE_DATA_DIR: join(base, 'data'), HONNE_OBJECTS: `s3://${s3.bucket}/honne/objects` };
  const inbox = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'inbox' });
  const lines: string[] = [];
  for (const [i, text] of GOOD.entries()) {
    await inbox.put(`t/${i}.txt`, transcript(text));
    lines.push(row(i, `s3://${s3.bucket}/inbox/t/${i}.txt`));
  }
  lines.push(row(6, `s3://${s3.bucket}/inbox/t/missing.txt`));
  mkdirSync(join(base, 'm'));
  writeFileSync(join(base, 'm', 'companies.csv'), 'company_id,name,industry,employee_count\nC1,株式会社テスト,IT,500\n');
  writeFileSync(join(base, 'm', 'sessions.jsonl'), lines.join('\n') + '\n');
  run = await runCli(['run', '--demo', '--companies', join(base, 'm', 'companies.csv'), '--manifest', join(base, 'm', 'sessions.jsonl'), '--out', out], env);
}, 240_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('honne run with s3:// transcripts and HONNE_OBJECTS=s3://', () => {
  it('reads the transcripts from the bucket and reports them; a missing object fails its session only', () => {
    expect(run.out).toMatch(/sessions: 6 processed, 0 unchanged \(skipped\), 1 failed, 0 rejected rows/);
    expect(run.code).toBe(1);
    // 6 employees are too few for a month: its quarter reports the 6 sessions
    expect(readFileSync(join(out, 'C1', '2026-Q4', '01_overview.csv'), 'utf8')).toMatch(/,6(,|\r?\n)/);
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).map((f) => join(out, f));
    const failures = files.filter((f) => /fail/.test(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(failures).toMatch(/SOURCE_NOT_FOUND/);
    expect(failures).toMatch(/s-6/);
  });

  it('honne doctor reaches the bucket through the object-store port, and says when it cannot', async () => {
    const checks = async (e: Record<string, string>) => (JSON.parse((await runCli(['doctor', '--demo', '--json'], e)).out) as Array<{ name: string; status: string; detail: string }>).find((c) => c.name === 'object store')!;
    const ok = await checks(env);
    expect([ok.status, ok.detail]).toEqual(['ok', `s3://${s3.bucket}/honne/objects: writable`]);
    const bad = await checks({ ...env, HONNE_OBJECTS: 's3://no-such-bucket/objects' });
    expect(bad.status).toBe('fail');
    expect(bad.detail).toMatch(/NoSuchBucket/);
    // the probe left nothing behind
    expect(await new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'honne' }).list()).toEqual([]);
  });
});
