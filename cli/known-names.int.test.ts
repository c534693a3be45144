/** An attack through the real CLI: the platform gives the employee's and the consultant's names
 * (manifest `employee_name`, `consultant_name`) and the company's other spellings (`aliases`), and
 * the sessions say them every way people do — romaji, katakana, hiragana, the given name alone,
 * the company under its short forms. None of it may be left anywhere honne writes: the store's
 * rows and the raw bytes of its files, the reports, rejects.jsonl, the printed log; and in queue
 * mode (a real redis-server, a real worker process) every Redis key and the object store. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchStatus } from '../jobs/batches.js';
import { loadQueueConfig } from '../jobs/config.js';
import { createQueueContext, type QueueContext } from '../jobs/context.js';
import { createLogger } from '../jobs/log.js';
import { startTestRedis, type TestRedis } from '../jobs/testing/redis.js';
import { loadConfig } from '../pipeline/config.js';
import { objectStoreFor } from '../app/compose.js';
import { dumpStore } from '../adapters/duckdb/testing/store-dump.js';
import { runCli } from './testing/run.js';

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'honne-known-names-'));
const input = join(root, 'in');
const KEY = 'known-names-attack-key-0123456789';

const EMPLOYEE = '佐藤 陽向';
const CONSULTANT = 'Kenji Ito|伊藤 健二';
/** The employee, the consultant and the company's aliases, in the spellings the sessions use. */
const PERSONAL = ['佐藤', '陽向', 'ひなた', 'ヒナタ', 'サトウ', 'Hinata', 'hinata', 'HINATA', 'Satou', 'Satō', 'SATO', 'Kenji', 'ケンジ', '伊藤', '健二'];
const ALIASES = ['ヤマセイ', 'Yamasei', 'YAMASEI', 'やまだせいさくしょ', 'Yamada Seisakusho'];
const COMPANY = '山田製作所';
const FORBIDDEN = [...PERSONAL, ...ALIASES];
/** How the operator named the employee's transcript files. */
const FILE_NAME = '佐藤陽向';

const CLIENT = [
  '佐藤陽向です。ローマ字だと Hinata Satou、名刺には SATO Hinata と書いています。',
  '友達からはヒナタって呼ばれてて、家族はひなたって呼びます。陽向は最近残業ばかりで、転職も考えています。',
  'ヤマセイ、あ、山田製作所のことです。社内では Yamasei とか、Yamada Seisakusho とも言います。',
  'やまだせいさくしょの評価制度に納得がいかなくて、上司との関係も悪いです。',
];
const CONSULTANT_SAYS = ['Kenji Ito です。伊藤と申します。サトウさん、今日はどうされましたか。', 'Satō-san, ケンジでいいですよ。'];

