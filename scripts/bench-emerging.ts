/** `npm run bench:emerging`: numbers, never assertions. Generates a corpus (10,000 sessions, 40
 * companies, two months) with the fixtures' planted topic (generative AI taking over tasks) in
 * eight companies, runs `honne run` on it, then times `honne themes emerging` — the store's
 * keyword sets and the clustering, platform-wide and for one company, in process and as the CLI
 * — and measures the clusters' precision: does the top cluster name the planted topic, and how
 * many other clusters pass the support rule.
 *   node bin/run-ts.mjs scripts/bench-emerging.ts [--sessions 10000] [--companies 40] [--planted 8] [--keep]
 *   (--planted 0: a corpus without the topic, where every cluster found is spurious)
 *   node bin/run-ts.mjs scripts/bench-emerging.ts --reuse DIR   (a folder --keep left: no new run) */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSessionDeps } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { candidateWord, coveredByLexicon, findEmerging, type EmergingCluster } from '../pipeline/aggregate/emerging.js';
import { bundledLexicons } from '../pipeline/analyze/lexicon.js';
import { loadConfig } from '../pipeline/config.js';
import { silentProgress } from '../pipeline/progress.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { runPipeline } from '../pipeline/run.js';
import { writePeriodReports } from '../reports/write.js';
import { generateCorpus, writeCorpus } from './fixtures/corpus.js';
import { AI_TOPIC } from './fixtures/generate.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    companies: { type: 'string', default: '40' },
    planted: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const companies = Number(values.companies);
/** The planted topic's own words (what the analysis keeps of its lines). */
const TOPIC_WORDS = new Set(['人工知能', '自動化', '機械', '代替', '定型業務', '業務効率化', '導入']);
const namesTopic = (c: EmergingCluster) => c.name.filter((w) => TOPIC_WORDS.has(w)).length >= 2;

const root = values.reuse ?? mkdtempSync(join(tmpdir(), 'honne-bench-emerging-'));
const repo = join(import.meta.dirname, '..');
try {
  const plantedIn = Array.from({ length: Math.min(Number(values.planted), companies) }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
  const env = { ...process.env, HONNE_DATA_DIR: join(root, 'data') };
  const config = loadConfig(env, { demo: true });
  if (!values.reuse) {
    const corpus = generateCorpus({
      seed: 42, companies, sessions, periods: ['2026-09', '2026-10'], englishShare: 0.1,
      ...(plantedIn.length > 0 ? { planted: { ...AI_TOPIC, share: Object.fromEntries(plantedIn.map((c) => [c, { '2026-09': 0.05, '2026-10': 0.3 }])) } } : {}),
    });
    writeCorpus(join(root, 'input'), corpus, { manifestFormat: 'jsonl' });
    const runStore = await DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb });
    const run = await runPipeline(
      { companiesFile: join(root, 'input', 'companies.csv'), manifestFile: join(root, 'input', 'sessions.jsonl'), outDir: join(root, 'out'), lang: 'ja', formats: ['csv'] },
      { config, store: runStore, session: () => createSessionDeps(config), runId: 'bench', now: () => new Date(), progress: silentProgress, writeReports: (req, settings, progress) => writePeriodReports(runStore, req, settings, progress) },
    );
    runStore.close();
    console.log(`honne themes emerging bench — ${run.processed} sessions, ${companies} companies, 2 months; planted in ${plantedIn.length} companies (${corpus.labels.filter((l) => l.planted).length} sessions)`);
    console.log(`  honne run, reports included (not part of the figure)   ${(run.timings.totalMs / 1000).toFixed(1)} s`);
  }
  const store = await DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb });
  const companyIds = (await store.companyIds()).sort();

  const covered = coveredByLexicon(bundledLexicons());
  const opts = { k: config.k, window: ['2026-10'], previous: ['2026-09'], covered, restMinCompanies: config.benchmarkMinCompanies };
  // what a report reads: candidate words only (reports/write.ts)
  const keep = candidateWord(covered);
  const time = async (rounds: number, fn: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  let platform: EmergingCluster[] = [];
  const setsMs = await time(3, () => store.keywordSets(['2026-09', '2026-10'], config.k, false, undefined, keep));
  const sets = await store.keywordSets(['2026-09', '2026-10'], config.k, false, undefined, keep);
  // a copy each round: the graph is cached per keyword sets (what a report run reuses)
  const findMs = await time(3, async () => (platform = findEmerging({ ...sets }, { ...opts, company: null })));
  console.log(`  keyword sets from the store          ${setsMs.map((x) => x.toFixed(0)).join(' / ')} ms (${sets.uses.employee.length} uses of ${sets.vocabulary.length} words, ${sets.employees.length} employee-months)`);
  console.log(`  clustering, platform-wide            ${findMs.map((x) => x.toFixed(0)).join(' / ')} ms`);
  const perCompany = new Map<string, EmergingCluster[]>();
  const companyMs = await time(1, async () => {
    for (const c of companyIds) perCompany.set(c, findEmerging(sets, { ...opts, company: c }));
  });
  console.log(`  clustering, each of ${companyIds.length} companies     ${companyMs[0]!.toFixed(0)} ms in all (the graph found once)`);
  store.close();
  const cli = (args: string[]) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(repo, 'bin', 'honne.mjs'), 'themes', 'emerging', '--demo', '--json', ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return performance.now() - t;
  };
  const cliMs = [cli([]), cli([]), cli([])].sort((a, b) => a - b);
  console.log(`  honne themes emerging (the CLI)      ${cliMs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`);
  console.log(`  honne themes emerging --company C001 ${(cli(['--company', 'C001']) / 1000).toFixed(2)} s`);

  console.log('precision on the planted corpus (window 2026-10)');
  console.log(`  platform-wide: ${platform.length} cluster(s); the top one names the planted topic: ${platform[0] ? namesTopic(platform[0]) : false}` +
    `${platform[0] ? ` (${platform[0].name.join(' / ')}, ${platform[0].employees} employees in ${platform[0].companies} companies)` : ''}; others passing the support rule: ${platform.filter((c) => !namesTopic(c)).length}`);
  for (const c of platform.filter((x) => !namesTopic(x))) console.log(`    other: ${c.name.join(' / ')} (${c.employees} employees, ${c.companies} companies)`);
  const planted = [...perCompany].filter(([id]) => plantedIn.includes(id));
  const others = [...perCompany].filter(([id]) => !plantedIn.includes(id));
  const found = planted.filter(([, cs]) => cs[0] !== undefined && namesTopic(cs[0])).length;
  const spurious = [...perCompany.values()].flat().filter((c) => !namesTopic(c));
  console.log(`  per company: the top cluster names the topic in ${found} of ${planted.length} companies it was planted in; ` +
    `${others.filter(([, cs]) => cs.some(namesTopic)).length} of ${others.length} other companies show it; ` +
    `${spurious.length} other cluster(s) in ${new Set([...perCompany].filter(([, cs]) => cs.some((c) => !namesTopic(c))).map(([id]) => id)).size} companies`);
  const names = new Map<string, number>();
  for (const c of spurious) names.set(c.name.join(' / '), (names.get(c.name.join(' / ')) ?? 0) + 1);
  for (const [n, count] of [...names].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    other: ${n} ×${count}`);
} finally {
  if (values.keep) console.log(`  kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
