/**
 * Issue 13, sixth pass: kinds of PII in speech the other detectors miss, each by a general cue
 * (see the README, "More kinds in speech"). Every detector reads kuromoji's tokens made once by
 * `detect` (never tokenizes again) and starts with a cheap test of the text, so most segments
 * skip it.
 *
 * - PERSON: a two- or three-kanji surname glued to a title, which kuromoji cuts across the
 *   boundary (北出店長 read as 北+出店+長).
 * - ORG (seventh pass): a school said short (城北高, …東小); a public facility named by the town
 *   that runs it (…市立中央図書館); 支部 and 会館 as branch words, a direction before 店 (…南店).
 * - ORG: a branch named by its place (…松江店, …宮崎駅前店, 本厚木駅にいます as a workplace); a
 *   name before ってとこ / っていうところ (a place of work or an agency named in passing); a
 *   place-led compound before さん (…和裁工房さん); a clinic named after a surname written in kana
 *   (かわの整形外科).
 * - ADDRESS: a city and its ward (or a prefecture and its city) said together: 神戸市垂水区.
 * - DATE: a full date of birth with a few words between it and 生まれ (…年の三月三日、ひな祭り生まれ).
 * - ORG (English): a suffixed name led by a place (Tokyo … International School).
 * - PERSON (English): a first and last name after a comma that ends a clause describing a person
 *   ("a fella in the Tokyo office, Jonas Keller."); a child named with its age ("Finn's eight").
 */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { DetectInput, Detector, Range } from './detector.js';
import { GIVEN, nameType, SURNAME } from './enamdict.js';
import { HONORIFICS } from './honorifics.js';
import { isPersonNoun } from './name-words.js';
import { execAll, group, groupsOf } from './regex.js';
import { isAlsoProperNoun, isCommonEnglishWord } from '../analyze/english-words.js';
import { LISTS } from './lists.js';
import { tokenAt, tokenCovering, tokenEndingAt, tokensIn } from './token-search.js';

const isPlace = (t: PositionedToken | undefined): t is PositionedToken =>
  t !== undefined && t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 === '地域';
const isNoun = (t: PositionedToken | undefined): t is PositionedToken =>
  t !== undefined && t.token.pos === '名詞' && !['非自立', '代名詞', '数', '副詞可能'].includes(t.token.pos_detail_1);
const KANJI_ONLY = /^[\p{Script=Han}々]+$/u;
const KATAKANA_ONLY = /^[\p{Script=Katakana}ー・]+$/u;

// ---------------------------------------------------------------------------------------------
// PERSON: a surname glued to a title, cut by kuromoji across the boundary

/** Titles a surname is glued to (店長, 部長…): the honorific list without the kana ones. */
const KANJI_TITLES = [...HONORIFICS].filter((h) => KANJI_ONLY.test(h) && h.length >= 2).sort((a, b) => b.length - a.length);
const SURNAME_TITLE_RE = new RegExp(`(?<![\\p{Script=Han}々])(?<v>\\p{Script=Han}[\\p{Script=Han}々]{1,2}?)(?:${KANJI_TITLES.join('|')})`, 'gdu');
const SURNAME_TITLE_HINT = new RegExp(KANJI_TITLES.join('|'), 'u');

/** 北出店長: kuromoji reads 北+出店+長, so no token ends where the surname does and the honorific
 * rules never see a noun before 店長. Taken when a token crosses the boundary and the kanji
 * before the title are an ENAMDICT surname; a run kuromoji cuts at the boundary is left to the
 * other rules (営業+部長). */
function surnamesCutBeforeTitles(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!SURNAME_TITLE_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(SURNAME_TITLE_RE, text)) {
    const r = group(m, 'v');
    if (r === null) continue;
    const atEnd = tokenCovering(tokens, r.end);
    const crosses = atEnd !== undefined && atEnd.start < r.end;
    const startsWord = tokenAt(tokens, r.start) >= 0;
    if (!crosses || !startsWord) continue;
    const word = text.slice(r.start, r.end);
    if (!isPersonNoun(word) && (nameType(word) & SURNAME) !== 0) out.push(r);
  }
  return out;
}

