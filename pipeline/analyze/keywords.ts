/** Keywords: the vocabulary of the client's speech, counted — never an identity. A keyword is a
 * lexicon term (or a `keyword_allow` word) or a common dictionary word; never a name, a nickname,
 * a proper noun, an out-of-vocabulary word, a number said aloud or a piece of an e-mail address,
 * since keywords are stored per session and published once k employees say them. Pure. */
import { NounInflector } from 'natural/lib/natural/inflectors/index.js';
import { LISTS } from '../redact/lists.js';
import { surnameReadings } from '../redact/enamdict.js';
import type { KeywordCount } from '../schemas.js';
import type { Doc, DocToken } from './document.js';
import { isAlsoProperNoun, isCommonEnglishWord } from './english-words.js';
import { englishKey } from './language.js';
import type { CompiledLexicon } from './rules.js';

// ---------------------------------------------------------------------------------------------
// Japanese: runs of adjacent nouns (連続名詞) joined into one keyword: 転職 + 活動 → 転職活動.

/** Noun kinds that may start or continue a run. 固有名詞 and unknown words form runs too (so that
 * a run holding one is dropped whole) but are never published. Excluded: 数, 非自立 (こと,
 * もの), 代名詞, 特殊, 接尾 alone. */
const RUN_NOUNS = new Set(['一般', 'サ変接続', '形容動詞語幹', 'ナイ形容詞語幹', '固有名詞', '副詞可能']);
/** 副詞可能 nouns (来週, 同期, 将来) are keywords on their own but do not join compounds:
 * 来週面接 is two things. */
const STANDALONE_NOUNS = new Set(['副詞可能']);
/** Suffixes that continue a compound (人事部, 営業職, 主体性) but never start one. */
const JOINING_SUFFIXES = new Set(['一般', 'サ変接続', '形容動詞語幹']);
const EXCLUDED_PREFIXES = new Set(['お', 'ご', '御']);
/** After these, the nouns before are someone's name (or what a person is called). */
const PERSON_HONORIFICS = new Set(['さん', '様', 'さま', 'くん', '君', 'ちゃん', '氏', '殿', 'たん', 'っち', '先生', '先輩']);
/** Titles: after a noun they make it a name (轟部長); the title alone is a word (部長). */
const TITLES = new Set([
  '部長', '課長', '係長', '主任', '社長', '会長', '専務', '常務', '取締役', '室長', '所長', '店長', '支店長', '本部長', '次長',
  '班長', '工場長', '局長', '院長', '園長', '校長', '教授', '監督', 'マネージャー', 'マネジャー', 'リーダー', 'チーフ', 'ディレクター',
]);
/** People who have names: after one of them (+ の), a noun is likely that person's name
 * (マネージャーの轟, 母の久美子, 上司田中). */
const PERSON_WORDS = new Set([
  ...TITLES, '上司', '上長', '先輩', '後輩', '同期', '同僚', '部下', '担当', '担当者', '新人', '友人', '友達', '知人', '親友', '彼氏', '彼女', '恋人',
  '母', '父', '母親', '父親', '妻', '夫', '嫁', '旦那', '主人', '兄', '姉', '弟', '妹', '息子', '娘', '長男', '長女', '次男', '次女',
  '祖母', '祖父', '義母', '義父', '親', '子', '子供', '子ども', '孫', '叔母', '叔父', '伯母', '伯父', '医者', '主治医', '先生',
  'パートナー', '配偶者', 'お客', '客', '顧客', '相手',
]);
/** What follows a name in X って人 / X という人 / X っていう方. */
const NAMING_PARTICLES = new Set(['って', 'という', 'っていう', 'とかいう', 'てい']);
const NAMING_VERBS = new Set(['いう', '言う']);
const PERSON_NOUNS = new Set(['人', '方', '奴', 'やつ', 'ヤツ', '子', '男', '女', '人物', '先輩', '後輩', '上司']);
/** Numbers said aloud (ゼロキューゼロ, いちにいさん): each reading is never a keyword, and a phrase
 * holding three of them (a phone number, a postcode) gives none. */
const DIGIT_READINGS = new Set([
  'ゼロ', 'レイ', 'マル', 'イチ', 'ニ', 'ニー', 'サン', 'ヨン', 'シ', 'ゴ', 'ゴー', 'ロク', 'ナナ', 'シチ', 'ハチ', 'キュー', 'キュウ', 'ク', 'ジュウ', 'トウ',
  'ぜろ', 'れい', 'まる', 'いち', 'に', 'にい', 'にー', 'さん', 'よん', 'し', 'ご', 'ごー', 'ろく', 'なな', 'しち', 'はち', 'きゅう', 'きゅー', 'く', 'じゅう',
]);
const DIGITS = /^[\p{Nd}〇零一二三四五六七八九十百千]+$/u;
/** E-mail and URL words said aloud (taro アットマーク gmail ドット com) and spelled-out letters:
 * a phrase holding one gives no keyword. */
