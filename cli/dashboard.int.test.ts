/** `honne dashboard` spawned as operators run it, over a real Redis and a batch with one
 * session that fails for good: its counts are `batch status`'s (the failed session once, not
 * again with the later stages BullMQ fails with it), it refuses actions unless started with
 * --allow-actions, its page names no other host, and it answers only requests addressed to the
 * loopback (a web page that rebinds its own name to 127.0.0.1 gets nothing). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testRedisForFile } from '../jobs/testing/redis.js';
import { runHonne, startHonne, waitForStdout } from './testing/spawn.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-dashboard-'));
const base = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'dashboard-test-key-0123456789abcdef', HONNE_INPUT_ROOT: fixtures, HONNE_QUEUE_PREFIX: 'dash' };
const redis = testRedisForFile(root);

interface ApiQueue {
  name: string;
  counts: Record<string, number>;
  readOnlyMode: boolean;
}
interface Status {
  state: string;
  stages: Record<string, { total: number; waiting: number; active: number; done: number; failed: number }>;
  failures: { id: string; stage: string }[];
}

async function withDashboard<T>(args: string[], env: Record<string, string>, fn: (url: string) => Promise<T>): Promise<T> {
  const d = startHonne(['dashboard', '--port', '0', ...args], { cwd: root, env });
  try {
    const [, url] = await waitForStdout(d, /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/);
    return await fn(url!);
  } finally {
    d.child.kill('SIGTERM');
    await d.done;
  }
}

describe('honne dashboard', () => {
  it('counts a failed session once, as batch status does; read-only unless --allow-actions; no request leaves the machine', async () => {
    const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, 6)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const bad = String(rows[2]!['session_id']);
    const manifest = join(root, 'manifest.jsonl');
    writeFileSync(manifest, rows.map((r) => JSON.stringify({ ...r, transcript_uri: join(fixtures, String(r['transcript_uri'])) })).join('\n') + '\n');
    const env = { ...base, REDIS_URL: redis().url, HONNE_TEST_FAULTS: `permanent=${bad}` };
    const sub = await runHonne(['batch', 'submit', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out'), '--format', 'csv', '--json'], { cwd: root, env });
    expect(sub.code, sub.stderr).toBe(0);
    const { id } = JSON.parse(sub.stdout) as { id: string };
    const w = startHonne(['worker', '--threads', '0'], { cwd: root, env, faults: true });
    let status: Status;
    try {
      const watched = await runHonne(['batch', 'status', id, '--watch', '--interval', '200', '--json'], { cwd: root, env });
      status = JSON.parse(watched.stdout) as Status;
    } finally {
      w.child.kill('SIGTERM');
      await w.done;
    }
    expect(status.state).toBe('done_with_failures');
    // a session with a transcript file starts at redact (only recordings are transcribed)
    expect(status.failures).toEqual([expect.objectContaining({ id: bad, stage: 'redact' })]);

    await withDashboard([], env, async (url) => {
      const api = (await (await fetch(`${url}api/queues`)).json()) as { queues: ApiQueue[] };
      const counts = Object.fromEntries(api.queues.map((q) => [q.name, q.counts]));
      const busy = (c: Record<string, number>) => (c['active'] ?? 0) + (c['waiting'] ?? 0) + (c['waiting-children'] ?? 0) + (c['delayed'] ?? 0) + (c['prioritized'] ?? 0);
      for (const stage of ['transcribe', 'redact', 'analyze'] as const) {
        const s = status.stages[stage]!;
        expect({ stage, completed: counts[stage]!['completed'], failed: counts[stage]!['failed'], busy: busy(counts[stage]!) }).toEqual({ stage, completed: s.done, failed: s.failed, busy: s.waiting + s.active });
      }
      const [load, report] = [status.stages['load']!, status.stages['report']!];
      expect({ completed: counts['store']!['completed'], failed: counts['store']!['failed'], busy: busy(counts['store']!) }).toEqual({ completed: load.done + report.done, failed: load.failed + report.failed, busy: 0 });
      expect(Object.values(counts).reduce((n, c) => n + (c['failed'] ?? 0), 0)).toBe(1);
      // The failed list shows the one failure too (not its parents).
      const failedList = (await (await fetch(`${url}api/queues?activeQueue=analyze&status=failed&page=1&jobsPerPage=50`)).json()) as { queues: { name: string; jobs: unknown[] }[] };
      expect(failedList.queues.find((q) => q.name === 'analyze')!.jobs).toEqual([]);

      // Read-only: the API refuses a retry, and the failure stays.
      expect(api.queues.every((q) => q.readOnlyMode)).toBe(true);
      const retry = await fetch(`${url}api/queues/redact/retry/failed`, { method: 'PUT' });
      expect(retry.status).toBe(405);
      const again = (await (await fetch(`${url}api/queues`)).json()) as { queues: ApiQueue[] };
      expect(again.queues.find((q) => q.name === 'redact')!.counts['failed']).toBe(1);

      // The page: every URL in it is this server's (or relative).
      const html = await (await fetch(url)).text();
      expect(html).toContain('<div id="root">');
      const hosts = [...html.matchAll(/(?:https?:)?\/\/([a-z0-9.-]+(?::\d+)?)/gi)].map((m) => m[1]);
      expect(hosts.filter((h) => h !== new URL(url).host)).toEqual([]);
    });

    await withDashboard(['--allow-actions'], env, async (url) => {
      const api = (await (await fetch(`${url}api/queues`)).json()) as { queues: ApiQueue[] };
      expect(api.queues.some((q) => q.readOnlyMode)).toBe(false);
      expect((await fetch(`${url}api/queues/redact/retry/failed`, { method: 'PUT' })).status).toBe(200);
      const after = (await (await fetch(`${url}api/queues`)).json()) as { queues: ApiQueue[] };
      expect(after.queues.find((q) => q.name === 'redact')!.counts['failed']).toBe(0);
    });
  });

  it('answers no web page that reaches it under a name of its own (DNS rebinding): not the API, not an action', async () => {
    const env = { ...base, REDIS_URL: redis().url, HONNE_QUEUE_PREFIX: 'dash-rebind' };
    await withDashboard(['--allow-actions'], env, async (url) => {
      const port = Number(new URL(url).port);
      // what the operator's browser sends once a site's name resolves to 127.0.0.1
      for (const name of [`rebind.attacker.example:${port}`, `127.0.0.1.nip.example:${port}`, 'rebind.attacker.example', `localhost.attacker.example:${port}`, `[::1].attacker.example:${port}`]) {
        for (const [method, path] of [['GET', '/api/queues'], ['GET', '/'], ['PUT', '/api/queues/redact/clean/completed']] as const) {
          const r = await request(port, method, path, name);
          expect(r.status, `${method} ${path} as ${name}`).toBe(403);
          expect(r.body).not.toContain('queues');
        }
      }
      // the dashboard itself, as the operator opens it
      // …and through an SSH tunnel from another local port (ssh -L 8080:127.0.0.1:PORT)
      for (const name of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost:8080', '[::1]:8080']) expect((await request(port, 'GET', '/api/queues', name)).status, name).toBe(200);
    });
  });
});

/** One HTTP request to the dashboard on 127.0.0.1 with the Host header a browser would send. */
function request(port: number, method: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
