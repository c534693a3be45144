/** `honne eval`: scores redaction, themes and signals on a labelled gold set. Thin: builds the
 * provider(s) and runs `pipeline/eval` (cli/commands/eval.ts declares the options). */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { join, relative, resolve } from 'node:path';
import { shortHash } from '../../pipeline/analyze/content-hash.js';
import { PromptRefSchema, type PromptRef } from '../../pipeline/analyze/prompt-ref.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../../pipeline/analyze/tokenizer.js';
import { loadConfig, type Config } from '../../pipeline/config.js';
import { compareReports, type Comparison } from '../../pipeline/eval/compare.js';
import { parseGoldCases, selectSplit, type GoldCase, type GoldSplit } from '../../pipeline/eval/gold.js';
import { renderComparison, renderReport } from '../../pipeline/eval/render.js';
import { exportRows, failedGates, parseGate, renderEvidence, renderUsage, summariseRepeats, type Gate, type RepeatSummary } from '../../pipeline/eval/lab.js';
import { namedCaseIds, WITHHELD_CASE_ID } from '../../pipeline/eval/named-ids.js';
import { runEval, type EvalDeps, type EvalStop } from '../../pipeline/eval/run.js';
import type { EvalReport } from '../../pipeline/eval/score.js';
import { neutraliseFormula } from '../../reports/csv.js';
import { UsageError, type CommandContext, type Io } from '../command.js';
import { providerFor, sourceReaderFor } from '../../app/compose.js';

export interface EvalOptions {
  gold: string;
  provider?: 'local' | 'openai';
  prompt?: string;
  compare?: string;
  json?: boolean;
  split?: GoldSplit;
  /** `--no-cache`: false. */
  cache?: boolean;
  repeat?: string;
  maxCost?: string;
  export?: string;
  failUnder?: string[];
  why?: boolean;
  /** `--no-history`: false. */
  history?: boolean;
  /** `--list`: list the saved runs (the eval history) instead of running. */
  list?: boolean;
}

/** What `--json` prints: the report of the run (spec fields at the top level), what ran, and
 * with `--compare` the second run and the differences. */
export interface EvalOutput extends EvalReport {
  gold: string;
  split: GoldSplit | 'all';
  lineage: EvalLineage;
  /** When the run was made (the eval history's order). */
  at: string;
  compare?: { lineage: EvalLineage; report: EvalReport; comparison: Comparison; repeat?: RepeatSummary };
  /** `--repeat N` (N > 1): how the metrics and cases moved over the N runs of the first version. */
  repeat?: RepeatSummary;
  /** `--max-cost`: the run stopped before its last case. */
  stopped?: EvalStop;
  /** `--fail-under`: the gates this run failed (empty: all passed). */
  gates?: Array<Gate & { value: number | null }>;
}

/** What ran: provider, model, version and the content hash of each language's prompt or lexicon
 * (two runs of one version name with different hashes ran different content: `@working`). */
export interface EvalLineage {
  provider: string;
  model: string;
  version: string;
  prompt_hash: { ja: string; en: string };
}

function promptRef(value: string | undefined, flag: string): PromptRef | undefined {
  if (value === undefined) return undefined;
  const parsed = PromptRefSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag} ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${value}")`);
  return parsed.data;
}

/** Runs the evaluation; returns the structured output (the caller prints it) and, beside it, the
 * gold set's cases as parsed once (every split: the history withholds ids named after a person). */
