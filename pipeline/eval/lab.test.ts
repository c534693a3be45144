import { describe, expect, it } from 'vitest';
import { exportRows, failedGates, metricValue, parseGate, renderUsage, summariseRepeats } from './lab.js';
import { scoreEval, type CasePrediction } from './score.js';
import type { GoldCase } from './gold.js';

const gold = (id: string, themes: GoldCase['labels']['themes']): GoldCase =>
  ({ id, language: 'ja', transcript: `${id}.txt`, labels: { themes, retention_risk: 'low', mental_health_risk: 'low', pii: [] }, split: 'dev' }) as GoldCase;
const pred = (id: string, themes: CasePrediction['themes'], cost = 0, cached = false): CasePrediction => ({
  id,
  themes,
  confidences: {},
  signals: { retention_risk: { level: 'low', score: 0.1 }, mental_health_risk: { level: 'low', score: 0.1 } },
  leaked: [],
  ms: 1,
  usage: { inputTokens: cost > 0 || cached ? 1000 : 0, outputTokens: cost > 0 ? 100 : 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: cost, cached },
  evidence: { themes: { job_change: ['辞めたい'] }, signals: {} },
});
const cases = [gold('g-1', ['job_change']), gold('g-2', ['workload'])];

describe('the prompt lab', () => {
  it('gates on a metric: below the value (or undefined) fails', () => {
    const r = scoreEval(cases, [pred('g-1', ['job_change']), pred('g-2', [])]);
    expect(metricValue(r, 'themes.micro.f1')).toBeCloseTo(2 / 3, 3);
    expect(failedGates(r, [parseGate('themes.micro.f1=0.6')])).toEqual([]);
    expect(failedGates(r, [parseGate('themes.micro.f1=0.9')])).toEqual([{ metric: 'themes.micro.f1', min: 0.9, value: r.themes.micro.f1 }]);
    expect(failedGates(r, [parseGate('themes.per_theme.caregiving.f1=0.5')])[0]?.value).toBeNull();
    expect(() => parseGate('f1>0.8')).toThrow(/must look like metric=value/);
    expect(() => parseGate('themes.f1=0.8')).toThrow(/unknown metric "themes.f1"/);
  });

  it('summarises repeats: the spread of each metric and the cases whose labels moved', () => {
    const a = scoreEval(cases, [pred('g-1', ['job_change']), pred('g-2', ['workload'])]);
    const b = scoreEval(cases, [pred('g-1', ['job_change']), pred('g-2', [])]);
    const s = summariseRepeats([a, b]);
    expect(s.repeats).toBe(2);
    expect(s.unstable_cases).toEqual(['g-2']);
    expect(s.metrics[0]).toMatchObject({ metric: 'themes.micro.f1', min: b.themes.micro.f1, max: 1 });
    expect(s.metrics[0]!.stdev).toBeGreaterThan(0);
  });

  it('totals tokens, cost and the cache hit rate, and exports one row per case and run with its evidence', () => {
    const a = scoreEval(cases, [pred('g-1', ['job_change'], 0.002), pred('g-2', [], 0, true)]);
    expect(a.usage).toEqual({ calls: 2, cached_calls: 1, cache_hit_rate: 0.5, input_tokens: 2000, output_tokens: 100, cost_usd: 0.002 });
    const rows = exportRows([{ run: 'A', version: 'analysis@1', report: a }]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ run: 'A', id: 'g-1', predicted_themes: 'job_change', input_tokens: 1000, cost_usd: 0.002, cached: false, evidence: '{"themes":{"job_change":["辞めたい"]},"signals":{}}' });
    const text = renderUsage(a, scoreEval(cases, [pred('g-1', []), pred('g-2', [])]));
    expect(text).toMatch(/g-1 .*\$0\.0020 .*\|.*Δ/);
    expect(text).toContain('total A: 2 call(s), 1 from the cache (50 %), 2000 in / 100 out, $0.0020');
  });
});
