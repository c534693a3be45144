/** The Japanese morphological analyser (kuromoji + IPADIC), loaded once per process.
 *
 * Building the tokenizer reads ~50 MB of dictionary files and takes about a second and
 * ~300 MB of memory, so the promise is cached: every caller of `loadJapaneseTokenizer()` in
 * one process shares one instance. Stages never load it themselves; they receive a
 * `JaTokenizer` as a parameter (tests pass the same one, or a fake). */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';

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

let cached: Promise<JaTokenizer> | undefined;

/** The directory of kuromoji's bundled IPADIC (the package's default path is relative to the
 * current directory, which breaks outside the repository root). */
export function kuromojiDictPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/** The process-wide Japanese tokenizer. A failed build is not cached, so a later call retries. */
export function loadJapaneseTokenizer(): Promise<JaTokenizer> {
  cached ??= new Promise<JaTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: kuromojiDictPath() }).build((err, tokenizer) => {
      // kuromoji's types declare err as always present; at run time it is null on success.
      if ((err as Error | null) !== null && err !== undefined) reject(err);
      else resolve(tokenizer);
    });
  }).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/** Forgets the process-wide tokenizer (pipeline/caches.ts); the next call builds a new one. */
export function releaseJapaneseTokenizer(): void {
  cached = undefined;
}
