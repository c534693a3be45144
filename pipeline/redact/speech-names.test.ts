import { describe, expect, it } from 'vitest';
import { jaRedactor } from './testing/ja-redactor.js';

const redact = jaRedactor();

describe('person names in speech by what is said of the person', () => {
  it.each([
    ['a katakana word after someone who came from abroad, through a role word', 'タイから来てるバイトのアニタが、よく気がつくんです。', 'タイから来てるバイトの[PERSON]が、よく気がつくんです。'],
    ['a short name kuromoji knows as a word, after someone who came from abroad', 'フィリピンから来たリンと、もう一人。', 'フィリピンから来た[PERSON]と、もう一人。'],
    ['a short name kuromoji knows, with an honorific, after someone who came from abroad', 'フィリピンから来たアナさんが、一番頑張ってる。', 'フィリピンから来た[PERSON]さんが、一番頑張ってる。'],
    ['a proper noun after a role at work and の', '店長のラジは、いつも最後まで残ってる。', '店長の[PERSON]は、いつも最後まで残ってる。'],
    ['a short word kuromoji knows, named with an honorific as a person', 'ネパールから来た留学生で、ランさんっていう子がいる。', 'ネパールから来た留学生で、[PERSON]さんっていう子がいる。'],
    ['a foreign name introduced as a person', 'うちの部にエミリアって、ローマから来た人がいて。', 'うちの部に[PERSON]って、ローマから来た人がいて。'],
    ['a foreign name as the subject of a verb said of people', 'それでセバスチャンが言うには、来月で辞めるって。', 'それで[PERSON]が言うには、来月で辞めるって。'],
    ['a katakana word kuromoji does not know, before a verb said only of people', '翌年、ベルトラッツォが率いる一団が港に着いた。', '翌年、[PERSON]が率いる一団が港に着いた。'],
    ['a one-kanji given name kuromoji reads as a word, at the start of a sentence, before a life event', '颯が来年から小学生になるので、時短を続けたい。', '[PERSON]が来年から小学生になるので、時短を続けたい。'],
    ['a given name kuromoji reads as a word, after a kin word, before a life event', '妹の光が春に結婚するんです。', '妹の[PERSON]が春に結婚するんです。'],
    ['a two-kanji given name said with someone', 'でも、千春と一緒に辞めるのは違うかなって。', 'でも、[PERSON]と一緒に辞めるのは違うかなって。'],
    ['given names kuromoji reads as words, joined to the speaker by と as one subject', '週末は、湊と私で公園に行く。店は私と翼が回してる。', '週末は、[PERSON]と私で公園に行く。店は私と[PERSON]が回してる。'],
    ['a given name kuromoji reads as a place, at a clause\'s start, before what a person does', '兄の代わりに、拓実が、店を手伝ってくれてる。', '兄の代わりに、[PERSON]が、店を手伝ってくれてる。'],
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
    ['a word before a verb, then a life event', '桜が散る頃に結婚しました。'],
    ['an action noun not after a person word', '将来に希望が持てなくて、転職を考えてます。'],
    ['people in general', '仲間と一緒に頑張ってきた。'],
    ['an animal, a dream and work beside the speaker', '猫と私で暮らしてる。夢と私の間に。仕事と私で迷ってる。'],
    ['a town (a surname in ENAMDICT too) before what a person does', '鈴鹿は、手伝いに来てくれる人が多い。'],
    ['roles and kin called with an honorific', 'ヘルパーさんっていう人が来て、ママさんっていう人も。'],
  ])('leaves %s', (_what, text) => {
    expect(redact(text)).toBe(text);
  });
});