function writeInputs(): { companies: string; manifest: string } {
  mkdirSync(join(input, 't'), { recursive: true });
  const companies = join(input, 'companies.csv');
  writeFileSync(companies, `company_id,name,industry,employee_count,aliases\nCX1,株式会社${COMPANY},manufacturing,500,ヤマセイ|Yamasei\n`);
  const rows: string[] = [];
  for (let i = 0; i < 6; i++) {
    const id = `kn-${i + 1}`;
    const segments = [
      ...CONSULTANT_SAYS.map((text) => ({ start: 0, end: 5, speaker: 'CC', text })),
      ...CLIENT.map((text, j) => ({ start: 10 + j * 10, end: 19 + j * 10, speaker: 'client', text })),
    ];
    // operators name files after people: the queue's session records must not spell it beside the pseudonym
    writeFileSync(join(input, 't', `${id}_${FILE_NAME}.json`), JSON.stringify({ segments }));
    rows.push(
      JSON.stringify({
        session_id: id, company_id: 'CX1', employee_id: `E-${i}`, department: '製造部', consultant_id: 'CNS-1',
        started_at: `2026-10-${String(5 + i).padStart(2, '0')}T10:00:00+09:00`, language: 'ja', transcript_uri: `t/${id}_${FILE_NAME}.json`,
        consultant_speaker: 'CC', employee_name: i === 0 ? EMPLOYEE : `${EMPLOYEE}|Hinata Sato`, consultant_name: CONSULTANT,
      }),
    );
  }
  // Rejected rows that hold the names: a bad date, and a line that is not JSON.
  rows.push(JSON.stringify({ session_id: 'kn-bad', company_id: 'CX1', employee_id: 'E-9', consultant_id: 'CNS-1', started_at: 'yesterday', transcript_uri: `t/kn-1_${FILE_NAME}.json`, employee_name: EMPLOYEE, consultant_name: CONSULTANT }));
  rows.push(`{"session_id":"kn-broken","employee_name":"${EMPLOYEE}","consultant_name":"${CONSULTANT}",`);
  const manifest = join(input, 'sessions.jsonl');
  writeFileSync(manifest, `${rows.join('\n')}\n`);
  return { companies, manifest };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

/** The forbidden strings found in some bytes (UTF-8, and UTF-16 as DuckDB never writes but a
 * careless encoder might). */
function found(bytes: Buffer, strings: readonly string[] = FORBIDDEN): string[] {
  return strings.filter((s) => bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le')));
}

let inputs: { companies: string; manifest: string };
beforeAll(() => {
  inputs = writeInputs();
});

describe('known names through honne run', () => {
  const env = { HONNE_DATA_DIR: join(root, 'run', 'data'), HONNE_PSEUDONYM_KEY: KEY };
  const out = join(root, 'run', 'out');
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    result = await runCli(['run', '--companies', inputs.companies, '--manifest', inputs.manifest, '--out', out, '--format', 'csv'], env);
  }, 120_000);

  it('loads the sessions and rejects the bad rows', () => {
    expect(result.code, result.err).toBe(1); // rows were rejected
    expect(result.out + result.err).toMatch(/6/);
    const rejects = readFileSync(join(out, 'rejects.jsonl'), 'utf8').trim().split('\n');
    expect(rejects).toHaveLength(2);
  });

  it('leaves no name or alias in any row of the store, nor the company name in a per-session row', async () => {
    const { text } = await dumpStore(join(env.HONNE_DATA_DIR, 'honne.duckdb'));
    expect(text).toContain('kn-6');
    expect(found(Buffer.from(text))).toEqual([]);
    const perSession = text.split('\n').filter((_, i, lines) => /^session/.test(lines[i - 1] ?? '') || /^session/.test(lines[i] ?? ''));
    expect(perSession.join('\n')).not.toContain(COMPANY);
  });

  it('leaves no byte of them in the store file, the reports, rejects.jsonl or the printed log', () => {
    for (const f of filesUnder(env.HONNE_DATA_DIR)) expect(found(readFileSync(f)), f).toEqual([]);
    const written = filesUnder(out);
    expect(written.some((f) => f.endsWith('rejects.jsonl'))).toBe(true);
    for (const f of written) expect(found(readFileSync(f)), f).toEqual([]);
    expect(found(Buffer.from(result.out + result.err))).toEqual([]);
  });
});

