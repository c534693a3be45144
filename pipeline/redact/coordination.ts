/** Given names listed with a name the session already has (issue 13, twelfth pass): a word joined
 * by と / や to a person found elsewhere in the session is a person too when ENAMDICT has it as a
 * given name and the pair stands as one phrase — said as a sentence or before a subject's particle
 * (蓮とユウキ。, ユウキと蓮は…). One-kanji and common-noun names (蓮, 碧, 翼) are found no other way
 * when said without an honorific; the partner in the list is what marks them.
 *
 * Not a comitative or a destination: …と海に行った, …と空を見た (the word before に / を is what
 * is done with the person, not a second person), and never a kin or order word (上, 母). */
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { isCommonEnglishWord } from '../analyze/english-words.js';
import { LISTS } from './lists.js';
import { GIVEN, nameType } from './enamdict.js';
import { CHILD_ORDER_WORDS, KIN_WORDS } from './name-words.js';
import { isKanaGivenName } from './names.js';
import { execAll } from './regex.js';

const WORD = '[\\p{Script=Han}々]{1,3}|[\\p{Script=Hiragana}]{2,5}|[\\p{Script=Katakana}ー]{2,8}';
/** What may follow a listed pair: a subject's particle, a pause or the end of the sentence. */
const PAIR_END = '(?=が|は|も|って|、|。|！|？|!|\\?|\\s|$)';
const JOINS = 'と|や';
/** The known name may carry its honorific (湊とカイトさん): the listed one stands without. */
const HONORIFIC = '(?:さん|くん|君|ちゃん|さま|様)?';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Is `word` a given name said alone (ENAMDICT's given names; a kana word not one word kuromoji
 * knows: ひかり is, そら as a noun is too common a word to take on a list's evidence alone)? */
function isListedName(word: string, tokenizer: JaTokenizer | undefined): boolean {
  if (KIN_WORDS.has(word) || CHILD_ORDER_WORDS.has(word)) return false;
  if (/^[\p{Script=Han}々]+$/u.test(word)) return (nameType(word) & GIVEN) !== 0 && !/^[一二三四五六七八九十何]/u.test(word);
  if (!isKanaGivenName(word)) return false;
  if (tokenizer === undefined) return true;
  const tokens = tokenizer.tokenize(word);
  const one = tokens.length === 1 ? tokens[0] : undefined;
  return one === undefined || one.word_type === 'UNKNOWN' || one.pos_detail_2 === '人名';
}

/** The given names listed with one of `names` (the session's person names, at least one of
 * whose occurrences was found) in `texts`; at most `limit` names are searched for. */
export function coordinatedNames(texts: readonly string[], names: readonly string[], tokenizer: JaTokenizer | undefined, limit = 200): Set<string> {
  const out = new Set<string>();
  const known = names.filter((n) => n.length <= 16 && /^[\p{Script=Han}々\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u.test(n)).slice(0, limit);
  if (known.length === 0) return out;
  const alt = known.map(escape).join('|');
  // the unknown word after the known name, or before it; whole words of their script
  const after = new RegExp(`(?<![\\p{Script=Han}々\\p{Script=Katakana}ー])(?:${alt})${HONORIFIC}(?:${JOINS})(?<w>${WORD})${PAIR_END}`, 'dgu');
  const before = new RegExp(`(?<=^|[、。！？!?\\s「]|[はがもで](?=[\\p{Script=Han}\\p{Script=Katakana}]))(?<w>${WORD})(?:${JOINS})(?:${alt})${HONORIFIC}${PAIR_END}`, 'dgu');
  const hint = new Set(known.map((n) => n[0]));
  for (const text of texts) {
    if (!/[とや]/u.test(text) || ![...hint].some((h) => text.includes(h as string))) continue;
    for (const re of [after, before]) {
      for (const m of execAll(re, text)) {
        const w = m.groups?.['w'];
        if (w === undefined || known.includes(w)) continue;
        if (isListedName(w, tokenizer)) out.add(w);
      }
    }
  }
  return out;
}

const EN_WORD = "[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?";

/** English too: a capitalised word joined by "and" to a person the session has ("Aarav and
 * Diya are…", "Diya and Aarav"), when the English dictionary does not know it in lower case and it
 * is no word said capitalised (Monday, English): "Aarav and Python" is rare, "Aarav and Google" is
 * kept (the dictionary lists google). */
export function coordinatedEnglishNames(texts: readonly string[], names: readonly string[], limit = 200): Set<string> {
  const out = new Set<string>();
  const known = names.filter((n) => /^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?$/u.test(n)).slice(0, limit);
  if (known.length === 0) return out;
  const alt = known.map(escape).join('|');
  const after = new RegExp(`\\b(?:${alt})\\s(?:and|&)\\s(?<w>${EN_WORD})(?![A-Za-z'’-])`, 'gdu');
  const before = new RegExp(`(?<![A-Za-z'’-])(?<w>${EN_WORD})\\s(?:and|&)\\s(?:${alt})\\b`, 'gdu');
  for (const text of texts) {
    if (!/\band\b|&/u.test(text)) continue;
    for (const re of [after, before]) {
      for (const m of execAll(re, text)) {
        const w = m.groups?.['w'];
        if (w === undefined || known.includes(w) || LISTS.enCommonCapitalised.has(w) || isCommonEnglishWord(w.toLowerCase())) continue;
        out.add(w);
      }
    }
  }
  return out;
}
