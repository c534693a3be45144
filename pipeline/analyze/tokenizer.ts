/** The Japanese morphological analyser (kuromoji + IPADIC), loaded once per process.
 *
 * Building the tokenizer reads ~50 MB of dictionary files and takes about a second and
 * ~300 MB of memory, so the promise is cached: every caller of `loadJapaneseTokenizer()` in
 * one process shares one instance. Stages never load it themselves; they receive a
 * `JaTokenizer` as a parameter (tests pass the same one, or a fake). */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';
import { speedUpKuromoji } from './kuromoji-speed.js';

/** One morpheme as IPADIC describes it (the fields honne reads). */
export interface JaToken {
  surface_form: string;
  /** 1-based character offset of the token in the tokenized text. */
  word_position: number;
  /** 名詞, 動詞, 形容詞, 助動詞, 助詞, 記号, … */
  pos: string;
  /** 固有名詞, 一般, サ変接続, 非自立, 代名詞, 数, 接尾, 自立, … */
  pos_detail_1: string;
  /** 人名, 組織, 地域, 一般, 助数詞, … */
  pos_detail_2: string;
  /** 姓, 名, 国, … */
  pos_detail_3: string;
  conjugated_form: string;
  /** Dictionary form ('*' for unknown words). */
  basic_form: string;
  /** 'KNOWN' or 'UNKNOWN'. */
  word_type: string;
  /** Katakana reading (absent for unknown words; redaction reads it for known names). */
  reading?: string;
}

export interface JaTokenizer {
  tokenize(text: string): JaToken[];
}

/** A morpheme with its UTF-16 range in the text it came from. */
export interface PositionedToken {
  readonly token: JaToken;
  readonly start: number;
  readonly end: number;
}

/** kuromoji tokens with their offsets in `text` (kuromoji's word_position is not reliable across
 * surrogate pairs, so offsets are found by scanning). Every token's surface is
 * `text.slice(start, end)`. */
export function positionTokens(tokenizer: JaTokenizer, text: string): PositionedToken[] {
  const out: PositionedToken[] = [];
  let cursor = 0;
  for (const token of tokenizer.tokenize(text)) {
    const at = text.indexOf(token.surface_form, cursor);
    if (at < 0) continue;
    cursor = at + token.surface_form.length;
    out.push({ token, start: at, end: cursor });
  }
  return out;
}

/** One text tokenized once, for everyone who reads it: redaction tokenizes each segment's
 * NFKC view, then hands analysis the morphemes of the *redacted* view (`redact/tokens.ts`):
 * `text` is the NFKC-normalised redacted text, placeholders included; `tokens` cover it outside
 * the placeholders, and no token reaches into one. */
export interface TokenizedText {
  readonly text: string;
  readonly tokens: readonly PositionedToken[];
}

/** The longest piece kuromoji is given at once. kuromoji reads a run of katakana, digits, kanji
 * numerals, Latin, Greek or Cyrillic letters, symbols or spaces as one unknown word however long
 * it is (IPADIC's char.def groups them), and its lattice over such a run grows with the square of
 * its length (4,000 katakana, ・ or ★: 1.3–1.6 s; 100,000 would take half an hour), so a hostile or broken
 * segment could hold a worker for hours. Pieces end at a sentence end where there is one, so
 * speech is cut only where kuromoji would put a boundary anyway; runs are cut where no word is
 * that long. */
export const MAX_PIECE = 2_000;

const SENTENCE_END = /[。．.！!？?\n]/u;
const SOFT_BREAK = /[、，,\s・「」『』（）()]/u;

/** Kinds of character in the order they are told apart, each with the longest run left whole
 * (none for kanji and ordinary hiragana, which kuromoji looks up word by word). */
const KINDS = [
  { kind: 'kata', chars: '[\\p{Script=Katakana}ー・゠ｰﾞﾟ]', maxRun: 64 },
  { kind: 'kanjiNumeral', chars: '[〇一二三四五六七八九十百千万億兆]', maxRun: 64 },
  // Han marks that are no ideograph (々 〻, the Suzhou numerals 〡…〺, radicals): none is a word
  // alone, and kuromoji reads a run of 々 or 〡 as one unknown word (2,000 of them: 0.4 s).
  { kind: 'hanMark', chars: '[\\p{Script=Han}--\\p{Lo}]', maxRun: 64 },
  { kind: 'han', chars: '\\p{Script=Han}', maxRun: Infinity },
  // Small and rare kana (ぁ, ゔ) are read as one unknown run; ordinary hiragana word by word.
  { kind: 'hiraRare', chars: '[ぁぃぅぇぉゕゖゎゔゟ]', maxRun: 64 },
  { kind: 'hira', chars: '\\p{Script=Hiragana}', maxRun: Infinity },
  { kind: 'digit', chars: '\\p{Nd}', maxRun: 64 },
  { kind: 'letter', chars: '[\\p{L}--[\\p{Script=Katakana}\\p{Script=Hiragana}\\p{Script=Han}ー・゠ｰﾞﾟ々]]', maxRun: 64 },
  { kind: 'other', chars: '[^\\p{L}\\p{Nd}ー・゠ｰﾞﾟ〇]', maxRun: 64 },
] as const;
type CharKind = (typeof KINDS)[number]['kind'];
const WORD_START: ReadonlySet<CharKind> = new Set(['han', 'kata', 'kanjiNumeral', 'letter', 'digit']);
const KIND_TESTS = KINDS.map((k) => ({ ...k, re: new RegExp(`^${k.chars}$`, 'v') }));

type KindTest = (typeof KIND_TESTS)[number];
const OTHER = KIND_TESTS[KIND_TESTS.length - 1] as KindTest;