export async function evaluate(o: EvalOptions, io: Pick<Io, 'env' | 'now'>, tokenizer?: JaTokenizer): Promise<{ out: EvalOutput; cases: GoldCase[] }> {
  const dir = resolve(o.gold);
  const casesFile = join(dir, 'cases.jsonl');
  if (!existsSync(casesFile)) throw new UsageError(`--gold: no cases.jsonl in ${dir}`);
  const prompt = promptRef(o.prompt, '--prompt');
  const compare = promptRef(o.compare, '--compare');
  // Eval never touches the store or pseudonyms: the demo flag only waives the key.
  const overrides = { ...(o.provider !== undefined ? { HONNE_PROVIDER: o.provider } : {}), ...(o.cache === false ? { HONNE_CACHE: 'off' } : {}) };
  const config: Config = loadConfig(io.env, { demo: true, overrides });
  const parsed = parseGoldCases(await readFile(casesFile, 'utf8'), casesFile);
  const entries = selectSplit(parsed, o.split);
  if (entries.length === 0) throw new UsageError(`--split ${o.split ?? ''}: the gold set has no cases in this split`);
  const tok = tokenizer ?? (await loadJapaneseTokenizer());

  const run = async (ref: PromptRef | undefined, extra: Pick<EvalDeps, 'sample' | 'maxCostUsd' | 'priorCaseUsd'>) => {
    const provider = await providerFor(config, tok, ref);
    const report = await runEval(entries, casesFile, {
      read: sourceReaderFor(config),
      provider,
      tokenizer: tok,
      clock: () => performance.now(),
      ...extra,
    });
    const lineage: EvalLineage = { ...provider.lineage, prompt_hash: { ja: provider.promptHash('ja'), en: provider.promptHash('en') } };
    return { lineage, report };
  };
  const repeat = positiveInt(o.repeat, '--repeat') ?? 1;
  const maxCost = o.maxCost === undefined ? undefined : Number(o.maxCost);
  if (maxCost !== undefined && !(maxCost >= 0)) throw new UsageError(`--max-cost must be an amount in USD, e.g. 0.50 (got "${o.maxCost}")`);
  const gates = (o.failUnder ?? []).map((g) => {
    try {
      return parseGate(g);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });

  // Every run of this command shares the --max-cost budget, in order: A (its repeats), then B.
  let spent = 0;
  let stopped: EvalStop | undefined;
  let meanCase: number | undefined;
  const runs = async (ref: PromptRef | undefined) => {
    const reports: EvalReport[] = [];
    let lineage: EvalLineage | undefined;
    for (let sample = 0; sample < repeat && stopped === undefined; sample++) {
      const r = await run(ref, { sample, ...(maxCost !== undefined ? { maxCostUsd: maxCost - spent } : {}), ...(meanCase !== undefined ? { priorCaseUsd: meanCase } : {}) });
      lineage = r.lineage;
      reports.push(r.report);
      spent += r.report.usage.cost_usd;
      const paid = r.report.cases.filter((c) => c.usage.cost_usd > 0).length;
      if (paid > 0) meanCase = r.report.usage.cost_usd / paid;
      if (r.report.stopped !== undefined) stopped = { ...r.report.stopped, cost_usd: spent, max_cost_usd: maxCost ?? 0 };
    }
    return { lineage: lineage as EvalLineage, reports };
  };
  const a = await runs(prompt);
  const first = a.reports[0] as EvalReport;
  const out: EvalOutput = { gold: relative(process.cwd(), dir) || '.', split: o.split ?? 'all', lineage: a.lineage, at: io.now().toISOString(), ...first };
  if (a.reports.length > 1) out.repeat = summariseRepeats(a.reports);
  if (compare !== undefined && stopped === undefined) {
    const b = await runs(compare);
    const second = b.reports[0] as EvalReport;
    out.compare = { lineage: b.lineage, report: second, comparison: compareReports(first, second), ...(b.reports.length > 1 ? { repeat: summariseRepeats(b.reports) } : {}) };
  }
  if (stopped !== undefined) out.stopped = stopped;
  if (gates.length > 0) out.gates = failedGates(first, gates);
  return { out, cases: parsed.map((e) => e.case) };
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`${flag} must be a whole number from 1 to 100 (got "${v}")`);
  return n;
}

const lineageLabel = (l: EvalLineage): string => `${l.provider}/${l.model}/${l.version} (ja ${shortHash(l.prompt_hash.ja)}, en ${shortHash(l.prompt_hash.en)})`;

export function renderEvalOutput(out: EvalOutput, opts: { why?: boolean } = {}): string {
  const parts = [renderReport(out, { gold: out.gold, split: out.split, provider: lineageLabel(out.lineage) })];
  if (out.compare !== undefined) {
    parts.push('', renderReport(out.compare.report, { gold: out.gold, split: out.split, provider: lineageLabel(out.compare.lineage) }));
    parts.push(renderComparison(out.compare.comparison, lineageLabel(out.lineage), lineageLabel(out.compare.lineage)));
  }
  if (out.usage.calls > 0 || (out.compare?.report.usage.calls ?? 0) > 0) parts.push(renderUsage(out, out.compare?.report));
  for (const [label, rep] of [['A', out.repeat], ['B', out.compare?.repeat]] as const) {
    if (rep === undefined) continue;
    parts.push('', `Repeats of ${label} (${rep.repeats}): metric mean [min, max] ± stdev`);
    for (const m of rep.metrics) parts.push(`  ${m.metric.padEnd(40)}${m.mean === null ? '–' : `${m.mean.toFixed(3)} [${m.min?.toFixed(3)}, ${m.max?.toFixed(3)}] ± ${m.stdev?.toFixed(3)}`}`);
    parts.push(`  cases whose labels moved: ${rep.unstable_cases.length === 0 ? 'none' : rep.unstable_cases.join(', ')}`);
  }
  if (opts.why) {
    parts.push(renderEvidence(out, `A = ${lineageLabel(out.lineage)}`));
    if (out.compare !== undefined) parts.push(renderEvidence(out.compare.report, `B = ${lineageLabel(out.compare.lineage)}`));
  }
  if (out.stopped !== undefined) parts.push('', `STOPPED by --max-cost $${out.stopped.max_cost_usd}: $${out.stopped.cost_usd.toFixed(4)} spent; the next case would have passed it (${out.stopped.cases_run} case(s) of the last run scored)`);
  for (const g of out.gates ?? []) parts.push(`FAILED --fail-under ${g.metric}=${g.min}: ${g.value === null ? 'undefined' : g.value.toFixed(4)}`);
  return parts.join('\n');
}