describe('known names in honne eval', () => {
  it('are redacted as in honne run when a gold case carries them, and leak without them', async () => {
    const gold = join(root, 'gold');
    mkdirSync(gold, { recursive: true });
    const segments = [...CONSULTANT_SAYS.map((text) => ({ speaker: 'CC', text })), ...CLIENT.map((text) => ({ speaker: 'client', text }))];
    writeFileSync(join(gold, 'kn.json'), JSON.stringify({ segments: segments.map((x, i) => ({ start: i, end: i + 1, ...x })) }));
    // Spellings the known names catch; the general detectors miss some of them (the second case).
    const pii = ['SATO', 'ひなた', '陽向', 'ヤマセイ', 'Yamasei'];
    const labels = { themes: [], retention_risk: 'low', mental_health_risk: 'low', pii };
    const base = { language: 'ja', transcript: 'kn.json', consultant_speaker: 'CC', labels, split: 'dev', company_name: `株式会社${COMPANY}` };
    writeFileSync(
      join(gold, 'cases.jsonl'),
      [
        { id: 'with-names', ...base, employee_name: EMPLOYEE, consultant_name: CONSULTANT, company_aliases: ['ヤマセイ', 'Yamasei'] },
        { id: 'without-names', ...base },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const r = await runCli(['eval', '--gold', gold, '--json'], { HONNE_DATA_DIR: join(root, 'eval', 'data'), HONNE_PSEUDONYM_KEY: KEY });
    const report = JSON.parse(r.out) as { cases: Array<{ id: string; pii: { leaked: Array<{ text: string }> } }> };
    const leaks = Object.fromEntries(report.cases.map((c) => [c.id, c.pii.leaked.map((l) => l.text)]));
    expect(leaks['with-names']).toEqual([]);
    // (ヤマセイ, two morae of each word of 山田製作所, is caught from the company name alone:
    // pipeline/redact/company-forms.ts)
    expect(leaks['without-names']).toEqual(expect.arrayContaining(['ひなた', 'SATO']));
    expect(leaks['without-names']).not.toContain('ヤマセイ');
  }, 60_000);
});

describe('known names through queue mode', () => {
  let redis: TestRedis | undefined;
  let ctx: QueueContext;
  let worker: ChildProcess;
  let workerLog = '';
  const env = {
    HONNE_DATA_DIR: join(root, 'queue', 'data'),
    HONNE_PSEUDONYM_KEY: KEY,
    REDIS_URL: process.env['REDIS_URL'] ?? '',
    HONNE_QUEUE_PREFIX: `kn${process.pid}`,
    HONNE_STALLED_INTERVAL_MS: '1000',
    HONNE_LOCK_DURATION_MS: '3000',
    HONNE_LOG_LEVEL: 'debug',
  };
  const out = join(root, 'queue', 'out');

  beforeAll(async () => {
    if (env.REDIS_URL === '') {
      redis = await startTestRedis();
      env.REDIS_URL = redis.url;
    }
    ctx = createQueueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(env)) });
    worker = spawn(process.execPath, [join(repo, 'bin', 'honne.mjs'), 'worker'], {
      cwd: repo,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString('utf8')));
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString('utf8')));
  }, 60_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await ctx?.close();
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps no name in Redis (job data, batch records, rejects, events), the object store, the store or the logs', async () => {
    const submit = await runCli(['batch', 'submit', '--companies', inputs.companies, '--manifest', inputs.manifest, '--out', out, '--format', 'csv'], env);
    expect(submit.code, submit.err).toBe(0); // queued; the rejected rows are reported on stderr
    expect(submit.err).toContain('rejected rows: 2');
    const id = submit.out.trim();
    expect(id).toMatch(/^b-[0-9a-f]{12}$/);
    let state = 'running';
    for (const end = Date.now() + 90_000; state === 'running' && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 300));
      state = (await batchStatus(ctx, id)).state;
    }
    expect(state, workerLog).toBe('done');
    const status = await batchStatus(ctx, id);
    expect(status.stages.analyze.done).toBe(6);

    // Every key of this queue prefix, read by type.
    const keys = await ctx.redis.keys(`${env.HONNE_QUEUE_PREFIX}*`);
    expect(keys.length).toBeGreaterThan(10);
    const values: string[] = [];
    for (const key of keys) {
      const type = await ctx.redis.type(key);
      if (type === 'string') values.push((await ctx.redis.get(key)) ?? '');
      else if (type === 'hash') values.push(JSON.stringify(await ctx.redis.hgetall(key)));
      else if (type === 'list') values.push(...(await ctx.redis.lrange(key, 0, -1)));
      else if (type === 'set') values.push(...(await ctx.redis.smembers(key)));
      else if (type === 'zset') values.push(...(await ctx.redis.zrange(key, 0, -1)));
      else if (type === 'stream') values.push(JSON.stringify(await ctx.redis.xrange(key, '-', '+')));
      else throw new Error(`unread Redis type ${type} of ${key}`);
    }
    const redisText = Buffer.from(keys.join('\n') + values.join('\n'));
    expect(redisText.includes(Buffer.from('kn-bad'))).toBe(true); // the rejects list was read
    expect(found(redisText)).toEqual([]);

    const objects = filesUnder(join(env.HONNE_DATA_DIR, 'objects'));
    expect(objects.length).toBeGreaterThan(0); // the session records and the companies stay there
    for (const f of objects) expect(found(readFileSync(f), PERSONAL), f).toEqual([]);
    for (const f of filesUnder(join(env.HONNE_DATA_DIR)).filter((f) => !f.includes('objects'))) expect(found(readFileSync(f)), f).toEqual([]);
    for (const f of filesUnder(out)) expect(found(readFileSync(f)), f).toEqual([]);
    expect(workerLog).toContain(id);
    expect(found(Buffer.from(workerLog + submit.out + submit.err))).toEqual([]);
  }, 150_000);
});
