/** Attack: another account on the machine (a shared worker host, a backup agent) reads what
 * honne leaves behind. The store, the folder object store (it caches raw transcriptions), the
 * model cache and the operator files (raw manifest lines, raw ids) used to be created readable
 * by every user (0644 / 0755 under the usual umask 022). Over the real CLI. */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-modes-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'file-modes-test-key-0123' };

/** Every file and folder under `dir`, with its permission bits. */
function modes(dir: string): Array<[string, number]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
    const path = join(e.parentPath, e.name);
    return [path, statSync(path).mode & 0o777];
  });
}

beforeAll(async () => {
  process.umask(0o022); // the usual default, whatever the test runner was given
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nw,W株式会社,it,100\n');
  writeFileSync(join(input, 't', 'a.txt'), 'CC: 最近いかがですか。\n相談者: 異動の希望を出そうか迷っています。\n');
  const row = (id: string, over: object = {}) => JSON.stringify({
    session_id: `m-${id}`, company_id: 'w', employee_id: id, consultant_id: 'c1', started_at: '2026-10-01T10:00:00+09:00',
    transcript_uri: 't/a.txt', consultant_speaker: 'CC', ...over,
  });
  writeFileSync(join(input, 'sessions.jsonl'), [row('E1'), row('E2', { started_at: 'yesterday' })].join('\n') + '\n');
  await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out')], env);
}, 120_000);

describe('attack: another user of the machine reads honne\'s files', () => {
  it('finds the data folder and everything in it closed to them', () => {
    expect(statSync(env.HONNE_DATA_DIR).mode & 0o077).toBe(0);
    for (const [path, mode] of modes(env.HONNE_DATA_DIR)) expect(mode & 0o077, path).toBe(0);
  });

  it('cannot read the rejected rows (raw manifest lines with raw ids)', () => {
    expect(statSync(join(root, 'out', 'rejects.jsonl')).mode & 0o077).toBe(0);
  });
});
