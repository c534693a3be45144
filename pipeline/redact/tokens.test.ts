import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, positionTokens, type JaTokenizer, type TokenizedText } from '../analyze/tokenizer.js';
import type { Segment } from '../schemas.js';
import { normalizedView } from './normalize.js';
import { redactSegments, type RedactContext } from './redact.js';
import { redactTokens } from './tokens.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

const PLACEHOLDER = /\[(?:PERSON|ORG|EMAIL|PHONE|ADDRESS|ID|URL|DATE)\]/g;

/** The privacy invariants: every token is a piece of the redacted text, none reaches into a
 * placeholder, and together they cover everything else but whitespace. */
function checkInvariants(t: TokenizedText): void {
  const placeholders = [...t.text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const covered = new Uint8Array(t.text.length);
  for (const { token, start, end } of t.tokens) {
    expect(t.text.slice(start, end)).toBe(token.surface_form);
    expect(placeholders.some((p) => start < p.end && end > p.start)).toBe(false);
    covered.fill(1, start, end);
  }
  for (const p of placeholders) covered.fill(1, p.start, p.end);
  const uncovered = [...t.text].filter((c, i) => covered[i] === 0 && !/\s/u.test(c));
  expect(uncovered).toEqual([]);
}

describe('redactTokens', () => {
  const ctx = (): RedactContext => ({ language: 'ja', speakerNames: ['山田 花子'], companyName: '株式会社サンプル', tokenizer });

  it.each([
    '上司の佐藤部長に、山田さんの件で０９０－１２３４－５６７８から電話しました。',
    '株式会社サンプルの人事、hanako@example.co.jp、〒100-0005 東京都千代田区丸の内1-2-3。',
    '北斗製鋼さんの案件を、鈴木一郎が引き継ぎました。ｶﾞｽ会社の㈱ミライにも。',
    '転職は考えていません。',
  ])('keeps only tokens of the redacted text: %s', (text) => {
    const segment: Segment = { start: 0, end: 1, speaker: '山田 花子', role: 'client', text };
    const r = redactSegments([segment], ctx());
    const t = r.tokens[0];
    expect(t).not.toBeNull();
    if (!t) return;
    expect(t.text).toBe((r.segments[0] as Segment).text.normalize('NFKC'));
    checkInvariants(t);
  });

  it('shifts kept tokens, drops the ones a span touched and tokenizes the gap beside it', () => {
    const view = normalizedView('佐藤部長さんと話した');
    const tokens = positionTokens(tokenizer, view.text);
    // A span covering 佐藤部 (part of the token 部長): 部長 is dropped, 長 is tokenized again.
    const out = redactTokens(view, tokens, [{ start: 0, end: 3, kind: 'PERSON', source: 'test' }], tokenizer);
    expect(out.text).toBe('[PERSON]長さんと話した');
    expect(out.tokens.map((t) => [t.token.surface_form, t.start, t.end])).toEqual([
      ['長', 8, 9],
      ['さん', 9, 11],
      ['と', 11, 12],
      ['話し', 12, 14],
      ['た', 14, 15],
    ]);
    checkInvariants(out);
  });

  it('returns the tokens unchanged when nothing was redacted', () => {
    const view = normalizedView('転職を考えた');
    const tokens = positionTokens(tokenizer, view.text);
    expect(redactTokens(view, tokens, [], tokenizer)).toEqual({ text: '転職を考えた', tokens });
  });

  it('gives English sessions no tokens (analysis tokenizes English itself)', () => {
    const r = redactSegments([{ start: 0, end: 1, speaker: 'A', role: 'client', text: 'I talked to Linda.' }], { language: 'en', speakerNames: [], tokenizer });
    expect(r.tokens).toEqual([null]);
  });
});
