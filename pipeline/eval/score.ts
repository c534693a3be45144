/** Scores of a gold-set run: themes (per theme, micro, macro), signal levels (accuracy and
 * confusion), PII recall with every leaked string (whole or by a part: leaks.ts), time per case.
 * Pure: takes the gold cases and what the pipeline produced for them, returns a JSON-ready report. */
import { RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import type { GoldCase, GoldSplit } from './gold.js';
import type { AnalysisEvidence } from '../ports/analysis-provider.js';
import type { Usage } from '../schemas.js';
import type { Leak } from './leaks.js';

/** What the pipeline produced for one case. `error` is set when the case could not be run (its
 * predictions are then empty and count as misses). */
export interface CasePrediction {
  id: string;
  themes: ThemeId[];
  /** Confidence of each predicted theme. */
  confidences: Partial<Record<ThemeId, number>>;
  signals: Record<RiskSignal, { level: RiskLevel; score: number } | null>;
  /** The pii strings of the case still present in the redacted text (client or consultant),
   * whole or through a part (`findLeaks`). */
  leaked: Leak[];
  /** How many redactions the case's text got, and the original text of those that cover no
   * labelled PII string (`over-redaction.ts`). Absent when nothing was redacted (an error). */
  redactions?: { total: number; over: string[] };
  ms: number;
  error?: string;
  /** What the provider's call used (tokens, cost, whether the cache answered). */
  usage?: Usage;
  /** Why: the quotes the model gave, or the local rules that fired. */
  evidence?: AnalysisEvidence;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1 with their counts. A ratio with a zero denominator is null
 * (precision without predictions, recall without gold labels). */
export interface Prf extends Counts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Gold labels of this theme (tp + fn). */
  support: number;
}

export interface SignalScore {
  accuracy: number | null;
  correct: number;
  total: number;
  /** confusion[gold][predicted] = cases. */
  confusion: Record<RiskLevel, Record<RiskLevel, number>>;
}

export interface CaseReport {
  id: string;
  split: GoldSplit | null;
  ms: number;
  error?: string;
  themes: { gold: ThemeId[]; predicted: ThemeId[]; false_positives: ThemeId[]; false_negatives: ThemeId[] };
  retention_risk: { gold: RiskLevel; predicted: RiskLevel | null; score: number | null };
  mental_health_risk: { gold: RiskLevel; predicted: RiskLevel | null; score: number | null };
  pii: { total: number; leaked: Leak[]; redactions: number; over_redacted: string[] };
  usage: CaseUsage;
  evidence?: AnalysisEvidence;
}

export interface CaseUsage {
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  cached: boolean;
}

/** The run's model use: calls, how many a cache answered, tokens, estimated cost. */
export interface RunUsage {
  calls: number;
  cached_calls: number;
  /** cached_calls / calls (null without calls). */
  cache_hit_rate: number | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface EvalReport {
  cases_total: number;
  errors: number;
  themes: {
    micro: Prf;
    /** Mean of per-theme precision, recall and F1 over the themes where each is defined. */
    macro: { precision: number | null; recall: number | null; f1: number | null; themes: number };
    per_theme: Record<ThemeId, Prf>;
  };
  signals: Record<RiskSignal, SignalScore>;
  /** `over_redaction`: the share of redactions that cover no labelled PII string — an upper
   * bound on over-redaction (the labels may leave out what is rightly redacted). */
  pii: {
    recall: number | null;
    total: number;
    redacted: number;
    leaked: Array<{ case: string } & Leak>;
    redactions: number;
    over_redaction: number | null;
    over_redacted: Array<{ case: string; text: string }>;
  };
  timing: { total_ms: number; mean_ms: number | null; median_ms: number | null; max_ms: number | null };
  usage: RunUsage;
  cases: CaseReport[];
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;
const ratio = (a: number, b: number): number | null => (b === 0 ? null : round4(a / b));

export function prf({ tp, fp, fn }: Counts): Prf {
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    tp,
    fp,
    fn,
    support: tp + fn,
  };
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : round4(defined.reduce((a, b) => a + b, 0) / defined.length);
}

function emptyConfusion(): Record<RiskLevel, Record<RiskLevel, number>> {
  const row = (): Record<RiskLevel, number> => ({ low: 0, medium: 0, high: 0 });
  return { low: row(), medium: row(), high: row() };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Scores predictions against gold cases, matched by id (a case without a prediction counts as
 * an error with nothing predicted). */
export function scoreEval(cases: readonly GoldCase[], predictions: readonly CasePrediction[]): EvalReport {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const counts = Object.fromEntries(THEME_IDS.map((id) => [id, { tp: 0, fp: 0, fn: 0 }])) as Record<ThemeId, Counts>;
  const signals = Object.fromEntries(RISK_SIGNALS.map((s) => [s, { correct: 0, total: 0, confusion: emptyConfusion() }])) as Record<
    RiskSignal,
    { correct: number; total: number; confusion: Record<RiskLevel, Record<RiskLevel, number>> }
  >;
  const leaked: Array<{ case: string } & Leak> = [];
  const overRedacted: Array<{ case: string; text: string }> = [];
  let piiTotal = 0;
  let redactions = 0;
  const reports: CaseReport[] = [];
  const times: number[] = [];
  let errors = 0;

  for (const c of cases) {
    const p: CasePrediction = byId.get(c.id) ?? {
      id: c.id,
      themes: [],
      confidences: {},
      signals: { retention_risk: null, mental_health_risk: null },
      leaked: [],
      ms: 0,
      error: 'no prediction for this case',
    };
    if (p.error !== undefined) errors++;
    times.push(p.ms);
    const gold = new Set(c.labels.themes);
    const predicted = new Set(p.themes);
    for (const id of THEME_IDS) {
      const g = gold.has(id);
      const q = predicted.has(id);
      if (g && q) counts[id].tp++;
      else if (q) counts[id].fp++;
      else if (g) counts[id].fn++;
    }
    for (const s of RISK_SIGNALS) {
      const goldLevel = c.labels[s];
      const got = p.signals[s];
      const acc = signals[s];
      acc.total++;
      if (got !== null) {
        acc.confusion[goldLevel][got.level]++;
        if (got.level === goldLevel) acc.correct++;
      }
    }
    // A pii string listed twice in one case counts once.
    const pii = [...new Set(c.labels.pii)];
    const caseLeaks = pii.flatMap((s) => p.leaked.find((l) => l.text === s) ?? []);
    piiTotal += pii.length;
    for (const l of caseLeaks) leaked.push({ case: c.id, ...l });
    redactions += p.redactions?.total ?? 0;
    for (const text of p.redactions?.over ?? []) overRedacted.push({ case: c.id, text });
    reports.push({
      id: c.id,
      split: c.split ?? null,
      ms: p.ms,
      ...(p.error !== undefined ? { error: p.error } : {}),
      themes: {
        gold: THEME_IDS.filter((id) => gold.has(id)),
        predicted: THEME_IDS.filter((id) => predicted.has(id)),
        false_positives: THEME_IDS.filter((id) => predicted.has(id) && !gold.has(id)),
        false_negatives: THEME_IDS.filter((id) => gold.has(id) && !predicted.has(id)),
      },
      retention_risk: { gold: c.labels.retention_risk, predicted: p.signals.retention_risk?.level ?? null, score: p.signals.retention_risk?.score ?? null },
      mental_health_risk: {
        gold: c.labels.mental_health_risk,
        predicted: p.signals.mental_health_risk?.level ?? null,
        score: p.signals.mental_health_risk?.score ?? null,
      },
      pii: { total: pii.length, leaked: caseLeaks, redactions: p.redactions?.total ?? 0, over_redacted: p.redactions?.over ?? [] },
      usage: { input_tokens: p.usage?.inputTokens ?? 0, output_tokens: p.usage?.outputTokens ?? 0, cost_usd: p.usage?.costUsd ?? 0, cached: p.usage?.cached ?? false },
      ...(p.evidence !== undefined ? { evidence: p.evidence } : {}),
    });
  }
  const called = predictions.filter((p) => p.usage !== undefined && (p.usage.cached || p.usage.inputTokens > 0));
  const cachedCalls = called.filter((p) => p.usage?.cached).length;

  const perTheme = Object.fromEntries(THEME_IDS.map((id) => [id, prf(counts[id])])) as Record<ThemeId, Prf>;
  const total = THEME_IDS.reduce<Counts>((a, id) => ({ tp: a.tp + counts[id].tp, fp: a.fp + counts[id].fp, fn: a.fn + counts[id].fn }), { tp: 0, fp: 0, fn: 0 });
  const scored = THEME_IDS.map((id) => perTheme[id]).filter((t) => t.f1 !== null);
  const sorted = [...times].sort((a, b) => a - b);
  const totalMs = times.reduce((a, b) => a + b, 0);
  return {
    cases_total: cases.length,
    errors,
    themes: {
      micro: prf(total),
      macro: { precision: mean(scored.map((t) => t.precision)), recall: mean(scored.map((t) => t.recall)), f1: mean(scored.map((t) => t.f1)), themes: scored.length },
      per_theme: perTheme,
    },
    signals: Object.fromEntries(
      RISK_SIGNALS.map((s) => [s, { accuracy: ratio(signals[s].correct, signals[s].total), correct: signals[s].correct, total: signals[s].total, confusion: signals[s].confusion }]),
    ) as Record<RiskSignal, SignalScore>,
    pii: {
      recall: ratio(piiTotal - leaked.length, piiTotal),
      total: piiTotal,
      redacted: piiTotal - leaked.length,
      leaked,
      redactions,
      over_redaction: ratio(overRedacted.length, redactions),
      over_redacted: overRedacted,
    },
    timing: {
      total_ms: round4(totalMs),
      mean_ms: times.length === 0 ? null : round4(totalMs / times.length),
      median_ms: median(sorted),
      max_ms: sorted.at(-1) ?? null,
    },
    usage: {
      calls: called.length,
      cached_calls: cachedCalls,
      cache_hit_rate: ratio(cachedCalls, called.length),
      input_tokens: reports.reduce((n, c) => n + c.usage.input_tokens, 0),
      output_tokens: reports.reduce((n, c) => n + c.usage.output_tokens, 0),
      cost_usd: reports.reduce((n, c) => n + c.usage.cost_usd, 0),
    },
    cases: reports,
  };
}
