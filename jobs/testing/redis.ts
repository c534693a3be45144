/** A private redis-server for integration tests: `--save "" --appendonly no` on a free port in
 * a temporary folder. Fails loudly when redis-server cannot be started. `restart()` stops it
 * with SHUTDOWN SAVE and starts it again on the same port and folder (a graceful Redis
 * restart: the data comes back from the dump). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export interface TestRedis {
  url: string;
  port: number;
  /** The server's process id (benchmarks read its CPU time). */
  readonly pid: number;
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env['REDIS_SERVER'] ?? 'redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, proc: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode} before answering`);
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') {
        client.disconnect();
        return;
      }
    } catch (err) {
      lastErr = err;
    }
    client.disconnect();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms: ${String(lastErr)}`);
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'honne-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb'];
  let proc: ChildProcess;
  const start = async () => {
    proc = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', (err) =>
        reject(new Error(`cannot start ${REDIS_SERVER} (needed by the queue tests; install redis-server or set REDIS_URL): ${err.message}`)),
      );
    });
    await waitForPing(port, proc);
  };
  const exited = () => new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return proc.pid ?? -1;
    },
    async restart(downMs = 1_000) {
      const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
      client.on('error', () => {});
      await client.call('SHUTDOWN', 'SAVE').catch(() => undefined);
      client.disconnect();
      await exited();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a test file that spawns honne: a private Redis started before its tests, stopped after
 * them, and the file's temporary folder `root` removed. Returns a getter (set once started). */
export function testRedisForFile(root: string): () => TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  return () => redis!;
}

/** Every key under a prefix with its whole value, as text: what an attacker reading the Redis
 * holds (tests grep it for speech that must not be there). */
export async function redisText(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  for (const key of await redis.keys(`${prefix}:*`)) {
    const type = await redis.type(key);
    const v =
      type === 'string' ? await redis.get(key)
      : type === 'hash' ? await redis.hgetall(key)
      : type === 'list' ? await redis.lrange(key, 0, -1)
      : type === 'set' ? await redis.smembers(key)
      : type === 'zset' ? await redis.zrange(key, 0, -1)
      : type === 'stream' ? await redis.xrange(key, '-', '+')
      : type;
    out.push(`${key} ${JSON.stringify(v)}`);
  }
  return out.join('\n');
}
