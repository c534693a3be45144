/** Keywords: content nouns and noun compounds of the client's speech, counted. Never a redaction
 * placeholder, a person's name, a stop-word or a lone kana. Pure. */
import { NounInflector } from 'natural/lib/natural/inflectors/index.js';
import { LISTS } from '../redact/lists.js';
import type { KeywordCount } from '../schemas.js';
import type { Doc, DocToken } from './document.js';
import type { CompiledLexicon } from './rules.js';

// ---------------------------------------------------------------------------------------------
// Japanese: runs of adjacent nouns (連続名詞) joined into one keyword: 転職 + 活動 → 転職活動.

/** Noun kinds that carry content. Excluded: 数, 非自立 (こと, もの), 代名詞, 特殊, 接尾 alone. */
const CONTENT_NOUNS = new Set(['一般', 'サ変接続', '形容動詞語幹', 'ナイ形容詞語幹', '固有名詞', '副詞可能']);
/** 副詞可能 nouns (来週, 同期, 将来) are keywords on their own but do not join compounds:
 * 来週面接 is two things. */
const STANDALONE_NOUNS = new Set(['副詞可能']);
/** Suffixes that continue a compound (人事部, 営業職, 主体性) but never start one. */
const JOINING_SUFFIXES = new Set(['一般', 'サ変接続', '形容動詞語幹']);
const EXCLUDED_PREFIXES = new Set(['お', 'ご', '御']);
/** After these, the preceding noun is most likely someone's name that redaction missed. */
const PERSON_HONORIFICS = new Set(['さん', '様', 'さま', 'くん', '君', 'ちゃん', '氏', '殿']);
/** Unknown ASCII words are tagged 組織 by kuromoji; acronyms among them are ordinary keywords. */
const ACRONYM = /^[A-Z][A-Z0-9]{1,5}$/u;
const SINGLE_KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;
/** Short hiragana "nouns" are mostly fragments of a misanalysis (うち, とこ, いって). */
const SHORT_HIRAGANA = /^\p{Script=Hiragana}{1,2}$/u;
const NO_CONTENT = /^[\p{P}\p{S}\p{N}\s]*$/u;
/** Latin fragments in Japanese speech (the "on" of 1on1): not keywords unless an acronym. */
const SHORT_LATIN = /^[a-z]{1,3}$/u;

function isContentNoun(t: DocToken): boolean {
  if (t.placeholder !== null || t.pos !== '名詞' || !CONTENT_NOUNS.has(t.pos1)) return false;
  if (t.pos1 !== '固有名詞') return true;
  if (t.pos2 === '人名') return false;
  if (t.pos2 === '組織') return !t.known && ACRONYM.test(t.surface);
  return true;
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

function japaneseKeywords(doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void): void {
  const { tokens } = doc;
  // Stop-words neither start nor continue a compound (会社自体 is 会社 + 自体: neither is a
  // keyword, 気持ち的 is not one either).
  const stop = (x: DocToken): boolean => lexicon.stopwords.has(x.surface);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as DocToken;
    const next = tokens[i + 1];
    let start = -1;
    if (isContentNoun(t) && !stop(t)) start = i;
    else if (isPrefix(t) && next !== undefined && adjacent(t, next) && isContentNoun(next) && !stop(next)) start = i;
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
        if (!(isContentNoun(cur) || isJoiner(cur)) || stop(cur)) break;
        end++;
      }
    }
    i = end;
    const after = tokens[end];
    if (after !== undefined && adjacent(tokens[end - 1] as DocToken, after) && PERSON_HONORIFICS.has(after.surface)) continue;
    const keyword = tokens
      .slice(start, end)
      .map((x) => x.surface)
      .join('');
    if (SINGLE_KANA.test(keyword) || SHORT_HIRAGANA.test(keyword) || SHORT_LATIN.test(keyword) || NO_CONTENT.test(keyword) || keyword.includes('[') || keyword.includes(']')) continue;
    if (lexicon.stopwords.has(keyword) || isListedName(keyword)) continue;
    count(keyword);
  }
}

/** A keyword that is a common name (redaction's lists) is never counted, even where redaction
 * read it as something else: privacy promise 4. */
function isListedName(keyword: string): boolean {
  return LISTS.surnames.has(keyword) || LISTS.givenNames.has(keyword) || LISTS.kanaGivenNames.has(keyword) || LISTS.latinNames.has(keyword);
}

// ---------------------------------------------------------------------------------------------
// English: lowercase words, plurals folded (promotions → promotion), stop-words removed.
// Capitalised words are skipped (they may be names redaction missed); acronyms are kept.

const inflector = new NounInflector();
/** Endings NounInflector would mangle (analysis → analysi, status → statu). */
const NOT_PLURAL = /(?:ss|us|is|ics|ous|ness)$/u;

function singular(word: string): string {
  if (!word.endsWith('s') || NOT_PLURAL.test(word)) return word;
  return inflector.singularize(word);
}

function englishKeywords(doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void): void {
  for (const t of doc.tokens) {
    if (t.placeholder !== null || t.pos !== 'word' || t.surface.includes("'")) continue;
    if (LISTS.latinNames.has(t.surface)) continue;
    if (ACRONYM.test(t.surface)) {
      if (!lexicon.stopwords.has(t.surface.toLowerCase())) count(t.surface);
      continue;
    }
    if (/[A-Z]/u.test(t.surface)) continue;
    if (t.surface.length < 3 || lexicon.stopwords.has(t.surface)) continue;
    const keyword = singular(t.surface);
    if (keyword.length < 3 || lexicon.stopwords.has(keyword)) continue;
    count(keyword);
  }
}

const EXTRACTORS: Record<CompiledLexicon['language'], (doc: Doc, lexicon: CompiledLexicon, count: (k: string) => void) => void> = {
  ja: japaneseKeywords,
  en: englishKeywords,
};

/** Keywords with their counts, most frequent first (ties alphabetical), at most `limit`. */
export function extractKeywords(doc: Doc, lexicon: CompiledLexicon, limit: number): KeywordCount[] {
  const counts = new Map<string, number>();
  EXTRACTORS[lexicon.language](doc, lexicon, (k) => counts.set(k, (counts.get(k) ?? 0) + 1));
  return [...counts]
    .map(([keyword, count]) => ({ keyword, count }))
    .sort((a, b) => b.count - a.count || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0))
    .slice(0, limit);
}