/** The kind of one character (the kinds tile every character; `other` is the rest). */
function kindOf(ch: string): KindTest {
  return KIND_TESTS.find((k) => k.re.test(ch)) ?? OTHER;
}

/** A run longer than its kind allows: the one test a segment of speech pays. */
const LONG_RUN = new RegExp(
  KINDS.filter((k) => Number.isFinite(k.maxRun))
    .map((k) => `${k.chars}{${k.maxRun + 1}}`)
    .join('|'),
  'v',
);

/** Where `text` is cut before tokenizing: [start, end) ranges that tile it, each at most
 * MAX_PIECE long and holding no run of one kind longer than its kind allows. A piece that must end
 * early ends after its last sentence end, else after its last soft break (、 space ・ brackets),
 * else where a word starts after hiragana, else at its last change of kind, else where it is
 * full; never inside a surrogate pair. */
export function tokenizerPieces(text: string): Array<readonly [number, number]> {
  const pieces: Array<readonly [number, number]> = [];
  let start = 0;
  let sentenceCut = -1;
  let softCut = -1;
  let kindCut = -1;
  // Where a word starts after hiragana (…ていて|仕事, …けど|スタッフ): kuromoji cuts there too.
  let wordCut = -1;
  let runStart = 0;
  let runKind: CharKind | undefined;
  const cut = (at: number): void => {
    pieces.push([start, at]);
    start = at;
    sentenceCut = softCut = kindCut = wordCut = -1;
  };
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const { kind, maxRun } = kindOf(ch);
    if (kind !== runKind) {
      if (i > start) kindCut = i;
      if (i > start && runKind === 'hira' && WORD_START.has(kind)) wordCut = i;
      runKind = kind;
      runStart = i;
    } else if (i - runStart >= maxRun) {
      // A run too long to be a word: cut it where it stands.
      cut(i);
      runStart = i;
    }
    if (i + ch.length - start > MAX_PIECE) {
      cut(sentenceCut > start ? sentenceCut : softCut > start ? softCut : wordCut > start ? wordCut : kindCut > start ? kindCut : i);
      if (runStart < start) runStart = start;
    }
    i += ch.length;
    if (SENTENCE_END.test(ch)) sentenceCut = i;
    else if (SOFT_BREAK.test(ch)) softCut = i;
  }
  if (start < text.length) pieces.push([start, text.length]);
  return pieces;
}

/** What kuromoji throws on: a NUL, and the first half of a surrogate pair without its second
 * (no u flag: one UTF-16 unit at a time). */
// eslint-disable-next-line no-control-regex -- a NUL is what it finds
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

/** Tokens of a text in which characters were replaced one for one, with their surfaces taken
 * back from the original (kuromoji's tokens cover the text end to end). */
function restoreSurfaces(original: string, tokens: JaToken[]): JaToken[] {
  let at = 0;
  return tokens.map((token) => {
    const surface = original.slice(at, at + token.surface_form.length);
    at += token.surface_form.length;
    return surface === token.surface_form ? token : { ...token, surface_form: surface };
  });
}

/** `inner` with every text cut by `tokenizerPieces` first. Each token's `word_position` is
 * shifted to its place in the whole text. Text of one piece goes through unchanged. A NUL or a
 * lone high surrogate (transcripts are cleaned of them when read, but a company name or an alias
 * is not a transcript) is read as a space or U+FFFD, so no text makes the tokenizer throw. */
export function boundedTokenizer(inner: JaTokenizer): JaTokenizer {
  const tokenize = (text: string): JaToken[] => {
    if (text.length <= MAX_PIECE && !LONG_RUN.test(text)) return inner.tokenize(text);
    const pieces = tokenizerPieces(text);
    if (pieces.length <= 1) return inner.tokenize(text);
    const out: JaToken[] = [];
    for (const [from, to] of pieces) {
      for (const token of inner.tokenize(text.slice(from, to))) {
        out.push({ ...token, word_position: token.word_position + from });
      }
    }
    return out;
  };
  return {
    tokenize(text: string): JaToken[] {
      if (!UNSAFE.test(text)) return tokenize(text);
      return restoreSurfaces(text, tokenize(text.replace(UNSAFE_ALL, (c) => (c === '\u0000' ? ' ' : '\uFFFD'))));
    },
  };
}

let cached: Promise<JaTokenizer> | undefined;

/** The directory of kuromoji's bundled IPADIC (the package's default path is relative to the
 * current directory, which breaks outside the repository root). */
export function kuromojiDictPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/** A new kuromoji tokenizer as the library ships it (no speed-up, no piece bounds): what
 * `npm run bench:analysis` measures against, and what `kuromoji-speed.test.ts` compares with. */
export function buildKuromoji(): Promise<JaTokenizer> {
  return new Promise<JaTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: kuromojiDictPath() }).build((err, tokenizer) => {
      // kuromoji's types declare err as always present; at run time it is null on success.
      if ((err as Error | null) !== null && err !== undefined) reject(err);
      else resolve(tokenizer);
    });
  });
}

/** The process-wide Japanese tokenizer: kuromoji sped up (`kuromoji-speed.ts`, the same tokens)
 * and bounded (`boundedTokenizer`). A failed build is not cached, so a later call retries. */
export function loadJapaneseTokenizer(): Promise<JaTokenizer> {
  cached ??= buildKuromoji()
    .then((tokenizer) => boundedTokenizer(speedUpKuromoji(tokenizer)))
    .catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
  return cached;
}

/** Forgets the process-wide tokenizer (pipeline/caches.ts); the next call builds a new one. */
export function releaseJapaneseTokenizer(): void {
  cached = undefined;
}
