/** The prompt lab around `honne eval`, pure: the variance of repeated runs (`--repeat`), CI gates
 * (`--fail-under metric=value`), per-case export rows (`--export`), the summary line a run leaves
 * in the eval history, and the text tables of tokens, cost and evidence. */
import { RISK_SIGNALS, THEME_IDS, type ThemeId } from '../themes.js';
import type { EvalReport } from './score.js';

/** The metrics a gate or a repeat summary can name, as paths into a report. */
export const LAB_METRICS = [
  'themes.micro.f1',
  'themes.micro.precision',
  'themes.micro.recall',
  'themes.macro.f1',
  ...RISK_SIGNALS.map((s) => `signals.${s}.accuracy`),
  'pii.recall',
  ...THEME_IDS.map((id) => `themes.per_theme.${id}.f1`),
] as const;

/** A metric's value in a report (null: undefined for this run, e.g. no gold labels). */
export function metricValue(r: EvalReport, metric: string): number | null {
  let v: unknown = r;
  for (const part of metric.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'number' ? v : null;
}

export interface Gate {
  metric: string;
  min: number;
}

/** `themes.micro.f1=0.8` → a gate; throws an Error naming what is wrong (the CLI makes it a
 * usage error). */
export function parseGate(spec: string): Gate {
  const m = /^([\w.]+)=(\d+(?:\.\d+)?)$/.exec(spec.trim());
  if (!m) throw new Error(`--fail-under must look like metric=value, e.g. themes.micro.f1=0.8 (got "${spec}")`);
  const metric = m[1]!;
  if (!(LAB_METRICS as readonly string[]).includes(metric)) throw new Error(`--fail-under: unknown metric "${metric}" (one of: ${LAB_METRICS.slice(0, 7).join(', ')}, themes.per_theme.<theme>.f1)`);
  return { metric, min: Number(m[2]) };
}

/** The gates a report fails: below the value, or undefined. */
export function failedGates(r: EvalReport, gates: readonly Gate[]): Array<Gate & { value: number | null }> {
  return gates.map((g) => ({ ...g, value: metricValue(r, g.metric) })).filter((g) => g.value === null || g.value < g.min);
}

export interface MetricSpread {
  metric: string;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation over the repeats. */
  stdev: number | null;
}

export interface RepeatSummary {
  repeats: number;
  metrics: MetricSpread[];
  /** Cases whose predicted themes or levels were not the same in every repeat. */
  unstable_cases: string[];
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

/** How much the headline metrics and the cases moved over repeated runs of one version. */
export function summariseRepeats(runs: readonly EvalReport[]): RepeatSummary {
  const headline = ['themes.micro.f1', 'themes.macro.f1', ...RISK_SIGNALS.map((s) => `signals.${s}.accuracy`), 'pii.recall'];
  const metrics = headline.map((metric): MetricSpread => {
    const xs = runs.map((r) => metricValue(r, metric)).filter((x): x is number => x !== null);
    if (xs.length === 0) return { metric, mean: null, min: null, max: null, stdev: null };
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const stdev = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    return { metric, mean: round4(mean), min: Math.min(...xs), max: Math.max(...xs), stdev: round4(stdev) };
  });
  const label = (r: EvalReport, id: string): string => {
    const c = r.cases.find((x) => x.id === id);
    return c === undefined ? '' : JSON.stringify([c.themes.predicted, ...RISK_SIGNALS.map((s) => c[s].predicted)]);
  };
  const ids = runs[0]?.cases.map((c) => c.id) ?? [];
  return { repeats: runs.length, metrics, unstable_cases: ids.filter((id) => new Set(runs.map((r) => label(r, id))).size > 1) };
}

/** One row per case (and per run label, `A` / `B`), for CSV or JSON export. */
export function exportRows(runs: ReadonlyArray<{ run: string; version: string; report: EvalReport }>): Array<Record<string, string | number | boolean | null>> {
  return runs.flatMap(({ run, version, report }) =>
    report.cases.map((c) => ({
      run,
      version,
      id: c.id,
      split: c.split,
      gold_themes: c.themes.gold.join('|'),
      predicted_themes: c.themes.predicted.join('|'),
      false_positives: c.themes.false_positives.join('|'),
      false_negatives: c.themes.false_negatives.join('|'),
      retention_gold: c.retention_risk.gold,
      retention_predicted: c.retention_risk.predicted,
      mental_health_gold: c.mental_health_risk.gold,
      mental_health_predicted: c.mental_health_risk.predicted,
      pii_leaked: c.pii.leaked.length,
      input_tokens: c.usage.input_tokens,
      output_tokens: c.usage.output_tokens,
      cost_usd: round6(c.usage.cost_usd),
      cached: c.usage.cached,
      ms: Math.round(c.ms),
      error: c.error ?? null,
      evidence: c.evidence === undefined ? null : JSON.stringify(c.evidence),
    })),
  );
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const usd = (x: number): string => `$${x.toFixed(4)}`;
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number): string => ' '.repeat(Math.max(0, n - s.length)) + s;

/** Tokens and cost per case and in total, one column group per run (A, and B with --compare),
 * and whether the case's labels changed between them. */
export function renderUsage(a: EvalReport, b?: EvalReport): string {
  const lines = ['', b === undefined ? 'Model use per case (tokens in / out, estimated USD; * = answered by the cache):' : 'Model use per case, A | B (tokens in / out, estimated USD; * = answered by the cache; Δ = labels changed):'];
  const cell = (c: EvalReport['cases'][number] | undefined): string =>
    c === undefined ? lpad('–', 26) : `${lpad(String(c.usage.input_tokens), 7)} ${lpad(String(c.usage.output_tokens), 6)} ${lpad(usd(c.usage.cost_usd), 9)}${c.usage.cached ? '*' : ' '}`;
  const bById = new Map(b?.cases.map((c) => [c.id, c]));
  for (const c of a.cases) {
    const cb = bById.get(c.id);
    const changed = cb !== undefined && (c.themes.predicted.join() !== cb.themes.predicted.join() || RISK_SIGNALS.some((s) => c[s].predicted !== cb[s].predicted));
    lines.push(`  ${pad(c.id, 10)}${cell(c)}${b === undefined ? '' : ` | ${cell(cb)}${changed ? '  Δ' : ''}`}`);
  }
  const total = (r: EvalReport) =>
    `${r.usage.calls} call(s), ${r.usage.cached_calls} from the cache${r.usage.cache_hit_rate === null ? '' : ` (${(r.usage.cache_hit_rate * 100).toFixed(0)} %)`}, ${r.usage.input_tokens} in / ${r.usage.output_tokens} out, ${usd(r.usage.cost_usd)}`;
  lines.push(`  total A: ${total(a)}`);
  if (b !== undefined) lines.push(`  total B: ${total(b)}`);
  return lines.join('\n');
}

/** Per case, why: the quotes or rules behind each predicted theme and signal. */
export function renderEvidence(r: EvalReport, label: string): string {
  const lines = ['', `Why (${label}): per case, the evidence behind each theme and signal`];
  for (const c of r.cases) {
    if (c.evidence === undefined) continue;
    const parts = [
      ...Object.entries(c.evidence.themes).map(([t, ev]) => `${t}${c.themes.predicted.includes(t as ThemeId) ? '' : ' (under threshold)'}: ${(ev ?? []).join(' / ')}`),
      ...Object.entries(c.evidence.signals).map(([s, ev]) => `${s}: ${(ev ?? []).join(' / ')}`),
    ];
    lines.push(`  ${c.id}`);
    for (const p of parts) lines.push(`    ${p}`);
    // The model cache keeps no quote (adapters/openai/analysis.ts: `cacheable`).
    if (parts.length === 0 && c.usage.cached) lines.push('    (answered by the model cache, which keeps no quote: --no-cache to see them)');
  }
  return lines.join('\n');
}