/** A name in hiragana before さん / くん / ちゃん that kuromoji reads as other words (ひらた+さ+ん:
 * an adjective): three to five kana that ENAMDICT lists as a surname or given name, starting a
 * word kuromoji starts (the whole kana run, or after a particle in it), not one common word
 * kuromoji knows (やおや), a shop (ほん+や), a word with the honorific inside it (おばあさん), or
 * one after お (おいしゃさん). */
const KANA_NAME_HONORIFIC_RE = /(?<!\p{Script=Hiragana})(?<v>\p{Script=Hiragana}{3,8}?)(?:さん|くん|ちゃん)/gdu;
const KANA_HONORIFIC_HINT = /\p{Script=Hiragana}{3}(?:さん|くん|ちゃん)/u;

const EVERYDAY_WORDS = new Set(['感動詞', '副詞', '接続詞']);

function kanaNamesBeforeHonorifics(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!KANA_HONORIFIC_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(KANA_NAME_HONORIFIC_RE, text)) {
    const r = group(m, 'v');
    if (r === null) continue;
    for (let s = Math.max(r.start, r.end - 5); r.end - s >= 3; s++) {
      const name = text.slice(s, r.end);
      if (/^お/u.test(name) || (nameType(name) & (SURNAME | GIVEN)) === 0) continue;
      // The whole kana run, or what follows a particle in it (…の+ゆうか).
      const before = tokenEndingAt(tokens, s);
      const first = tokens[tokenAt(tokens, s)];
      // Nor from a particle (下町の+じいさん: の is no part of a name).
      if (first === undefined || (s > r.start && before?.token.pos !== '助詞') || first.token.pos === '助詞') continue;
      const wordWithHonorific = (tokenCovering(tokens, s)?.end ?? 0) > r.end;
      // One common word kuromoji knows (やおや), or a shop: a common noun and や (ほん+や+さん).
      // An interjection or adverb said before さん (どうもさん, ありがとうさん) is no name either.
      const oneWord = first.end === r.end && first.token.word_type === 'KNOWN' && ((first.token.pos === '名詞' && first.token.pos_detail_1 !== '固有名詞') || EVERYDAY_WORDS.has(first.token.pos));
      const last = tokenEndingAt(tokens, r.end);
      const beforeLast = last === undefined ? undefined : tokenEndingAt(tokens, last.start);
      const shop = last?.token.surface_form === 'や' && beforeLast !== undefined && beforeLast.start >= s && beforeLast.token.pos_detail_1 === '一般';
      if (!wordWithHonorific && !oneWord && !shop && first.token.pos !== '連体詞' && first.token.pos_detail_1 !== '代名詞') {
        out.push({ start: s, end: r.end });
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ORG: branches, places of work named in passing, place-led names, kana-surname clinics

/** Words of a branch after its place: 店 (kuromoji's suffix), 支店, 営業所…; and the words that
 * may stand between the place and 店 (宮崎+駅前+店). */
const BRANCH_WORDS = new Set(['店', '支店', '本店', '営業所', '支社', '出張所', '事業所', '院', '校', '教室', 'センター', '工場', '支部', '会館']);
const BRANCH_MIDDLE = new Set(['駅前', '駅', '駅ビル', '中央', '本町', '東口', '西口', '南口', '北口', '東', '西', '南', '北']);
const BRANCH_HINT = /店|営業所|支社|出張所|事業所|駅|院|校|教室|センター|工場|支部|会館/u;
/** After a station: the speaker works or is posted there (本厚木駅にいます, …駅に配属). */
const STATION_WORK_AFTER = /^(?:に(?:い(?:ます|る|て)|勤務|配属|異動|勤め)|で(?:働|勤務|勤め))/u;

/** Where a place name starts: a prefix kuromoji splits off (本+厚木, 新+宿) belongs to it. */
function placeStart(tokens: readonly PositionedToken[], i: number): number {
  const prev = tokens[i - 1];
  const t = tokens[i] as PositionedToken;
  return prev !== undefined && prev.end === t.start && prev.token.pos === '接頭詞' ? prev.start : t.start;
}

/** A branch of a business by its place (松江+店, 宮崎+駅前+店, 札幌+支店, 天神+院, 仙台+センター), and a station said as a
 * workplace (本厚木+駅+にいます): a place kuromoji tags 地域, glued to the branch word. */
function branches(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!BRANCH_HINT.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // A country (日本支社, アメリカ工場) says too little to be a branch's name, and a place abroad
    // in katakana (シドニー支社) names an office of the company, not the speaker's workplace.
    if (!isPlace(t) || t.token.pos_detail_3 === '国' || /^[\p{Script=Katakana}ー]+$/u.test(t.token.surface_form)) continue;
    let j = i + 1;
    let next = tokens[j];
    if (next !== undefined && next.start === t.end && BRANCH_MIDDLE.has(next.token.surface_form) && tokens[j + 1]?.start === next.end && BRANCH_WORDS.has(tokens[j + 1]?.token.surface_form ?? '')) next = tokens[++j];
    if (next === undefined || next.start !== tokens[j - 1]?.end) continue;
    const word = next.token.surface_form;
    const after = tokens[j + 1];
    // 店舗, 店内: the branch word must end the compound.
    const ends = after === undefined || after.start !== next.end || after.token.pos !== '名詞';
    // Only the place is redacted ([ORG]店, [ORG]駅前店): the branch word says nothing of which one,
    // and analysis keeps it.
    // A direction between the place and the branch word (水戸+南+店) belongs to the name.
    const end = j > i + 1 ? (tokens[j - 1] as PositionedToken).end : t.end;
    if (BRANCH_WORDS.has(word) && ends && j > i + 1 && /^[東西南北]$/u.test(tokens[j - 1]?.token.surface_form ?? '')) out.push({ start: placeStart(tokens, i), end });
    else if ((BRANCH_WORDS.has(word) && ends) || (word === '駅' && j === i + 1 && STATION_WORK_AFTER.test(text.slice(next.end, next.end + 4)))) out.push({ start: placeStart(tokens, i), end: t.end });
  }
  return out;
}

/** …ってとこ / っていうところ / とかいうとこ, and in dialect …いうとこ / っちゅうとこ / っつうとこ: a
 * name said in passing with "a place called". */
const TOKO_HINT = /とこ/u;
const TOKO_AFTER = /^(?:(?:って|っていう|とかいう|という|いう|ゆう|っちゅう|ちゅう|っつう|っつー)|(?:っていう|とかいう|という|いう|ゆう|っちゅう)、[^、。！？!?]{1,14}?(?:やってる|してる|やっとる|しとる|やってはる|しては?る|の|な))(?:とこ|ところ)(?:[。、！？!?の]|$|です|っす|で[、。す]|に|から)/u;
/** Endings of katakana loanwords for activities and qualities (リモートワーク is a kind, not a
 * name: …ング, …ション, …メント, …ティ). */
const LOANWORD_END = /(?:ング|ション|メント|ティ|シップ|ネス|ワーク)$/u;

/** How many nouns back a name before ってとこ or さん is looked for: a business's name is a few
 * words, and an unbounded walk back costs matches × nouns (さん said a thousand times). */
const PLACE_LED_MAX = 6;

/** The first of the nouns glued together that end at token `last`, going back no further than
 * index `floor` + 1. */
function gluedNounStart(tokens: readonly PositionedToken[], last: number, floor: number): number {
  let s = last;
  while (s > 0 && s > floor && isNoun(tokens[s - 1]) && (tokens[s - 1] as PositionedToken).end === (tokens[s] as PositionedToken).start) s--;
  return s;
}

/** The nouns before ってとこ: a name when a katakana piece is a word kuromoji does not know or a
 * proper noun (ダイトー+空調), when it is a compound of two katakana words or more that does not
 * end like a loanword for an activity (ワーク+ステージ), or a place-led compound (松江+和裁+工房).
 * Not a pronoun (そこ), a number (半分) or one common word. */
function placesCalled(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!TOKO_HINT.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (!TOKO_AFTER.test(text.slice(t.end, t.end + 32)) || !isNoun(t)) continue;
    let s = gluedNounStart(tokens, i, i - PLACE_LED_MAX);
    // A katakana piece kuromoji reads as another part of speech (札幌+ジーン(adverb)+ラボ) is
    // still a piece of the name: the nouns go on before it.
    while (s > i - PLACE_LED_MAX + 1 && KATAKANA_ONLY.test(tokens[s - 1]?.token.surface_form ?? '') && (tokens[s - 1] as PositionedToken).end === (tokens[s] as PositionedToken).start) s = gluedNounStart(tokens, s - 1, i - PLACE_LED_MAX);
    const run = tokens.slice(s, i + 1);
    const surface = text.slice((run[0] as PositionedToken).start, t.end);
    const kata = run.filter((x) => KATAKANA_ONLY.test(x.token.surface_form));
    const odd = run.some((x) => (x.token.word_type === 'UNKNOWN' || x.token.pos_detail_1 === '固有名詞') && x.token.pos_detail_2 !== '人名');
    const kataCompound = kata.length >= 2 && kata.length === run.length && !LOANWORD_END.test(surface);
    const placeLed = run.length >= 2 && isPlace(run[0]);
    if ((odd && surface.length >= 3) || kataCompound || placeLed) out.push({ start: (run[0] as PositionedToken).start, end: t.end });
  }
  return out;
}

/** A place-led compound before さん (松江+和裁+工房さん): people are not called by a place and a
 * trade; a business is. Not a place alone (長野さん: also a surname), not a person word
 * (…支店長さん). */
function placeLedBeforeSan(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!text.includes('さん')) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (t.token.surface_form !== 'さん') continue;
    const s = gluedNounStart(tokens, i - 1, i - PLACE_LED_MAX);
    const run = tokens.slice(s, i);
    if (run.length < 2 || !isPlace(run[0]) || run.some((x) => x.token.pos_detail_2 === '人名')) continue;
    const rest = text.slice((run[1] as PositionedToken).start, t.start);
    const common = run.slice(1).every((x) => x.token.pos_detail_1 === '一般' || x.token.pos_detail_1 === 'サ変接続');
    if (common && !isPersonNoun(rest) && rest.length >= 2) out.push({ start: (run[0] as PositionedToken).start, end: t.start });
  }
  return out;
}

