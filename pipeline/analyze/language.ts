/** Per-language tokenising for the local provider, in a registry keyed by language.
 *
 * Japanese: kuromoji morphemes, matched on their dictionary form (basic_form), so 辞めた,
 * 辞めたい and 辞めます all reach 辞める. English: natural's RegexpTokenizer (keeping
 * contractions such as "don't" whole) and the Porter stemmer, so "leaving" and "leave" meet. */
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/index.js';
import { positionTokens, type JaTokenizer, type PositionedToken } from './tokenizer.js';

export type Language = 'ja' | 'en';

/** One token of a placeholder-free piece of text. */
export interface RawToken {
  /** As written (NFKC-normalised). */
  surface: string;
  /** What lexicon terms are matched on: lemma (ja) or lowercase stem (en). */
  key: string;
  /** Offsets in the tokenized text. */
  start: number;
  end: number;
  /** IPADIC part of speech (ja); 'word' | 'number' | 'punct' (en). */
  pos: string;
  pos1: string;
  pos2: string;
  /** In kuromoji's dictionary (ja); always true for en. */
  known: boolean;
}

export interface LanguageRules {
  /** Normalises a segment before anything reads it (patterns run on this text). */
  normalize(text: string): string;
  /** Tokenizes a normalised, placeholder-free text. */
  tokenize(text: string, tokenizer: JaTokenizer): RawToken[];
  /** Converts morphemes another stage already produced (redaction's tokens of the redacted
   * text) into RawTokens, when this language is tokenized by kuromoji; null otherwise. */
  readonly fromMorphemes: ((tokens: readonly PositionedToken[]) => RawToken[]) | null;
  /** Flags for the lexicon's regular expressions. */
  readonly patternFlags: string;
  /** Where a negation stands relative to what it negates: after (転職は考えていません) or
   * before ("not planning to quit"). */
  readonly negation: 'after' | 'before';
}

const LATIN = /^[A-Za-z]+$/u;

/** A RawToken from one positioned kuromoji morpheme, matched on its lemma; null for whitespace. */
export function rawToken({ token: t, start, end }: PositionedToken): RawToken | null {
  if (t.pos === '記号' && t.pos_detail_1 === '空白') return null;
  const lemma = t.basic_form !== '*' && t.basic_form !== '' ? t.basic_form : t.surface_form;
  return {
    surface: t.surface_form,
    key: LATIN.test(lemma) ? lemma.toLowerCase() : lemma,
    start,
    end,
    pos: t.pos,
    pos1: t.pos_detail_1,
    pos2: t.pos_detail_2,
    known: t.word_type === 'KNOWN',
  };
}

/** RawTokens from positioned kuromoji morphemes (whitespace dropped). */
export function fromMorphemes(tokens: readonly PositionedToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (const p of tokens) {
    const t = rawToken(p);
    if (t !== null) out.push(t);
  }
  return out;
}

function tokenizeJa(text: string, tokenizer: JaTokenizer): RawToken[] {
  return fromMorphemes(positionTokens(tokenizer, text));
}

/** Words (with inner apostrophes: don't, I'm), numbers, and sentence punctuation. */
const EN_TOKENIZER = new RegexpTokenizer({ pattern: /[A-Za-z]+(?:'[A-Za-z]+)*|\d+(?:[.,]\d+)*|[.!?;:]/g, gaps: false });

/** The key English terms and text are matched on: lowercase, stemmed when purely alphabetic. */
export function englishKey(word: string): string {
  const lower = word.toLowerCase();
  return /^[a-z]+$/.test(lower) ? PorterStemmer.stem(lower) : lower;
}

function tokenizeEn(text: string): RawToken[] {
  const out: RawToken[] = [];
  let cursor = 0;
  // natural returns null (despite its types) when nothing matches.
  const words: string[] | null = EN_TOKENIZER.tokenize(text);
  for (const surface of words ?? []) {
    const start = text.indexOf(surface, cursor);
    if (start < 0) continue;
    cursor = start + surface.length;
    const pos = /^[.!?;:]$/.test(surface) ? 'punct' : /^\d/.test(surface) ? 'number' : 'word';
    out.push({ surface, key: pos === 'word' ? englishKey(surface) : surface, start, end: cursor, pos, pos1: '', pos2: '', known: true });
  }
  return out;
}

export const LANGUAGES: Record<Language, LanguageRules> = {
  ja: {
    normalize: (text) => text.normalize('NFKC'),
    tokenize: tokenizeJa,
    fromMorphemes,
    patternFlags: 'gu',
    negation: 'after',
  },
  en: {
    normalize: (text) => text.normalize('NFKC').replace(/[‘’ʼ]/g, "'"),
    tokenize: (text) => tokenizeEn(text),
    fromMorphemes: null,
    patternFlags: 'giu',
    negation: 'before',
  },
};
