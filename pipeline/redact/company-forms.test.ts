import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { companyShortForms, firstMorae, longVowelSpelling } from './company-forms.js';
import { apply, detect, type RedactContext } from './redact.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

describe('company short forms', () => {
  it('clips a katakana word to its first morae, dropping a long vowel left at the end', () => {
    expect(firstMorae('テクノロジーズ', 2)).toBe('テク');
    expect(firstMorae('フォージ', 2)).toBe('フォ');
    expect(firstMorae('キュウシュウ', 2)).toBe('キュウ');
    expect(longVowelSpelling('キュウハウ')).toBe('キューハウ');
    expect(longVowelSpelling('トウカイ')).toBe('トーカイ');
    expect(longVowelSpelling('サクラ')).toBe('サクラ');
  });

  it('derives the first word, its reading, the clipped compound and the kind said short', () => {
    const hokuto = companyShortForms('北斗電設', tokenizer);
    expect(hokuto.ja).toContain('ホクト');
    expect(hokuto.romaji).toContain('hokuto');
    // a common noun in kanji is said as that word: only its reading stands for the company
    expect(hokuto.ja).not.toContain('北斗');
    expect(companyShortForms('博多テクノロジーズ', tokenizer).ja).toContain('ハカテク');
    expect(companyShortForms('ジェイ・エアサービス', tokenizer).ja).toContain('ジェイエア');
    expect(companyShortForms('瑞浪銀行', tokenizer).ja).toEqual(expect.arrayContaining(['瑞浪銀', 'みずなみ銀', 'ミズナミ']));
  });

  it('keeps places in kanji and everyday kana words out', () => {
    const hakata = companyShortForms('博多テクノロジーズ', tokenizer);
    expect(hakata.ja).not.toContain('博多');
    expect(companyShortForms('ひまわり生命保険', tokenizer).ja).not.toContain('ひまわり');
    expect(companyShortForms('ブルースカイ', tokenizer).ja).toEqual(['ブルスカ']);
    // ー spelling that makes an everyday word (中部 → チューブ) is not added
    expect(companyShortForms('中部モーター', tokenizer).ja).not.toContain('チューブ');
    expect(companyShortForms('九重ホテルズ', tokenizer).ja).toEqual([]);
  });

  it('drops a place the name ends in, and names a town office by its town', () => {
    expect(companyShortForms('ひだまりサポート福岡', tokenizer).ja).toContain('ひだまりサポート');
    expect(companyShortForms('宮崎町役場', tokenizer).municipal).toEqual(['宮崎町']);
    expect(companyShortForms('北斗電設', tokenizer).municipal).toEqual([]);
    const ctx: RedactContext = { language: 'ja', speakerNames: [], tokenizer, companyName: '鷺沼市役所' };
    const text = '鷺沼市の職員です。前は鷺沼市立の中学校で、鷺沼に住んでます。';
    expect(apply(text, detect(text, ctx))).toBe('[ORG]の職員です。前は[ORG]立の中学校で、鷺沼に住んでます。');
  });

  it('says a Latin name of several words by its first word when that is no English word', () => {
    const redactAs = (companyName: string, text: string): string => apply(text, detect(text, { language: 'en', speakerNames: [], tokenizer, companyName }));
    expect(redactAs('Veltrano Data Japan K.K.', 'Veltrano pays well, and Veltrano Japan is small.')).toBe('[ORG] pays well, and [ORG] is small.');
    expect(redactAs('Global Data Inc.', 'It is a global company, Global in name.')).toBe('It is a global company, Global in name.');
  });

  it('clips a surname kuromoji reads one way by its dictionary readings too, keeping a long vowel of the second word', () => {
    // kuromoji reads 東海林 as ショウジ; ENAMDICT also has トウカイリン: both clip (ショウ+ソー, トウ+ソー)
    const forms = companyShortForms('東海林ソーラー', tokenizer).ja;
    expect(forms).toEqual(expect.arrayContaining(['ショウソー', 'トウソー']));
    const ctx: RedactContext = { language: 'ja', speakerNames: [], tokenizer, companyName: '株式会社東海林ソーラー' };
    expect(apply('社内ではトウソーって呼んでて、トウソーラインとは別です。', detect('社内ではトウソーって呼んでて、トウソーラインとは別です。', ctx))).toBe('社内では[ORG]って呼んでて、トウソーラインとは別です。');
    // a common word in katakana is never a form
    expect(companyShortForms('ブルースカイ', tokenizer).ja).toEqual(['ブルスカ']);
  });

  it('redacts the derived forms as the company, as whole words only', () => {
    const ctx: RedactContext = { language: 'ja', speakerNames: [], tokenizer, companyName: '株式会社北斗電設' };
    const redact = (text: string): string => apply(text, detect(text, ctx));
    expect(redact('ホクトは古い会社ですけど、好きなんです。')).toBe('[ORG]は古い会社ですけど、好きなんです。');
    expect(redact('ホクデンに入って十年です。')).toBe('[ORG]に入って十年です。');
    expect(redact('北斗七星が見えた。ホクトークっていうアプリ。')).toBe('北斗七星が見えた。ホクトークっていうアプリ。');
  });
});

describe('a company said without the town its name starts with (issue 13, redact14)', () => {
  it('an attacker cannot learn the company from the rest of its name, said alone', () => {
    expect(companyShortForms('仙台ソラテック', tokenizer).ja).toContain('ソラテック');
    const ctx: RedactContext = { language: 'ja', speakerNames: [], companyName: '株式会社仙台ソラテック', tokenizer };
    const text = '会社はみんなソラテックって呼んでます。';
    expect(apply(text, detect(text, ctx))).toBe('会社はみんな[ORG]って呼んでます。');
  });

  it('keeps the rest when it is one everyday word or a kanji kind', () => {
    expect(companyShortForms('大阪ガス', tokenizer).ja).not.toContain('ガス');
    expect(companyShortForms('山陰昇降機サービス', tokenizer).ja).not.toContain('昇降機サービス');
    expect(companyShortForms('名古屋テレビ放送', tokenizer).ja).not.toContain('テレビ放送');
    expect(companyShortForms('博多テクノロジーズ', tokenizer).ja).not.toContain('テクノロジーズ');
  });
});
