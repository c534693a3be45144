/** A known name written in a field kept in the clear in another script than the manifest gives
 * it: `employee_name` 桐谷 奏多 and a session id `2026-10-kiritani-kanata` or a department キリタニ班 /
 * `Kiritani team`. Ids are ASCII and built by machines from whatever the operator's system holds,
 * so a romaji spelling of a kanji name is the usual way a name gets into one; the literal check
 * (`storedFieldLeak` in manifest.ts) compares only the spellings given.
 *
 * A part's readings are kana (as given, or ENAMDICT's for a kanji part: no kuromoji at ingest)
 * and their romaji, compared with long vowels written or not (satou, sato, satoh, satō) and n
 * or m before b/m/p. Only a field holding something that could be a name at all (a romaji or
 * kana piece ENAMDICT knows as a name) costs a reading lookup. */
import * as wanakana from 'wanakana';
import { isCommonEnglishWord } from '../analyze/english-words.js';
import { GIVEN, nameType, romajiNameType, SURNAME } from '../redact/enamdict.js';
import { nameReadings, romajiToKana } from '../redact/known-names.js';

const HAN = /\p{Script=Han}/u;
const LATIN_ONLY = /^[\p{Script=Latin}'’-]+$/u;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const PART_SEPARATOR = /[\s・･,、]+/u;
/** What makes a group of a name (佐藤チーム, 佐藤さんの班, キリタニ班, Sato team). */
const GROUP_AFTER = /^(?:さん|氏)?の?(?:チーム|班|組|グループ|ユニット|部隊|隊|ゼミ|ラボ|研究室)|^[\s_-]*(?:team|group|squad|unit|lab)\b/iu;

/** A piece of capitalised words split at each capital (KiritaniKanata → Kiritani, Kanata; not a
 * random id's OGIxNm); any other piece as it is. */
function capitalisedWords(piece: string): string[] {
  return /^(?:\p{Lu}\p{Ll}+){2,}$/u.test(piece) ? piece.split(/(?=\p{Lu})/u) : [piece];
}

/** Romaji with long vowels and the moraic n written one way (ENAMDICT's keys: sato, honma). */
function plainRomaji(latin: string): string {
  return latin
    .toLowerCase()
    .replace(/[ōô]/g, 'o')
    .replace(/[ūû]/g, 'u')
    .replace(/ā/g, 'a')
    .replace(/['’-]/g, '')
    .replace(/o[uo]|oh(?![aiueo])/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/m(?=[bmp])/g, 'n');
}

/** The Latin pieces of a field, split at anything but a letter (digits too: tanaka01), and a
 * piece of capitalised words at each capital (KiritaniKanata; not a random id's OGIxNm), each
 * with its long vowels made plain. */
function latinPieces(value: string): string[] {
  return value
    .normalize('NFKC')
    .split(/[^\p{Script=Latin}'’]+/u)
    .flatMap(capitalisedWords)
    .filter((p) => p.length >= 3)
    .map(plainRomaji);
}

/** Runs of one kana script (キリタニ in キリタニ班; きりたに and チーム apart in きりたにチーム). */
function kanaRuns(value: string): string[] {
  return value.normalize('NFKC').match(/[\p{Script=Hiragana}ー]{2,}|[\p{Script=Katakana}ー]{2,}/gu) ?? [];
}

/** A field's whole pieces: split at anything but a letter or a digit (s-ito-01: ito; not the ito
 * of ito01 or of a random id's x7ito9), and a piece of capitalised words at each capital (cc-ItoKen),
 * Latin ones only, with long vowels made plain; a machine's token (`randomToken`) left out, not
 * the pieces beside it (a booking id's `ito-3f2abe10` still names 伊藤). */
function wholePieces(value: string): string[] {
  return value
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => !randomToken(p))
    .flatMap(capitalisedWords)
    .filter((p) => p !== '' && LATIN_ONLY.test(p))
    .map(plainRomaji);
}

/** A piece of a random id (a UUID's 3f2abe10, base64's dMuwX4xQGLy, a nanoid's fO391): eight
 * characters or more mixing letters and digits, or letters in cases other than as words (ito,
 * ITO, Ito, ItoKenji; digits aside). */
function randomToken(piece: string): boolean {
  const letters = piece.replace(/\p{N}+/gu, '');
  if (letters === '') return false;
  if ([...piece].length >= 8 && letters !== piece) return true;
  return [...letters].length >= 2 && !/^(?:\p{Ll}+|\p{Lu}+|(?:\p{Lu}\p{Ll}+)+)$/u.test(letters);
}

interface Readings {
  /** Each part's readings: hiragana and katakana (two characters or more). */
  kana: Set<string>;
  /** Each part's readings in plain romaji (four letters or more). */
  romaji: Set<string>;
  /** Each part's shorter readings in plain romaji (ito, abe, ken, ii): a name only as a whole
   * piece of a field (`wholePieces`), where they are no chance run of a machine's letters. */
  short: Set<string>;
  /** The whole name read: its parts' plain romaji joined, in either order. */
  whole: Set<string>;
  /** The whole name read in kana. */
  wholeKana: Set<string>;
}

function readingsOf(spellings: readonly string[]): Readings {
  const out: Readings = { kana: new Set(), romaji: new Set(), short: new Set(), whole: new Set(), wholeKana: new Set() };
  for (const spelling of spellings) {
    const parts = spelling.normalize('NFKC').split(PART_SEPARATOR).filter((p) => p !== '');
    const latin = parts.every((p) => LATIN_ONLY.test(p));
    const perPart = parts.map((written, i) => {
      const role = parts.length === 2 && !latin ? (i === 0 ? 'surname' : 'given') : 'any';
      if (LATIN_ONLY.test(written)) {
        const kana = romajiToKana(written);
        return kana === null ? [] : [kana];
      }
      if (KANA_ONLY.test(written)) return [wanakana.toHiragana(written)];
      // a part's role first, then any: ENAMDICT gives 楓 かえで as a surname only
      return HAN.test(written) ? [...new Set([...nameReadings(written, role, undefined), ...nameReadings(written, 'any', undefined)])] : [];
    });
    for (const readings of perPart) {
      for (const h of readings) {
        if ([...h].length >= 2) {
          out.kana.add(h);
          out.kana.add(wanakana.toKatakana(h));
        }
        // four letters or more anywhere: a three-letter run inside a machine's id (ahe, ogi) is as
        // often chance as one of ENAMDICT's rarer readings; shorter ones as a whole piece only
        const r = plainRomaji(wanakana.toRomaji(h));
        if (r.length >= 4) out.romaji.add(r);
        else if (/^[a-z]{2,}$/.test(r)) out.short.add(r); // one letter (恵 as e) is any id's chance
      }
    }
    if (perPart.length === 2) {
      for (const a of perPart[0]!) {
        for (const b of perPart[1]!) {
          const [ra, rb] = [plainRomaji(wanakana.toRomaji(a)), plainRomaji(wanakana.toRomaji(b))];
          out.whole.add(ra + rb).add(rb + ra);
          out.wholeKana.add(a + b).add(wanakana.toKatakana(a + b));
        }
      }
    }
  }
  return out;
}

/** A field's test against the row's known names in every script: `id` fields (session_id,
 * consultant_id) hold a reading as a whole Latin piece or the whole name joined (2026-10-kiritani-
 * kanata, KiritaniKanata, kiritanikanata01; not inside a longer run of letters), a reading of
 * under four letters as a piece between separators (s-ito-01), or a kana reading anywhere;
 * `text` fields (department, age_band, gender) hold one as their whole value, a Latin word (Ito team), a
 * name said as a group (キリタニ班, Kiritani team) or the whole name read. */
export function spokenNameTest(spellings: readonly string[]): (value: string, kind: 'id' | 'text') => boolean {
  let readings: Readings | undefined;
  const read = () => (readings ??= cachedReadings(spellings));
  return (value, kind) => {
    if (spellings.length === 0) return false;
    const latin = latinPieces(value);
    const whole = wholePieces(value);
    const kana = kanaRuns(value);
    // Only a field with a piece that could be a name at all costs the name's readings.
    if (!latin.some((p) => couldBeName(p, romajiNameType)) && !whole.some((p) => couldBeName(p, romajiNameType)) && !kana.some((k) => couldBeName(k, nameType))) return false;
    const r = read();
    if (latin.some((p) => r.romaji.has(p) || r.whole.has(p))) return true;
    // a whole piece equal to a reading is the name, however short (s-ito-01, cc-ito beside 伊藤)
    if (whole.some((p) => r.short.has(p))) return true;
    const flat = value.normalize('NFKC').replace(/[\s・･]+/gu, '');
    if ([...r.wholeKana].some((w) => flat.includes(w))) return true;
    if (kind === 'id') return kana.some((run) => [...r.kana].some((k) => run.includes(k)));
    const all = value.normalize('NFKC').trim();
    if (r.kana.has(all)) return true;
    return [...r.kana].some((k) => groupNamed(all, k));
  };
}

/** Is a piece a surname or given name ENAMDICT knows (not only a place: Tokyo, Kaihatsu), or
 * two joined (kiritanikanata)? Map lookups only. */
function couldBeName(piece: string, typeOf: (word: string) => number): boolean {
  const person = (w: string) => (typeOf(w) & (SURNAME | GIVEN)) !== 0;
  if (person(piece)) return true;
  const chars = [...piece];
  // no two name parts make more (a random id's long run of letters is split no further)
  if (chars.length > 20) return false;
  for (let i = 2; i <= chars.length - 2; i++) {
    if (person(chars.slice(0, i).join('')) && person(chars.slice(i).join(''))) return true;
  }
  return false;
}

/** Readings of the names of the last rows: a manifest repeats an employee's and a consultant's
 * names on each of their sessions. Emptied when full. */
const READINGS_MAX = 1024;
let recentReadings = new Map<string, Readings>();

function cachedReadings(spellings: readonly string[]): Readings {
  const key = spellings.join('\0');
  let r = recentReadings.get(key);
  if (r === undefined) {
    r = readingsOf(spellings);
    if (recentReadings.size >= READINGS_MAX) recentReadings = new Map();
    recentReadings.set(key, r);
  }
  return r;
}

/** Is `part` said in `text` as the name of a group (佐藤チーム, キリタニ班, Sato team)? */
export function groupNamed(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
    if (GROUP_AFTER.test(text.slice(at + part.length))) return true;
  }
  return false;
}

/** Does a session id spell a Japanese full name in romaji, known to the platform or not
 * (`2026-10-tanaka-hanako`, `Suzuki_Ichiro_3`, `s-KatoKenji`): two neighbouring Latin pieces,
 * one a surname and the other a given name in ENAMDICT, in either order, neither a common English
 * word (`tokyo-main`), seven letters or more together (`ito-kenji`; not `jun-sai`). A surname
 * alone is left alone: ENAMDICT lists most short words (hon, kita, tokyo) as one. */
export function romajiFullName(value: string): boolean {
  const pieces = value
    .normalize('NFKC')
    .split(/[^\p{Script=Latin}]+/u)
    .flatMap(capitalisedWords)
    .map((p) => p.toLowerCase());
  const kind = (p: string): number => {
    if (p.length < 3 || !/^[a-z]+$/u.test(p)) return 0;
    const type = romajiNameType(plainRomaji(p));
    return type !== 0 && !isCommonEnglishWord(p) ? type : 0;
  };
  for (let i = 0; i + 1 < pieces.length; i++) {
    const [a, b] = [pieces[i]!, pieces[i + 1]!];
    if (a.length + b.length < 7) continue;
    const [ka, kb] = [kind(a), kind(b)];
    if (((ka & SURNAME) !== 0 && (kb & GIVEN) !== 0) || ((ka & GIVEN) !== 0 && (kb & SURNAME) !== 0)) return true;
  }
  return false;
}

/** Does a value spell a full name in kana, known to the platform or not (`g-たなか_はなこ`,
 * `タナカ・ハナコ`): two neighbouring kana runs, one a surname and the other a given name in
 * ENAMDICT, in either order, four kana or more together. One run is not cut in two: ENAMDICT
 * knows so many kana names that そう|だん and ありが|とう would read as names (as
 * `romajiFullName` cuts only capitalised words). */
export function kanaFullName(value: string): boolean {
  // (most ids have no kana: one test per manifest row)
  if (!/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(value)) return false;
  const runs = value
    .normalize('NFKC')
    .split(/[^\p{Script=Hiragana}\p{Script=Katakana}ー]+/u)
    .filter((r) => r !== '')
    .map((r) => wanakana.toHiragana(r));
  const kind = (p: string): number => ([...p].length >= 2 ? nameType(p) : 0);
  for (let i = 0; i + 1 < runs.length; i++) {
    const [a, b] = [runs[i]!, runs[i + 1]!];
    if ([...a].length + [...b].length < 4) continue;
    const [ka, kb] = [kind(a), kind(b)];
    if (((ka & SURNAME) !== 0 && (kb & GIVEN) !== 0) || ((ka & GIVEN) !== 0 && (kb & SURNAME) !== 0)) return true;
  }
  return false;
}