/** A clinic named after a surname written in kana (かわの整形外科, さとう内科): the kana run before
 * the department is a reading ENAMDICT lists as a surname. kuromoji reads such a run as
 * particles (か+わ+の), so the other facility rules see no name. */
const KANA_CLINIC_RE = /(?<![\p{Script=Hiragana}])(?<v>\p{Script=Hiragana}{3,6})(?:整形外科|心療内科|形成外科|皮膚科|皮ふ科|耳鼻科|眼科|歯科|内科|外科|小児科|婦人科|クリニック|医院|診療所)/gdu;
const KANA_CLINIC_HINT = /科|クリニック|医院|診療所/u;

function kanaSurnameClinics(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!KANA_CLINIC_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(KANA_CLINIC_RE, text)) {
    const r = group(m, 'v');
    if (r === null) continue;
    // The run may hold a particle before the name (…のかわの): the longest tail that is a surname.
    for (let s = r.start; r.end - s >= 3; s++) {
      const first = tokenCovering(tokens, s);
      if (first !== undefined && (first.token.pos_detail_1 === '代名詞' || first.token.pos === '連体詞')) continue;
      if ((nameType(text.slice(s, r.end)) & SURNAME) !== 0) {
        out.push({ start: s, end: m.index + m[0].length });
        break;
      }
    }
  }
  return out;
}

