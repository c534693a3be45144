/** Numbers and e-mail addresses as people say them.
 *
 * `spokenView` rewrites numbers said aloud into ASCII digits — kanji numerals (〇三, 五五四一,
 * 四十一 via `@geolonia/japanese-numeral`), katakana and hiragana digit readings (ゼロキューゼロ,
 * いちにさん), English digit words (oh nine oh) — and the separators between their groups
 * (の, ノ, 、, spaces) into `-`, so the phone, postal, address, ID and date detectors read
 * 〇三の五五四一の二二〇八 as 03-5541-2208. Every rewritten character maps back to the original
 * characters it came from (the view is composed with the NFKC view), so a span found on the
 * rewrite covers the whole spoken number in the original.
 *
 * Only runs that look like a number being read out are rewritten: three digits or more in all,
 * or a kanji number before 年/月/日/丁目/番/号. 三人, 二十代 and 一つ stay as they are, and a
 * single kanji digit inside a word (一緒, 九州, 三鷹) is left alone.
 *
 * `spokenEmails` finds addresses said aloud (taro アットマーク gmail ドット com, j dot smith at
 * acme dot com); `handles` finds messaging ids (LINE id, @handle, name_123), redacted whole. */
import { kanji2number } from '@geolonia/japanese-numeral';
import type { Detector, Range } from './detector.js';
import type { NormalizedView } from './normalize.js';
import { execAll, group } from './regex.js';
import { isCommonEnglishWord } from '../analyze/english-words.js';

// ---------------------------------------------------------------------------------------------
// digit readings (hand-written: no maintained package has them; the readings are the ones in
// use for reading out numbers, including the lengthened short ones of phone numbers: ニー, ゴー)

const KANA_DIGITS: ReadonlyArray<readonly [string, number]> = [
  ['ゼロ', 0],
  ['レイ', 0],
  ['イチ', 1],
  ['ニー', 2],
  ['ニ', 2],
  ['サン', 3],
  ['ヨン', 4],
  ['ゴー', 5],
  ['ゴ', 5],
  ['ロク', 6],
  ['ナナ', 7],
  ['シチ', 7],
  ['ハチ', 8],
  ['キュウ', 9],
  ['キュー', 9],
];
const EN_DIGITS: Readonly<Record<string, number>> = { zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };

