import { describe, expect, it } from 'vitest';
import { jaRedactor } from './testing/ja-redactor.js';

const redact = jaRedactor();

describe('person names by context', () => {
  it.each([
    ['a rare surname kuromoji cuts into numerals, before a title', '五百旗頭部長が来てから会議が増えました。', '[PERSON]部長が来てから会議が増えました。'],
    ['a surname with ヶ cut apart, before a title', '一番ヶ瀬課長に言われて。', '[PERSON]課長に言われて。'],
    ['a surname before a title of a head the honorific list lacks', '神楽園長が厳しくて、百々師長も。', '[PERSON]園長が厳しくて、[PERSON]師長も。'],
    ['a surname kuromoji tags as a place, before the head of a hall or a branch', '美術館の長野館長と、福井支部長に挨拶した。', '美術館の[PERSON]館長と、[PERSON]支部長に挨拶した。'],
    ['a given name whose child age is said', '湊がまだ三歳なので、早く帰りたい。', '[PERSON]がまだ三歳なので、早く帰りたい。'],
    ['a given name whose school year is said', '朔は今年から小学生で。', '[PERSON]は今年から小学生で。'],
    ['doubled-consonant nicknames', '先輩のゆっきーと、まっつんって人に聞いた。', '先輩の[PERSON]と、[PERSON]って人に聞いた。'],
    ['a one-kanji surname introducing the speaker after the other name', '三宅さん、堀です。よろしくお願いします。', '[PERSON]さん、[PERSON]です。よろしくお願いします。'],
    ['but not a one-kanji word that is no surname', '田中さん、嘘です。', '[PERSON]さん、嘘です。'],
  ])('%s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['times and counts before a title', '三ヶ月部長の下で働いた。'],
    ['role words before a title of a head', '保育園の園長が、副園長と看護師長に話した。'],
    ['the head of a library, a facility word kuromoji reads whole', '図書館長と博物館長が来た。'],
    ['a kin word with an age', '息子が三歳で、兄が五歳です。'],
    ['the older and the younger child by their order', '上は高校生で、下が来年小学校です。'],
    ['interjections of a nickname shape', 'あっちーな。ちょっとー、やっぱー。'],
    ['a verb ending in たん is no nickname', '新しく来たんですけど、そうだったんですね。'],
  ])('leaves %s', (_what, text) => {
    expect(redact(text)).toBe(text);
  });
});
