/** Organisations said in passing (`organisations.ts`): snippets written for these tests, each an
 * attack — a workplace, a shop or a school a client names in passing must not come out — and the
 * generic phrases beside them that must. */
import { describe, expect, it } from 'vitest';
import { beforeAll } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { apply, detect, redactSegments } from './redact.js';
import { jaRedactor } from './testing/ja-redactor.js';

const redactJa = jaRedactor();
const redactEn = (text: string): string => apply(text, detect(text, { language: 'en', speakerNames: [] }));

describe('organisations said in passing', () => {
  it.each([
    ['a place, pieces and a mined ending (…センター)', '担当が北陸心臓血管センターで、夜も呼ばれる。', '担当が[ORG]で、夜も呼ばれる。'],
    ['a university said short (…工科大: a clipped ending mined from IPADIC)', '帯広工科大の研究室にいた。', '[ORG]の研究室にいた。'],
    ['a hiragana name and a trade (…調剤薬局)', '薬はひばり調剤薬局でもらってる。', '薬は[ORG]でもらってる。'],
    ['keeps: a known hiragana word alone before an ending (a nationwide brand as often as not)', 'ひまわり銀行で口座を作った。', 'ひまわり銀行で口座を作った。'],
    ['a place and kana kuromoji cuts into a particle, before a move (…冷蔵に移った)', '同期が石巻かもめ冷蔵に移ったらしい。', '同期が[ORG]に移ったらしい。'],
    ['a place and a trade no organisation of IPADIC ends in, before a workplace cue', '先輩は定年で辞めて、天竜テキスタイルに嘱託で行った。', '先輩は定年で辞めて、[ORG]に嘱託で行った。'],
    ['a place kuromoji reads as a common word before the name, before a move', '同い年のが、去年日向なぎさ冷蔵に移った。', '同い年のが、去年[ORG]に移った。'],
    ['a credit union said short, where someone works', '姉は宇和島あおば信金に勤めてる。', '姉は[ORG]に勤めてる。'],
    ['a school said with what one did there (…を卒業)', '十年前に能登ソフィアを卒業して、ずっと厨房です。', '十年前に[ORG]を卒業して、ずっと厨房です。'],
    ['a hospital one was taken into, whatever its last word', '父が先月、那須高原ハートケアに入院した。', '父が先月、[ORG]に入院した。'],
    ['a workshop someone went to after quitting', '去年辞めた子が飛騨川花火工房に行ったらしい。', '去年辞めた子が[ORG]に行ったらしい。'],
    ['a firm named after its founder in katakana, and its trade', '元同僚がカワムラ防水を自分でやってる。', '元同僚が[ORG]を自分でやってる。'],
    ['a café named before its kind', '友達はいま、茶房コハクってカフェでバイトしてる。', '友達はいま、[ORG]ってカフェでバイトしてる。'],
    ['a shop named before its kind, a verb kuromoji glues to って', '昔、月うさぎっていう店でよく飲んだ。', '昔、[ORG]っていう店でよく飲んだ。'],
    ['a firm\'s plant said after its name, where someone works (…精密工場に勤めて)', '兄は館山かもめ精密工場に勤めてる。', '兄は[ORG]工場に勤めてる。'],
    ['a firm\'s shop said after its name (…運輸店舗で働いて)', 'いまは、新庄ことぶき運輸店舗で働いてる。', 'いまは、[ORG]店舗で働いてる。'],
    ['a coined name kuromoji cuts into hiragana nouns (ねじ+まき), before a mined ending', '兄の店、ねじまき水産って言うんだけど。', '兄の店、[ORG]って言うんだけど。'],
    ['a katakana name cut into two known words (ヤマ+イチ), before a kanji ending', '叔父がヤマイチ水産で働いてて。', '叔父が[ORG]で働いてて。'],
    ['a hiragana name, a piece and a kind IPADIC ends too few organisations with (…教室)', '週末、たんぽぽ英語教室、行ってます。', '週末、[ORG]、行ってます。'],
    ['two places and a salon (a branch of a chain)', 'いまは、神戸三宮サロンにいます。', 'いまは、[ORG]にいます。'],
    ['a firm called with さん, a katakana word and a mined trade word', '辞めたら、コマキ印刷さんとこに拾ってもらうかも。', '辞めたら、[ORG]さんとこに拾ってもらうかも。'],
    ['a shop branch named by a building number before 前店', 'チェーンの、池袋52前店で働いてます。', 'チェーンの、[ORG]で働いてます。'],
  ])('%s', (_, text, want) => {
    expect(redactJa(text)).toBe(want);
  });

  it.each([
    ['a shop by the station', '駅前のスーパーで働いてる。'],
    ['a nearby hospital', '近くの病院に通ってる。'],
    ['the city office', '市役所に勤めてる。'],
    ['university alone', '大学に行った。'],
    ['a head office (a part of an organisation named elsewhere)', '東京本社に移った。'],
    ['a plant named by its town alone (the branch rules\' part)', '工場は、第二工場に移った。'],
    ['a trip, even in talk of work', '北海道旅行に行った、仕事やめて。'],
    ['sightseeing, even in talk of work', '家族で京都観光に行った、仕事休んで。'],
    ['a kind of office (the name does not start the run)', 'ケアマネ事務所に相談した。'],
    ['a loanword kuromoji cuts into a person-tagged piece and an ending', '配属されたのはコールセンターの管理で。'],
    ['the office of an organisation in a country said alone', 'ウガンダ事務所にいた。'],
    ['a demonstrative before a kind', 'そういう店が好き。'],
    ['an ordinary shop', '普通の店で働いてた。'],
    ['a station left behind', '新宿駅を出て、歩いた。'],
    ['a class of a language (no name before the kind)', '日本語教室に通ってる。'],
    ['a salon nearby', '近所のサロンに行った。'],
    ['the company canteen', '会社の食堂で食べた。'],
    ['a cooking class (a kind alone)', '料理教室に通わせてる。'],
    ['a cram school (a kind alone)', '娘を学習塾に通わせてる。'],
    ['a kind of class of loanwords', 'パソコン教室とネイルサロンに行った。'],
    ['a known hiragana word alone before a kind', 'ひまわり教室で遊んだ。'],
    ['katakana words before a katakana ending (a kind of house)', 'シェアハウスに住んでる。'],
    ['katakana words before goods (…用品)', 'ベビーカー用品を買った。'],
    ['a shop by the station with no name', '駅前店で働いてます。'],
    ['a kind of firm or a role called with さん', 'デザイン会社さんとこ。ヘルパー事業所さんに。スーパー店長さん。'],
    ['a kind of firm of everyday katakana words called with さん', 'デザイン事務所さんとこ。システム開発さんに頼んだ。コンビニ本部さんが来た。ネット証券さんで。'],
  ])('keeps %s', (_, text) => {
    expect(redactJa(text)).toBe(text);
  });

  it.each([
    ['a primary school named by a place', 'My daughter started at Ashcombe Vale Primary this year.', 'My daughter started at [ORG] this year.'],
    ['a farm business with a word after the trade', 'Our supplier, Tarnbrook Farm Fresh, sends videos.', 'Our supplier, [ORG], sends videos.'],
    ['keeps a school of common words', 'I went to Sunday School as a kid.', 'I went to Sunday School as a kid.'],
    ['keeps a team of common words', 'The Primary Care team called.', 'The Primary Care team called.'],
    ['keeps a hotel of common words', 'We stayed at the Grand Hotel.', 'We stayed at the Grand Hotel.'],
  ])('English: %s', (_, text, want) => {
    expect(redactEn(text)).toBe(want);
  });
});

