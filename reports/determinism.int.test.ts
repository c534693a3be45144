/** Same data, same report: the shipped fixtures, plus one employee with two sessions at the same
 * instant in two departments, loaded in two manifest orders through both paths (`honne run` in
 * process, and the queue: a real redis-server and a `honne worker` process), each into its own
 * DuckDB file. Every CSV must be byte-identical across the four, but for the declared run
 * metadata lines of 08_method.csv (reports/i18n.ts: RUN_METADATA), and so must the publication
 * ledger (who is behind each version, and the digest of what each contributed).
 * Two publications of one month that differ are what an attacker subtracts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing/run.js';
import { batchStatus } from '../jobs/batches.js';
import { loadQueueConfig } from '../jobs/config.js';
import { createQueueContext } from '../jobs/context.js';
import { createLogger } from '../jobs/log.js';
import { startTestRedis, type TestRedis } from '../jobs/testing/redis.js';
import { objectStoreFor } from '../app/compose.js';
import { loadConfig } from '../pipeline/config.js';
import { keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { LABELS, RUN_METADATA } from './i18n.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const companies = join(fixtures, 'companies.csv');
const root = mkdtempSync(join(tmpdir(), 'honne-determinism-'));
const KEY = 'determinism-test-key-0123456789';

// k = 3, the lowest allowed, and benchmarks from 3 companies: more cells are shown, so more
// are compared byte for byte.
const SETTINGS = { HONNE_PSEUDONYM_KEY: KEY, HONNE_K: '3', HONNE_BENCHMARK_MIN_COMPANIES: '3' };

// The tie: in September C001's 品質保証部 has 7 employees and 製造部 8. TIE talks twice at one
// instant (written in two time zones), once as 品質保証部 and once as 製造部: the later session
// id (s-tie-2) settles it, so 製造部 has 9. Physical row order would settle it by whichever
// row a load path happened to write first, and the shown cells of both would change.
const TIE = 'E-TIE';
cpSync(join(fixtures, 'transcripts'), join(root, 'transcripts'), { recursive: true });
const fixtureLines = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n');
const donor = JSON.parse(fixtureLines[0]!) as Record<string, unknown>;
const tie = [
  { ...donor, session_id: 's-tie-1', company_id: 'C001', employee_id: TIE, department: '品質保証部', started_at: '2026-09-18T10:00:00+09:00' },
  { ...donor, session_id: 's-tie-2', company_id: 'C001', employee_id: TIE, department: '製造部', started_at: '2026-09-18T01:00:00Z' },
].map((s) => JSON.stringify(s));
const ORDERS = {
  A: [...fixtureLines, ...tie],
  // reversed: s-tie-2 is written before s-tie-1, every company's and month's rows the other way round
  B: [...fixtureLines, ...tie].reverse(),
};
for (const [name, lines] of Object.entries(ORDERS)) writeFileSync(join(root, `${name}.jsonl`), lines.join('\n') + '\n');

type Path = 'run-A' | 'run-B' | 'queue-A' | 'queue-B';
const PATHS: Path[] = ['run-A', 'run-B', 'queue-A', 'queue-B'];
const dataDir = (p: Path) => join(root, p, 'data');
const outDir = (p: Path) => join(root, p, 'out');
const manifestOf = (p: Path) => join(root, `${p.slice(-1)}.jsonl`);

let redis: TestRedis | undefined;
const workers = new Set<ChildProcess>();

async function viaRun(p: Path, now: Date): Promise<void> {
  const r = await runCli(['run', '--companies', companies, '--manifest', manifestOf(p), '--format', 'csv', '--out', outDir(p)], { HONNE_DATA_DIR: dataDir(p), ...SETTINGS }, now);
  expect(r.code, r.err).toBe(0);
}

async function viaQueue(p: Path, redisUrl: string): Promise<void> {
  const env = {
    HONNE_DATA_DIR: dataDir(p),
    ...SETTINGS,
    REDIS_URL: redisUrl,
    HONNE_QUEUE_PREFIX: `det${process.pid}${p.replace('-', '')}`,
    // several load transactions, each appending in rounds: rows land in yet another order
    HONNE_LOAD_GROUP_SESSIONS: '40',
    HONNE_LOAD_CHUNK: '7',
    HONNE_LOG_LEVEL: 'warn',
  };
  const worker = spawn(process.execPath, [join(repo, 'bin', 'honne.mjs'), 'worker'], {
    cwd: repo,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  workers.add(worker);
  let log = '';
  worker.stderr?.on('data', (d: Buffer) => (log += d.toString('utf8')));
  const exited = new Promise<number | null>((r) => worker.on('exit', (code) => (workers.delete(worker), r(code))));
  const ctx = createQueueContext(loadConfig(env), loadQueueConfig(env), { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(loadConfig(env)) });
  try {
    const r = await runCli(['batch', 'submit', '--companies', companies, '--manifest', manifestOf(p), '--format', 'csv', '--out', outDir(p)], env, new Date());
    expect(r.code, r.err).toBe(0);
    const id = r.out.trim();
    const end = Date.now() + 400_000;
    let state = 'running';
    while (state === 'running' && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 500));
      state = (await batchStatus(ctx, id)).state;
    }
    expect(state, log).toBe('done');
  } finally {
    await ctx.close();
    worker.kill('SIGTERM');
  }
  expect(await exited, log).toBe(0);
}

beforeAll(async () => {
  // Two clocks for the two runs: their generation times differ, as declared run metadata may.
  await viaRun('run-A', new Date('2026-11-25T00:00:00Z'));
  await viaRun('run-B', new Date('2026-11-26T09:30:00Z'));
  redis = await startTestRedis();
  await viaQueue('queue-A', redis.url);
  await viaQueue('queue-B', redis.url);
}, 900_000);

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

function csvFiles(p: Path): string[] {
  const dir = outDir(p);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.csv'))
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

const METADATA_LABELS = new Set(RUN_METADATA.map((item) => LABELS.ja.methodItems[item]));
/** A method table's line is run metadata when its item (after company id, name and period) is
 * one of RUN_METADATA. */
