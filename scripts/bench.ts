/** `npm run bench`: numbers, never assertions. Generates a synthetic corpus and runs the
 * whole pipeline in-process on it, printing total time, sessions per second, peak memory,
 * DuckDB load time and the aggregation/report time for every company.
 *   node bin/run-ts.mjs scripts/bench.ts [--sessions 10000] [--companies 40] [--keep] */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSessionDeps } from '../app/compose.js';
import { loadConfig } from '../pipeline/config.js';
import { silentProgress } from '../pipeline/progress.js';
import { runPipeline } from '../pipeline/run.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { writePeriodReports } from '../reports/write.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { generateCorpus, writeCorpus } from './fixtures/corpus.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    companies: { type: 'string', default: '40' },
    keep: { type: 'boolean', default: false },
  },
});
const sessions = Number(values.sessions);
const companies = Number(values.companies);

const root = mkdtempSync(join(tmpdir(), 'honne-bench-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

try {
  let t = performance.now();
  const corpus = generateCorpus({ seed: 42, companies, sessions, periods: ['2026-09', '2026-10'], englishShare: 0.1 });
  writeCorpus(join(root, 'input'), corpus, { manifestFormat: 'jsonl' });
  const genMs = performance.now() - t;

  const config = loadConfig({ ...process.env, HONNE_DATA_DIR: join(root, 'data') }, { demo: true });
  t = performance.now();
  const session = await createSessionDeps(config);
  const setupMs = performance.now() - t;
  const store = await DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb });
  const summary = await runPipeline(
    {
      companiesFile: join(root, 'input', 'companies.csv'),
      manifestFile: join(root, 'input', 'sessions.jsonl'),
      outDir: join(root, 'out'),
      lang: 'ja',
      formats: ['csv'],
    },
    { config, store, session: async () => session, runId: 'bench', now: () => new Date(), progress: silentProgress, writeReports: (req, settings, progress) => writePeriodReports(store, req, settings, progress) },
  );
  store.close();
  clearInterval(sampler);
  const tm = summary.timings;
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const chars = corpus.transcripts.reduce((n, f) => n + f.bytes.length, 0);
  console.log(`honne bench — ${sessions} sessions, ${companies} companies, 2 periods (${mb(chars)} of transcripts)`);
  console.log(`  corpus generation           ${(genMs / 1000).toFixed(1)} s (not part of the run)`);
  console.log(`  tokenizer set-up            ${(setupMs / 1000).toFixed(1)} s`);
  console.log(`  honne run total             ${(tm.totalMs / 1000).toFixed(1)} s`);
  console.log(`    ingest                    ${(tm.ingestMs / 1000).toFixed(2)} s`);
  console.log(`    transcripts → analysis    ${(tm.processMs / 1000).toFixed(1)} s`);
  console.log(`    DuckDB load               ${(tm.loadMs / 1000).toFixed(2)} s`);
  console.log(`    aggregation + CSV reports ${(tm.reportMs / 1000).toFixed(2)} s (${summary.reports.length} company reports)`);
  console.log(`  sessions per second         ${(summary.processed / (tm.totalMs / 1000)).toFixed(1)} (analysis alone ${(summary.processed / (tm.processMs / 1000)).toFixed(1)})`);
  console.log(`  peak memory (RSS)           ${mb(maxRss)}`);
  console.log(`  processed ${summary.processed}, failed ${summary.failed.length}, rejected ${summary.rejected}`);
} finally {
  clearInterval(sampler);
  if (values.keep) console.log(`  kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
