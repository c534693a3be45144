/** Is a gold PII string still in the redacted text — whole, or through a part of it that
 * identifies on its own (the surname of a full name, a group of a phone number, an e-mail's
 * local part)? Pure. What a part is, is defined in `piiParts` and in the README. */
import { isAlsoProperNoun, isCommonEnglishWord } from '../analyze/english-words.js';
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { isDictionaryName } from '../redact/enamdict.js';

/** A leaked PII string; `part` is set when the whole string is gone but that part survives. */
export interface Leak {
  text: string;
  part?: string;
}

/** One part of a PII string and how it is looked for. */
export interface PiiPart {
  text: string;
  kind: 'digits' | 'latin' | 'japanese';
}

const KANJI_DIGITS = '〇一二三四五六七八九';

/** NFKC, then every run of two or more kanji digits written as digits (〇三の五五四一 →
 * 03の5541): a number said in kanji numerals is the same number. A single 一 or 二 is left
 * alone (一緒, 二人), and so are positional numerals (四十一). */
export function foldForLeaks(text: string): string {
  return text.normalize('NFKC').replace(/[〇一二三四五六七八九]{2,}/gu, (run) => [...run].map((ch) => String(KANJI_DIGITS.indexOf(ch))).join(''));
}

const LATIN_PIECE = /^[A-Za-z]+$/u;
const JAPANESE_PIECE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+$/u;
/** Where a name, a handle or a local part splits into pieces (spaces, ・, _, ., -, +). */
const SEPARATORS = /[\s・･_.\-‐+]+/u;
/** Legal forms and joiners: in every company name, so they identify nothing; nor do honorifics
 * and titles, in romaji or English (Kubota-san: redacted as [PERSON]-san, the san is no leak). */
const NOT_IDENTIFYING = new Set(['inc', 'ltd', 'llc', 'co', 'corp', 'kk', 'plc', 'gmbh', 'the', 'and', 'of', 'san', 'sama', 'kun', 'chan', 'sensei', 'senpai', 'sempai', 'mrs', 'miss', 'prof']);
/** An e-mail address, written (@, ＠) or said (アットマーク, " at "). The local part is before it. */
const AT = /@|アットマーク|アット|\sat\s/iu;
const SAID_DOT = /ドット|\sdot\s/iu;

/** A Latin piece identifies unless it is a legal form or an everyday English word that is no
 * name (group, university, consulting); a word that is also a name (Park, Smith, Tom) counts. */
function latinIdentifies(piece: string): boolean {
  const lower = piece.toLowerCase();
  if (piece.length < 3 || NOT_IDENTIFYING.has(lower)) return false;
  return !isCommonEnglishWord(lower) || isAlsoProperNoun(lower);
}

/** The pieces of `s` that identify on their own: Latin letters ≥ 3 (see latinIdentifies),
 * Japanese ≥ 2 characters, and, in an all-ASCII handle, digit runs ≥ 3 (taro88 splits into
 * taro and 88). In Japanese text a piece with digits is none (芝浦3 of an address). */
function pieces(s: string): PiiPart[] {
  const ascii = /^[\x20-\x7e]+$/u.test(s);
  const out: PiiPart[] = [];
  for (const raw of s.split(SEPARATORS)) {
    if (!ascii && /[0-9]/u.test(raw)) continue;
    for (const piece of raw.match(/[A-Za-z]+|[0-9]+|[^A-Za-z0-9]+/gu) ?? []) {
      if (/^[0-9]+$/u.test(piece)) {
        if (piece.length >= 3) out.push({ text: piece, kind: 'digits' });
      } else if (LATIN_PIECE.test(piece)) {
        if (latinIdentifies(piece)) out.push({ text: piece, kind: 'latin' });
      } else if (JAPANESE_PIECE.test(piece) && piece.length >= 2) out.push({ text: piece, kind: 'japanese' });
    }
  }
  return out;
}

/** Only digits, Latin letters and what separates the groups of a number, with more digits than
 * letters: a phone number, a postal code, an ID (KZ-7731904). Not a date with 年月日. */
