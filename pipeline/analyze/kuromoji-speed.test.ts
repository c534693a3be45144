import { beforeAll, describe, expect, it } from 'vitest';
import { speedUpKuromoji } from './kuromoji-speed.js';
import { buildKuromoji, type JaTokenizer } from './tokenizer.js';

/** The library's tokens, or the library's failure, for one text. */
function outcome(tokenizer: JaTokenizer, text: string): unknown {
  try {
    return tokenizer.tokenize(text);
  } catch (err) {
    return { threw: err instanceof Error ? err.constructor.name : typeof err };
  }
}

/** A small seeded generator (mulberry32), so a failure names a text that can be rebuilt. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだでどばびぶべぼぱっゃゅょー',
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダデドバビブベボパッャュョー・',
  '日本語会社員仕事転職相談上司部下評価給料残業育児介護健康睡眠東京大阪田中佐藤鈴木高橋山本花子太郎翔陽向々〇一二三四五六七八九十百千万',
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789０１２３４５ＡＢＣｱｲｳ',
  '、。！？「」『』（）…—〜♪★☆→ \t\n.,!?@#%&*()[]',
  '😀🍣𠮷𩸽𝐀👨‍👩‍👧ﾞﾟ゙゚',
];

function randomText(next: () => number, length: number): string {
  let out = '';
  let alphabet = [...(ALPHABETS[0] as string)];
  for (let i = 0; i < length; i++) {
    // runs of one kind, as speech has them, with switches between kinds
    if (next() < 0.15) alphabet = [...(ALPHABETS[Math.floor(next() * ALPHABETS.length)] as string)];
    out += alphabet[Math.floor(next() * alphabet.length)];
  }
  return out;
}

describe('speedUpKuromoji: the same tokens as kuromoji as shipped', () => {
  let stock: JaTokenizer;
  let fast: JaTokenizer;
  beforeAll(async () => {
    stock = await buildKuromoji();
    // a second instance: the speed-up changes the instance it is given, never the library
    fast = speedUpKuromoji(await buildKuromoji());
  }, 60_000);

  it('on speech: known words, names, unknown katakana, numbers, Latin and symbols, field for field', () => {
    const texts = [
      'えーと、来月から部署が変わるんですけど、正直ちょっと不安で。',
      '上司の佐々木さんとはあんまり話せてなくて、評価面談も三か月ないです。',
      'リモートワークのツールがスラックからチームズに変わって、ハドルミーティングが増えました。',
      'TOEICは７８０点で、Pythonの勉強を週３回、夜10時から。',
      '娘の保育園のお迎えが18:30なんで、残業はほぼ無理っすね…。',
      '「転職しようかな」って思ったこと？まあ、ないと言えば嘘になります（笑）',
      'ＡＢＣ株式会社の第２営業部・東日本チーム、課長代理です。',
      '',
      ' ',
      '。。。',
    ];
    for (const text of texts) expect(outcome(fast, text), text).toEqual(outcome(stock, text));
  });

  it('on characters outside the basic plane: surrogate pairs inside words, at the start and alone', () => {
    const texts = ['𠮷野家で𩸽を食べました😀', '😀😀😀ですね', '𝐀𝐁𝐂 corp', 'これは\uD83Dだけ', '\uDE00で始まる', '末尾が\uD83D', 'ゼロ\u0000バイト'];
    for (const text of texts) expect(outcome(fast, text), JSON.stringify(text)).toEqual(outcome(stock, text));
  });

  it('on 400 random texts mixing kana, kanji, Latin, digits, symbols and emoji in runs', () => {
    const next = random(20261207);
    for (let i = 0; i < 400; i++) {
      const text = randomText(next, 1 + Math.floor(next() * 120));
      expect(outcome(fast, text), `text ${i}: ${JSON.stringify(text)}`).toEqual(outcome(stock, text));
    }
  });

  it('on long runs of one kind, where the library reads one unknown word', () => {
    for (const text of ['ア'.repeat(300), '1'.repeat(300), 'x'.repeat(300), '・'.repeat(200), `${'あ'.repeat(150)}。${'漢'.repeat(150)}`]) {
      expect(outcome(fast, text)).toEqual(outcome(stock, text));
    }
  });
});
