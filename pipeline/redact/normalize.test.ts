import { describe, expect, it } from 'vitest';
import { normalizedView, toOriginal } from './normalize.js';

describe('normalizedView', () => {
  it('is the identity for text that is already NFKC', () => {
    const view = normalizedView('転職を考えています。090-1234-5678');
    expect(view).toEqual({ original: '転職を考えています。090-1234-5678', text: '転職を考えています。090-1234-5678', starts: null, ends: null });
    expect(toOriginal(view, 3, 5)).toEqual({ start: 3, end: 5 });
  });

  it('normalises full-width digits and maps offsets back', () => {
    const original = '電話は０９０－１２３４です';
    const view = normalizedView(original);
    expect(view.text).toBe('電話は090-1234です');
    expect(toOriginal(view, 3, 11)).toEqual({ start: 3, end: 11 });
    expect(original.slice(3, 11)).toBe('０９０－１２３４');
  });

  it('maps an expansion (㈱ → (株)) to the one original character', () => {
    const view = normalizedView('㈱サンプル');
    expect(view.text).toBe('(株)サンプル');
    expect(toOriginal(view, 0, 3)).toEqual({ start: 0, end: 1 });
    expect(toOriginal(view, 1, 7)).toEqual({ start: 0, end: 5 });
  });

  it('maps a contraction (half-width ｶﾞ → ガ) to both original characters', () => {
    const view = normalizedView('ｶﾞｽ会社');
    expect(view.text).toBe('ガス会社');
    expect(toOriginal(view, 0, 1)).toEqual({ start: 0, end: 2 });
    expect(toOriginal(view, 0, 4)).toEqual({ start: 0, end: 5 });
  });

  it('keeps surrogate pairs whole', () => {
    const view = normalizedView('𠮷田さん１');
    expect(view.text).toBe('𠮷田さん1');
    expect(toOriginal(view, 0, 3)).toEqual({ start: 0, end: 3 });
  });
});