/** A school said short (城北高, 託麻東小, 長嶺南中, 清水ヶ丘小): a place or surname of two to four
 * kanji, or a town named as a hill or cape (…ヶ丘, …が崎), a direction or 中央, then 小 / 中 / 高 for
 * 小学校 / 中学校 / 高校, before a particle or a pause. 中 only after a direction (東京中 is "all over
 * Tokyo"). */
const SCHOOL_SHORT_RE = /(?<![\p{Script=Han}々])(?<stem>\p{Script=Han}[\p{Script=Han}々]{0,3}?(?<town>[ヶケが]\p{Script=Han}?[丘岡谷崎原浦島台瀬])|\p{Script=Han}[\p{Script=Han}々]{1,3}?)(?<dir>[東西南北]|中央)?(?<kind>[小中高])(?=[のにでへはがもをと、。,.\s]|から|まで|$)/gdu;
const SCHOOL_SHORT_HINT = /\p{Script=Han}[小中高](?:[のにでへはがもをと、。,.\s]|から|まで|$)/mu;

/** The same with a kana word after the town (…町みどり小, …さくら高): schools are named so. */
const KANA_SCHOOL_SHORT_RE = /(?<![\p{Script=Han}々])(?<place>\p{Script=Han}[\p{Script=Han}々]{0,3})(?<kana>\p{Script=Hiragana}{2,5})[小高](?=[のにでへはがもをと、。,.\s]|から|まで|$)/gdu;
const KANA_SCHOOL_SHORT_HINT = /\p{Script=Hiragana}[小高](?:[のにでへはがもをと、。,.\s]|から|まで|$)/mu;

