/** kuromoji, the same tokens in less time.
 *
 * kuromoji 0.1.2 builds its lattice by asking the dictionary trie, at every character of a
 * sentence, for the words that start there — and each ask first encodes the *whole rest of the
 * sentence* to UTF-8 and copies the bytes again for every word found, then wraps the rest of the
 * sentence in a fresh surrogate-aware string (a scan of it) to read one character. A sentence of
 * n characters costs n² of that before any word is looked up: on counselling speech about 40 % of
 * tokenization time. `speedUpKuromoji` replaces the two steps on one tokenizer instance with ones
 * that encode a character only when the trie walk reaches it (words are at most a few dozen
 * characters) and read characters by index, and remembers each dictionary entry's feature string
 * (decoded from the dictionary's bytes on every token before). Everything else — the lattice, its
 * costs, the Viterbi search, the token fields — is kuromoji's own code. The tokens are the same,
 * field for field (`kuromoji-speed.test.ts` compares them with the library's on speech,
 * surrogate pairs, unknown words and hostile runs); the library on disk is not changed. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Node {
  readonly __brand?: 'ViterbiNode';
}
type NodeCtor = new (name: number, cost: number, start: number, length: number, type: string, left: number, right: number, surface: string) => Node;
interface Lattice {
  append(node: Node): void;
  appendEos(): void;
}
interface AwareString {
  readonly length: number;
  slice(index: number): string;
  charAt(index: number): string;
  toString(): string;
}
type AwareStringCtor = new (s: string) => AwareString;

const ViterbiLattice = require('kuromoji/src/viterbi/ViterbiLattice.js') as new () => Lattice;
const ViterbiNode = require('kuromoji/src/viterbi/ViterbiNode.js') as NodeCtor;
const SurrogateAwareString = require('kuromoji/src/util/SurrogateAwareString.js') as AwareStringCtor;

interface Match {
  k: string;
  v?: number;
}
interface DoubleArray {
  bc: { getBase(i: number): number; getCheck(i: number): number };
  commonPrefixSearch(key: string): Match[];
}
interface ShortBuffer {
  getShort(i: number): number;
}
interface CharClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number;
  is_grouping: number;
}
interface ViterbiBuilder {
  trie: DoubleArray;
  token_info_dictionary: { target_map: Record<number, ArrayLike<number | string>>; dictionary: ShortBuffer; getFeatures(id: string | number): string };
  unknown_dictionary: { target_map: Record<number, ArrayLike<number | string>>; dictionary: ShortBuffer; lookup(ch: string): CharClass; getFeatures(id: string | number): string };
  build(sentence: string): Lattice;
}
/** The parts of kuromoji's Tokenizer object this module reaches into. */
interface KuromojiInternals {
  viterbi_builder: ViterbiBuilder;
  token_info_dictionary: ViterbiBuilder['token_info_dictionary'];
  unknown_dictionary: ViterbiBuilder['unknown_dictionary'];
}

const TERM_CODE = 0;

/** The trie's common-prefix search, walking the UTF-8 bytes of `key` as they are needed.
 * Returns null where the library's search would not be reproduced exactly (a word ending inside
 * a character, a malformed surrogate pair — on which the library throws): the caller then asks
 * the library. */
function prefixSearch(trie: DoubleArray, key: string): Match[] | null {
  const bc = trie.bc;
  const result: Match[] = [];
  let parent = 0;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < key.length; ) {
    let code = key.charCodeAt(i++);
    if (code >= 0xd800 && code <= 0xdbff) {
      const lower = key.charCodeAt(i++);
      if (!(lower >= 0xdc00 && lower <= 0xdfff)) return null;
      code = (code - 0xd800) * 1024 + 0x10000 + (lower - 0xdc00);
    }
    let n: number;
    if (code < 0x80) {
      bytes[0] = code;
      n = 1;
    } else if (code < 0x800) {
      bytes[0] = (code >>> 6) | 0xc0;
      bytes[1] = (code & 0x3f) | 0x80;
      n = 2;
    } else if (code < 0x10000) {
      bytes[0] = (code >>> 12) | 0xe0;
      bytes[1] = ((code >> 6) & 0x3f) | 0x80;
      bytes[2] = (code & 0x3f) | 0x80;
      n = 3;
    } else {
      bytes[0] = (code >>> 18) | 0xf0;
      bytes[1] = ((code >> 12) & 0x3f) | 0x80;
      bytes[2] = ((code >> 6) & 0x3f) | 0x80;
      bytes[3] = (code & 0x3f) | 0x80;
      n = 4;
    }
    for (let b = 0; b < n; b++) {
      const child = bc.getBase(parent) + (bytes[b] as number);
      if (bc.getCheck(child) !== parent) return result;
      parent = child;
      const grandChild = bc.getBase(child) + TERM_CODE;
      if (bc.getCheck(grandChild) === child) {
        if (b !== n - 1) return null;
        const base = bc.getBase(grandChild);
        const match: Match = { k: key.slice(0, i) };
        if (base <= 0) match.v = -base - 1;
        result.push(match);
      }
    }
  }
  return result;
}

