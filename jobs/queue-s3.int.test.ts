/** Queue mode across machines that share no disk: the transcripts and the object store in a
 * bucket (a real s3rver), a real Redis, two worker PROCESSES with data folders of their own —
 * one runs the session stages, the other the store — and the store comes out as `honne run`'s.
 * Nothing of the batch is written to the session worker's disk. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStoreFor } from '../app/compose.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import { startTestS3, type TestS3 } from '../adapters/s3/testing/s3rver.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { runCli } from '../cli/testing/run.js';
import { loadConfig } from '../pipeline/config.js';
import { keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import { batchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import { createQueueContext, type QueueContext } from './context.js';
import { createLogger } from './log.js';
import { startTestRedis, type TestRedis } from './testing/redis.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-queue-s3-'));
const KEY = 'queue-s3-test-key-0123456789';
const SESSIONS = 16;

let redis: TestRedis;
let s3: TestS3;
const procs = new Set<ChildProcess>();
let ctx: QueueContext | undefined;

/** The CLI in process, on the current time (workers run on it too). */
const honne = (args: string[], env: Record<string, string>) => runCli(args, env, new Date());

function startWorker(env: Record<string, string>, args: string[]): { log: () => string } {
  const proc = spawn(process.execPath, [join(repo, 'bin', 'honne.mjs'), 'worker', ...args], { cwd: repo, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  procs.add(proc);
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString('utf8')));
  proc.on('exit', () => procs.delete(proc));
  return { log: () => log };
}

async function sessionRows(dataDir: string) {
  const store = await DuckDbStore.open(join(dataDir, 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
  try {
    return await store.query('SELECT * EXCLUDE (run_id) FROM sessions ORDER BY session_id');
  } finally {
    store.close();
  }
}

let manifest: string;
let lines: { employee_id: string; company_id: string }[];
let victim: { employee_id: string; company_id: string };
const companies = join(fixtures, 'companies.csv');

beforeAll(async () => {
  [redis, s3] = await Promise.all([startTestRedis(), startTestS3()]);
  // The fixture transcripts in the bucket; the manifest names them by s3:// location.
  const inbox = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'inbox' });
  const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, SESSIONS).map((l) => JSON.parse(l) as { transcript_uri: string; employee_id: string; company_id: string });
  for (const row of rows) {
    await inbox.put(row.transcript_uri, readFileSync(join(fixtures, row.transcript_uri)));
    row.transcript_uri = `s3://${s3.bucket}/inbox/${row.transcript_uri}`;
  }
  lines = rows;
  victim = rows[0]!;
  mkdirSync(join(root, 'm'));
  manifest = join(root, 'm', 'sessions.jsonl');
  writeFileSync(manifest, rows.map((l) => JSON.stringify(l)).join('\n') + '\n');
}, 60_000);

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await ctx?.close();
  await Promise.allSettled([redis?.stop(), s3?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

describe('queue mode on a bucket', () => {
  it('a session worker and a store worker with no shared folder finish a batch; the store is honne run\'s', async () => {
    const ref = await honne(['run', '--companies', companies, '--manifest', manifest, '--format', 'csv', '--out', join(root, 'ref', 'out')], { ...s3.env, HONNE_DATA_DIR: join(root, 'ref', 'data'), HONNE_PSEUDONYM_KEY: KEY });
    expect(ref.code, ref.err).toBe(0);

    const shared = { ...s3.env, HONNE_PSEUDONYM_KEY: KEY, REDIS_URL: redis.url, HONNE_QUEUE_PREFIX: `s3q${process.pid}`, HONNE_OBJECTS: `s3://${s3.bucket}/honne`, HONNE_LOG_LEVEL: 'info' };
    const storeMachine = { ...shared, HONNE_DATA_DIR: join(root, 'store-machine', 'data') };
    const sessionMachine = { ...shared, HONNE_DATA_DIR: join(root, 'session-machine', 'data') };
    const submitted = await honne(['batch', 'submit', '--companies', companies, '--manifest', manifest, '--format', 'csv', '--out', join(root, 'store-machine', 'out')], storeMachine);
    expect(submitted.code, submitted.err).toBe(0);
    const id = submitted.out.trim();

    const workers = [startWorker(sessionMachine, ['--queues', 'transcribe,redact,analyze']), startWorker(storeMachine, ['--queues', 'store'])];
    ctx = createQueueContext(loadConfig(storeMachine), loadQueueConfig(storeMachine), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(storeMachine)) });
    const end = Date.now() + 180_000;
    let status = await batchStatus(ctx, id);
    while (status.state === 'running' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 500));
      status = await batchStatus(ctx, id);
    }
    expect(status.state, workers.map((w) => w.log()).join('\n').slice(-3000)).toBe('done');
    expect(status.failures).toEqual([]);

    expect(await sessionRows(join(root, 'store-machine', 'data'))).toEqual(await sessionRows(join(root, 'ref', 'data')));
    // The stage outputs went through the bucket, not a folder of either machine.
    const inBucket = (await new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'honne' }).list()).map((o) => o.key);
    // (the session records the session worker read; its results were loaded and removed)
    expect(inBucket.filter((k) => k.startsWith(`batches/${id}/sessions/`)).length).toBeGreaterThan(0);
    for (const machine of ['store-machine', 'session-machine']) expect(existsSync(join(root, machine, 'data', 'objects')), machine).toBe(false);
    expect(existsSync(join(root, 'session-machine', 'data')) ? readdirSync(join(root, 'session-machine', 'data'), { recursive: true }) : []).toEqual([]);

    // `honne erase` on the store machine reaches the bucket: afterwards no object of honne's
    // prefix holds the employee's pseudonym (the batch's session records did), others' stay.
    const pid = pseudonymise(KEY, victim.company_id, victim.employee_id);
    const holding = async (text: string) => {
      const store = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'honne' });
      const keys: string[] = [];
      for (const o of await store.list()) if ((await store.get(o.key))!.toString('utf8').includes(text)) keys.push(o.key);
      return keys;
    };
    expect((await holding(pid)).length).toBeGreaterThan(0);
    await ctx.close();
    ctx = undefined;
    // the store worker owns the store file until it exits
    await Promise.all([...procs].map((p) => new Promise((done) => (p.once('exit', done), p.kill('SIGTERM')))));
    const other = pseudonymise(KEY, victim.company_id, lines.find((l) => l.employee_id !== victim.employee_id && l.company_id === victim.company_id)!.employee_id);
    const othersHeld = (await holding(other)).length;
    const erased = await honne(['erase', '--employee', victim.employee_id, '--company', victim.company_id, '--json'], storeMachine);
    expect(erased.code, erased.err).toBe(0);
    expect(await holding(pid)).toEqual([]);
    expect((await holding(other)).length).toBe(othersHeld);
    expect(await sessionRows(join(root, 'store-machine', 'data'))).not.toContainEqual(expect.objectContaining({ employee_pid: pid }));
  }, 300_000);
});
