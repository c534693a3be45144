import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { findLeaks, foldForLeaks, piiParts } from './leaks.js';

const parts = (s: string): string[] => piiParts(s).map((p) => p.text);

describe('piiParts', () => {
  it('splits a full name, a katakana name and a messaging id into the pieces that identify', () => {
    expect(parts('山田 花子')).toEqual(['山田', '花子']);
    expect(parts('山田　花子')).toEqual(['山田', '花子']);
    expect(parts('ジョン・スミス')).toEqual(['ジョン', 'スミス']);
    expect(parts('Linda Park')).toEqual(['Linda', 'Park']);
    expect(parts('kondo_t88')).toEqual(['kondo']);
    expect(parts('sato.hikaru-1986')).toEqual(['sato', 'hikaru', '1986']);
  });

  it('keeps one-kanji pieces, short Latin pieces, legal forms and everyday words out', () => {
    expect(parts('林 美咲')).toEqual(['美咲']);
    expect(parts('Al Brown')).toEqual(['Brown']);
    expect(parts('Whitmore Consulting Group')).toEqual(['Whitmore']);
    expect(parts('University of Leeds')).toEqual(['Leeds']);
    expect(parts('Ledgerly Inc.')).toEqual(['Ledgerly']);
  });

  it('keeps honorifics and titles out: the name is the part', () => {
    expect(parts('Okabe-san')).toEqual(['Okabe']);
    expect(parts('Mrs Hallorann')).toEqual(['Hallorann']);
    expect(parts('Hiro-kun')).toEqual(['Hiro']);
  });

  it('takes every group of three or more digits of a number but a leading code, also said in kanji digits', () => {
    expect(parts('090-4418-2276')).toEqual(['4418', '2276']);
    expect(parts('(415) 555-0193')).toEqual(['555', '0193']);
    expect(parts('+81 3-5412-8890')).toEqual(['5412', '8890']);
    expect(parts('〒662-0832')).toEqual(['662', '0832']);
    expect(parts('KZ-7731904')).toEqual(['7731904']);
    expect(parts('〇三の五五四一の二二〇八')).toEqual(['5541', '2208']);
  });

  it('takes an e-mail’s local part and its pieces, written or said', () => {
    expect(parts('dan.brooks88@gmail.com')).toEqual(['dan.brooks88', 'dan', 'brooks']);
    expect(parts('k.ota@example.co.jp')).toEqual(['k.ota', 'ota']);
    expect(parts('j dot smith at acme-corp dot com')).toEqual(['j.smith', 'smith']);
    expect(parts('yamada アットマーク gmail ドット com')).toEqual(['yamada']);
  });

  it('gives no parts to a string without separators, a URL, an address or a date', () => {
    expect(parts('山田')).toEqual([]);
    expect(parts('株式会社エスエス商事')).toEqual([]);
    expect(parts('https://www.example-school.jp/python-basic')).toEqual([]);
    expect(parts('東京都港区芝浦3-9-1')).toEqual([]);
    expect(parts('1985年4月12日')).toEqual([]);
  });
});

describe('foldForLeaks', () => {
  it('writes runs of kanji digits and full-width forms as digits, not single or positional numerals', () => {
    expect(foldForLeaks('〇九〇の１２３４')).toBe('090の1234');
    expect(foldForLeaks('一緒に四十一年')).toBe('一緒に四十一年');
  });
});

describe('findLeaks', () => {
  it('finds pii strings in any redacted text, also after NFKC, each once', () => {
    expect(findLeaks(['山田', '０９０－１２３４', '佐藤', '山田'], ['[PERSON]さんと', '電話は090-1234', '佐藤です'])).toEqual([{ text: '０９０－１２３４' }, { text: '佐藤' }]);
  });

  // Attacks: a redactor that removes only half of a string must not be scored as redacting it.
  it('counts a full name as leaked when its surname survives, and names the part', () => {
    expect(findLeaks(['山田 花子'], ['[PERSON] 花子さんが'])).toEqual([{ text: '山田 花子', part: '花子' }]);
    expect(findLeaks(['山田 花子'], ['山田さんが'])).toEqual([{ text: '山田 花子', part: '山田' }]);
    expect(findLeaks(['Linda Park'], ['I asked [PERSON] Park'])).toEqual([{ text: 'Linda Park', part: 'Park' }]);
  });

  it('counts a messaging id whose surname survives, in any case', () => {
    expect(findLeaks(['kondo_t88'], ['LINEは kondo_[ID] です'])).toEqual([{ text: 'kondo_t88', part: 'kondo' }]);
    expect(findLeaks(['kondo_t88'], ['Kondo said'])).toEqual([{ text: 'kondo_t88', part: 'kondo' }]);
  });

  it('counts a phone number of which one group of digits survives, also in kanji digits', () => {
    expect(findLeaks(['090-4418-2276'], ['番号は[PHONE]-2276です'])).toEqual([{ text: '090-4418-2276', part: '2276' }]);
    expect(findLeaks(['〇三の五五四一の二二〇八'], ['〇三の[PHONE]の二二〇八'])).toEqual([{ text: '〇三の五五四一の二二〇八', part: '2208' }]);
  });

  it('counts an e-mail whose local part survives', () => {
    expect(findLeaks(['dan.brooks88@gmail.com'], ['write to dan.brooks88@[EMAIL]'])).toEqual([{ text: 'dan.brooks88@gmail.com', part: 'dan.brooks88' }]);
    expect(findLeaks(['j dot smith at acme-corp dot com'], ['it is j dot smith at [ORG]'])).toEqual([{ text: 'j dot smith at acme-corp dot com', part: 'smith' }]);
  });

  it('does not count a part inside another word or number, or an everyday word', () => {
    const texts = ['ダンスの後で 22760 件、090-[PHONE]', 'Dance with care', 'the park', 'Consulting Group', '[PERSON]さん'];
    expect(findLeaks(['Dan Okafor', '090-4418-2276', 'Sakura Care Services', 'Linda Park', 'Whitmore Consulting Group', '山田 花子'], texts)).toEqual([]);
  });

  describe('with kuromoji', () => {
    let tokenizer: JaTokenizer;
    beforeAll(async () => {
      tokenizer = await loadJapaneseTokenizer();
    });

    it('does not count an id label or a part made of common nouns as identifying', () => {
      expect(findLeaks(['社員番号H-20417'], ['あー、社員番号[ID]で'], tokenizer)).toEqual([]);
      expect(findLeaks(['会員番号 AB-3391'], ['会員番号は[ID]です'])).toEqual([]);
      expect(findLeaks(['営業部・山田'], ['営業部の[PERSON]'], tokenizer)).toEqual([]);
    });

    // Attacks: a surname kuromoji reads as common nouns, a given name, a katakana brand.
    it('still counts a name part, also one kuromoji splits into common nouns', () => {
      expect(findLeaks(['栗山 千尋'], ['栗山さんが'], tokenizer)).toEqual([{ text: '栗山 千尋', part: '栗山' }]);
      expect(findLeaks(['山田 花子'], ['[PERSON] 花子さんが'], tokenizer)).toEqual([{ text: '山田 花子', part: '花子' }]);
      expect(findLeaks(['ブライト・キャリア'], ['ブライトさん'], tokenizer)).toEqual([{ text: 'ブライト・キャリア', part: 'ブライト' }]);
    });
  });
});
