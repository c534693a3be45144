import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSurvey } from './survey.js';

const dir = mkdtempSync(join(tmpdir(), 'honne-survey-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const known = new Set(['C1', 'C2']);

describe('readSurvey', () => {
  it('reads a CSV, rejecting each bad row with its file, line, field and reason, and goes on', async () => {
    const f = file(
      'survey.csv',
      [
        'company_id,period,dimension,segment,metric,score,respondents',
        'C1,2026-10,department,営業部,engagement,3.1,40', // 2
        'C1,2026-Q4,all,,engagement,3.6,120', // 3: all, segment empty
        'C1,2026-13,department,営業部,engagement,3.1,40', // 4: bad month
        'C1,2026-10,team,営業部,engagement,3.1,40', // 5: bad dimension
        'C1,2026-10,department,,engagement,3.1,40', // 6: segment required
        'C1,2026-10,department,開発部,engagement,high,40', // 7: score not a number
        'C1,2026-10,department,開発部,engagement,3.4,12.5', // 8: respondents not whole
        'C1,2026-10,department,開発部,engagement,3.4,-1', // 9: negative
        'C9,2026-10,department,開発部,engagement,3.4,30', // 10: unknown company
        'C1,2026-10,department,営業部,engagement,2.9,41', // 11: duplicate of line 2
        'C1,2026-10,all,営業部,engagement,3.0,40', // 12: all with a segment
        'C1,2026-10,department,"=HYPERLINK(""http://x"")",eNPS,-12,30', // 13: kept as text
        'C2,2026-10,gender,女性,engagement,,30', // 14: score missing
      ].join('\n') + '\n',
    );
    const r = await readSurvey(f, known);
    expect(r.scores).toEqual([
      { company_id: 'C1', period: '2026-10', dimension: 'department', segment: '営業部', metric: 'engagement', score: 3.1, respondents: 40 },
      { company_id: 'C1', period: '2026-Q4', dimension: 'all', segment: 'all', metric: 'engagement', score: 3.6, respondents: 120 },
      { company_id: 'C1', period: '2026-10', dimension: 'department', segment: '=HYPERLINK("http://x")', metric: 'eNPS', score: -12, respondents: 30 },
    ]);
    expect(r.rejects.map(({ line, field, reason, file: f2 }) => ({ line, field, reason, same: f2 === f }))).toEqual([
      { line: 4, field: 'period', reason: 'must be YYYY-MM or YYYY-Qn (e.g. 2026-10 or 2026-Q4)', same: true },
      { line: 5, field: 'dimension', reason: 'must be one of department, age_band, gender, all', same: true },
      { line: 6, field: 'segment', reason: 'is required when dimension is department', same: true },
      { line: 7, field: 'score', reason: 'must be a number', same: true },
      { line: 8, field: 'respondents', reason: 'must be a whole number', same: true },
      { line: 9, field: 'respondents', reason: 'must not be negative', same: true },
      { line: 10, field: 'company_id', reason: 'unknown company_id "C9" (not in the store: load its sessions with honne run first)', same: true },
      { line: 11, field: 'segment', reason: 'duplicate row for company, period, dimension, segment and metric (first seen on line 2)', same: true },
      { line: 12, field: 'segment', reason: 'must be empty or "all" when dimension is all', same: true },
      { line: 14, field: 'score', reason: 'is required', same: true },
    ]);
    // a reject keeps its raw line for the operator
    expect(r.rejects[0]!.raw).toBe('C1,2026-13,department,営業部,engagement,3.1,40');
  });

  it('reads JSONL, and an unreadable line is a reject of that line alone', async () => {
    const f = file(
      'survey.jsonl',
      [
        JSON.stringify({ company_id: 'C2', period: '2026-Q3', dimension: 'age_band', segment: '30-39', metric: 'engagement', score: 3.8, respondents: 9 }),
        '{"company_id": "C2", "period": ',
        JSON.stringify({ company_id: 'C2', period: '2026-09', dimension: 'gender', segment: '女性\u001b[2J', metric: 'engagement', score: 3, respondents: 9 }),
        JSON.stringify({ company_id: 'C2', period: '2026-09', dimension: 'all', metric: 'q12', score: '4.5', respondents: '200' }),
      ].join('\n') + '\n',
    );
    const r = await readSurvey(f, known);
    expect(r.scores).toEqual([
      { company_id: 'C2', period: '2026-Q3', dimension: 'age_band', segment: '30-39', metric: 'engagement', score: 3.8, respondents: 9 },
      { company_id: 'C2', period: '2026-09', dimension: 'all', segment: 'all', metric: 'q12', score: 4.5, respondents: 200 },
    ]);
    expect(r.rejects.map((x) => [x.line, x.field ?? null])).toEqual([
      [2, null],
      [3, 'segment'],
    ]);
    expect(r.rejects[1]!.reason).toBe('must not contain control characters');
  });
});
