import { describe, expect, it } from 'vitest';
import { foreignNameMatch, isForeignName, katakanaKey, latinKeys, soundsLikeEnglishWord } from './foreign-names.js';
import { jaRedactor } from './testing/ja-redactor.js';

describe('sound keys', () => {
  it.each([
    ['ゴルバチョフ', 'Gorbachov'],
    ['フェルナンド', 'Fernando'],
    ['ウィリアム', 'William'],
    ['ヴォルフガング', 'Wolfgang'],
    ['シャガール', 'Chagall'],
    ['ジョセフ', 'Joseph'],
    ['マリウス', 'Marius'],
    ['ローズ', 'Rose'],
  ])('%s sounds like %s', (kana, latin) => {
    expect(latinKeys(latin)).toContain(katakanaKey(kana));
  });

  it.each([
    ['フェルナンド', 'Fernanda'],
    ['マリウス', 'Maurice'],
    ['ジョセフ', 'Jessica'],
  ])('%s does not sound like %s', (kana, latin) => {
    expect(latinKeys(latin)).not.toContain(katakanaKey(kana));
  });

  it('drops what katakana adds: vowels after a lone consonant, long vowels, ッ, h', () => {
    expect(katakanaKey('スミス')).toBe(katakanaKey('スミッス'));
    expect(katakanaKey('ハリー')).toBe(katakanaKey('アリ'));
    expect(katakanaKey('ゴルバチョフ')).toBe('GoRBaCoF');
  });

  it('has no key for a word with other characters', () => {
    expect(katakanaKey('山田')).toBeNull();
    expect(katakanaKey('ジョン・スミス')).toBeNull();
    expect(latinKeys('A')).toEqual([]);
  });
});

describe('the name list (humannames)', () => {
  it.each(['フェルナンド', 'ジョセフ', 'ヴォルフガング', 'シャガール', 'アンセルモ', 'ドミニク', 'ラファエル'])('%s is a foreign name', (w) => {
    expect(isForeignName(w)).toBe(true);
    expect(foreignNameMatch(w)).toMatch(/^[A-Z]/u);
  });

  it.each(['エクセル', 'リモート', 'グループ', 'ユニクロ', 'ポケモン', 'アマゾン', 'ズーム', 'スラック', 'メルカリ', 'コメント', 'プロジェクト'])(
    '%s (a loanword or a brand) is not',
    (w) => {
      expect(isForeignName(w)).toBe(false);
    },
  );

  it('needs a key of four letters or more (レイ, サム match too many words)', () => {
    expect(isForeignName('サム')).toBe(false);
  });
});

describe('foreign names alone in speech (names.ts)', () => {
  const redact = jaRedactor();

  it.each([
    ['ジョセフが資料を送ってくれました。', '[PERSON]が資料を送ってくれました。'],
    ['フェルナンドと二人で担当しています。', '[PERSON]と二人で担当しています。'],
    ['アレクサンドルは来月帰国します。', '[PERSON]は来月帰国します。'],
    ['エリザベスと話しました。', '[PERSON]と話しました。'],
    ['ドミニクが手伝ってくれた。', '[PERSON]が手伝ってくれた。'],
  ])('redacts %s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    'エクセルが固まってしまって。',
    'ユニクロで買いました。',
    'リモートが増えて、通勤が減りました。',
    'ズームで面談しました。',
    'スラックで連絡が来ます。',
    'アマゾンで注文しました。',
    'メルカリに出品しました。',
    'グループで話し合いました。',
    // A word kuromoji knows is left to the other rules, though it sounds like a name (Maneja).
    'マネージャーが決めることです。',
  ])('leaves %s alone', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('katakana words that sound like English words', () => {
  it.each(['エクセル', 'フリーズ'])('%s is a loanword', (word) => {
    expect(soundsLikeEnglishWord(word)).toBe(true);
  });
  it.each(['オッペンハイマー', 'ポムポリン', 'ディズレーリ'])('%s is not', (word) => {
    expect(soundsLikeEnglishWord(word)).toBe(false);
  });
});
