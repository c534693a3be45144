/** `npm run bench:memory`: numbers, never assertions. Peak memory (max RSS, from
 * /usr/bin/time) of `honne run` as its own process over the shipped fixtures (410 sessions)
 * and over generated corpora, and the time and peak memory of ingesting a generated manifest
 * of 1,000,000 rows, as JSONL and as CSV (ingest alone: the rows point at one tiny transcript).
 *   node bin/run-ts.mjs scripts/bench-memory.ts [--sessions 10000,50000] [--manifest-rows 1000000] [--companies 40]
 * `--sessions ''` or `--manifest-rows 0` leaves that part out. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ingestStream } from '../pipeline/ingest/ingest.js';
import { generateCorpus, writeCorpus } from './fixtures/corpus.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000,50000' },
    'manifest-rows': { type: 'string', default: '1000000' },
    companies: { type: 'string', default: '40' },
    /** Internal: ingest this manifest (with --companies-file) and print the counts. */
    ingest: { type: 'string' },
    'companies-file': { type: 'string' },
  },
});

if (values.ingest) {
  const stream = await ingestStream({
    companiesFile: values['companies-file']!,
    manifestFile: values.ingest,
    pseudonymKey: 'bench-memory-key-0123456789',
    analysis: { lineage: { provider: 'local', model: 'rules', version: 'bench' }, promptHash: () => 'bench' },
  });
  let [sessions, rejects] = [0, 0];
  for await (const item of stream.items) {
    if (item.session) sessions += 1;
    else rejects += 1;
  }
  console.log(`sessions ${sessions} rejects ${rejects}`);
  process.exit(0);
}

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'honne-bench-memory-'));
const sizes = values.sessions.split(',').filter((s) => s.trim() !== '').map(Number);
const manifestRows = Number(values['manifest-rows']);
const companies = Number(values.companies);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** Runs a node command under /usr/bin/time: its max RSS (KB), wall time (s) and stdout. */
async function measure(args: string[], env: Record<string, string> = {}): Promise<{ maxRssKb: number; seconds: number; stdout: string }> {
  const child = spawn('/usr/bin/time', ['-f', 'HONNE_TIME %M %e', process.execPath, ...args], {
    cwd: repo,
    env: { ...process.env, HONNE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  await once(child, 'close');
  const m = /HONNE_TIME (\d+) ([\d.]+)/.exec(stderr);
  if (!m) throw new Error(`no measurement (is /usr/bin/time installed?):\n${stderr}`);
  return { maxRssKb: Number(m[1]), seconds: Number(m[2]), stdout };
}

async function honneRun(companiesFile: string, manifestFile: string, name: string) {
  return measure(
    ['bin/honne.mjs', 'run', '--companies', companiesFile, '--manifest', manifestFile, '--out', join(root, name, 'out'), '--format', 'csv', '--demo'],
    { HONNE_DATA_DIR: join(root, name, 'data') },
  );
}

/** A manifest of `rows` small rows over 40 companies, one in 10,000 with a bad date. */
async function writeManifest(dir: string, format: 'jsonl' | 'csv', rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 't.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>こんにちは\n');
  const ids = Array.from({ length: 40 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
  writeFileSync(join(dir, 'companies.csv'), ['company_id,name,industry,employee_count', ...ids.map((id, i) => `${id},会社${i},IT,1000`)].join('\n') + '\n');
  const file = join(dir, `sessions.${format}`);
  const out = createWriteStream(file);
  const cols = ['session_id', 'company_id', 'employee_id', 'department', 'age_band', 'gender', 'consultant_id', 'started_at', 'duration_sec', 'language', 'transcript_uri'];
  if (format === 'csv') out.write(cols.join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const row = {
      session_id: `s-${i}`,
      company_id: ids[i % ids.length],
      employee_id: `E${i % 90000}`,
      department: '営業部',
      age_band: '30-39',
      gender: '女性',
      consultant_id: 'CNS-1',
      started_at: i % 10000 === 7 ? 'not a date' : '2026-09-01T10:00:00+09:00',
      duration_sec: 900,
      language: 'ja',
      transcript_uri: 't.vtt',
    };
    const line = format === 'csv' ? Object.values(row).join(',') : JSON.stringify(row);
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return file;
}

try {
  console.log('honne bench:memory — peak RSS of `honne run` (its own process) and of ingest alone');
  const fixtures = await honneRun(join(repo, 'fixtures', 'companies.csv'), join(repo, 'fixtures', 'sessions.jsonl'), 'fixtures');
  console.log(`  honne run, 410 sessions (fixtures)   ${mb(fixtures.maxRssKb).padStart(7)}  ${fixtures.seconds.toFixed(0)} s`);
  for (const n of sizes) {
    const dir = join(root, `corpus-${n}`);
    await writeCorpus(dir, generateCorpus({ seed: 42, companies, sessions: n, periods: ['2026-09', '2026-10'], englishShare: 0.1 }), { manifestFormat: 'jsonl' });
    const r = await honneRun(join(dir, 'companies.csv'), join(dir, 'sessions.jsonl'), `run-${n}`);
    console.log(`  honne run, ${String(n).padStart(6)} sessions (generated) ${mb(r.maxRssKb).padStart(7)}  ${r.seconds.toFixed(0)} s`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(root, `run-${n}`), { recursive: true, force: true });
  }
  if (manifestRows > 0) {
    for (const format of ['jsonl', 'csv'] as const) {
      const dir = join(root, `manifest-${format}`);
      const file = await writeManifest(dir, format, manifestRows);
      const r = await measure(['bin/run-ts.mjs', 'scripts/bench-memory.ts', '--ingest', file, '--companies-file', join(dir, 'companies.csv')]);
      console.log(`  ingest, ${manifestRows} rows ${format.padEnd(5)}           ${mb(r.maxRssKb).padStart(7)}  ${r.seconds.toFixed(1)} s  (${r.stdout.trim()})`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