const NUMBER = /^[0-9A-Za-z\s\-‐−–—()+#/.〒の]+$/u;

/**
 * The parts of a PII string that identify on their own, decided by its shape (after folding):
 * - a URL (`://`, `www.`): none — only the whole address counts;
 * - an e-mail address (written with @, or said: アットマーク / at, with ドット / dot): the local
 *   part if it has ≥ 3 characters, and its pieces (split at . _ - + and a said "dot") as below;
 * - a number (see NUMBER): every run of ≥ 3 digits, except the first of three or more (a
 *   country, area or mobile code says where, not who);
 * - anything else with separators (spaces, ・, _, ., -): a full name, a messaging id, a
 *   katakana name: its pieces — Japanese of ≥ 2 characters (a one-kanji piece such as 林 also
 *   occurs in 林業), Latin of ≥ 3 letters that are no everyday word, and, in an all-ASCII
 *   handle, digit runs of ≥ 3.
 * A string without separators has no parts: it leaks only whole.
 */
export function piiParts(pii: string): PiiPart[] {
  const s = foldForLeaks(pii).trim();
  if (/:\/\/|^www\./iu.test(s)) return [];
  const at = AT.exec(s);
  if (at !== null && (at[0].includes('@') || SAID_DOT.test(s))) {
    const local = s.slice(0, at.index).trim().replace(/\s*(?:\sdot\s|ドット)\s*/giu, '.');
    const split = pieces(local);
    if (local.length < 3 || split.some((p) => p.text === local)) return split;
    return [{ text: local, kind: /^[\x20-\x7e]+$/u.test(local) ? 'latin' : 'japanese' }, ...split];
  }
  const digits = s.replace(/[^0-9]/gu, '').length;
  if (NUMBER.test(s) && digits > s.replace(/[^A-Za-z]/gu, '').length) {
    const groups = s.match(/[0-9]+/gu) ?? [];
    // In three groups or more the first is a country, area or mobile code (090, 03, (415)).
    return groups
      .slice(groups.length >= 3 ? 1 : 0)
      .filter((g) => g.length >= 3)
      .map((text) => ({ text, kind: 'digits' }));
  }
  return SEPARATORS.test(s) ? pieces(s) : [];
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** The label of a numbered id (社員番号, 会員ID, 保険証番号): says what the number is, not whose. */
const ID_LABEL = /(?:番号|ID|ＩＤ|コード|記号)$/u;

/** A Japanese part that identifies nobody: an id label, or — with kuromoji — a kanji or kana word
 * made only of common nouns it knows (社員, 番号; not 人名, other proper nouns or unknown words)
 * that ENAMDICT does not list as a name (栗山 is 栗 + 山 to kuromoji, and a surname). Katakana
 * pieces always count: brands are made of loanwords (ブライト・キャリア). */
function ordinaryJapanese(piece: string, tokenizer: JaTokenizer | undefined): boolean {
  if (ID_LABEL.test(piece)) return true;
  if (tokenizer === undefined || /\p{Script=Katakana}/u.test(piece) || isDictionaryName(piece)) return false;
  return tokenizer.tokenize(piece).every((t) => t.pos === '名詞' && t.word_type === 'KNOWN' && t.pos_detail_1 !== '固有名詞');
}

/** Is `part` in the folded text? Digits must not continue into more digits (2276 is not in
 * 22760); Latin letters must stand as a word (Dan is not in Dance), case-sensitively when the
 * part is written with a capital (Care is not care), else in any case (an id's kondo is Kondo). */
function survives(part: PiiPart, folded: string): boolean {
  const p = escapeRegExp(part.text);
  if (part.kind === 'digits') return new RegExp(`(?<![0-9])${p}(?![0-9])`, 'u').test(folded);
  if (part.kind === 'latin') return new RegExp(`(?<![A-Za-z])${p}(?![A-Za-z])`, part.text === part.text.toLowerCase() ? 'iu' : 'u').test(folded);
  return folded.includes(part.text);
}

/** The pii strings of a case that survive in the redacted texts, each once: whole (exactly, or
 * after folding both sides — a full-width number written back half-width is still a leak), or
 * through the first of its parts found. A Japanese part that is an id label or (given kuromoji)
 * only common nouns does not count (`ordinaryJapanese`). */
export function findLeaks(pii: readonly string[], redactedTexts: readonly string[], tokenizer?: JaTokenizer): Leak[] {
  const joined = redactedTexts.join('\n');
  const folded = foldForLeaks(joined);
  const leaks: Leak[] = [];
  for (const text of new Set(pii)) {
    if (joined.includes(text) || folded.includes(foldForLeaks(text))) {
      leaks.push({ text });
      continue;
    }
    const part = piiParts(text).find((p) => survives(p, folded) && !(p.kind === 'japanese' && ordinaryJapanese(p.text, tokenizer)));
    if (part !== undefined) leaks.push({ text, part: part.text });
  }
  return leaks;
}
