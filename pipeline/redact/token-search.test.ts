import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, positionTokens, type JaTokenizer, type PositionedToken } from '../analyze/tokenizer.js';
import { tokenAt, tokenCovering, tokenEndingAt, tokensIn } from './token-search.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

describe('token search by offset', () => {
  it('finds the token starting at, holding, or ending at an offset, as a scan would', () => {
    const text = '妻の いうことは 正しい。';
    const tokens = positionTokens(tokenizer, text);
    for (let offset = 0; offset <= text.length + 1; offset++) {
      expect(tokenAt(tokens, offset)).toBe(tokens.findIndex((t) => t.start === offset));
      expect(tokenCovering(tokens, offset)).toBe(tokens.find((t) => t.start <= offset && t.end > offset));
      expect(tokenEndingAt(tokens, offset)).toBe(tokens.find((t) => t.end === offset));
      for (let end = offset; end <= text.length; end++) expect(tokensIn(tokens, { start: offset, end })).toEqual(tokens.filter((t) => t.start < end && t.end > offset));
    }
  });

  it('answers nothing on no tokens', () => {
    const none: PositionedToken[] = [];
    expect(tokenAt(none, 0)).toBe(-1);
    expect(tokenCovering(none, 0)).toBeUndefined();
    expect(tokenEndingAt(none, 0)).toBeUndefined();
    expect(tokensIn(none, { start: 0, end: 5 })).toEqual([]);
  });
});
