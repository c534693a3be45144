/** The pseudonym key binds the store, tried as a new operator and as an attacker would, over
 * the real CLI and a real DuckDB file: another key, a typo in an employee id, the public demo
 * key against real data (and the other way round), weak keys, a secret printed back. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-key-'));
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const KEY_A = 'key-A-0123456789abcdef';
const KEY_B = 'key-B-fedcba9876543210';

const honne = runCli;

/** The first rows of the fixture manifest (with their transcripts) in a folder of their own. */
let manifest: string;
let employee: string;
beforeAll(() => {
  const dir = join(root, 'in');
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, 8).map((l) => JSON.parse(l) as Record<string, string>);
  for (const r of rows) copyFileSync(join(fixtures, r['transcript_uri']!), join(dir, r['transcript_uri']!));
  manifest = join(dir, 'sessions.jsonl');
  writeFileSync(manifest, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  employee = rows[0]!['employee_id']!;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data = (name: string) => ({ HONNE_DATA_DIR: join(root, name) });
const run = (env: Record<string, string>, ...extra: string[]) =>
  honne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--out', join(root, 'out'), '--format', 'csv', ...extra], env);

async function sessionCount(dir: string, binding = keyBinding({ pseudonymKey: KEY_A, demoKey: false })): Promise<number> {
  const store = await DuckDbStore.open(join(root, dir, 'honne.duckdb'), binding);
  try {
    return (await store.query<{ n: number }>('SELECT count(*) AS n FROM sessions'))[0]!.n;
  } finally {
    store.close();
  }
}

describe('a store built with key A', () => {
  beforeAll(async () => {
    const r = await run({ ...data('a'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('refuses erase with key B (exit 2), erasing nothing', async () => {
    const r = await honne(['erase', '--employee', employee], { ...data('a'), HONNE_PSEUDONYM_KEY: KEY_B });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/was built with another HONNE_PSEUDONYM_KEY/);
    expect(r.err).not.toContain(KEY_A);
    expect(r.err).not.toContain(KEY_B);
    expect(await sessionCount('a')).toBe(8);
  });

  it('refuses a run with key B after an erasure with key A: the erased employee is not loaded again', async () => {
    const erased = await honne(['erase', '--employee', employee], { ...data('a'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(erased.code, erased.err).toBe(0);
    expect(await sessionCount('a')).toBe(7);
    const r = await run({ ...data('a'), HONNE_PSEUDONYM_KEY: KEY_B });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/another HONNE_PSEUDONYM_KEY/);
    expect(await sessionCount('a')).toBe(7);
    const again = await run({ ...data('a'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(again.out).toMatch(/0 processed, 7 unchanged \(skipped\), 1 of erased employees/);
  });

  it('says so, and exits 1, when erase finds nothing (a typo in the id)', async () => {
    const r = await honne(['erase', '--employee', `${employee}x`], { ...data('a'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing of this employee was found/);
  });

  it('keeps an audit trail of the key, the runs, the reports and the erasure, naming no employee', async () => {
    const r = await honne(['audit', '--json'], { ...data('a'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(r.code, r.err).toBe(0);
    const log = JSON.parse(r.out) as { action: string; run_id: string | null; detail: Record<string, unknown> }[];
    expect(log[0]).toMatchObject({ action: 'key_bound', detail: { demo: false } });
    const runs = log.filter((e) => e.action === 'run');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]!.detail).toMatchObject({ processed: 8, inputs: { manifest: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(log.filter((e) => e.action === 'report').every((e) => e.run_id !== null)).toBe(true);
    expect(log.find((e) => e.action === 'erase')!.detail).toMatchObject({ sessions: 1 });
    // The two commands refused above for key B are on record, without the key.
    expect(log.filter((e) => e.action === 'key_refused').map((e) => e.detail['reason'])).toEqual(['other_key', 'other_key']);
    expect(r.out).not.toContain(KEY_B);
    const pid = pseudonymise(KEY_A, 'C001', employee);
    for (const s of [employee, pid, pid.slice(0, 16)]) expect(r.out).not.toContain(s);
  });

  it('refuses the public demo key against it', async () => {
    const r = await run({ ...data('a') }, '--demo');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds data pseudonymised with a real key/);
  });
});

describe('a demo store', () => {
  beforeAll(async () => {
    const r = await run({ ...data('demo') }, '--demo');
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('refuses a real key', async () => {
    const r = await run({ ...data('demo'), HONNE_PSEUDONYM_KEY: KEY_A });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/was built with the public demo key/);
  });

  it('can be reported on and erased from with --demo', async () => {
    const report = await honne(['report', '--demo', '--company', 'C001', '--period', '2026-09', '--format', 'csv', '--out', join(root, 'demo-out')], data('demo'));
    expect(report.code, report.err).toBe(0);
    const r = await honne(['erase', '--demo', '--employee', employee], data('demo'));
    expect(r.code, r.err).toBe(0);
    expect(await sessionCount('demo', keyBinding({ pseudonymKey: 'honne-DEMO-ONLY-development-key-do-not-use-in-production', demoKey: true }))).toBe(7);
  });
});

describe('weak keys', () => {
  for (const key of ['hunter2', 'aaaaaaaaaaaaaaaa', 'abababababababababab']) {
    it(`refuses "${key}" without printing it back`, async () => {
      const r = await run({ ...data('weak'), HONNE_PSEUDONYM_KEY: key });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/HONNE_PSEUDONYM_KEY/);
      expect(r.err + r.out).not.toContain(key);
    });
  }
});
