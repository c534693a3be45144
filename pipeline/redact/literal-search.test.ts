import { describe, expect, it } from 'vitest';
import { escapeRegExp, findLiterals, literalSet } from './literal-search.js';

/** What the session's names were found with before: one alternation, longest first. */
function byRegex(strings: readonly string[], text: string): Array<{ start: number; end: number }> {
  const alternatives = [...strings].sort((a, b) => b.length - a.length).map((n) => (/^[A-Za-z]/u.test(n) ? `(?<![A-Za-z])${escapeRegExp(n)}(?![A-Za-z])` : escapeRegExp(n)));
  return [...text.matchAll(new RegExp(alternatives.join('|'), 'gu'))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const find = (strings: readonly string[], text: string) => findLiterals(literalSet(strings, { latinWholeWords: true }), text);

describe('findLiterals', () => {
  it('takes the longest string at the leftmost place and goes on after it', () => {
    const text = '山田太郎と山田と太郎、山田花子';
    expect(find(['山田', '山田太郎', '太郎'], text)).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 7 },
      { start: 8, end: 10 },
      { start: 11, end: 13 },
    ]);
  });

  it('matches a Latin name only as a whole word, falling back to a shorter one that is', () => {
    expect(find(['Ann', 'Anna'], 'Annabel met Anna and Ann; Annie')).toEqual([
      { start: 12, end: 16 },
      { start: 21, end: 24 },
    ]);
    // a kana or kanji name needs no word boundary
    expect(find(['ユイ'], 'ユイユイ')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  it('finds names with surrogate pairs and never starts inside one', () => {
    expect(find(['𠮷田'], '𠮷田さんと𠮷田')).toEqual([
      { start: 0, end: 3 },
      { start: 6, end: 9 },
    ]);
    expect(find(['\uDFB7'], '𠮷')).toEqual([]);
  });

  it('finds what the longest-first alternation found, on random texts and name sets', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const chars = [...'山田太郎花子アンナAnaBbn 、。𠮷'];
    const word = (max: number): string => Array.from({ length: 1 + Math.floor(next() * max) }, () => chars[Math.floor(next() * chars.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const names = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => word(4).trim()).filter((n) => n !== '' && !/^\uDFB7/u.test(n)))];
      const text = word(60);
      expect(find(names, text), `${JSON.stringify(names)} in ${JSON.stringify(text)}`).toEqual(byRegex(names, text));
    }
  });

  it('finds 5,000 different names in a long text without trying each at every place', () => {
    const names = Array.from({ length: 5_000 }, (_, k) => `Qx${k.toString(36)}z`);
    const text = names.map((n) => `Mr. ${n}, `).join('');
    const found = find(names, text);
    expect(found).toHaveLength(5_000);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(names);
  });
});
