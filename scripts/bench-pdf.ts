/** `npm run bench:pdf`: numbers, never assertions. Loads fake results for N companies into a
 * temporary DuckDB store, computes the period's aggregates once, then renders every company's
 * PDF report and prints the render time per report (after aggregation), file sizes, the total
 * for all reports and peak memory.
 *   node bin/run-ts.mjs scripts/bench-pdf.ts [--companies 100] [--lang ja|en] [--seed 42] [--keep] */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchmarks } from '../pipeline/aggregate/benchmark.js';
import { buildReportModel } from '../pipeline/aggregate/model.js';
import { aggregatePeriod } from '../pipeline/aggregate/queries.js';
import type { Lang } from '../reports/i18n.js';
import { DEMO_PERIOD, DEMO_PREVIOUS, openDemoStore } from './fixtures/demo-store.js';
import { renderPdfReport } from '../reports/pdf/render.js';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100' },
    lang: { type: 'string', default: 'ja' },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.companies);
const lang = values.lang as Lang;

const root = mkdtempSync(join(tmpdir(), 'honne-bench-pdf-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? 0;
};
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

try {
  let t = performance.now();
  const { store, companies } = await openDemoStore(join(root, 'honne.duckdb'), count, Number(values.seed));
  const loadMs = performance.now() - t;
  const sessions = (await store.query<{ n: bigint | number }>('SELECT count(*) AS n FROM sessions'))[0]?.n ?? 0;

  const start = performance.now();
  t = start;
  const agg = await aggregatePeriod(store, DEMO_PERIOD, DEMO_PREVIOUS, 5);
  const aggMs = performance.now() - t;
  store.close();

  const renders: { id: string; status: string; ms: number; bytes: number }[] = [];
  // Every company's own figures first: the bands are made of the others' (as writeReports does).
  const own = companies.map((c) => buildReportModel(agg, c.company_id, { benchmarkMinCompanies: 5, generatedAt: new Date().toISOString() }));
  for (const [i, c] of companies.entries()) {
    t = performance.now();
    const model = withBenchmarks(own[i]!, own, 5);
    const pdf = await renderPdfReport(model, lang);
    const took = performance.now() - t;
    writeFileSync(join(root, `report_${c.company_id}_${DEMO_PERIOD}_${lang}.pdf`), pdf);
    renders.push({ id: c.company_id, status: model.status, ms: took, bytes: pdf.length });
    sample();
  }
  const totalMs = performance.now() - start;
  clearInterval(sampler);
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const ok = renders.filter((r) => r.status === 'ok');
  const warm = ok.slice(1);
  const times = warm.map((r) => r.ms);
  const sizes = ok.map((r) => r.bytes);
  console.log(`honne PDF bench — ${companies.length} companies, ${sessions} sessions (2 periods), lang ${lang}`);
  console.log(`  store load (fake results)        ${ms(loadMs)} (not part of reporting)`);
  console.log(`  aggregation (all companies)      ${ms(aggMs)}`);
  console.log(`  first report (loads the font)    ${ms(ok[0]?.ms ?? 0)}`);
  console.log(`  render per report, model + PDF   median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(0, ...times))} (${warm.length} full reports)`);
  for (const status of ['no_sessions', 'below_k'] as const) {
    const r = renders.find((x) => x.status === status);
    if (r) console.log(`  ${status.padEnd(32)} ${ms(r.ms)}, ${kb(r.bytes)}`);
  }
  console.log(`  file size (full reports)         median ${kb(quantile(sizes, 0.5))}, max ${kb(Math.max(0, ...sizes))}`);
  console.log(`  ${companies.length} reports, aggregation + render  ${(totalMs / 1000).toFixed(1)} s`);
  console.log(`  peak memory (RSS)                ${mb(maxRss)}`);
} finally {
  clearInterval(sampler);
  if (values.keep) console.log(`  kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