describe('organisations said in passing, second round', () => {
  it.each([
    ['a coined katakana name kuromoji cuts into fragments, after its kind (塾+ミ+カゲ)', '来週、料理塾ミカゲっていうのに行く。', '来週、料理[ORG]っていうのに行く。'],
    ['a katakana name kuromoji does not know, after a class (no workplace cue)', '娘が教室ユイマに通ってる。', '娘が[ORG]に通ってる。'],
    ['an eatery named with …亭 (kana and kanji before it)', '兄は定食屋のかも川亭で働いてて。', '兄は定食屋の[ORG]で働いてて。'],
    ['a firm said before one of its departments (…の…課)', '今はみちのく総合の経理課におる。', '今は[ORG]の経理課におる。'],
    ['a workplace said with …の方に行った in talk of work', '去年辞めて、呉の森下テキスタイルの方に行った。', '去年辞めて、呉の[ORG]の方に行った。'],
    ['a branch said by its place and の (…の販売所)', '新聞の、石巻の販売所で所長やってる。', '新聞の、[ORG]の販売所で所長やってる。'],
    ['an agency named before …っていうところの担当', 'ケアワークみやぎっていうところの担当さんから電話。', '[ORG]っていうところの担当さんから電話。'],
  ])('%s', (_, text, want) => {
    expect(redactJa(text)).toBe(want);
  });

  it.each([
    ['katakana compounds of known words where no name is meant', 'オンラインサロンに入って、シェアハウスに住んで、フードデリバリーを頼んだ。'],
    ['a kind and a known loanword after it', 'サロンワークが長くて、塾テキストも作った。'],
    ['a kind and a known word after it (スクール+バス-like)', 'ホテルラウンジとスクールカウンセラーの話。'],
    ['a restaurant word of one token and a counter', '料亭で二軒目に行った。'],
    ['a department of an office of the city', '市役所の福祉課に相談した。'],
    ['a branch of a country and one abroad in katakana', 'アメリカの支社とシドニーの営業所。'],
    ['a branch of the company with no place', '会社の支店で働いてる。'],
    ['a word said of a point before …っていうところの担当', '丁寧っていうところの担当の評価。'],
  ])('keeps %s', (_, text) => {
    expect(redactJa(text)).toBe(text);
  });
});

