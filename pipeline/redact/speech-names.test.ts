import { describe, expect, it } from 'vitest';
import { jaRedactor } from './testing/ja-redactor.js';

const redact = jaRedactor();

describe('person names in speech by what is said of the person', () => {
  it.each([
    ['a katakana word after someone who came from abroad, through a role word', 'タイから来てるバイトのアニタが、よく気がつくんです。', 'タイから来てるバイトの[PERSON]が、よく気がつくんです。'],
    ['a short name kuromoji knows as a word, after someone who came from abroad', 'フィリピンから来たリンと、もう一人。', 'フィリピンから来た[PERSON]と、もう一人。'],
    ['a proper noun after a role at work and の', '店長のラジは、いつも最後まで残ってる。', '店長の[PERSON]は、いつも最後まで残ってる。'],
    ['a foreign name introduced as a person', 'うちの部にエミリアって、ローマから来た人がいて。', 'うちの部に[PERSON]って、ローマから来た人がいて。'],
    ['a foreign name as the subject of a verb said of people', 'それでセバスチャンが言うには、来月で辞めるって。', 'それで[PERSON]が言うには、来月で辞めるって。'],
    ['a katakana word kuromoji does not know, before a verb said only of people', '翌年、ベルトラッツォが率いる一団が港に着いた。', '翌年、[PERSON]が率いる一団が港に着いた。'],
  ])('%s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['loanwords kuromoji knows after came from', '本社から来たメールに、スタッフが返事をした。'],
    ['a loanword that sounds like an English word, as a subject', 'エクセルが言うことを聞かなくて、フリーズした。'],
    ['a word glued to a noun before it', 'アイドルの海外ファンが来てた。'],
    ['a product after a department and の', '営業のツールが古くて。'],
    ['an unknown word before 言わば (so to speak)', 'ポムポリンは言わば看板商品です。'],
    ['an unknown word before a verb said of things too', 'ポムポリンが来月また来るらしい。'],
  ])('leaves %s', (_what, text) => {
    expect(redact(text)).toBe(text);
  });
});
