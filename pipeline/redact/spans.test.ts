import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { apply, mergeSpans, type Span } from './spans.js';

const span = (start: number, end: number, kind: Span['kind'], source = 'test'): Span => ({ start, end, kind, source });

describe('apply', () => {
  it('replaces spans with typed placeholders', () => {
    const text = '山田です。mail: a@b.jp';
    expect(apply(text, [span(0, 2, 'PERSON'), span(11, 17, 'EMAIL')])).toBe('[PERSON]です。mail: [EMAIL]');
  });

  it('returns the text unchanged without spans', () => {
    expect(apply('何もない', [])).toBe('何もない');
  });

  it('writes postal codes as [ADDRESS]', () => {
    expect(apply('〒100-0005', [span(0, 9, 'POSTAL')])).toBe('[ADDRESS]');
  });

  it('merges overlapping spans; the longest span decides the kind', () => {
    const text = 'taro.yamada@example.com';
    expect(apply(text, [span(5, 11, 'PERSON'), span(0, 23, 'EMAIL'), span(12, 23, 'URL')])).toBe('[EMAIL]');
  });

  it('merges touching spans of the same placeholder, not of different ones', () => {
    expect(apply('山田花子', [span(0, 2, 'PERSON'), span(2, 4, 'PERSON')])).toBe('[PERSON]');
    expect(apply('山田ABC', [span(0, 2, 'PERSON'), span(2, 5, 'ORG')])).toBe('[PERSON][ORG]');
  });

  it('rejects spans outside the text, empty or fractional', () => {
    expect(() => apply('abc', [span(1, 4, 'ID')])).toThrow(InputError);
    expect(() => apply('abc', [span(-1, 2, 'ID')])).toThrow(/outside the text/);
    expect(() => apply('abc', [span(2, 2, 'ID')])).toThrow(InputError);
    expect(() => apply('abc', [span(0.5, 2, 'ID')])).toThrow(InputError);
  });
});

describe('mergeSpans', () => {
  it('sorts, merges and joins sources', () => {
    expect(mergeSpans([span(10, 12, 'PERSON', 'b'), span(0, 4, 'PHONE', 'x'), span(2, 6, 'ID', 'y'), span(10, 12, 'PERSON', 'c')])).toEqual([
      { start: 0, end: 6, kind: 'PHONE', source: 'x+y' },
      { start: 10, end: 12, kind: 'PERSON', source: 'b+c' },
    ]);
  });

  it('breaks ties in length by kind rank (more specific first)', () => {
    expect(mergeSpans([span(0, 5, 'PERSON'), span(0, 5, 'ORG')])).toEqual([{ start: 0, end: 5, kind: 'ORG', source: 'test' }]);
  });
});
