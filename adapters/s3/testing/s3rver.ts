/** A private s3rver for integration tests: its own process (Node's OpenSSL 3 needs
 * `--openssl-legacy-provider` for s3rver's DES-encrypted continuation tokens, which a vitest
 * worker should not need), on a free loopback port, in a temporary folder, with one bucket.
 * Fails loudly when it cannot start: never a silent skip. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../../jobs/testing/redis.js';
import type { S3Config } from '../../../pipeline/config.js';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The client settings for this server. */
  config: S3Config;
  /** The variables a `honne` process needs to reach it (credentials included). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

/** Sets the SDK's credentials for this process (the SDK reads them from the environment). */
export function useS3rverCredentials(): void {
  Object.assign(process.env, S3RVER_CREDENTIALS);
}

export async function startTestS3(bucket = 'honne-test'): Promise<TestS3> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'honne-s3rver-'));
  const bin = join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js');
  const proc: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '-s', '--configure-bucket', bucket], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`s3rver exited with code ${proc.exitCode} before answering: ${stderr}`);
    const ok = await fetch(`${endpoint}/${bucket}?list-type=2&max-keys=1`).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (Date.now() > until) throw new Error(`s3rver on port ${port} did not answer within 15 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  useS3rverCredentials();
  return {
    endpoint,
    bucket,
    config: { endpoint, forcePathStyle: true },
    env: { ...S3RVER_CREDENTIALS, HONNE_S3_ENDPOINT: endpoint, HONNE_S3_FORCE_PATH_STYLE: 'true' },
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
