/** An edited lexicon re-analyses exactly the sessions it affects, although its version string
 * stayed the same: the compiled CLI is copied to a temporary folder, one language's lexicon file
 * is edited there, and the next `honne run` re-analyses that language's sessions and skips the
 * others (it once said "220 unchanged"). */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { CURRENT_LEXICON } from '../prompts/lexicon/versions.js';

const repo = join(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-prompt-hash-'));
const pkg = join(root, 'pkg');
const KEY = 'prompt-hash-test-key-0123456789';
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A copy of the built CLI whose files this test may edit (never the repository's).
mkdirSync(join(pkg, 'bin'), { recursive: true });
cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
cpSync(join(repo, 'bin', 'honne.mjs'), join(pkg, 'bin', 'honne.mjs'));
symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));

// 8 Japanese and 4 English sessions of the fixtures, their transcripts named absolutely.
const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const pick = [...rows.filter((r) => r['language'] === 'ja').slice(0, 8), ...rows.filter((r) => r['language'] === 'en').slice(0, 4)];
const manifest = join(root, 'sessions.jsonl');
writeFileSync(manifest, pick.map((r) => JSON.stringify({ ...r, transcript_uri: join(fixtures, String(r['transcript_uri'])) })).join('\n') + '\n');

async function honneRun(): Promise<string> {
  const args = [join(pkg, 'bin', 'honne.mjs'), 'run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out'), '--format', 'csv'];
  const env = { ...process.env, HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: KEY, HONNE_INPUT_ROOT: fixtures };
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, env });
  return stdout;
}

async function stored(): Promise<Array<{ language: string; version: string; prompt_hash: string }>> {
  const store = await DuckDbStore.open(join(root, 'data', 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
  try {
    return await store.query('SELECT language, version, prompt_hash FROM sessions ORDER BY session_id');
  } finally {
    store.close();
  }
}

describe('an edited lexicon file under the same version', () => {
  it('re-analyses the sessions of its language and only those', async () => {
    expect(await honneRun()).toMatch(/sessions: 12 processed, 0 unchanged/);
    expect(await honneRun()).toMatch(/sessions: 0 processed, 12 unchanged/);
    const before = await stored();

    const file = join(pkg, 'dist', 'prompts', 'lexicon', CURRENT_LEXICON, 'en.json');
    const lexicon = JSON.parse(readFileSync(file, 'utf8')) as { version: string; stopwords: string[] };
    lexicon.stopwords.push('honne-test-word');
    writeFileSync(file, JSON.stringify(lexicon, null, 2));

    expect(await honneRun()).toMatch(/sessions: 4 processed, 8 unchanged/);
    const after = await stored();
    for (const [i, row] of after.entries()) {
      expect(row.version).toBe(`lexicon-${CURRENT_LEXICON}`);
      expect(row.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
      if (row.language === 'en') expect(row.prompt_hash).not.toBe(before[i]!.prompt_hash);
      else expect(row.prompt_hash).toBe(before[i]!.prompt_hash);
    }
    expect(await honneRun()).toMatch(/sessions: 0 processed, 12 unchanged/);
  }, 300_000);
});
