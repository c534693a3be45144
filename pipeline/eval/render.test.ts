import { describe, expect, it } from 'vitest';
import { compareReports } from './compare.js';
import type { GoldCase } from './gold.js';
import { renderComparison, renderReport } from './render.js';
import { scoreEval, type CasePrediction } from './score.js';

const cases: GoldCase[] = [
  { id: 'g-1', language: 'ja', transcript: 'a.txt', split: 'test', labels: { themes: ['job_change'], retention_risk: 'high', mental_health_risk: 'low', pii: ['山田 花子'] } },
  { id: 'g-2', language: 'ja', transcript: 'b.txt', split: 'test', labels: { themes: ['health'], retention_risk: 'low', mental_health_risk: 'medium', pii: [] } },
];
const p = (id: string, themes: CasePrediction['themes'], retention: 'low' | 'high', leaked: CasePrediction['leaked']): CasePrediction => ({
  id,
  themes,
  confidences: {},
  signals: { retention_risk: { level: retention, score: 0 }, mental_health_risk: { level: 'medium', score: 0.4 } },
  leaked,
  ms: 12.5,
});

describe('renderReport', () => {
  it('prints themes, signals with confusion, PII with every leak, time, and the cases that differ', () => {
    const r = scoreEval(cases, [{ ...p('g-1', ['job_change', 'workload'], 'high', [{ text: '山田 花子', part: '山田' }]), redactions: { total: 2, over: ['毎日'] } }, p('g-2', ['health'], 'low', [])]);
    const lines = renderReport(r, { gold: 'fixtures/gold', split: 'test', provider: 'local/rules/lexicon-x' }).split('\n');
    expect(lines.slice(0, 3)).toEqual(['honne eval — fixtures/gold (test, 2 cases) — local/rules/lexicon-x', '', 'Themes                       P      R     F1   TP   FP   FN']);
    expect(lines).toContain('  job_change              1.000  1.000  1.000    1    0    0');
    expect(lines).toContain('  workload                0.000      –  0.000    0    1    0');
    expect(lines).toContain('  micro                   0.667  1.000  0.800    2    1    0');
    expect(lines).toContain('  macro (3 themes)        0.667  1.000  0.667');
    expect(lines.slice(lines.indexOf('  mental_health_risk    0.500 (1/2)'), lines.indexOf('  mental_health_risk    0.500 (1/2)') + 5)).toEqual([
      '  mental_health_risk    0.500 (1/2)',
      '                   low  medium    high',
      '    low              0       1       0',
      '    medium           0       1       0',
      '    high             0       0       0',
    ]);
    expect(lines.slice(lines.indexOf('PII recall 0.000 (0/1 strings absent from the redacted text)'))).toEqual([
      'PII recall 0.000 (0/1 strings absent from the redacted text)',
      '  leaked  g-1  "山田 花子" (part "山田")',
      'Over-redaction 0.500 (1/2 redactions cover no labelled PII string; at most, since labels may leave out what is rightly redacted)',
      '  over    g-1  "毎日"',
      '',
      'Time per case: mean 12.5 ms, median 12.5 ms, max 12.5 ms (total 0.03 s)',
      '',
      'Cases that differ from gold (+ false positive, − missed; signal gold→predicted):',
      '  g-1     test +workload; mental low→medium',
    ]);
  });
});

describe('renderComparison', () => {
  it('prints both runs side by side and the cases that changed', () => {
    const a = scoreEval(cases, [p('g-1', [], 'low', [{ text: '山田 花子' }]), p('g-2', ['health'], 'low', [])]);
    const b = scoreEval(cases, [p('g-1', ['job_change'], 'high', []), p('g-2', ['health'], 'low', [])]);
    const lines = renderComparison(compareReports(a, b), 'lexicon@1', 'lexicon@2').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '',
      'Comparison: A = lexicon@1, B = lexicon@2',
      '  metric                                          A        B    B − A',
      '  themes.micro.f1                             0.667    1.000   +0.333',
    ]);
    expect(lines.slice(-2)).toEqual([
      'Cases that differ between A and B (1):',
      '  g-1     themes A [] B [job_change] gold [job_change]; retention_risk A low B high gold high; leaked A ["山田 花子"] B []',
    ]);
  });
});