const ADDRESS_WORDS = new Set([
  'アットマーク', 'アット', '@', 'ドット', 'ドットコム', 'ハイフン', 'アンダーバー', 'アンダースコア', 'スラッシュ', 'コロン', 'ジーメール', 'ジーメイル',
  'エー', 'ビー', 'シー', 'ディー', 'イー', 'エフ', 'ジー', 'エイチ', 'アイ', 'ジェイ', 'ジェー', 'ケー', 'ケイ', 'エル', 'エム', 'エヌ', 'オー', 'ピー', 'キュー',
  'アール', 'エス', 'ティー', 'ユー', 'ブイ', 'ヴィ', 'ダブリュー', 'エックス', 'ワイ', 'ゼット', 'ゼッド',
]);
const LATIN = /[A-Za-z]/u;
/** Two to four kanji: the shape of a surname. */
const SURNAME_LIKE = /^\p{Script=Han}{2,4}$/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
const SINGLE_KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;
/** Short hiragana "nouns" are mostly fragments of a misanalysis (うち, とこ, いって). */
const SHORT_HIRAGANA = /^\p{Script=Hiragana}{1,2}$/u;
const NO_CONTENT = /^[\p{P}\p{S}\p{N}\s]*$/u;

/** Nouns a run is made of: content nouns, and unknown words (a run holding one is dropped whole;
 * kuromoji tags unknown figures 数, which end a run as known ones do). */
function isRunNoun(t: DocToken): boolean {
  return t.placeholder === null && t.pos === '名詞' && (RUN_NOUNS.has(t.pos1) || (!t.known && t.pos1 !== '数'));
}

function isJoiner(t: DocToken): boolean {
  return t.placeholder === null && t.pos === '名詞' && t.pos1 === '接尾' && JOINING_SUFFIXES.has(t.pos2);
}

function isPrefix(t: DocToken): boolean {
  return t.pos === '接頭詞' && t.pos1 === '名詞接続' && !EXCLUDED_PREFIXES.has(t.surface);
}

function adjacent(a: DocToken, b: DocToken): boolean {
  return a.end === b.start && a.segment === b.segment;
}

function isDigitLike(t: DocToken): boolean {
  return (t.pos === '名詞' && t.pos1 === '数') || (t.pos1 !== '接尾' && DIGIT_READINGS.has(t.surface)) || DIGITS.test(t.surface);
}

/** Tokens of a noun phrase for the contact check: nouns, prefixes, symbols other than sentence
 * punctuation, unknown words, and の between two digits (〇三の五五四一). */
function inPhrase(tokens: readonly DocToken[], i: number): boolean {
  const t = tokens[i] as DocToken;
  if (t.pos === '名詞' || t.pos === '接頭詞' || !t.known) return true;
  if (t.pos === '記号') return t.pos1 !== '句点' && t.pos1 !== '読点' && t.pos1 !== '括弧開' && t.pos1 !== '括弧閉';
  if (t.surface === 'の' || t.surface === 'ノ') {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    return prev !== undefined && next !== undefined && isDigitLike(prev) && isDigitLike(next);
  }
  return false;
}

/** Marks the tokens of every phrase that reads like contact details: one with an e-mail word in
 * it, or with three or more digits (a number said aloud, in kanji, kana or figures). */