const isMetadata = (file: string, line: string) =>
  file.endsWith('08_method.csv') && METADATA_LABELS.has((parse(line, { bom: true }) as string[][])[0]?.[3] ?? '');

/** A CSV's lines, split into the figures and the declared run metadata. */
function lines(p: Path, file: string): { figures: string[]; metadata: string[] } {
  const all = readFileSync(join(outDir(p), file), 'utf8').split('\r\n');
  return { figures: all.filter((l) => !isMetadata(file, l)), metadata: all.filter((l) => isMetadata(file, l)) };
}

async function inStore<T>(p: Path, fn: (s: DuckDbStore) => Promise<T>): Promise<T> {
  const s = await DuckDbStore.open(join(dataDir(p), 'honne.duckdb'), keyBinding({ pseudonymKey: KEY, demoKey: false }));
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}

describe('the same sessions in two orders, through honne run and the queue', () => {
  it('give byte-identical CSVs, but for the declared run metadata of the method table', () => {
    const files = csvFiles('run-A');
    // 10 companies × 2 months × 8 tables (and a new-topics table where one qualifies), and the
    // quarters of any month too small to report (write.ts: quarterForSmall), in every path
    // alike (compared below)
    const months = files.filter((f) => /^[^/]+\/\d{4}-\d{2}\//.test(f));
    expect(months.filter((f) => !f.endsWith('10_emerging_topics.csv'))).toHaveLength(10 * 2 * 8);
    expect(months.filter((f) => f.endsWith('10_emerging_topics.csv'))).toContain('C010/2026-10/10_emerging_topics.csv');
    for (const p of PATHS) expect(csvFiles(p), p).toEqual(files);
    for (const file of files) {
      const reference = lines('run-A', file);
      for (const p of PATHS.slice(1)) {
        const other = lines(p, file);
        expect(other.figures, `${p}/${file}`).toEqual(reference.figures);
        expect(other.metadata, `${p}/${file}`).toHaveLength(file.endsWith('08_method.csv') ? RUN_METADATA.length : 0);
      }
    }
    // The metadata is what differs: run ids (a run's UUID, a batch id) and generation times.
    const method = 'C001/2026-09/08_method.csv';
    expect(new Set(PATHS.map((p) => lines(p, method).metadata.join('\n'))).size).toBe(PATHS.length);
  });

  it('settle the tie by session id: the employee counts in 製造部, whose cells show 9 employees', async () => {
    const pid = pseudonymise(KEY, 'C001', TIE);
    for (const p of PATHS) {
      const rows = await inStore(p, (s) => s.query("SELECT department FROM employee_period WHERE employee_pid = $pid AND period = '2026-09'", { pid }));
      expect(rows, p).toEqual([{ department: '製造部' }]);
    }
    // the department bases of the shown cells (dimension, segment, … base: the 9th column of both tables)
    const shown = ['03_themes_by_segment.csv', '07_risk_by_segment.csv'].flatMap((f) =>
      lines('run-A', `C001/2026-09/${f}`).figures.slice(1, -1).map((l) => (parse(l) as string[][])[0]!),
    );
    const bases = new Map(shown.filter((r) => r[3] === '部署').map((r) => [r[4], r[8]]));
    expect(bases.get('製造部')).toBe('9');
  });

  it('and record the same publication ledger: the same versions, members and member digests', async () => {
    const ledger = (p: Path) =>
      inStore(p, async (s) => ({
        versions: await s.query('SELECT company_id, period, version FROM publications ORDER BY ALL'),
        members: await s.query('SELECT company_id, period, version, employee_pid, digest, department, age_band, gender FROM publication_members ORDER BY ALL'),
      }));
    const reference = await ledger('run-A');
    expect(reference.versions).toHaveLength(10 * 2);
    expect(reference.members.length).toBeGreaterThan(150);
    for (const p of PATHS.slice(1)) expect(await ledger(p), p).toEqual(reference);
  });
});
