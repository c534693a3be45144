import { describe, expect, it } from 'vitest';
import { periodOf, previousPeriod } from './period.js';

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
