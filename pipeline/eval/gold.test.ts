import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseGoldCases, selectSplit } from './gold.js';

const line = (o: object): string => JSON.stringify(o);
const base = { id: 'g-001', transcript: 'g-001.vtt', labels: { themes: ['childcare'], retention_risk: 'low', mental_health_risk: 'medium', pii: ['山田 花子'] } };

describe('parseGoldCases', () => {
  it("reads the spec's shape with defaults and extras, skipping blank lines", () => {
    const text = `\uFEFF${line({ ...base, consultant_speaker: 'CC', split: 'dev', company_name: '株式会社サンプル', traps: ['negation'], note: 'ignored' })}\n\n${line({ ...base, id: 'g-002', language: 'en', labels: { ...base.labels, pii: undefined } })}\n`;
    expect(parseGoldCases(text, 'cases.jsonl')).toEqual([
      {
        line: 1,
        case: {
          id: 'g-001',
          language: 'ja',
          transcript: 'g-001.vtt',
          consultant_speaker: 'CC',
          labels: { themes: ['childcare'], retention_risk: 'low', mental_health_risk: 'medium', pii: ['山田 花子'] },
          split: 'dev',
          company_name: '株式会社サンプル',
          traps: ['negation'],
        },
      },
      {
        line: 3,
        case: {
          id: 'g-002',
          language: 'en',
          transcript: 'g-001.vtt',
          labels: { themes: ['childcare'], retention_risk: 'low', mental_health_risk: 'medium', pii: [] },
        },
      },
    ]);
  });

  it.each([
    ['not JSON', '{"id":', /invalid JSON/, { file: 'c.jsonl', line: 1 }],
    ['an unknown theme', line({ ...base, labels: { ...base.labels, themes: ['money'] } }), /Invalid option/, { file: 'c.jsonl', line: 1, field: 'labels.themes.0' }],
    ['a bad level', line({ ...base, labels: { ...base.labels, retention_risk: 'severe' } }), /Invalid option/, { file: 'c.jsonl', line: 1, field: 'labels.retention_risk' }],
    ['a duplicate id', `${line(base)}\n${line(base)}`, /duplicate case id "g-001" \(first on line 1\)/, { file: 'c.jsonl', line: 2, field: 'id' }],
    ['no case at all', '\n\n', /no cases/, { file: 'c.jsonl' }],
    ['a one-character alias', line({ ...base, company_aliases: ['ミナト', 'X'] }), /at least 2 characters/, { file: 'c.jsonl', line: 1, field: 'company_aliases.1' }],
    ['an empty known name', line({ ...base, employee_name: ' ' }), /too small|at least/i, { file: 'c.jsonl', line: 1, field: 'employee_name' }],
  ])('rejects %s with file, line and field', (_label, text, message, context) => {
    try {
      parseGoldCases(text, 'c.jsonl');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(message);
      expect((err as InputError).context).toEqual(context);
    }
  });

  it('reads the known names and company aliases a case may carry', () => {
    const [entry] = parseGoldCases(line({ ...base, employee_name: ' 山田 花子 ', consultant_name: 'Kenji Ito', company_aliases: ['ミナト', 'Minato'] }), 'c.jsonl');
    expect(entry?.case).toMatchObject({ employee_name: '山田 花子', consultant_name: 'Kenji Ito', company_aliases: ['ミナト', 'Minato'] });
  });
});

describe('selectSplit', () => {
  it('keeps the cases of one split, or all', () => {
    const entries = parseGoldCases([line({ ...base, split: 'dev' }), line({ ...base, id: 'b', split: 'test' }), line({ ...base, id: 'c' })].join('\n'), 'c.jsonl');
    expect(selectSplit(entries, 'test').map((e) => e.case.id)).toEqual(['b']);
    expect(selectSplit(entries, undefined).map((e) => e.case.id)).toEqual(['g-001', 'b', 'c']);
  });
});
