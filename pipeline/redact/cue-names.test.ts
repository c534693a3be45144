import { describe, expect, it } from 'vitest';
import { jaRedactor } from './testing/ja-redactor.js';

const redact = jaRedactor();

describe('names and workplaces by cues (issue 13, fifth pass)', () => {
  it.each([
    ['a kana given name kuromoji splits, after a peer word and の', '後輩のさやかは、来月から産休に入るんです。', '後輩の[PERSON]は、来月から産休に入るんです。'],
    ['a kana given name after a kin word and の', '従兄弟のゆうきが、同じ業界にいて。', '従兄弟の[PERSON]が、同じ業界にいて。'],
    ['a two-kana given name kuromoji reads as an interjection, after a kin word and の', '甥のそらが、春から野球を始めた。', '甥の[PERSON]が、春から野球を始めた。'],
    ['a kanji given name kuromoji reads as a common noun, after a spoken kin word', 'かみさんの和子が、もう少し休めって言うんです。', 'かみさんの[PERSON]が、もう少し休めって言うんです。'],
    ['a kana given name kuromoji reads as a verb, before an honorific', '新人のゆいさんが、まだ慣れてなくて。', '新人の[PERSON]さんが、まだ慣れてなくて。'],
    ['a surname in a self-introduction by role', 'はじめまして。保健師の早乙女です。', 'はじめまして。保健師の[PERSON]です。'],
    ['a surname in a self-introduction by a role said as a loanword', 'ケースワーカーの二階堂です。', 'ケースワーカーの[PERSON]です。'],
    ['a town glued to a branch word: only the town', '今は立川センターで受付をしています。', '今は[ORG]センターで受付をしています。'],
    ['a town glued to a branch word after a common noun', 'ベーカリー国分寺店に異動です。', 'ベーカリー[ORG]店に異動です。'],
    ['a town joined to a branch of an association by の', '保険の外交員で、大津の支部におります。', '保険の外交員で、[ORG]の支部におります。'],
    ['a town joined to a branch word by の', '来月から吉祥寺の店舗を任されることになって。', '来月から[ORG]の店舗を任されることになって。'],
    ['a facility whose kana kuromoji reads as a verb, named after a town', 'それで、高松中央どうぶつ病院に見学に行きました。', 'それで、[ORG]に見学に行きました。'],
    ['a given name said as the topic with っていうんですけど', '祖母がね。フミっていうんですけど、九十で。', '祖母がね。[PERSON]っていうんですけど、九十で。'],
    ['a given name said as the topic, then where the person works', '弟がおって。健吾って、工場で働いとるんよ。', '弟がおって。[PERSON]って、工場で働いとるんよ。'],
    ['a katakana given name said as the topic in dialect', 'ほんで、叔母やけど。ミツっていうんやけど、もう八十。', 'ほんで、叔母やけど。[PERSON]っていうんやけど、もう八十。'],
  ])('%s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['kana words after a kin word that are no names (one word, or no token ends there)', '妻のおかげで、同期のみんなが助けてくれた。'],
    ['two kana after a kin word that are words (もう一人, また今度, それ)', '娘のもう一人が来た。娘のまた今度。息子のそれが。'],
    ['a kanji word after a spoken kin word that is no given name', '女房の実家が遠くて、帰省も大変で。'],
    ['kana words before an honorific that are no names', 'おばさんとみなさん、赤ちゃんにも、どうもさんって言われた。'],
    ['a role, の and a word that is no surname', '介護士の資格です。看護師の研修です。センターの方針です。'],
    ['a prefecture, a region or a city abroad before a branch word', '福岡の工場と関西の支社、京都の工場、北海道の支店、それにシドニー支社にも行きました。'],
    ['a town said with no branch word', '吉祥寺に住んでいて、荻窪の駅まで歩きます。'],
    ['a facility phrase with a particle in it', '松山で通ってる病院は遠いんです。'],
    ['words said as the topic that are no given names, or with nothing said of a person', '仕事って、工場で働いてからが大変。ホテルっていうんですけど、古くて。部長って、四十歳で。希望って、まだ出してない。時代って、働いてる人も変わった。健康って、働いてると忘れる。'],
  ])('leaves %s', (_what, text) => {
    expect(redact(text)).toBe(text);
  });
});