export async function evalCommand(o: EvalOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  if (o.list === true) return listHistory(o, ctx);
  const { out, cases } = await evaluate(o, io);
  io.out(o.json === true ? JSON.stringify(out, null, 2) : renderEvalOutput(out, { why: o.why === true }));
  if (o.export !== undefined) await exportRun(out, o.export);
  if (o.history !== false) io.err(`saved to the eval history: ${await saveHistory(out, loadConfig(io.env, { demo: true }).dataDir, namedCaseIds(cases))}`);
  if (out.errors > 0 || (out.compare?.report.errors ?? 0) > 0 || out.stopped !== undefined || (out.gates?.length ?? 0) > 0) ctx.setExitCode(1);
}

/** `--export FILE.csv|FILE.json`: one row per case and run (A, B). */
async function exportRun(out: EvalOutput, file: string): Promise<void> {
  const rows = exportRows([
    { run: 'A', version: out.lineage.version, report: out },
    ...(out.compare !== undefined ? [{ run: 'B', version: out.compare.lineage.version, report: out.compare.report }] : []),
  ]);
  if (file.endsWith('.json')) await writeFile(file, JSON.stringify(rows, null, 2) + '\n');
  // Case ids and evidence come from files a spreadsheet should never run: as the reports' CSVs.
  else if (file.endsWith('.csv')) await writeFile(file, stringify(rows, { header: true, bom: true, cast: { string: neutraliseFormula } }));
  else throw new UsageError(`--export: the file must end in .csv or .json (got "${file}")`);
}

/** The eval history: every run's output under `$HONNE_DATA_DIR/eval/`, named by time and version. */
async function saveHistory(out: EvalOutput, dataDir: string, namedIds: ReadonlySet<string>): Promise<string> {
  const dir = join(dataDir, 'eval');
  await mkdir(dir, { recursive: true });
  const versions = [out.lineage.version, out.compare?.lineage.version].filter(Boolean).join('_vs_');
  const file = join(dir, `${out.at.replace(/[:.]/g, '-')}_${versions.replace(/[^\w.@-]/g, '_')}.json`);
  const replacer = (key: string, value: unknown): unknown => {
    const v = withoutPiiText(key, value);
    return typeof v === 'string' && namedIds.has(v) ? WITHHELD_CASE_ID : v;
  };
  await writeFile(file, JSON.stringify(out, replacer) + '\n');
  return file;
}

/** The history keeps figures and case ids, never a string redaction missed or took, nor the
 * evidence: a model's quotes of the redacted speech carry whatever redaction missed. A gold set
 * may be made of real sessions, and neither erase nor retention reaches this folder. (The run's
 * own output — the terminal, `--json`, `--export` — still lists them, for the one who runs it.) */
function withoutPiiText(key: string, value: unknown): unknown {
  if (key === 'evidence') return undefined;
  if ((key !== 'leaked' && key !== 'over_redacted') || !Array.isArray(value)) return value;
  return value.map((v: unknown) => (typeof v === 'object' && v !== null && 'case' in v ? { case: (v as { case: unknown }).case } : '[withheld]'));
}

/** `honne eval --list`: the saved runs, oldest first, one line each. */
async function listHistory(o: EvalOptions, { io }: CommandContext): Promise<void> {
  const dir = join(loadConfig(io.env, { demo: true }).dataDir, 'eval');
  const names = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.json')).sort() : [];
  const rows = [];
  for (const name of names) {
    const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as EvalOutput;
    rows.push({
      file: join(dir, name), at: r.at, gold: r.gold, split: r.split, version: lineageLabel(r.lineage), compare: r.compare ? lineageLabel(r.compare.lineage) : null,
      cases: r.cases_total, 'themes.micro.f1': r.themes.micro.f1, 'signals.retention_risk.accuracy': r.signals.retention_risk.accuracy,
      'signals.mental_health_risk.accuracy': r.signals.mental_health_risk.accuracy, 'pii.recall': r.pii.recall, cost_usd: r.usage?.cost_usd ?? 0,
    });
  }
  if (o.json === true) return io.out(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return io.out(`no saved eval runs in ${dir}`);
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  io.out(rows.map((r) => `${r.at}  ${r.gold} (${r.split}, ${r.cases})  ${r.version}${r.compare ? ` vs ${r.compare}` : ''}  F1 ${f(r['themes.micro.f1'])}  ret ${f(r['signals.retention_risk.accuracy'])}  mh ${f(r['signals.mental_health_risk.accuracy'])}  pii ${f(r['pii.recall'])}  $${r.cost_usd.toFixed(4)}`).join('\n'));
}