describe('a firm said short by its kana head later in the session', () => {
  let tokenizer: JaTokenizer;
  beforeAll(async () => {
    tokenizer = await loadJapaneseTokenizer();
  });
  const session = (...texts: string[]): string[] =>
    redactSegments(
      texts.map((text, i) => ({ start: i, end: i + 1, speaker: 'A', role: 'client' as const, text })),
      { language: 'ja', speakerNames: [], tokenizer },
    ).segments.map((s) => s.text);

  it('redacts the head said alone before a copula or a quote once the firm was found', () => {
    const out = session('兄はひばりパートナーズに勤めてる。', '電話で「ひ、ひばりです」って名乗るのが苦手。');
    expect(out).toEqual(['兄は[ORG]に勤めてる。', '電話で「ひ、[ORG]です」って名乗るのが苦手。']);
  });

  it('keeps the word before の or a particle, and when no firm of that shape was found', () => {
    expect(session('ひばりパートナーズに勤めてる。', '庭にひばりの巣があって、ひばりが鳴く。')[1]).toBe('庭にひばりの巣があって、ひばりが鳴く。');
    expect(session('「ひばりです」って冗談で言った。')[0]).toBe('「ひばりです」って冗談で言った。');
  });
});

describe('a place said by name before a naming cue (…ってとこ, sixteenth pass)', () => {
  it.each([
    ['a kana name kuromoji reads as a verb, and a kind of place', '姉は、こもれびサロンってとこに週一で通ってる。', '姉は、[ORG]ってとこに週一で通ってる。'],
    ['a region, a trade and a school\'s kind', '北見調理師養成所ってところが、一年で取れるらしい。', '[ORG]ってところが、一年で取れるらしい。'],
    ['kanji kuromoji reads one by one, and a mined katakana ending', '港北ビルサービスってとこが、事務を募集してた。', '[ORG]ってとこが、事務を募集してた。'],
    ['a hiragana head and a farm', '叔父は、ひばり牧場っていうところで働いてる。', '叔父は、[ORG]っていうところで働いてる。'],
  ])('%s', (_, text, expected) => {
    expect(redactJa(text)).toBe(expected);
  });

  it.each([
    ['a kind said as such (one common word before the ending)', '老人ホームってとこは、高いでしょう。'],
    ['a loanword compound of katakana words', 'ネットカフェってとこで一晩寝た。'],
    ['adjectives said of the kind', 'すごくいいサロンってとこ、知ってる？'],
  ])('keeps %s', (_, text) => {
    expect(redactJa(text)).toBe(text);
  });
});
