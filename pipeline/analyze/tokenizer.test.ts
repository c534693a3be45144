import { describe, expect, it } from 'vitest';
import { boundedTokenizer, loadJapaneseTokenizer, MAX_PIECE, tokenizerPieces, type JaTokenizer } from './tokenizer.js';

describe('loadJapaneseTokenizer', () => {
  it('builds one tokenizer per process and tokenizes with IPADIC features', async () => {
    const [a, b] = await Promise.all([loadJapaneseTokenizer(), loadJapaneseTokenizer()]);
    expect(a).toBe(b);
    expect(a.tokenize('転職を考えた').map((t) => [t.surface_form, t.pos, t.basic_form])).toEqual([
      ['転職', '名詞', '転職'],
      ['を', '助詞', 'を'],
      ['考え', '動詞', '考える'],
      ['た', '助動詞', 'た'],
    ]);
  });
});

describe('tokenizerPieces', () => {
  const tiles = (text: string, pieces: ReadonlyArray<readonly [number, number]>): boolean =>
    pieces.length > 0 && pieces[0]?.[0] === 0 && pieces.at(-1)?.[1] === text.length && pieces.every(([from, to], k) => to > from && (k === 0 || pieces[k - 1]?.[1] === from));

  it('leaves a segment of ordinary speech whole', () => {
    const text = 'えっと、先月から残業が続いていて、正直ちょっと疲れてます。転職も少し考えてます。';
    expect(tokenizerPieces(text)).toEqual([[0, text.length]]);
  });

  it('cuts a long monologue after sentence ends, each piece at most MAX_PIECE long', () => {
    const sentence = '営業所の人が減って、毎週のように土曜も出ることになってしまいました。';
    const text = sentence.repeat(200);
    const pieces = tokenizerPieces(text);
    expect(tiles(text, pieces)).toBe(true);
    expect(pieces.length).toBeGreaterThan(1);
    for (const [from, to] of pieces) {
      expect(to - from).toBeLessThanOrEqual(MAX_PIECE);
      expect(text.slice(from, to).endsWith('。')).toBe(true);
    }
  });

  it('cuts a monologue without punctuation where a word starts after hiragana, not inside a word', () => {
    const text = 'それで仕事がうまくいかなくて毎日つらいと思っていてスタッフの人にも言えなくて'.repeat(120);
    const pieces = tokenizerPieces(text);
    expect(tiles(text, pieces)).toBe(true);
    expect(pieces.length).toBeGreaterThan(1);
    for (const [from] of pieces.slice(1)) {
      expect(text[from - 1]).toMatch(/\p{Script=Hiragana}/u);
      expect(text[from]).toMatch(/[\p{Script=Han}\p{Script=Katakana}]/u);
    }
  });

  it.each([
    ['katakana', 'ア'.repeat(10_000)],
    ['small kana', 'ぁ'.repeat(10_000)],
    ['katakana and ・', 'ア・'.repeat(5_000)],
    ['kanji numerals', '〇三'.repeat(5_000)],
    ['digits', '7'.repeat(10_000)],
    ['symbols', '★'.repeat(10_000)],
    ['Cyrillic', 'д'.repeat(10_000)],
    ['iteration marks', '々'.repeat(10_000)],
    ['Suzhou numerals', '〡'.repeat(10_000)],
  ])('cuts a run of %s so that no piece holds more than 64 of it', (_kind, text) => {
    const pieces = tokenizerPieces(text);
    expect(tiles(text, pieces)).toBe(true);
    expect(Math.max(...pieces.map(([from, to]) => to - from))).toBeLessThanOrEqual(64);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = '😀'.repeat(3_000);
    const pieces = tokenizerPieces(text);
    expect(tiles(text, pieces)).toBe(true);
    for (const [from] of pieces) expect(text.codePointAt(from)).toBe(0x1f600);
  });
});

describe('boundedTokenizer', () => {
  /** One token per character, so what the inner tokenizer was given can be read back. */
  const calls: string[] = [];
  const perChar: JaTokenizer = {
    tokenize(text) {
      calls.push(text);
      return [...text].map((ch, k) => ({ surface_form: ch, word_position: k + 1, pos: '記号', pos_detail_1: '一般', pos_detail_2: '*', pos_detail_3: '*', conjugated_form: '*', basic_form: ch, word_type: 'UNKNOWN' }));
    },
  };

  it('hands a short text through in one call and a long run in pieces, shifting word_position', () => {
    calls.length = 0;
    const bounded = boundedTokenizer(perChar);
    expect(bounded.tokenize('はい。').map((t) => t.surface_form)).toEqual(['は', 'い', '。']);
    expect(calls).toEqual(['はい。']);
    const text = 'カ'.repeat(200);
    const tokens = bounded.tokenize(text);
    expect(calls.length).toBe(1 + Math.ceil(200 / 64));
    expect(tokens.map((t) => t.word_position)).toEqual(Array.from({ length: 200 }, (_, k) => k + 1));
  });

  it('tokenizes a hostile katakana segment with kuromoji into pieces of the text, none a run longer than 64', async () => {
    const tokenizer = await loadJapaneseTokenizer();
    const text = `昨日、${'パ'.repeat(50_000)}って言われました。`;
    const tokens = tokenizer.tokenize(text);
    expect(tokens.map((t) => t.surface_form).join('')).toBe(text);
    expect(Math.max(...tokens.map((t) => t.surface_form.length))).toBeLessThanOrEqual(64);
    for (const t of tokens) expect(text.slice(t.word_position - 1, t.word_position - 1 + t.surface_form.length)).toBe(t.surface_form);
  });

  it('tokenizes text with a NUL or half a surrogate pair (kuromoji throws on both), every surface a piece of the text', async () => {
    const tokenizer = await loadJapaneseTokenizer();
    for (const text of ['株式会社\u0000ミナト', '佐藤\uD83Dさんと😀鈴木さん', '\uD800\uD800', '末尾\uD83D']) {
      const tokens = tokenizer.tokenize(text);
      expect(tokens.map((t) => t.surface_form).join('')).toBe(text);
    }
    // the words beside the junk are read as without it
    const surfaces = tokenizer.tokenize('佐藤\uD83Dさん').map((t) => t.surface_form);
    expect(surfaces).toContain('佐藤');
    expect(surfaces).toContain('さん');
  });
});
