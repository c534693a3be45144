import { describe, expect, it } from 'vitest';
import { compareReports } from './compare.js';
import type { GoldCase } from './gold.js';
import { scoreEval, type CasePrediction } from './score.js';

const cases: GoldCase[] = [
  { id: 'a', language: 'ja', transcript: 'a.txt', labels: { themes: ['job_change'], retention_risk: 'high', mental_health_risk: 'low', pii: ['山田'] } },
  { id: 'b', language: 'ja', transcript: 'b.txt', labels: { themes: ['health'], retention_risk: 'low', mental_health_risk: 'medium', pii: [] } },
];
const p = (id: string, themes: CasePrediction['themes'], retention: 'low' | 'high', mental: 'low' | 'medium', leaked: CasePrediction['leaked']): CasePrediction => ({
  id,
  themes,
  confidences: {},
  signals: { retention_risk: { level: retention, score: 0 }, mental_health_risk: { level: mental, score: 0 } },
  leaked,
  ms: 5,
});

describe('compareReports', () => {
  it('puts metrics side by side and lists the cases whose predictions differ', () => {
    const a = scoreEval(cases, [p('a', [], 'low', 'low', [{ text: '山田' }]), p('b', ['health'], 'low', 'medium', [])]);
    const b = scoreEval(cases, [p('a', ['job_change'], 'high', 'low', []), p('b', ['health'], 'low', 'medium', [])]);
    const cmp = compareReports(a, b);
    expect(cmp.metrics.slice(0, 6)).toEqual([
      { metric: 'themes.micro.f1', a: 0.6667, b: 1, delta: 0.3333 },
      { metric: 'themes.macro.f1', a: 0.5, b: 1, delta: 0.5 },
      { metric: 'signals.retention_risk.accuracy', a: 0.5, b: 1, delta: 0.5 },
      { metric: 'signals.mental_health_risk.accuracy', a: 1, b: 1, delta: 0 },
      { metric: 'pii.recall', a: 0, b: 1, delta: 1 },
      { metric: 'timing.mean_ms', a: 5, b: 5, delta: 0 },
    ]);
    expect(cmp.cases).toEqual([
      {
        id: 'a',
        themes: { gold: ['job_change'], a: [], b: ['job_change'] },
        signals: { retention_risk: { gold: 'high', a: 'low', b: 'high' } },
        pii: { a: [{ text: '山田' }], b: [] },
      },
    ]);
  });
});
