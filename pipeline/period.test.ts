import { describe, expect, it } from 'vitest';
import { overlappingWindowIds, overlaps, parseWindow, periodOf, previousPeriod, previousWindow, windowLabel, windowOfId } from './period.js';

describe('periodOf', () => {
  it('takes the month in Asia/Tokyo, whatever the offset', () => {
    expect(
      ['2026-09-30T16:30:00Z', '2026-09-30T14:59:59Z', '2026-10-01T00:10:00+09:00', '2026-12-31T20:00:00-05:00'].map(periodOf),
    ).toEqual(['2026-10', '2026-09', '2026-10', '2027-01']);
  });
  it('steps back across a year', () => {
    expect([previousPeriod('2026-01'), previousPeriod('2026-10')]).toEqual(['2025-12', '2026-09']);
  });
});

describe('reporting windows', () => {
  it('parses a month, a quarter and a rolling window, with stable ids and labels', () => {
    const q = parseWindow('2026-Q3');
    expect(q).toEqual({ kind: 'quarter', id: '2026-Q3', months: ['2026-07', '2026-08', '2026-09'] });
    expect(windowLabel(q, 'ja')).toBe('2026年第3四半期（7〜9月）');
    const r = parseWindow('2026-09', 3);
    expect(r).toEqual({ kind: 'rolling', id: '2026-07..2026-09', months: ['2026-07', '2026-08', '2026-09'] });
    expect(windowLabel(r, 'ja')).toBe('直近3か月（2026年7月〜9月）');
    expect(parseWindow('2026-02', 3).months).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(parseWindow('2026-09')).toEqual({ kind: 'month', id: '2026-09', months: ['2026-09'] });
    expect(parseWindow('2026-09', 1).id).toBe('2026-09');
    for (const id of ['2026-09', '2026-Q3', '2025-12..2026-02']) expect(windowOfId(id).id).toBe(id);
  });
  it('refuses what is not a window', () => {
    for (const [p, w] of [['2026-13', undefined], ['2026-Q5', undefined], ['2026-Q3', 3], ['2026-09', 13], ['2026-09', 0]] as const) {
      expect(() => parseWindow(p, w)).toThrow(RangeError);
    }
  });
  it('steps back by a window of the same length', () => {
    expect(previousWindow(parseWindow('2026-Q1')).id).toBe('2025-Q4');
    expect(previousWindow(parseWindow('2026-09', 3)).id).toBe('2026-04..2026-06');
    expect(previousWindow(parseWindow('2026-01')).id).toBe('2025-12');
  });
  it('lists every window that shares a month', () => {
    const ids = overlappingWindowIds(parseWindow('2026-Q3'));
    expect(ids).toEqual(expect.arrayContaining(['2026-07', '2026-08', '2026-09', '2026-09..2026-10', '2026-05..2026-07', '2025-10..2026-09']));
    expect(ids).not.toContain('2026-Q3');
    expect(ids).not.toContain('2026-06');
    expect(ids).not.toContain('2026-Q2');
    expect(ids.every((id) => overlaps(windowOfId(id), parseWindow('2026-Q3')))).toBe(true);
  });
});