/** A place kuromoji knows (a proper noun, not a person; or a place's suffix: 町, 村) before a
 * kana noun or nouns that end right before the school's 小 / 高: 菱+町+みどり+小. */
function kanaSchoolsSaidShort(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const m of execAll(KANA_SCHOOL_SHORT_RE, text)) {
    const place = group(m, 'place');
    const kana = group(m, 'kana');
    if (place === null || kana === null) continue;
    const end = m.index + m[0].length;
    if (tokenAt(tokens, place.start) < 0 || tokenAt(tokens, kana.start) < 0 || tokenAt(tokens, end - 1) < 0) continue;
    const placeTokens = tokensIn(tokens, place);
    const kanaTokens = tokensIn(tokens, kana);
    const isPlace = placeTokens.length > 0 && placeTokens.every((t) => (t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '人名') || (t.token.pos_detail_1 === '接尾' && t.token.pos_detail_2 === '地域'));
    if (isPlace && kanaTokens.length > 0 && kanaTokens.every((t) => t.token.pos === '名詞')) out.push({ start: m.index, end });
  }
  return out;
}

function schoolsSaidShort(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = KANA_SCHOOL_SHORT_HINT.test(text) ? kanaSchoolsSaidShort(text, tokens) : [];
  if (!SCHOOL_SHORT_HINT.test(text)) return out;
  for (const m of execAll(SCHOOL_SHORT_RE, text)) {
    const stem = m.groups?.['stem'] ?? '';
    const dir = m.groups?.['dir'];
    // A town named as a hill, valley or cape (清水ヶ丘, 緑が丘): a place by its shape.
    const town = m.groups?.['town'] !== undefined;
    if ((m.groups?.['kind'] === '中' && dir === undefined) || [...stem].length < 2) continue;
    const stemEnd = m.index + stem.length;
    const end = m.index + m[0].length;
    // A word kuromoji reads across the stem and the suffix (最高, 中小, 売上+高 is cut but no
    // name) is no school; the stem starts a word and is a place, a proper noun or a surname.
    if (tokenAt(tokens, m.index) < 0 || (tokenCovering(tokens, end - 1)?.start ?? 0) < stemEnd) continue;
    const stemTokens = tokensIn(tokens, { start: m.index, end: stemEnd });
    const proper = stemTokens.length > 0 && stemTokens.every((t) => t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '人名');
    if (town || proper || (nameType(stem) & SURNAME) !== 0) out.push({ start: m.index, end });
  }
  return out;
}

/** A public facility named by the town that runs it (…市立中央図書館, …県立美術館, …町立病院): a
 * place of one to five kanji with its unit and 立, then up to ten characters and a kind of public
 * facility. The place must be a proper noun or a surname to ENAMDICT (most places are); 市立図書館
 * alone, after の or この, names no town. */
const PUBLIC_FACILITY_RE =
  /(?<![\p{Script=Han}々])(?<place>\p{Script=Han}[\p{Script=Han}々ヶ]{0,4}?)[市区町村県都府道]立[\p{Script=Han}\p{Script=Katakana}ー々]{0,10}?(?:図書館|美術館|博物館|体育館|公民館|文化会館|会館|病院|小学校|中学校|高等学校|高校|大学|保育園|幼稚園|動物園|水族館|センター|ホール)/gdu;