function contactPhrases(tokens: readonly DocToken[]): Uint8Array {
  const blocked = new Uint8Array(tokens.length);
  let i = 0;
  while (i < tokens.length) {
    if (!inPhrase(tokens, i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && (tokens[end] as DocToken).segment === (tokens[i] as DocToken).segment && inPhrase(tokens, end)) end++;
    let digits = 0;
    let address = false;
    for (let j = i; j < end; j++) {
      const t = tokens[j] as DocToken;
      if (isDigitLike(t)) digits++;
      if (ADDRESS_WORDS.has(t.surface) || ADDRESS_WORDS.has(t.surface.toLowerCase())) address = true;
    }
    if (address || digits >= 3) blocked.fill(1, i, end);
    i = end;
  }
  return blocked;
}

/** The noun run that ends just before token `end` (exclusive): its first index, or `end`. */
function runBefore(tokens: readonly DocToken[], end: number): number {
  let start = end;
  while (start > 0) {
    const prev = tokens[start - 1] as DocToken;
    const cur = tokens[start];
    if (cur !== undefined && !adjacent(prev, cur)) break;
    if (!(isRunNoun(prev) || isJoiner(prev) || isPrefix(prev))) break;
    start--;
  }
  return start;
}

/** A noun run starting at `start`: its end (exclusive). */
function runFrom(tokens: readonly DocToken[], start: number): number {
  let end = start;
  while (end < tokens.length) {
    const t = tokens[end] as DocToken;
    if (end > start && !adjacent(tokens[end - 1] as DocToken, t)) break;
    if (!(isRunNoun(t) || (end > start && isJoiner(t)))) break;
    end++;
  }
  return end;
}

/** Nouns that could name a person: not a verbal noun (相談, 評価), not an adjectival one (大変),
 * not an adverbial one (来週), not a suffix. A name is an ordinary noun, a proper noun or an
 * unknown word to the dictionary. */
function couldBeName(t: DocToken): boolean {
  return t.placeholder === null && t.pos === '名詞' && (t.pos1 === '一般' || t.pos1 === '固有名詞' || !t.known);
}

/** Every word the session uses as a name, anywhere: before an honorific or a title (轟さん,
 * 轟部長), after a person word (+ の) (マネージャーの轟, 母の久美子, 上司田中), or before って人 /
 * という人. Such a word is no keyword anywhere in the session, even where said alone. */
function namesOfSession(tokens: readonly DocToken[]): Set<string> {
  const names = new Set<string>();
  const addRun = (from: number, to: number): void => {
    for (let j = from; j < to; j++) names.add((tokens[j] as DocToken).surface);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as DocToken;
    const prev = tokens[i - 1];
    // 轟さん, 轟部長 (but not 営業部長: a verbal noun names no one).
    if ((PERSON_HONORIFICS.has(t.surface) || TITLES.has(t.surface)) && prev !== undefined && adjacent(prev, t)) {
      const start = runBefore(tokens, i);
      if (start < i && (PERSON_HONORIFICS.has(t.surface) || couldBeName(tokens[i - 1] as DocToken))) addRun(start, i);
    }
    // X って人, X という方, X っていう人.
    if (NAMING_PARTICLES.has(t.surface) && prev !== undefined && adjacent(prev, t)) {
      let k = i + 1;
      if (tokens[k] !== undefined && NAMING_VERBS.has((tokens[k] as DocToken).surface)) k++;
      const noun = tokens[k];
      if (noun !== undefined && PERSON_NOUNS.has(noun.surface)) addRun(runBefore(tokens, i), i);
    }
    // マネージャーの轟, 母の久美子; 上司田中.
    if (PERSON_WORDS.has(t.surface) && t.pos === '名詞') {
      let k = i + 1;
      const next = tokens[k];
      if (next !== undefined && next.surface === 'の' && next.pos === '助詞') k++;
      else if (next === undefined || !adjacent(t, next)) continue;
      const first = tokens[k];
      if (first !== undefined && couldBeName(first)) addRun(k, runFrom(tokens, k));
    }
  }
  return names;
}

/** A run the dictionary had to build from pieces: a one-character noun that is not a suffix, or
 * a katakana piece of two characters or fewer, beside other nouns (ゴリ + 松). Ordinary compounds
 * join whole words (転職 + 活動, キャリア + 形成). */
function isPatchwork(run: readonly DocToken[]): boolean {
  if (run.length < 2) return false;
  return run.some((t) => t.pos === '名詞' && t.pos1 !== '接尾' && (t.surface.length === 1 || (KATAKANA.test(t.surface) && t.surface.length <= 2)));
}

/** A run's words may be a keyword: each known to the dictionary, a common noun, no digit, no
 * Latin, no listed name and no name of this session. */
function isVocabulary(run: readonly DocToken[], names: ReadonlySet<string>): boolean {
  for (const t of run) {
    if (!t.known || t.pos1 === '固有名詞' || LATIN.test(t.surface) || isDigitLike(t)) return false;
    if (names.has(t.surface) || isListedName(t.surface)) return false;
  }
  return !isPatchwork(run);
}

function inVocabulary(run: readonly DocToken[], lexicon: CompiledLexicon): boolean {
  return lexicon.keywordVocabulary.has(run.map((x) => x.key).join(' '));
}

function japaneseKeywords(doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void, alsoNames: ReadonlySet<string>): void {
  const { tokens } = doc;
  const blocked = contactPhrases(tokens);
  const names = new Set([...namesOfSession(tokens), ...alsoNames]);
  // Stop-words neither start nor continue a compound (会社自体 is 会社 + 自体: neither is a
  // keyword, 気持ち的 is not one either).
  const stop = (x: DocToken): boolean => lexicon.stopwords.has(x.surface);
  const startsRun = (x: DocToken): boolean => isRunNoun(x) && !stop(x);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as DocToken;
    const next = tokens[i + 1];
    let start = -1;
    if (startsRun(t)) start = i;
    else if (isPrefix(t) && next !== undefined && adjacent(t, next) && startsRun(next)) start = i;
    if (start < 0) {
      i++;
      continue;
    }
    let end = start + 1;
    if (!STANDALONE_NOUNS.has(t.pos1)) {
      for (;;) {
        const prev = tokens[end - 1] as DocToken;
        const cur = tokens[end];
        if (cur === undefined || !adjacent(prev, cur) || STANDALONE_NOUNS.has(cur.pos1)) break;
        if (!(startsRun(cur) || isJoiner(cur)) || stop(cur)) break;
        end++;
      }
    }
    i = end;
    const after = tokens[end];
    if (after !== undefined && adjacent(tokens[end - 1] as DocToken, after) && PERSON_HONORIFICS.has(after.surface)) continue;
    let run = tokens.slice(start, end);
    if (run.some((_, j) => blocked[start + j] === 1)) continue;
    // The lexicon's terms are vocabulary by definition (ケアマネジャー); anything else must prove it is.
    if (inVocabulary(run, lexicon)) {
      const keyword = run.map((x) => x.surface).join('');
      if (!lexicon.stopwords.has(keyword)) count(keyword);
      continue;
    }
    // 轟部長 → 部長; マネージャー轟 → マネージャー: the person word is a word, the rest a name.
    const last = run[run.length - 1] as DocToken;
    const head = run[0] as DocToken;
    if (run.length > 1 && TITLES.has(last.surface) && couldBeName(run[run.length - 2] as DocToken)) run = [last];
    else if (run.length > 1 && PERSON_WORDS.has(head.surface) && couldBeName(run[1] as DocToken)) run = [head];
    const keyword = run.map((x) => x.surface).join('');
    if (lexicon.stopwords.has(keyword)) continue;
    if (inVocabulary(run, lexicon)) {
      count(keyword);
      continue;
    }
    if (SINGLE_KANA.test(keyword) || SHORT_HIRAGANA.test(keyword) || NO_CONTENT.test(keyword) || keyword.includes('[') || keyword.includes(']')) continue;
    if (isListedName(keyword) || !isVocabulary(run, names)) continue;
    count(keyword);
  }
}

