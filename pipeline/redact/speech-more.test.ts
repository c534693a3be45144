import { describe, expect, it } from 'vitest';
import { apply, detect } from './redact.js';
import { jaRedactor } from './testing/ja-redactor.js';

const redact = jaRedactor();
const redactEn = (text: string): string => apply(text, detect(text, { language: 'en', speakerNames: [] }));

describe('more kinds in speech (speech-more.ts)', () => {
  it.each([
    ['a surname kuromoji cuts across the title', '北出店長が来週から本部に行くそうです。', '[PERSON]店長が来週から本部に行くそうです。'],
    // Only the place is redacted; the branch word stays (as cue-names.ts does). (梅田院 is taken whole as a name: 梅田 is a surname too.)
    ['a branch by its place', '駅前じゃなくて、倉敷店のほうに回されました。', '駅前じゃなくて、[ORG]店のほうに回されました。'],
    ['a branch by its place and station', '今は岡山駅前店で働いています。', '今は[ORG]駅前店で働いています。'],
    ['a branch by its place and a direction', '配属は松本北店でした。', '配属は[ORG]店でした。'],
    ['a branch of an association and a hall by their place', '組合の、奈良支部から、今は姫路会館です。', '組合の、[ORG]支部から、今は[ORG]会館です。'],
    ['a public facility named by the town that runs it', '前は鷺沼市立東図書館で、その前は宇陀町立病院にいました。', '前は[ORG]で、その前は[ORG]にいました。'],
    ['a school said short', '上の子は城北高で、下は長嶺南中に通ってます。', '上の子は[ORG]で、下は[ORG]に通ってます。'],
    ['a school said short after a town named as a hill', '娘は桜ヶ丘中央小で、息子は緑が丘東中です。', '娘は[ORG]で、息子は[ORG]です。'],
    ['a name before いうとこ (no って)', '前はグリーンブリッジいうとこにおった。', '前は[ORG]いうとこにおった。'],
    ['a name before っちゅうとこ (dialect)', '前は、ミドリテックっちゅうとこにおったと。', '前は、[ORG]っちゅうとこにおったと。'],
    ['a station said as the workplace', '春から高崎駅に配属になりました。', '春から[ORG]駅に配属になりました。'],
    ['a katakana compound before ってとこ', '派遣会社に登録したんです。グリーンブリッジってとこ。', '派遣会社に登録したんです。[ORG]ってとこ。'],
    ['a business named, then what it does, then とこ (a katakana piece kuromoji reads as an adverb)', '仙台ミントワークスっていう、翻訳やってるとこ。札幌ジーンマーケットっていう、古着の店やってるとこ。', '[ORG]っていう、翻訳やってるとこ。[ORG]っていう、古着の店やってるとこ。'],
    ['an unknown word and a trade before ってとこ', '面接はヤマシロー運輸っていうところの。', '面接は[ORG]っていうところの。'],
    ['a place-led compound before さん', '福山家具工房さんから声がかかって。', '[ORG]さんから声がかかって。'],
    ['a clinic named by a surname in kana', '腰が痛くて、まつもと整形外科に行ってます。', '腰が痛くて、[ORG]に行ってます。'],
    ['a city and its ward', '実家は広島市安佐南区にあります。', '実家は[ADDRESS]にあります。'],
    ['a full date of birth a few words before 生まれ', '平成三年の五月五日、こどもの日生まれなんです。', '[DATE]、こどもの日生まれなんです。'],
    ['a branch of a clinic or a centre by its place', '梅田院から、仙台センターに移りました。', '[PERSON]から、[ORG]センターに移りました。'],
    ['a year, a filler, then the day before 生まれ', '平成二年の、えっと、八月九日生まれです。', '[DATE]生まれです。'],
    ['a surname in kana kuromoji reads as an adjective, before さん', '先輩の、ひらたさんに聞いてみます。', '先輩の、[PERSON]さんに聞いてみます。'],
    ['a birthday with a pause after its year', '誕生日は、平成九年、二月の十一日です。', '誕生日は、[DATE]です。'],
    ['a nickname in quotes', '皆に「けんちゃん」って呼ばれてます。', '皆に「[PERSON]ちゃん」って呼ばれてます。'],
  ])('%s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['a department before a title', '営業部長にはまだ相談していません。'],
    ['kin, shops and people by their role in kana before さん', 'おばあさんと、おまわりさんと、おいしゃさん。ほんやさんにも寄った。'],
    ['a clinic after a pronoun or a plain word', 'そこの内科と、近くの整形外科に通ってます。'],
    ['a quantity or a kind before ってとこ', 'まあ半分ってとこですね。リモートワークってとこが良くて。'],
    ['a kind or a word before っていう、…やってるとこ', '老人ホームっていう、介護やってるとこ。仕事っていう、毎日してるとこ。'],
    ['a quantity before っちゅうとこ', 'まあ半分っちゅうとこやな。'],
    ['a station passed through', '東京駅で乗り換えて帰ります。'],
    ['a shop word inside a longer noun', '大阪の店舗に異動になりました。センター試験の話も。'],
    ['a country before a branch word', 'アメリカ工場の立ち上げに行きます。'],
    ['small, middle and high that are no school', '中小の会社で、最高の一年、円高で売上高も落ちた。東京中を回った。'],
    ['a hall or branch without a place', '市民会館の支部で会った。'],
    ['a public facility without its town', '近くの市立図書館と、この町立病院に行った。'],
    ['one level of place', '神戸市に住んでいます。'],
    ['a date that is no birthday', '二〇一九年の四月一日、入社して、生まれて初めて一人で住んだ。'],
  ])('leaves %s', (_what, text) => {
    expect(redact(text)).toBe(text);
  });

  it('takes a place alone before さん for a surname, not a business', () => {
    expect(redact('松江さんに相談しました。')).not.toContain('[ORG]');
  });

  it.each([
    ['a name after a person described', 'There is a woman in the Osaka branch, Marta Lindqvist. She runs sales.', 'There is a woman in the Osaka branch, [PERSON]. She runs sales.'],
    ['children named with their ages', 'We have two, Saoirse is ten and Oisin\u2019s seven.', 'We have two, [PERSON] is ten and [PERSON]\u2019s seven.'],
    ['a birthday said in words', "My birthday's the ninth of October, nineteen eighty-seven.", "My birthday's [DATE]."],
    ['a year of birth said in words', 'He was born in nineteen sixty-four, I think.', 'He was born in [DATE], I think.'],
    ['a suffixed organisation led by a place', 'Both kids go to Kyoto Riverside International School.', 'Both kids go to [ORG].'],
    ['English digit words joined by hyphens', 'Call me on oh-seven-nine-one-one, two-two-four, eight-eight-three.', 'Call me on [PHONE].'],
  ])('%s', (_what, text, expected) => {
    expect(redactEn(text)).toBe(expected);
  });

  it.each([
    ['a job title after a comma', 'There is a guy in my team, Marketing Director. He is fine.'],
    ['a place before a common word', 'The Tokyo office is busy.'],
    ['an age without a name', "It's eight. The team's eleven and growing."],
    ['a date that is no birthday, and born without a date', 'It opened on the fifth of May, nineteen eighty-two. I was born in a small town.'],
  ])('leaves %s', (_what, text) => {
    expect(redactEn(text)).toBe(text);
  });
});

describe('a branch by its place in English (speech-more.ts)', () => {
  it('redacts the place of a branch, not a city everyone knows or a common word', () => {
    expect(redactEn('I work at the Namba store, and she moved to our Kamata branch.')).toBe('I work at the [ORG] store, and she moved to our [ORG] branch.');
    expect(redactEn('The Tokyo office is big. The Singapore office, the main branch, our Head office.')).toBe('The Tokyo office is big. The Singapore office, the main branch, our Head office.');
  });
});
