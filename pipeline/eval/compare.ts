/** Two runs of the same gold set side by side (`honne eval --compare`): the headline metrics of
 * each with their difference, and every case whose predictions differ. Pure. */
import { RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import type { Leak } from './leaks.js';
import type { EvalReport } from './score.js';

export interface MetricDelta {
  metric: string;
  a: number | null;
  b: number | null;
  delta: number | null;
}

export interface CaseDifference {
  id: string;
  themes?: { gold: ThemeId[]; a: ThemeId[]; b: ThemeId[] };
  signals?: Partial<Record<RiskSignal, { gold: RiskLevel; a: RiskLevel | null; b: RiskLevel | null }>>;
  pii?: { a: Leak[]; b: Leak[] };
}

export interface Comparison {
  metrics: MetricDelta[];
  cases: CaseDifference[];
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

function delta(metric: string, a: number | null, b: number | null): MetricDelta {
  return { metric, a, b, delta: a === null || b === null ? null : round4(b - a) };
}

const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
const leaks = (ls: readonly Leak[]): string[] => ls.map((l) => `${l.text}\u0000${l.part ?? ''}`);

/** Compares report `b` against report `a` (both of the same cases, in the same order). */
export function compareReports(a: EvalReport, b: EvalReport): Comparison {
  const metrics: MetricDelta[] = [
    delta('themes.micro.f1', a.themes.micro.f1, b.themes.micro.f1),
    delta('themes.macro.f1', a.themes.macro.f1, b.themes.macro.f1),
    ...RISK_SIGNALS.map((s) => delta(`signals.${s}.accuracy`, a.signals[s].accuracy, b.signals[s].accuracy)),
    delta('pii.recall', a.pii.recall, b.pii.recall),
    delta('timing.mean_ms', a.timing.mean_ms, b.timing.mean_ms),
    ...THEME_IDS.map((id) => delta(`themes.per_theme.${id}.f1`, a.themes.per_theme[id].f1, b.themes.per_theme[id].f1)),
  ];
  const bById = new Map(b.cases.map((c) => [c.id, c]));
  const cases: CaseDifference[] = [];
  for (const ca of a.cases) {
    const cb = bById.get(ca.id);
    if (cb === undefined) continue;
    const diff: CaseDifference = { id: ca.id };
    if (!same(ca.themes.predicted, cb.themes.predicted)) diff.themes = { gold: ca.themes.gold, a: ca.themes.predicted, b: cb.themes.predicted };
    for (const s of RISK_SIGNALS) {
      if (ca[s].predicted !== cb[s].predicted) (diff.signals ??= {})[s] = { gold: ca[s].gold, a: ca[s].predicted, b: cb[s].predicted };
    }
    if (!same(leaks(ca.pii.leaked), leaks(cb.pii.leaked))) diff.pii = { a: ca.pii.leaked, b: cb.pii.leaked };
    if (diff.themes !== undefined || diff.signals !== undefined || diff.pii !== undefined) cases.push(diff);
  }
  return { metrics, cases };
}