/** A keyword that is a name is never counted, even where redaction read it as something else:
 * privacy promise 4. Japanese: a kanji word ENAMDICT gives three or more surname readings (平野,
 * 栗山, 大橋 — kuromoji reads them as common nouns; on the dev transcripts this drops one word of
 * vocabulary, 知識). Given names that are words (希望, 誠) stay: redaction finds them in context.
 * Latin: listed English given names in any case (john, John). */
function isListedName(word: string): boolean {
  if (SURNAME_LIKE.test(word) && surnameReadings(word) >= 3) return true;
  if (!LATIN.test(word)) return false;
  const capitalised = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  // Ambiguous given names (Will, Grace, Bill) are ordinary words in lowercase.
  return LISTS.latinNames.has(word) || LISTS.latinNames.has(capitalised);
}

// ---------------------------------------------------------------------------------------------
// English: lowercase dictionary words, plurals folded (promotions → promotion), stop-words
// removed. Capitalised words are skipped (they may be names redaction missed), and so is, in the
// whole session, a word written capitalised mid-sentence anywhere in it (Rose … rose).

const inflector = new NounInflector();
/** Endings NounInflector would mangle (analysis → analysi, status → statu). */
const NOT_PLURAL = /(?:ss|us|is|ics|ous|ness)$/u;
/** E-mail addresses said aloud: j dot smith at acme corp dot com. */
const EN_ADDRESS_SEPARATORS = new Set(['dot', 'at', 'underscore', 'hyphen', 'dash', 'slash']);
const EN_ADDRESS_ENDS = new Set(['com', 'net', 'org', 'jp', 'io']);
/** How many words before a spoken address the local part may take (taro yamada dot …). */
const LOCAL_PART_WORDS = 3;

