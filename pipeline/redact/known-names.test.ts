/** Known names (manifest employee_name / consultant_name, company aliases) as attacks: the name
 * said every way a person or a transcriber might write it must not survive; everyday words that
 * share a reading or a character with it must. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { nameReadings, romajiPattern } from './known-names.js';
import { redactSegments, type RedactContext } from './redact.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
}, 60_000);

const redact = (text: string, ctx: Partial<RedactContext>) =>
  redactSegments([{ start: 0, end: 1, speaker: 'A', role: 'client', text }], { language: 'ja', speakerNames: [], tokenizer, ...ctx }).segments[0]!.text;

/** The attack: each line must come out without any of `secrets`. */
function expectGone(lines: string[], ctx: Partial<RedactContext>, secrets: RegExp) {
  for (const line of lines) expect(redact(line, ctx), line).not.toMatch(secrets);
}

describe('known person names', () => {
  const employee = { knownNames: ['佐藤 陽向'] };
  const SECRET = /佐藤|陽向|さとう|サトウ|ひなた|ヒナタ|sat[oōô]|hinata/iu;

  it('are redacted in kanji, kana, romaji (every Hepburn variant, either order, any case), whole or in parts', () => {
    expectGone(
      [
        '佐藤陽向と申します。',
        '佐藤 陽向です',
        'サトウ ヒナタです。サトウ・ヒナタ、ヒナタ、サトウヒナタ',
        'さとうひなたです',
        '陽向は来月から異動します。',
        'ひなたが言うには、',
        'My name is Hinata Satou.',
        'SATO Hinata / Satō Hinata / satoh hinata / Satoo-san / hinata',
        'HinataSato',
        'Hinata-san, Satō-san',
      ],
      employee,
      SECRET,
    );
  });

  it('leave words alone that merely contain a reading (サトウキビ) or a character (誠に)', () => {
    expect(redact('サトウキビ畑の話です。', employee)).toBe('サトウキビ畑の話です。');
    const makoto = { knownNames: ['山田 誠'] };
    expect(redact('林美紀さんと林業の話。', { knownNames: ['林 美紀'] })).toBe('[PERSON]さんと林業の話。');
    expect(redact('誠に申し訳ありません。', makoto)).toBe('誠に申し訳ありません。');
    // a reading after a particle letter that ends a kana word (どうで+しょう) is inside that word
    // A particle letter after kana is read as a particle: the name after でも or それで is
    // redacted, and so is しょう inside どうでしょう (over-redaction rather than a leak).
    expect(redact('でもひなたがまだ小さくて。それでひなたが泣いて。', { knownNames: ['佐藤 陽向'] })).toBe('でも[PERSON]がまだ小さくて。それで[PERSON]が泣いて。');
    expect(redact('翔が来るのは、それから。', { knownNames: ['菊田 翔'] })).toBe('[PERSON]が来るのは、それから。');
    expect(redact('しょうくんは元気です。', { knownNames: ['菊田 翔'] })).toBe('[PERSON]くんは元気です。');
    expect(redact('誠さんと山田誠とマコトさん、Makoto Yamada。', makoto)).not.toMatch(/誠|マコト|Makoto|Yamada|山田/u);
  });

  it('redact a part that is an everyday word (未来) only with an honorific or beside the other part', () => {
    const mirai = { knownNames: ['高橋 未来'] };
    expect(redact('未来のことを考えると不安です。', mirai)).toBe('未来のことを考えると不安です。');
    expectGone(['未来さんは元気です。', '高橋未来です。', 'ミライさん', 'Mirai Takahashi'], mirai, /未来|ミライ|Mirai|Takahashi|高橋/u);
  });

  it('take a given name that is also a classical adjective (ひろし: 広し) alone, and a short one before a calling phrase', () => {
    expectGone(['ひろしです。', 'で、ひろしが言ったんです', 'ヒロシ'], { knownNames: ['森田 ひろし'] }, /ひろし|ヒロシ/u);
    expect(redact('問題なしです。', { knownNames: ['森田 なし'] })).toBe('問題なしです。');
    const mai = { knownNames: ['岡 真衣'] };
    expectGone(['まいって呼ばれてます', 'みんなにマイと呼ばれて'], mai, /まい|マイ/u);
    // alone, a short reading is a word (まいにち, 毎): left
    expect(redact('まいにち忙しい。', mai)).toBe('まいにち忙しい。');
  });

  it('take a kanji name written without a space apart (kuromoji finds the surname), and readings from ENAMDICT', () => {
    expectGone(['陽翔が来ました。', 'はるとくん', 'Haruto', '近藤さん', 'Kondō'], { knownNames: ['近藤陽翔'] }, /陽翔|はると|Haruto|近藤|Kond/u);
    expect(nameReadings('陽翔', 'given', tokenizer)).toContain('はると');
  });

  it('take several spellings separated by | and names given in romaji or kana, also in English sessions', () => {
    expectGone(['Kenji said', 'kenji and ITO', 'ケンジさん', 'けんじ', '伊藤さん'], { knownNames: ['Kenji Ito|伊藤 健二'] }, /Kenji|ITO|ケンジ|けんじ|伊藤/iu);
    const en = { language: 'en' as const, knownNames: ['Emily Clark'] };
    expect(redact('emily told me Clark was late; Ms. Clark agreed.', en)).toBe('[PERSON] told me [PERSON] was late; Ms. [PERSON] agreed.');
  });

  it('need an honorific, a title or the other part for a short or everyday romaji part (Ai, mine)', () => {
    const ctx = { language: 'en' as const, knownNames: ['Ai Mine'] };
    // The platform wrote Mine capitalised: so it is redacted, but the everyday word is not.
    expect(redact('mine is the blue one. I said ai.', ctx)).toBe('mine is the blue one. I said ai.');
    expect(redact('Ai-san met Mr. Mine; Ai Mine left, ai mine.', ctx)).toBe('[PERSON]-san met Mr. [PERSON]; [PERSON] left, [PERSON].');
  });
});