/** Katakana → hiragana (same offsets: one code unit each). */
function toHiragana(s: string): string {
  return s.replace(/[ァ-ヶ]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}
const KATA_READING = `(?:${KANA_DIGITS.map(([r]) => r).join('|')})`;
const HIRA_READING = `(?:${KANA_DIGITS.map(([r]) => toHiragana(r)).join('|')}|にい|ごう|きゅう)`;
const READING_VALUE = new Map<string, number>(KANA_DIGITS.flatMap(([r, v]) => [[r, v], [toHiragana(r), v]] as const));
READING_VALUE.set('にい', 2).set('ごう', 5);
const READING_RE = new RegExp(`${KATA_READING}|${HIRA_READING}`, 'gu');

const KANJI_DIGIT = '〇零一二三四五六七八九';
/** A digit word, or a repeated one as British speakers say it (double one, triple five). */
const EN_WORD = '(?:(?:double |triple )?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine))';

/** One group of a spoken number: kanji numerals, a kana reading run, ASCII digits, or English
 * digit words. */
const ATOM_RE = new RegExp(
  `(?<k>[${KANJI_DIGIT}十百千]+)|(?<kk>${KATA_READING}+)|(?<hk>${HIRA_READING}{3,})|(?<hl>${HIRA_READING}{1,2})|(?<d>\\d+)|(?<e>(?<![A-Za-z])${EN_WORD}(?:[ -]${EN_WORD}){2,}(?![A-Za-z]))|(?<el>(?<![A-Za-z])${EN_WORD}(?:[ -]${EN_WORD})?(?![A-Za-z]))`,
  'giu',
);
/** Cheap test: no spoken number without one of these. */
const SPOKEN_NUMBER_HINT = new RegExp(`[${KANJI_DIGIT}十]|${KATA_READING}|${HIRA_READING}|\\d\\s?[のノ、,]|\\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\\b`, 'iu');

/** What may stand between the groups of one number: の/ノ and dashes join any groups (五の十二 in
 * an address); a pause (、 , ・ or spaces, with a filler: 、えっと、) only groups read digit by
 * digit. */
const JOIN_ANY = /^\s{0,2}[のノー‐-]\s{0,2}$/u;
const JOIN_DIGITWISE = /^\s{0,2}(?:[、,]\s{0,2}[のノ]|[のノ])?\s{0,2}[、,・]?\s{0,2}(?:(?:えっと|えーと|えー|ええと|あの|uh|um)\s{0,2}[、,]?\s{0,2})?$/u;
/** After a kanji number: a date or address unit (四月, 三丁目), where a single digit counts. */
const UNIT_AFTER = /^\s?(?:年|月|日|丁目|番|号)/u;
const COUNTER_AFTER = /^\s?(?:年|月|日|歳|才|回|人|時|分|件|個|つ|万|円|代|社)/u;
const SPOKEN_SEPARATOR = /[のノ、,・]|えっと|えーと|えー|あの|uh|um/u;
const JOINED_NEXT = new RegExp(`^\\s?[のノー‐-]\\s?(?:[${KANJI_DIGIT}十]|\\d)`, 'u');
const ERA_BEFORE = /(?:明治|大正|昭和|平成|令和)\s?$/u;
const HAN = /\p{Script=Han}/u;
/** Katakana letters (not ー, which may be a dash between groups: ゼロキューゼローイチ…). */
const KATAKANA = /\p{Script=Katakana}/u;

interface Atom {
  start: number;
  end: number;
  digits: string;
  /** Read digit by digit (〇三, ゼロキュー, 5541), not as a quantity (四十一). */
  digitwise: boolean;
  spoken: boolean;
  /** One or two kana readings standing alone between pauses (ろく、よん、ご): a number only in a
   * run of `LONE_RUN` groups or more, or beside three digits said at once (alone, ご or に is a word). */
  lone?: boolean;
}

const LONE_RUN = 4;
/** Around a lone reading: a pause or the end of what is said. */
const PAUSE_BEFORE = /(?:^|[、,，・\s])$/u;
const PAUSE_AFTER = /^(?:$|[、,，・\s。.!?！？]|です|って|っす)/u;
/** A lone reading's atom, or null when it does not stand between pauses. */
const loneAtom = (text: string, start: number, end: number, digits: string): Atom | null =>
  PAUSE_BEFORE.test(text.slice(Math.max(0, start - 1), start)) && PAUSE_AFTER.test(text.slice(end, end + 2)) ? { start, end, digits, digitwise: true, spoken: true, lone: true } : null;

function kanaDigits(s: string): { digits: string; readings: number } {
  let digits = '';
  for (const m of s.matchAll(READING_RE)) digits += String(READING_VALUE.get(m[0]) ?? '');
  return { digits, readings: digits.length };
}

/** oh seven seven double one → 07711. */
function englishDigits(s: string): string {
  let out = '';
  let times = 1;
  for (const w of s.toLowerCase().split(/[ -]/u)) {
    if (w === 'double' || w === 'triple') times = w === 'double' ? 2 : 3;
    else {
      out += String(EN_DIGITS[w] ?? '').repeat(times);
      times = 1;
    }
  }
  return out;
}

function kanjiAtom(text: string, start: number, end: number): Atom | null {
  const s = text.slice(start, end);
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  // A single numeral inside a word (一緒, 統一, 三鷹) is not a number being read out.
  // One joined to the next group (中之島三の二の四) or before a unit (箱崎三丁目) is.
  const joined = JOINED_NEXT.test(text.slice(end));
  const unit = UNIT_AFTER.test(text.slice(end));
  if (s.length === 1 && ((HAN.test(before) && !/[和成正治目地号番区市町村月年]/u.test(before) && !joined && !unit) || (HAN.test(after) && !unit))) return null;
  if (/^[〇零一二三四五六七八九]+$/u.test(s)) return { start, end, digits: [...s].map((c) => String('〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c))).join(''), digitwise: true, spoken: true };
  if (/^[百千]+$/u.test(s) || /[〇零]/u.test(s)) return null; // 千代田, 百貨店; 〇 does not mix with 十百千
  try {
    const n = kanji2number(s);
    return Number.isSafeInteger(n) ? { start, end, digits: String(n), digitwise: false, spoken: true } : null;
  } catch {
    return null; // 十十: not a numeral
  }
}

function atomAt(text: string, m: RegExpExecArray): Atom | null {
  const start = m.index;
  const end = start + m[0].length;
  const g = m.groups ?? {};
  if (g['k'] !== undefined) return kanjiAtom(text, start, end);
  if (g['kk'] !== undefined) {
    // A whole katakana word of two or more readings (サンプル, ニュース and イチゴ農家 are not).
    if (KATAKANA.test(text[start - 1] ?? '') || KATAKANA.test(text[end] ?? '')) return null;
    const { digits, readings } = kanaDigits(m[0]);
    if (readings >= 2) return { start, end, digits, digitwise: true, spoken: true };
    return loneAtom(text, start, end, digits);
  }
  if (g['hk'] !== undefined) return { start, end, digits: kanaDigits(m[0]).digits, digitwise: true, spoken: true };
  if (g['hl'] !== undefined) return loneAtom(text, start, end, kanaDigits(m[0]).digits);
  if (g['e'] !== undefined) return { start, end, digits: englishDigits(m[0]), digitwise: true, spoken: true };
  if (g['el'] !== undefined) return loneAtom(text, start, end, englishDigits(m[0]));
  return { start, end, digits: m[0], digitwise: true, spoken: false };
}

/** Runs of atoms joined by separators, kept when they read as a number said aloud. */
function spokenRuns(text: string): Atom[][] {
  const runs: Atom[][] = [];
  let run: Atom[] = [];
  // Digits joined by a spoken separator (090の1234の5678) are a number said aloud too.
  let spokenJoin = false;
  const close = (): void => {
    const digits = run.reduce((n, a) => n + a.digits.length, 0);
    const last = run[run.length - 1];
    const first = run[0];
    const spoken = spokenJoin || run.some((a) => a.spoken);
    const dated = last !== undefined && first !== undefined && (UNIT_AFTER.test(text.slice(last.end)) || ERA_BEFORE.test(text.slice(Math.max(0, first.start - 3), first.start)));
    // lone readings count in a run of LONE_RUN groups, or beside a group of three digits said at once
    const lonely = run.some((a) => a.lone === true) && run.length < LONE_RUN && !run.some((a) => a.lone !== true && a.digits.length >= 3);
    if (spoken && !lonely && (digits >= 3 || dated)) runs.push(run);
    run = [];
    spokenJoin = false;
  };
  for (const m of execAll(ATOM_RE, text)) {
    const atom = atomAt(text, m);
    if (atom === null) {
      close();
      continue;
    }
    const prev = run[run.length - 1];
    if (prev !== undefined) {
      const gap = text.slice(prev.end, atom.start);
      // A pause before a counted group is a list (二〇一九、二〇二〇年; 二、三回), not a number.
      const counted = COUNTER_AFTER.test(text.slice(atom.end));
      // Written digits after a pause only while they fit one Japanese phone number (090、6612、
      // 4830): a list of written numbers (03-1234-5678、090…) stays a list.
      const runDigits = run.reduce((n, a) => n + a.digits.length, 0) + atom.digits.length;
      const pauseOk = prev.spoken || atom.spoken || ((run[0]?.digits.startsWith('0') ?? false) && atom.digits.length <= 4 && runDigits <= 11);
      const joins = gap.length <= 8 && (JOIN_ANY.test(gap) || (prev.digitwise && atom.digitwise && !counted && pauseOk && JOIN_DIGITWISE.test(gap)));
      if (!joins) close();
      else if (SPOKEN_SEPARATOR.test(gap)) spokenJoin = true;
    }
    run.push(atom);
  }
  close();
  return runs;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits to a view's text; each inserted character maps to the original characters of
 * the piece it replaced. */
function rewrite(view: NormalizedView, edits: readonly Edit[]): NormalizedView {
  const src = view.text;
  const origStart = (i: number): number => (view.starts === null ? i : (view.starts[i] ?? view.original.length));
  const origEnd = (i: number): number => (view.ends === null ? i + 1 : (view.ends[i] ?? view.original.length));
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (piece: string, from: number, to: number): void => {
    const s = origStart(from);
    const e = origEnd(to - 1);
    for (let k = 0; k < piece.length; k++) {
      starts.push(s);
      ends.push(e);
    }
    parts.push(piece);
  };
  let at = 0;
  for (const e of edits) {
    for (let i = at; i < e.start; i++) push(src[i] as string, i, i + 1);
    if (e.text !== '') push(e.text, e.start, e.end);
    at = e.end;
  }
  for (let i = at; i < src.length; i++) push(src[i] as string, i, i + 1);
  return { original: view.original, text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** The view with spoken numbers written in digits, or null when the text has none. */
export function spokenView(view: NormalizedView): NormalizedView | null {
  if (!SPOKEN_NUMBER_HINT.test(view.text)) return null;
  const edits: Edit[] = [];
  for (const run of spokenRuns(view.text)) {
    run.forEach((a, i) => {
      const prev = run[i - 1];
      // Lone readings said one by one are one group (ろく、よん、ご → 645) until an の (…の、ご → -5).
      const oneGroup = prev?.lone === true && a.lone === true && !/[のノ]/u.test(view.text.slice(prev.end, a.start));
      if (prev !== undefined && a.start > prev.end) edits.push({ start: prev.end, end: a.start, text: oneGroup ? '' : '-' });
      edits.push({ start: a.start, end: a.end, text: a.digits });
    });
  }
  return edits.length === 0 ? null : rewrite(view, edits);
}

// ---------------------------------------------------------------------------------------------
// EMAIL said aloud

/** Between the words of an address said aloud: a space, or a pause (jinji、アット、…). */
const S = '[ 、,]{0,2}';
const WORD = '(?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?|[\\p{Script=Katakana}ー]+)';
/** The word for a dot in Portuguese and Spanish too (ponto, punto): addresses are said in the
 * speaker's first language. */
const LOCAL_JOIN = `(?:${S}(?:ドット|アンダーバー|アンダースコア|ハイフン|\\b(?:dot|ponto|punto|underscore|hyphen|dash)\\b)${S}|[._-])`;
const DOT = `(?:${S}(?:ドット|\\b(?:dot|ponto|punto)\\b)${S}|\\.)`;
/** A domain's word, with its hyphens said (nns ハイフン jp). */
const DWORD = `(?:${WORD}(?:${S}(?:ハイフン|\\b(?:hyphen|dash)\\b)${S}${WORD}){0,3})`;
/** Digits said as words at the end of a local part (… delacruz eight eight at …). */
const DIGIT_WORD = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double)';
/** アット and "at" are ordinary words (アットホーム, work at): after them the address must end in
 * a top-level domain. */
const TLD = '(?:com|net|org|jp|co|io|uk|edu|gov|me|info|biz|dev|app|ne|ac|or|go|us|コム|ネット|ジェーピー|ジェイピー|シーオー)';
/** Before アットマーク (Japanese speech) the local part may be said in pieces (taro 1985
 * アットマーク …); before @ and "at" the pieces are joined by a spoken dot or underscore. Pieces
 * are bounded: unbounded, a long run of words before an アット took seconds per thousand words. */
const SPOKEN_EMAIL_RE = new RegExp(
  `(?<![A-Za-z0-9._%+-])(?:${WORD}(?:(?:${LOCAL_JOIN}| )${WORD}){0,8}${S}(?:アットマーク|\\barroba\\b)${S}${DWORD}(?:${DOT}${DWORD}){1,6}|${WORD}(?:${LOCAL_JOIN}${WORD}){0,8}${S}@${S}${DWORD}(?:${DOT}${DWORD}){1,6}|${WORD}(?:${LOCAL_JOIN}${WORD}){1,8}(?: ${DIGIT_WORD}\\b){0,12}${S}(?:アット|\\bat\\b)${S}(?:${DWORD}${DOT}){1,6}${TLD}(?![A-Za-z])|${WORD}${S}(?:アット|\\bat\\b)${S}(?:${DWORD}${DOT}){1,6}${TLD}(?![A-Za-z]))`,
  'giu',
);
const SPOKEN_EMAIL_HINT = /アット|\bat\b|@|\barroba\b/iu;
/** Said aloud, not written: the match has a spoken @ or dot (a written address is regex:email's);
 * after アット / at also a spoken dot ("up at github.com" is a web address, not an e-mail). */
const SPOKEN_PART = /アット|ドット|アンダー|ハイフン|\b(?:at|dot|ponto|punto|arroba|underscore|hyphen|dash)\b/iu;
const SPOKEN_AT = /アット(?!マーク)|\bat\b/iu;
const SPOKEN_DOT = /ドット|\b(?:dot|ponto|punto)\b/iu;

export const spokenEmails: Detector = {
  source: 'spoken:email',
  find: ({ text }) =>
    SPOKEN_EMAIL_HINT.test(text)
      ? execAll(SPOKEN_EMAIL_RE, text)
          .filter((m) => SPOKEN_PART.test(m[0]) && (!SPOKEN_AT.test(m[0]) || SPOKEN_DOT.test(m[0])))
          .map((m) => ({ start: m.index, end: m.index + m[0].length }))
      : [],
};

// ---------------------------------------------------------------------------------------------
// ID: messaging ids and handles, whole

/** A handle, with its Discord tag if said (name#1234). */
const HANDLE = '(?:@|\\bat )?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?(?:(?: ?(?:アンダーバー|アンダースコア|underscore) ?)[A-Za-z0-9._-]+)*(?:#\\d{4})?';
/** LINEのIDは…, インスタは @…, ユーザー名: …, my handle is … */
const HANDLE_LABEL_RE = new RegExp(
  `(?<![A-Za-z])(?:LINE|ライン|インスタ(?:グラム)?|Instagram|Twitter|ツイッター|TikTok|Discord|ディスコード|Slack|スラック|Facebook|フェイスブック|Skype|スカイプ|Telegram|WeChat|ID|アイディー|ユーザー名|ユーザーネーム|アカウント名?|ハンドル(?:ネーム)?|[Uu]sername|[Uu]ser name|[Hh]andle|[Aa]ccount)(?:の(?:ID|アカウント)| (?:ID|[Aa]ccount|[Hh]andle|[Uu]sername))?(?![a-z])\\s?(?:は|が|:|is|=|も|as)?[、,]?\\s?(?<v>${HANDLE})`,
  'gdu',
);
/** Standing alone: an @handle, or a word with an underscore (kondo_0412), or letters with a
 * dot and digits (takeda.k99, also in more parts: aya.swim.0712) or three digits (kondo1985). */
const HANDLE_BARE_RE =
  /(?<![A-Za-z0-9._%+@/-])(?:@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*_[A-Za-z0-9_.]*[A-Za-z0-9](?:#\d{4})?|[a-z]{2,}(?:\.[a-z]+)*\.[a-z]*\d{2,}|[a-z]{3,}\d{3,})(?![A-Za-z0-9@-]|\.[A-Za-z])/gu;
const HANDLE_HINT = /[@_]|\d|LINE|ライン|インスタ|ID|アカウント|ユーザー|ハンドル|handle|username|account|instagram|twitter|tiktok|discord|slack|facebook|skype|telegram|wechat|underscore|アンダー/iu;

export const handles: Detector = {
  source: 'spoken:handle',
  find: ({ text, language }) => {
    if (!HANDLE_HINT.test(text)) return [];
    const out: Range[] = [];
    for (const m of execAll(HANDLE_LABEL_RE, text)) {
      const r = group(m, 'v');
      // A handle has a digit, _, . or @ in it, or is one lowercase word (IDはLINEと同じ: LINE is
      // not one).
      const h = r === null ? '' : text.slice(r.start, r.end);
      // After the English word "account", a plain word with nothing saying it is the id
      // (account manager, account team) is a word, not a handle. After any other label a plain
      // word is taken (インスタ sunshine で検索して: sunshine is the account).
      const label = r === null ? '' : text.slice(m.index, r.start);
      const said = /(?:は|が|:|is|=|も)\s?$/u.test(label);
      // In English a platform's name is also a noun's modifier (a Slack message, Instagram
      // posts): there a common word must be said to be the handle, or follow "… account".
      const qualified = /\S\s(?:ID|[Aa]ccount|[Hh]andle|[Uu]sername)\s?$/u.test(label); // Instagram account …
      const word = /^[a-z]{4,}$/u.test(h) && (said || qualified || (language === 'ja' && !/^[Aa]ccount\s?$/u.test(label)) || !isCommonEnglishWord(h));
      if (r !== null && /[A-Za-z]/u.test(h) && (/[\d_.@]|アンダー|\bunderscore\b/u.test(h) || word)) out.push(r);
    }
    for (const m of execAll(HANDLE_BARE_RE, text)) if (m[0].length >= 4) out.push({ start: m.index, end: m.index + m[0].trimEnd().length });
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// PERSON: a word spelled out letter by letter

/** Capitals said one by one (S-I-O-B-H-A-N, O, K, A, F, O, R): people spell out a name, an
 * e-mail or a street, not an everyday word. Four letters or more — three are an acronym (U.S.A.,
 * F-B-I) — and no mere run of letters (`spelledWord`). */
const SPELLED_RE = /(?<![A-Za-z])[A-Z](?:(?:-|\.\s?|,\s?|、\s?|\s)[A-Z]){3,}(?![A-Za-z])/gu;

/** The spelling, and the word it spells wherever the segment says it (Kowalczyk: K, O, W, …). */
export const spelledOut: Detector = {
  source: 'spoken:spelled',
  find: ({ text, hasLatinCapital }) => {
    if (!hasLatinCapital) return [];
    const out: Range[] = [];
    for (const m of execAll(SPELLED_RE, text)) {
      const letters = m[0].replace(/[^A-Z]/gu, '');
      if (!spelledWord(letters)) continue;
      out.push({ start: m.index, end: m.index + m[0].length });
      for (const w of execAll(/[A-Za-z]+/gu, text)) if (w[0].length === letters.length && w[0].toUpperCase() === letters && w.index !== m.index) out.push({ start: w.index, end: w.index + w[0].length });
    }
    return out;
  },
};

/** Not one letter again and again (I, I, I, I), nor the alphabet in order (A, B, C, D). */
function spelledWord(letters: string): boolean {
  const inOrder = [...letters].every((c, i) => i === 0 || c.charCodeAt(0) === letters.charCodeAt(i - 1) + 1);
  return new Set(letters).size > 1 && !inOrder;
}
