/** Queue mode from a script's and an operator's side, spawned as users run it: `batch submit`
 * exits 0 once queued (rejects listed), `--json` on status and list; a worker that cannot reach
 * Redis exits with a clear error instead of retrying forever, and a stop never hangs. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestRedis, testRedisForFile } from '../jobs/testing/redis.js';
import { runHonne, startHonne, waitForStderr } from './testing/spawn.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-worker-'));
const base = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'worker-test-key-0123456789abcdef', HONNE_INPUT_ROOT: fixtures, HONNE_LOG_LEVEL: 'info' };
const cwd = root;
const redis = testRedisForFile(root);

const connectionErrors = (stderr: string) => stderr.split('\n').filter((l) => l.includes('"redis connection error"')).length;

describe('batch commands for scripts', () => {
  it('submit exits 0 once the batch is queued, with its rejected rows; status and list answer in JSON', async () => {
    const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, 6)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .map((r) => JSON.stringify({ ...r, transcript_uri: join(fixtures, String(r['transcript_uri'])) }));
    const manifest = join(root, 'manifest.jsonl');
    writeFileSync(manifest, [...rows, '{"session_id": "broken",'].join('\n') + '\n');
    const env = { ...base, REDIS_URL: redis().url, HONNE_QUEUE_PREFIX: 'scripts' };
    const sub = await runHonne(['batch', 'submit', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out'), '--json'], { cwd, env });
    expect(sub.code, sub.stderr).toBe(0);
    const batch = JSON.parse(sub.stdout) as { id: string; rejected: number; rejects: { line: number }[]; meta: { sessions: number } };
    expect(batch).toMatchObject({ rejected: 1, rejects: [expect.objectContaining({ line: 7 })], meta: expect.objectContaining({ sessions: 6 }) });

    const status = await runHonne(['batch', 'status', batch.id, '--json'], { cwd, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'running', meta: expect.objectContaining({ id: batch.id, rejects: 1 }) });
    const list = await runHonne(['batch', 'list', '--json'], { cwd, env });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: batch.id, state: 'running', sessions: 6 })]);

    // a worker runs it; `status --watch` follows every stage, then prints the final status
    const w = startHonne(['worker', '--threads', '0'], { cwd, env });
    try {
      const watched = await runHonne(['batch', 'status', batch.id, '--watch', '--interval', '200', '--json'], { cwd, env });
      expect(watched.code).toBe(1); // the rejected row
      expect(JSON.parse(watched.stdout)).toMatchObject({ state: 'done', sessionsFinished: 6, failures: [] });
      // transcript files: nothing to transcribe (only recordings have transcribe jobs)
      expect(watched.stderr).toMatch(/^progress \d\/6 .*; transcribe 0\/0, redact \d\/6, analyze \d\/6, load \d\/\d, report \d\/1$/m);
      expect(watched.stderr).toMatch(/^progress 6\/6 .*analyze 6\/6, load 1\/1, report 1\/1$/m);
    } finally {
      w.child.kill('SIGTERM');
      expect((await w.done).code).toBe(0);
    }
  });
});

describe('honne worker and its Redis', () => {
  it('refuses stage threads (--threads other than 0), saying to run one worker per core, before reaching for Redis', async () => {
    const r = await runHonne(['worker', '--threads', '2'], { cwd, env: { ...base, REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--threads 2: stage threads were removed');
    expect(r.stderr).toContain('start one `honne worker` per core instead (--threads 0 is still accepted)');
    expect(connectionErrors(r.stderr)).toBe(0);
  });

  it('exits 2 with a clear error when Redis cannot be reached at start, logging the trouble once', async () => {
    const r = await runHonne(['worker', '--threads', '0'], { cwd, env: { ...base, REDIS_URL: 'redis://127.0.0.1:1', HONNE_REDIS_UNREACHABLE_MS: '1500' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('configuration error: cannot reach Redis at REDIS_URL=redis://127.0.0.1:1');
    expect(r.stderr).toContain('HONNE_REDIS_UNREACHABLE_MS');
    expect(connectionErrors(r.stderr)).toBe(1);
  });

  it('stops at the first SIGTERM while still waiting for Redis', async () => {
    const h = startHonne(['worker', '--threads', '0'], { cwd, env: { ...base, REDIS_URL: 'redis://127.0.0.1:1', HONNE_REDIS_UNREACHABLE_MS: '600000' } });
    await waitForStderr(h, /redis connection error/);
    h.child.kill('SIGTERM');
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
  });

  it('exits 1 once Redis has been gone longer than HONNE_REDIS_UNREACHABLE_MS', async () => {
    const own = await startTestRedis();
    const h = startHonne(['worker', '--queues', 'store', '--threads', '0'], { cwd, env: { ...base, REDIS_URL: own.url, HONNE_QUEUE_PREFIX: 'lost', HONNE_REDIS_UNREACHABLE_MS: '2000', HONNE_STOP_TIMEOUT_MS: '5000' } });
    await waitForStderr(h, /worker started/);
    await own.stop();
    const r = await h.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:\d+\/? has been unreachable for 2 s/);
    expect(r.stderr).toContain('redis unreachable for too long');
  });

  it('a SIGTERM after Redis went away ends the worker with exit 0, leaving its jobs to the queue; each kind of connection error is logged once', async () => {
    const own = await startTestRedis();
    const h = startHonne(['worker', '--queues', 'store', '--threads', '0'], { cwd, env: { ...base, REDIS_URL: own.url, HONNE_QUEUE_PREFIX: 'term', HONNE_REDIS_UNREACHABLE_MS: '600000', HONNE_STOP_TIMEOUT_MS: '3000' } });
    await waitForStderr(h, /worker started/);
    await own.stop();
    await waitForStderr(h, /redis connection error/);
    await new Promise((r) => setTimeout(r, 2_000)); // a few reconnect attempts
    h.child.kill('SIGTERM');
    const r = await h.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stderr).toContain('stopping: Redis cannot be reached, so the jobs in hand are left to the queue');
    expect(r.stderr).toContain('"worker stopped"');
    expect(connectionErrors(r.stderr)).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('"worker error"')).length).toBeLessThanOrEqual(1);
  });

  it('logs readable lines with HONNE_LOG_FORMAT=pretty', async () => {
    const h = startHonne(['worker', '--queues', 'store', '--threads', '0'], { cwd, env: { ...base, REDIS_URL: redis().url, HONNE_QUEUE_PREFIX: 'pretty', HONNE_LOG_FORMAT: 'pretty' } });
    await waitForStderr(h, /worker started/);
    h.child.kill('SIGTERM');
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: worker started$/m);
    expect(r.stderr).toMatch(/^\s+queues: \[/m);
    expect(r.stderr).toMatch(/INFO: worker stopped$/m);
    expect(r.stderr).not.toMatch(/^\{"level"/m);
  });
});
