/** Renders PDF reports to PNG pages (pdftoppm, from Debian's poppler-utils) so a person can
 * look at them.
 *   node bin/run-ts.mjs scripts/render-pdf-pages.ts [--out DIR] [--dpi 80] FILE.pdf…
 *   node bin/run-ts.mjs scripts/render-pdf-pages.ts --demo [--out DIR] [--lang ja|en|both]
 * With --demo it first renders the reports of a demo store (fake results, see
 * scripts/fixtures/demo-store.ts): a full company, one under k and one without sessions. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchmarks } from '../pipeline/aggregate/benchmark.js';
import { buildReportModel } from '../pipeline/aggregate/model.js';
import { aggregatePeriod } from '../pipeline/aggregate/queries.js';
import { LANGS, type Lang } from '../reports/i18n.js';
import { DEMO_PERIOD, DEMO_PREVIOUS, openDemoStore } from './fixtures/demo-store.js';
import { renderPdfReport } from '../reports/pdf/render.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'out/pdf-pages' },
    dpi: { type: 'string', default: '80' },
    demo: { type: 'boolean', default: false },
    lang: { type: 'string', default: 'both' },
    companies: { type: 'string', default: '8' },
  },
});
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });

async function demoPdfs(): Promise<string[]> {
  const langs: Lang[] = values.lang === 'both' ? [...LANGS] : [values.lang as Lang];
  const tmp = mkdtempSync(join(tmpdir(), 'honne-pdf-demo-'));
  const { store, companies } = await openDemoStore(join(tmp, 'honne.duckdb'), Number(values.companies));
  try {
    const agg = await aggregatePeriod(store, DEMO_PERIOD, DEMO_PREVIOUS, 5);
    const files: string[] = [];
    // Every company's own figures first: the bands are made of the others' (as writeReports does).
    const own = companies.map((c) => buildReportModel(agg, c.company_id, { benchmarkMinCompanies: 5, generatedAt: new Date().toISOString() }));
    for (const model of own.slice(0, 3).map((m) => withBenchmarks(m, own, 5))) {
      const id = model.company.id;
      for (const lang of langs) {
        const file = join(outDir, `report_${id}_${DEMO_PERIOD}_${lang}.pdf`);
        writeFileSync(file, await renderPdfReport(model, lang));
        files.push(file);
      }
    }
    return files;
  } finally {
    store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const pdfs = values.demo ? await demoPdfs() : positionals.map((p) => resolve(p));
if (pdfs.length === 0) {
  console.error('usage: render-pdf-pages.ts [--out DIR] [--dpi N] FILE.pdf… | --demo [--lang ja|en|both]');
  process.exit(2);
}
for (const pdf of pdfs) {
  const prefix = join(outDir, basename(pdf, '.pdf'));
  const r = spawnSync('pdftoppm', ['-png', '-r', values.dpi, pdf, prefix], { encoding: 'utf8' });
  if (r.error) {
    console.error(`pdftoppm could not run (${r.error.message}): apt-get install -y poppler-utils`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`pdftoppm failed on ${pdf}: ${r.stderr}`);
    process.exit(1);
  }
  const pages = readdirSync(outDir).filter((f) => f.startsWith(basename(prefix) + '-') && f.endsWith('.png')).sort();
  console.log(`${pdf}\n  ${pages.map((p) => join(outDir, p)).join('\n  ')}`);
}
