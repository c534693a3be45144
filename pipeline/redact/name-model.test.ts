/** The learned name tagger: the shipped model, its scoring and runs, and what `learnedNames`
 * keeps of it. Sentences are invented here (never taken from the corpus it was trained on). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, positionTokens, type JaTokenizer } from '../analyze/tokenizer.js';
import {
  fullNamePart,
  isCandidate,
  modelNames,
  nameModel,
  NAME_FEATURES_VERSION,
  NAME_MODEL_FILE,
  parseNameModel,
  releaseNameModel,
  scoreToken,
  tokenFeatures,
  tokenScore,
  useNameModel,
  verbAfter,
  type NameModel,
} from './name-model.js';
import type { JaToken, PositionedToken } from '../analyze/tokenizer.js';
import { learnedNames, learnedNameVerdict } from './names.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

const runs = (text: string, model?: NameModel): string[] => modelNames(positionTokens(tokenizer, text), model).map((r) => text.slice(r.start, r.end));
const kept = (text: string, model?: NameModel): string[] => learnedNames(text, positionTokens(tokenizer, text), model).map((r) => text.slice(r.start, r.end));

/** A model that calls every candidate token a name piece: what `learnedNames` keeps of it is
 * then the gate alone. */
const everything: NameModel = { threshold: 0, bias: 1, weights: new Map() };

/** The gate's verdict on one name in a sentence (`learnedNameVerdict`), the run given by its text. */
function verdict(text: string, name: string): string {
  const tokens = positionTokens(tokenizer, text);
  const start = text.indexOf(name);
  const first = tokens.findIndex((t) => t.start === start);
  const last = tokens.findIndex((t) => t.end === start + name.length);
  return learnedNameVerdict(text, tokens, { start, end: start + name.length, first, last });
}

describe('the shipped model', () => {
  it('loads, says what it was trained on and under which licence, and has weights', () => {
    const file = JSON.parse(gunzipSync(readFileSync(NAME_MODEL_FILE)).toString('utf8')) as { trained_on: string; licence: string };
    expect(file.trained_on).toMatch(/GSD train/u);
    expect(file.licence).toMatch(/CC BY-SA 4\.0/u);
    const model = nameModel();
    expect(model.weights.size).toBeGreaterThan(1000);
    expect(Number.isFinite(model.threshold)).toBe(true);
  });

  it('uses a given model in place of the shipped file until released (leave-one-out scoring)', () => {
    const stub: NameModel = { threshold: 0, bias: 1, weights: new Map() };
    useNameModel(stub);
    expect(nameModel()).toBe(stub);
    releaseNameModel();
    expect(nameModel()).not.toBe(stub);
    expect(nameModel().weights.size).toBeGreaterThan(1000);
  });

  it('refuses a model file trained for other features', () => {
    const file = { trained_on: 'x', licence: 'x', features: NAME_FEATURES_VERSION + 1, threshold: 0, bias: 0, weights: {} };
    expect(() => parseNameModel(JSON.stringify(file))).toThrow();
    expect(parseNameModel(JSON.stringify({ ...file, features: NAME_FEATURES_VERSION })).weights.size).toBe(0);
  });

  it.each([
    ['a foreign name in katakana, alone', '1821年にナポレオンが死去した。', 'ナポレオン'],
    ['a foreign full name joined with ・', 'ヴォルフガング・シュタインベルクが講演した。', 'ヴォルフガング・シュタインベルク'],
    ['a historical full name', '山科宗真は藩主となった。', '山科宗真'],
    ['a modern given name alone', '晴翔が熱を出した。', '晴翔'],
  ])('tags %s in an invented sentence', (_label, text, name) => {
    expect(runs(text)).toContain(name);
  });

  it('tags no common noun', () => {
    expect(runs('会議の資料を印刷して、来週の予定を確認した。')).toEqual([]);
    expect(runs('新しいスマホのアプリを入れて、ラーメンを食べた。')).toEqual([]);
  });
});