const PUBLIC_FACILITY_HINT = /[市区町村県都府道]立/u;

function publicFacilities(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!PUBLIC_FACILITY_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(PUBLIC_FACILITY_RE, text)) {
    const place = m.groups?.['place'] ?? '';
    const placeEnd = m.index + place.length;
    if (tokenAt(tokens, m.index) < 0) continue;
    const inside = tokensIn(tokens, { start: m.index, end: placeEnd });
    const proper = inside.length > 0 && inside.every((t) => t.token.pos_detail_1 === '固有名詞' || t.token.word_type === 'UNKNOWN');
    if (proper || (nameType(place) & SURNAME) !== 0) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ADDRESS: a city and its ward, a prefecture and its city

const UNIT_HINT = /[都道府県市区町村郡]/u;
const UPPER_UNITS = new Set(['都', '道', '府', '県', '市']);
const LOWER_UNITS = new Set(['市', '区', '町', '村', '郡']);

/** 神戸+市+垂水+区, 兵庫+県+明石+市: two levels of place said together name where someone lives
 * (one level alone — 神戸市 — is a city, not an address). */
function placeLevels(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  const unit = (t: PositionedToken | undefined, units: ReadonlySet<string>): boolean =>
    t !== undefined && t.token.pos_detail_1 === '接尾' && t.token.pos_detail_2 === '地域' && units.has(t.token.surface_form);
  for (let i = 0; i + 3 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1] as PositionedToken;
    const c = tokens[i + 2];
    const d = tokens[i + 3] as PositionedToken;
    if (!isPlace(a) || !unit(b, UPPER_UNITS) || !isPlace(c) || !unit(d, LOWER_UNITS)) continue;
    if (b.start !== a.end || c.start !== b.end || d.start !== c.end) continue;
    if (b.token.surface_form === d.token.surface_form) continue;
    out.push({ start: a.start, end: d.end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// DATE: a full date of birth a few words before 生まれ

/** A date with its year (digits here: the spoken view turned 昭和四十二年の三月三日 into digits),
 * a pause, a few words without a digit or a full stop, then 生まれ (…三月三日、ひな祭り生まれ). */
const BIRTH_GAP_RE =
  /(?<v>(?:(?:19|20)\d{2}|(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元))\s?年\s?の?\s?\d{1,2}\s?月\s?の?\s?\d{1,2}\s?日)[、,]\s?[^\d\n。！？!?、]{1,10}?(?:の)?生まれ/gdu;

/** The year, a filler, then the month and day said before 生まれ (…年の、えっと、七月十日生まれ):
 * the birthday rule takes the month and day; the year said before the filler is part of it. */
const BIRTH_FILLER_RE =
  /(?<v>(?:(?:19|20)\d{2}|(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元))\s?年\s?の?\s?[、,]\s?(?:(?:えっと|えーと|えー|ええと|あの|んー)\s?[、,]?\s?)?\d{1,2}\s?月\s?の?\s?\d{1,2}\s?日)\s?(?:に|が|は|の)?\s?生まれ/gdu;

/** After 生年月日 / 誕生日, the year and a pause before the month and day (生年月日は、平成七年、十月の三日):
 * the birthday rule stops at the year. */
const BIRTH_LABEL_PAUSE_RE =
  /(?:生年月日|誕生日)\s?(?:は|が)?\s?[、,]?\s?(?<v>(?:(?:19|20)\d{2}|(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元))\s?年\s?の?\s?[、,]\s?(?:(?:えっと|えーと|えー|ええと|あの|んー)\s?[、,]?\s?)?\d{1,2}\s?月\s?の?\s?\d{1,2}\s?日)/gdu;

function birthDatesBeforeWords(text: string): Range[] {
  if (!/生まれ|生年月日|誕生日/u.test(text)) return [];
  return [BIRTH_GAP_RE, BIRTH_FILLER_RE, BIRTH_LABEL_PAUSE_RE].flatMap((re) => execAll(re, text).flatMap((m) => group(m, 'v') ?? []));
}

/** English dates of birth said in words (the birthday rule reads digits): an ordinal and a month
 * (the twelfth of June, June the fifth), with a year in words (nineteen eighty-two, two thousand
 * and five), or a year alone after born in. Only after born / birthday / DOB. */
const EN_ORDINAL =
  '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty-first)';
const EN_MONTH_WORD = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const EN_TENS = '(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))';
const EN_YEAR_WORDS = `(?:nineteen[- ]${EN_TENS}|two thousand(?: and)?(?: (?:one|two|three|four|five|six|seven|eight|nine|${EN_TENS}))?|twenty[- ]${EN_TENS})`;
const EN_DAY_MONTH = `(?:(?:the\\s)?${EN_ORDINAL}\\s(?:of\\s)?${EN_MONTH_WORD}|${EN_MONTH_WORD}\\s(?:the\\s)?${EN_ORDINAL})`;
/** An age one turns on a day is a birthday (turning sixty on the ninth of May). */
const EN_TURNING = '(?:turn(?:ing|s)?|I\'ll be)\\s(?:[a-z]+(?:-[a-z]+)?|\\d{1,3})\\s';
const EN_BIRTH_WORDS_RE = new RegExp(
  `\\b(?:born|birthday(?:['’]s|\\sis)?|DOB|date of birth(?:['’]s|\\sis)?|${EN_TURNING})\\s?(?:(?:on|in|is|was)\\s)?(?<v>${EN_DAY_MONTH}(?:,?\\s${EN_YEAR_WORDS})?|${EN_YEAR_WORDS}(?:,?\\s${EN_DAY_MONTH})?)(?![A-Za-z])`,
  'gdiu',
);
const EN_BIRTH_HINT = /born|birthday|DOB|date of birth|turn|I'll be/iu;

function englishBirthDatesInWords(text: string): Range[] {
  return EN_BIRTH_HINT.test(text) ? groupsOf(EN_BIRTH_WORDS_RE, text, 'v') : [];
}

// ---------------------------------------------------------------------------------------------
// PERSON (English): apposition after a person described, a child with its age

/** Words for a person a speaker describes before naming them. */
const EN_PERSON_WORDS = 'fella|fellow|guy|bloke|man|woman|lady|girl|boy|mate|friend|colleague|coworker|co-worker|someone|somebody|person|contact|recruiter|manager|boss|director|doctor|teacher|neighbour|neighbor|cousin|uncle|aunt';
/** A clause with a person word, a comma, then two capitalised words ending the clause. */
const EN_DESCRIBED_NAME_RE = new RegExp(
  `\\b(?:${EN_PERSON_WORDS})\\b[^.!?,]{0,60},\\s(?<v>[A-Z][a-z]+\\s[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)(?=[.!?;]|,\\s|\\s(?:who|he|she)\\b|$)`,
  'gdu',
);
/** A name with an age said as a word: "Olivia's eleven and Finn's eight" (the kids' ages). */
const EN_AGE_RE =
  /(?<![A-Za-z])(?<v>[A-Z][a-z]+)['’]s\s(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?=[.,;!?]|\s(?:and|now|this|next)\b|$)/gdu;

/** A capitalised word that no common English word is, in lower case or capitalised. */
const unusualWord = (w: string): boolean => !LISTS.enCommonCapitalised.has(w) && !isCommonEnglishWord(w.toLowerCase());

function englishNamesDescribed(text: string): Range[] {
  const out: Range[] = [];
  for (const r of groupsOf(EN_DESCRIBED_NAME_RE, text, 'v')) if (text.slice(r.start, r.end).split(' ').every(unusualWord)) out.push(r);
  for (const r of groupsOf(EN_AGE_RE, text, 'v')) if (unusualWord(text.slice(r.start, r.end))) out.push(r);
  return out;
}

/** An English organisation named with a suffix (…International School) whose first word is a
 * place the common-capitalised list holds (Tokyo, Osaka: "the Tokyo office" is no name): the
 * suffix rule drops it with The / Our / At; here it stays when its lower case is no English word
 * and the name has a word of its own after it (Tokyo Bayside International School). */
const EN_ORG_PLACE_LED_RE = new RegExp(`(?<![A-Za-z])(?<lead>[A-Z][a-z]+)\\s(?<rest>(?:[A-Z][A-Za-z&'-]*\\s){1,3})(?:${LISTS.orgSuffixesEn.join('|')})(?![A-Za-z])`, 'gdu');

function englishOrgsLedByPlace(text: string): Range[] {
  const out: Range[] = [];
  for (const m of execAll(EN_ORG_PLACE_LED_RE, text)) {
    const lead = m.groups?.['lead'] ?? '';
    const rest = (m.groups?.['rest'] ?? '').trim().split(/\s/u);
    if (!LISTS.enCommonCapitalised.has(lead) || isCommonEnglishWord(lead.toLowerCase())) continue;
    if (rest.some((w) => !LISTS.enCommonCapitalised.has(w))) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A branch by its place in English (the Namba store, our Sakai branch): the capitalised word
 * between a determiner and a branch word, when it is no English word, no city the dictionary
 * knows and not on the common-capitalised list (the Tokyo office, the Singapore office, the Main
 * branch stay). Only the place is redacted,
 * as in the Japanese branch rule. */
const EN_BRANCH_RE = /\b(?:[Tt]he|[Oo]ur|[Mm]y|[Tt]heir|[Hh]is|[Hh]er)\s(?<v>[A-Z][a-z]+(?:-[a-z]+)?)\s(?:branch|store|shop|outlet|office|plant|factory|warehouse|depot|clinic|campus)\b/gdu;

function englishBranches(text: string): Range[] {
  return groupsOf(EN_BRANCH_RE, text, 'v').filter((r) => {
    const w = text.slice(r.start, r.end).split('-')[0] ?? '';
    // A city the English dictionary knows (Singapore, London, Osaka) says where, like a
    // prefecture in the Japanese rule, not which branch.
    return !LISTS.enCommonCapitalised.has(w) && !isCommonEnglishWord(w.toLowerCase()) && !isAlsoProperNoun(w.toLowerCase());
  });
}

// ---------------------------------------------------------------------------------------------

const withTokens = (source: string, f: (text: string, tokens: readonly PositionedToken[]) => Range[]): Detector => ({
  source,
  find: ({ text, tokens, language }) => (tokens === null || language !== 'ja' ? [] : f(text, tokens)),
});

export const SPEECH_MORE_DETECTORS = {
  PERSON: [
    withTokens('more:surname-cut-before-title', surnamesCutBeforeTitles),
    withTokens('more:kana-name-honorific', kanaNamesBeforeHonorifics),
    { source: 'more:english-name-described', find: ({ text, language, hasLatinCapital }: DetectInput) => (language === 'en' && hasLatinCapital ? englishNamesDescribed(text) : []) },
  ],
  ORG: [
    withTokens('more:branch', branches),
    withTokens('more:place-called', placesCalled),
    withTokens('more:place-led-san', placeLedBeforeSan),
    withTokens('more:kana-surname-clinic', kanaSurnameClinics),
    withTokens('more:school-short', schoolsSaidShort),
    withTokens('more:public-facility', publicFacilities),
    { source: 'more:org-en-place-led', find: ({ text, language, hasLatinCapital }: DetectInput) => (language === 'en' && hasLatinCapital ? englishOrgsLedByPlace(text) : []) },
    { source: 'more:branch-en', find: ({ text, language, hasLatinCapital }: DetectInput) => (language === 'en' && hasLatinCapital ? englishBranches(text) : []) },
  ],
  ADDRESS: [withTokens('more:place-levels', (text, tokens) => (UNIT_HINT.test(text) ? placeLevels(tokens) : []))],
  DATE: [
    { source: 'more:birth-date-gap', find: ({ text, hasDigit }: DetectInput) => (hasDigit ? birthDatesBeforeWords(text) : []) },
    { source: 'more:birth-date-en-words', find: ({ text, language }: DetectInput) => (language === 'en' ? englishBirthDatesInWords(text) : []) },
  ],
} as const;