function singular(word: string): string {
  if (!word.endsWith('s') || NOT_PLURAL.test(word)) return word;
  return inflector.singularize(word);
}

/** The words of every address said aloud: from a few words before its first "dot" (or the "at"
 * before that) to the word after its last separator. */
function englishAddresses(tokens: readonly DocToken[]): Uint8Array {
  const blocked = new Uint8Array(tokens.length);
  const word = (j: number): string => (tokens[j] as DocToken).surface.toLowerCase();
  const isPart = (j: number): boolean => EN_ADDRESS_SEPARATORS.has(word(j)) || EN_ADDRESS_ENDS.has(word(j));
  for (let i = 0; i < tokens.length; i++) {
    if (word(i) !== 'dot') continue;
    const segment = (tokens[i] as DocToken).segment;
    const same = (j: number): boolean => j >= 0 && j < tokens.length && (tokens[j] as DocToken).segment === segment;
    let from = i;
    for (let j = i - 1; same(j) && j >= from - LOCAL_PART_WORDS; j--) if (isPart(j)) from = j;
    let to = i;
    for (let j = i + 1; same(j) && j <= to + 2; j++) if (isPart(j)) to = j;
    // A separator is followed by one more piece of the address (… dot com, … at acme).
    const end = EN_ADDRESS_SEPARATORS.has(word(to)) && same(to + 1) ? to + 2 : to + 1;
    blocked.fill(1, Math.max(0, from - LOCAL_PART_WORDS), end);
    i = end - 1;
  }
  return blocked;
}

/** Lowercase forms of the words the session writes capitalised where a sentence does not start. */
function englishNames(tokens: readonly DocToken[]): Set<string> {
  const names = new Set<string>();
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as DocToken;
    const prev = tokens[i - 1] as DocToken;
    if (t.pos !== 'word' || prev.segment !== t.segment || prev.pos === 'punct' || !/^[A-Z][a-z]/u.test(t.surface)) continue;
    if (LISTS.enCommonCapitalised.has(t.surface)) continue;
    names.add(t.surface.toLowerCase());
  }
  return names;
}

function englishKeywords(doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void, alsoNames: ReadonlySet<string>): void {
  const { tokens } = doc;
  const blocked = englishAddresses(tokens);
  const names = new Set([...englishNames(tokens), ...alsoNames]);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as DocToken;
    if (t.placeholder !== null || t.pos !== 'word' || t.surface.includes("'") || blocked[i] === 1) continue;
    const inVocabulary = lexicon.keywordVocabulary.has(englishKey(t.surface));
    // Acronyms (HR, KPI) only from the lexicon: others may be someone's initials.
    if (/^[A-Z][A-Z0-9]{1,5}$/u.test(t.surface)) {
      if (inVocabulary && !lexicon.stopwords.has(t.surface.toLowerCase())) count(t.surface);
      continue;
    }
    if (/[A-Z]/u.test(t.surface)) continue;
    if (t.surface.length < 3 || lexicon.stopwords.has(t.surface)) continue;
    // plurals fold (promotions → promotion) only into a real word: approves is no plural of "approf"
    const folded = singular(t.surface);
    const keyword = folded === t.surface || isCommonEnglishWord(folded) ? folded : t.surface;
    if (keyword.length < 3 || lexicon.stopwords.has(keyword)) continue;
    const wordsToCheck = keyword === t.surface ? [keyword] : [t.surface, keyword];
    if (!inVocabulary && (wordsToCheck.some((w) => names.has(w) || isAlsoProperNoun(w)) || isListedName(keyword) || !isCommonEnglishWord(t.surface))) continue;
    count(keyword);
  }
}

const EXTRACTORS: Record<CompiledLexicon['language'], (doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void, alsoNames: ReadonlySet<string>) => void> = {
  ja: japaneseKeywords,
  en: englishKeywords,
};

/** Keywords with their counts, most frequent first (ties alphabetical), at most `limit`; none of
 * `alsoNames` (names redaction left standing in the session: AnalyzeInput.notKeywords). */
export function extractKeywords(doc: Doc, lexicon: CompiledLexicon, limit: number, alsoNames: ReadonlySet<string> = new Set()): KeywordCount[] {
  const counts = new Map<string, number>();
  EXTRACTORS[lexicon.language](doc, lexicon, (k) => counts.set(k, (counts.get(k) ?? 0) + 1), alsoNames);
  return [...counts]
    .map(([keyword, count]) => ({ keyword, count }))
    .sort((a, b) => b.count - a.count || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0))
    .slice(0, limit);
}
