import { describe, expect, it } from 'vitest';
import type { GoldCase } from './gold.js';
import { prf, scoreEval, type CasePrediction } from './score.js';

const gold = (id: string, themes: GoldCase['labels']['themes'], retention: 'low' | 'medium' | 'high', mental: 'low' | 'medium' | 'high', pii: string[] = []): GoldCase => ({
  id,
  language: 'ja',
  transcript: `${id}.txt`,
  labels: { themes, retention_risk: retention, mental_health_risk: mental, pii },
  split: 'test',
});

const predicted = (id: string, themes: CasePrediction['themes'], retention: 'low' | 'medium' | 'high', mental: 'low' | 'medium' | 'high', leaked: CasePrediction['leaked'], ms: number): CasePrediction => ({
  id,
  themes,
  confidences: Object.fromEntries(themes.map((t) => [t, 0.9])),
  signals: { retention_risk: { level: retention, score: 0.5 }, mental_health_risk: { level: mental, score: 0.1 } },
  leaked,
  ms,
});

describe('prf', () => {
  it('is null where a ratio has no denominator', () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: null, recall: null, f1: null, tp: 0, fp: 0, fn: 0, support: 0 });
    expect(prf({ tp: 0, fp: 2, fn: 0 })).toEqual({ precision: 0, recall: null, f1: 0, tp: 0, fp: 2, fn: 0, support: 0 });
    expect(prf({ tp: 3, fp: 1, fn: 2 })).toEqual({ precision: 0.75, recall: 0.6, f1: 0.6667, tp: 3, fp: 1, fn: 2, support: 5 });
  });
});

describe('scoreEval', () => {
  const cases = [gold('a', ['job_change', 'boss_relationship'], 'high', 'low', ['山田 花子', '090-1234-5678', '佐藤']), gold('b', ['childcare'], 'low', 'medium', ['佐藤']), gold('c', [], 'medium', 'high')];
  const predictions = [
    predicted('a', ['job_change', 'workload'], 'high', 'low', [{ text: '山田 花子', part: '山田' }, { text: '090-1234-5678' }], 10),
    predicted('b', ['childcare'], 'low', 'low', [], 30),
    // c has no prediction: an error, nothing predicted
  ];
  predictions[0] = { ...(predictions[0] as CasePrediction), redactions: { total: 3, over: ['毎日'] } };
  predictions[1] = { ...(predictions[1] as CasePrediction), redactions: { total: 1, over: [] } };
  const r = scoreEval(cases, predictions);

  it('counts themes per theme, micro and macro', () => {
    expect(r.themes.per_theme.job_change).toEqual({ precision: 1, recall: 1, f1: 1, tp: 1, fp: 0, fn: 0, support: 1 });
    expect(r.themes.per_theme.boss_relationship).toEqual({ precision: null, recall: 0, f1: 0, tp: 0, fp: 0, fn: 1, support: 1 });
    expect(r.themes.per_theme.workload).toEqual({ precision: 0, recall: null, f1: 0, tp: 0, fp: 1, fn: 0, support: 0 });
    expect(r.themes.per_theme.caregiving.f1).toBeNull();
    expect(r.themes.micro).toEqual({ precision: 0.6667, recall: 0.6667, f1: 0.6667, tp: 2, fp: 1, fn: 1, support: 3 });
    // job_change 1, childcare 1, boss 0, workload 0
    expect(r.themes.macro).toEqual({ precision: 0.6667, recall: 0.6667, f1: 0.5, themes: 4 });
  });

  it('scores each signal level with a confusion matrix (gold rows, predicted columns)', () => {
    expect(r.signals.retention_risk).toEqual({
      accuracy: 0.6667,
      correct: 2,
      total: 3,
      confusion: { low: { low: 1, medium: 0, high: 0 }, medium: { low: 0, medium: 0, high: 0 }, high: { low: 0, medium: 0, high: 1 } },
    });
    expect(r.signals.mental_health_risk.accuracy).toBe(0.3333);
    expect(r.signals.mental_health_risk.confusion.medium).toEqual({ low: 1, medium: 0, high: 0 });
  });

  it('lists every leaked pii string, with the part that survived, and the recall; and the redactions over no labelled string', () => {
    expect(r.pii).toEqual({
      recall: 0.5,
      total: 4,
      redacted: 2,
      leaked: [
        { case: 'a', text: '山田 花子', part: '山田' },
        { case: 'a', text: '090-1234-5678' },
      ],
      redactions: 4,
      over_redaction: 0.25,
      over_redacted: [{ case: 'a', text: '毎日' }],
    });
  });

  it('reports time per case, errors and every case', () => {
    expect(r.timing).toEqual({ total_ms: 40, mean_ms: 13.3333, median_ms: 10, max_ms: 30 });
    expect(r.errors).toBe(1);
    expect(r.cases_total).toBe(3);
    expect(r.cases[0]).toEqual({
      id: 'a',
      split: 'test',
      ms: 10,
      themes: { gold: ['job_change', 'boss_relationship'], predicted: ['job_change', 'workload'], false_positives: ['workload'], false_negatives: ['boss_relationship'] },
      retention_risk: { gold: 'high', predicted: 'high', score: 0.5 },
      mental_health_risk: { gold: 'low', predicted: 'low', score: 0.1 },
      pii: { total: 3, leaked: [{ text: '山田 花子', part: '山田' }, { text: '090-1234-5678' }], redactions: 3, over_redacted: ['毎日'] },
      usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0, cached: false },
    });
    expect(r.cases[2]).toMatchObject({ id: 'c', error: 'no prediction for this case', retention_risk: { gold: 'medium', predicted: null, score: null } });
  });
});