describe('scoring and runs', () => {
  it('scores a token as the bias plus the weights of its features', () => {
    const tokens = positionTokens(tokenizer, '田中が来た');
    const features = tokenFeatures(tokens, 0, false);
    expect(features).toContain('w=田中');
    expect(features).toContain('w+1=が');
    expect(features).toContain('pn=false');
    const model: NameModel = { threshold: 0, bias: -1, weights: new Map([['w=田中', 3], ['w+1=が', 0.5]]) };
    expect(tokenScore(model, features)).toBe(2.5);
    expect(runs('田中が来た', model)).toEqual(['田中']);
    expect(runs('田中が来た', { ...model, threshold: 3 })).toEqual([]);
  });

  it('scores without feature strings exactly as with them (the shipped model, every candidate token)', () => {
    const model = nameModel();
    const texts = [
      '1821年にナポレオンが死去した。',
      'ヴォルフガング・シュタインベルクが講演した。',
      '山科宗真は藩主となった。上司の栗山が「鈴木陽向って人」を連れてきた。',
      '母の美智子と娘のさくらが、大和証券の佐藤部長に会った。',
      'エクセルとパワーポイントの研修を受けて、真田丸を見た。',
    ];
    let compared = 0;
    for (const text of texts) {
      const tokens = positionTokens(tokenizer, text);
      tokens.forEach((t, i) => {
        if (!isCandidate(t)) return;
        for (const prevName of [false, true]) {
          expect(scoreToken(model, tokens, i, prevName)).toBe(tokenScore(model, tokenFeatures(tokens, i, prevName)));
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('finds a two-part feature whose words hold the | that joins them', () => {
    const token = (surface: string, start: number): PositionedToken => ({
      token: { surface_form: surface, word_position: start + 1, pos: '名詞', pos_detail_1: '一般', pos_detail_2: '*', pos_detail_3: '*', conjugated_form: '*', basic_form: surface, word_type: 'KNOWN' } satisfies JaToken,
      start,
      end: start + surface.length,
    });
    const tokens = [token('森', 0), token('a|b', 2), token('c', 6)];
    expect(tokenFeatures(tokens, 0, false)).toContain('w+1.w+2=a|b|c');
    const model: NameModel = { threshold: 0, bias: 0, weights: new Map([['w+1.w+2=a|b|c', 2], ['w+1.w+2=a|b', 5], ['w-2.w-1=^$|^$', 0.25]]) };
    expect(scoreToken(model, tokens, 0, false)).toBe(2.25);
    expect(scoreToken(model, tokens, 0, false)).toBe(tokenScore(model, tokenFeatures(tokens, 0, false)));
  });

  it('joins name pieces over a ・ into one run, and never scores particles or symbols', () => {
    expect(runs('マイケル・ブラウンが来た', everything)).toEqual(['マイケル・ブラウン']);
    expect(runs('が、。を', everything)).toEqual([]);
  });

  it('scores, when asked, only stretches of nouns that hold a proper noun or an unknown word', () => {
    const text = '会議資料を田中が見た';
    const tokens = positionTokens(tokenizer, text);
    expect(modelNames(tokens, everything).map((r) => text.slice(r.start, r.end))).toEqual(['会議資料', '田中']);
    expect(modelNames(tokens, everything, true).map((r) => text.slice(r.start, r.end))).toEqual(['田中']);
  });
});

describe('learnedNames: where speech agrees', () => {
  it('keeps a tagged name before a title, after a kin word, or with a proper-noun piece', () => {
    expect(kept('秋山監督は采配を振るった。')).toEqual(['秋山']);
    expect(kept('母のマリアが来ました。', everything)).toContain('マリア');
    expect(kept('ジョン・スミスが来ました。', everything)).toEqual(['ジョン・スミス']);
  });

  it('drops a loanword or brand in kana, a compound with a common word, and common words alone', () => {
    // The tagger, written-text trained, would call each of these a name.
    expect(kept('エクセルとパワーポイントの研修を受けた。', everything)).not.toContain('エクセル');
    expect(kept('真田丸が好きでした。', everything)).toEqual([]);
    expect(kept('鬼滅の刃にはまっています。', everything)).toEqual([]);
    expect(kept('森の中を散歩します。', everything)).toEqual([]);
  });

  it('keeps a name glued to a noun for what a person is, before or after it', () => {
    // A title kuromoji splits (容疑+者) or no list holds (弁護士) still says who it is; the run
    // is the name alone, as the tagger would give it.
    expect(verdict('会見には、ザンブロッタ弁護士が同席した。', 'ザンブロッタ')).toBe('keep:title-after');
    expect(verdict('翌朝、ロドリゲス容疑者が出頭した。', 'ロドリゲス')).toBe('keep:title-after');
    expect(verdict('画家ミレイユ・デュボワの回顧展が開かれた。', 'ミレイユ・デュボワ')).toBe('keep:title-before');
    expect(verdict('弟ヴァレンティンとともに帰国した。', 'ヴァレンティン')).not.toBe('drop:loanword-end');
    expect(verdict('ザンブロッタ本社に寄った。', 'ザンブロッタ')).toBe('drop:compound');
    // A title of several nouns ends in what the person is (上級+研究+員).
    expect(verdict('昨日はザンブロッタ上級研究員が話した。', 'ザンブロッタ')).toBe('keep:title-after');
    expect(verdict('ザンブロッタ本社ビルに寄った。', 'ザンブロッタ')).toBe('drop:compound');
  });

  it('keeps a Japanese given name written in katakana alone, not a place or a loanword', () => {
    expect(kept('タカヒコが港で待っていた。', everything)).toEqual(['タカヒコ']);
    expect(kept('ハワイに行ってきました。', everything)).toEqual([]);
    expect(kept('エクセルで表を作りました。', everything)).toEqual([]);
  });

  it('keeps a kana name glued after a word for what a person is, not after a common noun', () => {
    expect(verdict('翌年、兄ザンブロッタが家督を継いだ。', 'ザンブロッタ')).toBe('keep:title-before');
    expect(verdict('新型ザンブロッタが発売された。', 'ザンブロッタ')).not.toMatch(/^keep/u);
  });

  it('keeps a kana word alone after an initial and ・, or before の and a kin word', () => {
    expect(verdict('講演はK・ザンブロッタが務めた。', 'ザンブロッタ')).toBe('keep:dot-name');
    // A Latin word before ・ is no initial (PC・…, IT・…).
    expect(verdict('IT・ザンブロッタが務めた。', 'ザンブロッタ')).not.toBe('keep:dot-name');
    expect(verdict('ザンブロッタの夫は漁師だった。', 'ザンブロッタ')).toBe('keep:kin-after');
    // A kin word that begins a longer noun says nothing of a family (子供服).
    expect(verdict('ザンブロッタの子供服を買った。', 'ザンブロッタ')).toBe('drop:kana');
  });

  it('keeps a kana word the gate drops alone when it is listed beside a kept name', () => {
    const names = (text: string): string[] => kept(text, everything);
    // Alone, the kana word is dropped (a brand in speech as often as a person) …
    expect(names('ザンブロッタは港に向かった。')).toEqual([]);
    // … beside a name kept in the same list it is one too, before or after it.
    expect(names('山科宗真とザンブロッタは港に向かった。')).toEqual(['山科宗真', 'ザンブロッタ']);
    expect(names('ザンブロッタと山科宗真は港に向かった。')).toEqual(['ザンブロッタ', '山科宗真']);
    // と is "with" when a place or way follows the item (…とユニクロに行った): no list, no spread.
    expect(names('山科宗真とザンブロッタに行った。')).toEqual(['山科宗真']);
  });

  it('still drops the end of a loanword and a brand glued to a common noun', () => {
    expect(kept('ケアマネさんに相談しました。', everything)).toEqual([]);
    expect(kept('ユニクロ店舗で働いています。', everything)).not.toContain('ユニクロ');
  });
});

describe('features by kind', () => {
  it('mark a title, kin or colleague word beside the token, and a kana word that reads as a Japanese name', () => {
    const tokens = positionTokens(tokenizer, '弟のカオルが大統領に会った');
    const i = tokens.findIndex((t) => t.token.surface_form === 'カオル');
    const features = tokenFeatures(tokens, i, false);
    expect(features).toContain('c-2.w-1=kin|の');
    expect(features.some((f) => f.startsWith('dk=') && f !== 'dk=0' && f !== 'dk=x')).toBe(true);
    expect(features).toContain('b=^カ');
    const president = tokenFeatures(positionTokens(tokenizer, 'ボルトン大統領が来た'), 0, false);
    expect(president).toContain('c+1=title');
  });
});

describe('features from ENAMDICT full names and the verb after (v3)', () => {
  const at = (text: string, surface: string): [PositionedToken[], number] => {
    const tokens = positionTokens(tokenizer, text);
    return [tokens, tokens.findIndex((t) => t.token.surface_form === surface)];
  };

  it('marks a kanji piece of a glued surname-and-given-name stretch by its part', () => {
    const [tokens] = at('作曲は戸苅晴彦が担当した。', '晴彦');
    const parts = tokens.filter((t) => /[戸苅晴彦]/u.test(t.token.surface_form)).map((t) => fullNamePart(tokens, tokens.indexOf(t)));
    expect(parts.at(0)).toMatch(/^S/u);
    expect(parts.at(-1)).toMatch(/G$/u);
    const [common, i] = at('会議の資料を配った。', '資料');
    expect(fullNamePart(common, i)).toBe('n');
    const [kana, k] = at('エクセルで作った。', 'エクセル');
    expect(fullNamePart(kana, k)).toBe('x');
  });

  it('gives the verb a token is the subject or object of, after its particle', () => {
    const [tokens, i] = at('ベルナデットは港町で生まれた。', '港町');
    expect(verbAfter(tokens, i)).toBe('生まれる');
    const [t2, j] = at('ベルナデットが結婚した。', 'が');
    expect(verbAfter(t2, j - 1)).toBe('結婚');
    const [t3, k] = at('会議資料の山。', '資料');
    expect(verbAfter(t3, k)).toBe('-');
  });

  it('are in the features the model scores', () => {
    const [tokens, i] = at('作曲は戸苅晴彦が担当した。', '晴彦');
    const features = tokenFeatures(tokens, i, true);
    expect(features.some((f) => f.startsWith('sg='))).toBe(true);
    expect(features.some((f) => f.startsWith('v+='))).toBe(true);
    expect(scoreToken(nameModel(), tokens, i, true)).toBe(tokenScore(nameModel(), features));
  });
});
