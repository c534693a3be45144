import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { Risk } from '../schemas.js';
import { consultantLevel, fuseRisk } from './fuse.js';

const model = (level: Risk['level'], score: number): Risk => ({ score, level });

describe('fuseRisk', () => {
  it.each([
    // model level, consultant score → reported level (the higher of the two)
    ['low', undefined, 'low'],
    ['medium', undefined, 'medium'],
    ['high', undefined, 'high'],
    ['low', 1, 'low'],
    ['low', 2, 'low'],
    ['low', 3, 'medium'],
    ['low', 4, 'high'],
    ['low', 5, 'high'],
    ['medium', 1, 'medium'],
    ['medium', 3, 'medium'],
    ['medium', 4, 'high'],
    ['high', 1, 'high'],
    ['high', 3, 'high'],
    ['high', 5, 'high'],
  ] as const)('model %s, consultant %s → %s', (level, consultant, expected) => {
    expect(fuseRisk(model(level, 0.4), consultant).level).toBe(expected);
  });

  it('keeps both inputs', () => {
    expect(fuseRisk(model('medium', 0.42), 5)).toEqual({
      model_score: 0.42,
      model_level: 'medium',
      consultant_score: 5,
      consultant_level: 'high',
      level: 'high',
    });
    expect(fuseRisk(model('low', 0.1), undefined)).toEqual({
      model_score: 0.1,
      model_level: 'low',
      consultant_score: null,
      consultant_level: null,
      level: 'low',
    });
  });

  it('rejects consultant scores outside 1-5', () => {
    expect(() => fuseRisk(model('low', 0), 0)).toThrow(InputError);
    expect(() => fuseRisk(model('low', 0), 6)).toThrow(InputError);
    expect(() => consultantLevel(2.5)).toThrow(/whole number 1-5/);
  });
});