/** A dictionary entry's id as the library reads it (`parseInt` of what its target map holds:
 * numbers, so the string round trip is skipped for them). */
function entryId(id: number | string): number {
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : parseInt(String(id), 10);
}

/** kuromoji's `ViterbiBuilder.build` (0.1.2), line for line, with the two quadratic steps
 * replaced: the prefix search above, and characters of the rest of the sentence read from the
 * sentence itself instead of from `new SurrogateAwareString(tail)`. */
function build(this: ViterbiBuilder, sentenceText: string): Lattice {
  const lattice = new ViterbiLattice();
  const sentence = new SurrogateAwareString(sentenceText);
  const known = this.token_info_dictionary;
  const unknown = this.unknown_dictionary;
  for (let pos = 0; pos < sentence.length; pos++) {
    const tail = sentence.slice(pos);
    const vocabulary = prefixSearch(this.trie, tail) ?? this.trie.commonPrefixSearch(tail);
    for (const word of vocabulary) {
      const ids = known.target_map[word.v as number] as ArrayLike<number | string>;
      for (let i = 0; i < ids.length; i++) {
        const id = entryId(ids[i] as number | string);
        lattice.append(new ViterbiNode(id, known.dictionary.getShort(id + 4), pos + 1, word.k.length, 'KNOWN', known.dictionary.getShort(id), known.dictionary.getShort(id + 2), word.k));
      }
    }
    // Unknown word processing, as kuromoji has it: a key that is still the one-character
    // surrogate-aware string has its surrogate-aware length, a grouped one its UTF-16 length.
    const restLength = sentence.length - pos;
    const headChar = new SurrogateAwareString(sentence.charAt(pos));
    const headClass = unknown.lookup(headChar.toString());
    if (vocabulary.length === 0 || headClass.is_always_invoke === 1) {
      let key: AwareString | string = headChar;
      if (headClass.is_grouping === 1 && 1 < restLength) {
        for (let k = 1; k < restLength; k++) {
          const next = sentence.charAt(pos + k);
          if (headClass.class_name !== unknown.lookup(next).class_name) break;
          key = `${key.toString()}${next}`;
        }
      }
      const ids = unknown.target_map[headClass.class_id] as ArrayLike<number | string>;
      for (let j = 0; j < ids.length; j++) {
        const id = entryId(ids[j] as number | string);
        lattice.append(new ViterbiNode(id, unknown.dictionary.getShort(id + 4), pos + 1, key.length, 'UNKNOWN', unknown.dictionary.getShort(id), unknown.dictionary.getShort(id + 2), key.toString()));
      }
    }
  }
  lattice.appendEos();
  return lattice;
}

/** Each dictionary entry's feature string, decoded once. */
function rememberFeatures(dictionary: { getFeatures(id: string | number): string }): void {
  const decode = dictionary.getFeatures.bind(dictionary);
  const seen = new Map<string | number, string>();
  dictionary.getFeatures = (id) => {
    let features = seen.get(id);
    if (features === undefined) {
      features = decode(id);
      seen.set(id, features);
    }
    return features;
  };
}

/** Makes one kuromoji tokenizer instance faster, in place (see the top of this file). */
export function speedUpKuromoji<T extends object>(tokenizer: T): T {
  const internals = tokenizer as unknown as KuromojiInternals;
  internals.viterbi_builder.build = build;
  rememberFeatures(internals.token_info_dictionary);
  rememberFeatures(internals.unknown_dictionary);
  return tokenizer;
}