describe('the company under its other spellings', () => {
  const company = { companyName: '株式会社山田製作所', companyAliases: ['ヤマセイ', 'Yamasei'] };

  it('is redacted as written, in its reading (kana, romaji with or without spaces) and under every alias', () => {
    expectGone(
      ['山田製作所に勤めて', 'やまだせいさくしょ', 'ヤマダセイサクショ', 'Yamada Seisakusho', 'yamada-seisakusho', 'YAMADASEISAKUSHO', 'ヤマセイの話', 'yamasei', 'YAMASEI'],
      company,
      /山田製作所|やまだ|ヤマダ|yamada|ヤマセイ|yamasei/iu,
    );
    expect(redact('ヤマセイの話', company)).toBe('[ORG]の話');
  });

  it('shortens a long katakana name only as an alias says (the first word alone stays otherwise)', () => {
    const long = { companyName: 'グローバルテックソリューションズ株式会社' };
    expect(redact('グローバルな視点で、グローバルテックソリューションズの話', long)).toBe('グローバルな視点で、[ORG]の話');
    const aliased = { ...long, companyAliases: ['グローバルテック', 'GlobalTech'] };
    expectGone(['グローバルテックの人', 'GlobalTech', 'Global Tech', 'globaltech'], aliased, /グローバルテック|global\s?tech/iu);
  });

  it('reads a romaji alias back into katakana', () => {
    expect(redact('ミナトの同期と', { companyName: '港システム株式会社', companyAliases: ['Minato'] })).toBe('[ORG]の同期と');
  });
});

describe('romajiPattern', () => {
  it('spells every Hepburn variant of long vowels and syllabic n', () => {
    const re = new RegExp(`^(?:${romajiPattern("shin'ichirou", ['capital', 'lower'])})$`, 'u');
    for (const s of ["Shin'ichirou", 'Shinichiro', 'Shinichirō', 'Shinichiroh', 'shinichiroo']) expect(s).toMatch(re);
    expect('SHINICHIRO').not.toMatch(re);
    expect('Homma').toMatch(new RegExp(`^(?:${romajiPattern('honma', ['capital'])})$`, 'u'));
    // A platform that writes the macron: the other spellings match too.
    expect('Oono').toMatch(new RegExp(`^(?:${romajiPattern('ōno', ['capital'])})$`, 'u'));
  });
});
