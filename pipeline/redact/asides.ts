/** Issue 13's eleventh pass: names said in ways of speaking the other detectors miss, each a kind
 * of construction read from the segment's text and kuromoji's tokens (never tokenized again),
 * behind a cheap first test:
 *
 * - items of one list are of one kind: a katakana or Latin word kuromoji does not know, listed
 *   beside an organisation kuromoji knows (…じゃなくて、…でもなくて、…の; …とか…とか), is one too;
 *   a kana given name listed beside a person kuromoji knows (…と、マイケル) is a person;
 * - a given name said as a sentence of its own right after a sentence about one's child (娘は五歳。
 *   …。): ENAMDICT's given name, a noun kuromoji reads as one word;
 * - a name spelt out (…って書いて…): the kanji said and the reading after it;
 * - nicknames by their shape after a peer word (同期の+…っこ), called out with Kansai's やん at a
 *   quote's start, or said before a calling phrase in apposition to a named person;
 * - a name said with a dialect's いう for って (…いうんですけど), after a sentence about a child;
 * - a place of study abroad (…に留学, …へ短期留学): a katakana word kuromoji does not know;
 * - a nursery or clinic named by a doubled mimetic word (…+保育園: すくすく, にこにこ, のびのび);
 * - an organisation said after the clause it belongs to (内定出たんです、…から。).
 */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { DetectInput, Detector, Range } from './detector.js';
import { GIVEN, nameType, SURNAME } from './enamdict.js';
import { LISTS } from './lists.js';
import { isPersonNoun, kanaReading, SPOKEN_KIN_WORDS } from './name-words.js';
import { isKanaGivenName } from './names.js';
import { execAll } from './regex.js';
import { tokenAt } from './token-search.js';

/** The token that starts at `start` and ends at `end`, or null. */
function wholeToken(tokens: readonly PositionedToken[], start: number, end: number): PositionedToken | null {
  const t = tokens[tokenAt(tokens, start)];
  return t !== undefined && t.start === start && t.end === end ? t : null;
}

/** Does kuromoji read [start, end) as one word it knows of a kind that is no name (a common noun,
 * verb, adjective, adverb)? */
function isOneKnownWord(tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const t = wholeToken(tokens, start, end);
  return t !== null && t.token.word_type !== 'UNKNOWN' && t.token.pos_detail_1 !== '固有名詞';
}

// ---------------------------------------------------------------------------------------------
// lists

/** The joints of a spoken list: contrast (じゃなくて, でもなくて), examples (とか), and (と, や),
 * with a pause or not. */
const LIST_JOINT = '(?:じゃなくて|でもなくて|じゃなく|でもなく|とか|と|や)[、,]?\\s?|[、,]\\s?';
const LIST_ITEM = '[\\p{Script=Katakana}ー]{2,}|[A-Za-z][A-Za-z&.\'-]+';
const ORG_LIST_RE = new RegExp(`(?<![\\p{Script=Katakana}ーA-Za-z])(?:${LIST_ITEM})(?:(?:${LIST_JOINT})(?:${LIST_ITEM})(?![\\p{Script=Katakana}ーA-Za-z]))+`, 'gu');
const LIST_ITEM_RE = new RegExp(LIST_ITEM, 'gu');
const LIST_HINT = /じゃなく|でもなく|とか|[、,とや]/u;

/** A word kuromoji does not know, or reads as a proper noun that is no place or person: the kind
 * of word a brand is. */
function brandLike(t: PositionedToken): boolean {
  const tag = t.token;
  if (tag.word_type === 'UNKNOWN') return true;
  return tag.pos_detail_1 === '固有名詞' && tag.pos_detail_2 !== '地域' && tag.pos_detail_2 !== '人名';
}

/** Items of a list of organisations: in a run of single words joined by list joints, one that
 * kuromoji tags 組織 makes every other item that is brand-like an organisation too
 * (リクルートじゃなくて、ビズリーチでもなくて、…). Loanwords kuromoji knows (コーヒー, スマホ)
 * stay; an item must be one whole token. */
function listedOrganisations(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!LIST_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(ORG_LIST_RE, text)) {
    const items = execAll(LIST_ITEM_RE, m[0]).map((i) => {
      const start = m.index + i.index;
      return { start, end: start + i[0].length, token: wholeToken(tokens, m.index + i.index, m.index + i.index + i[0].length) };
    });
    // kuromoji tags any Latin word it does not know 組織 (AI, MSL): only a Japanese anchor counts,
    // and an item in capitals alone is an acronym of a skill or a job as often as a brand (RPA).
    if (!items.some((i) => i.token?.token.pos_detail_2 === '組織' && !/[A-Za-z]/u.test(i.token.token.surface_form))) continue;
    for (const i of items) {
      if (i.token === null || i.token.token.pos_detail_2 === '組織' || !brandLike(i.token) || /^[A-Z&.'-]+$/u.test(i.token.token.surface_form)) continue;
      out.push({ start: i.start, end: i.end });
    }
  }
  return out;
}

/** A kana given name listed beside a person kuromoji tags 人名: …、ゆづきと、マイケル / マイケルと
 * ゆづきが. The kana run is three to five kana between a pause (or the other name and と) and と /
 * や / a particle, whose reading ENAMDICT lists as a given name and which kuromoji does not read as
 * one known word. */
const KANA_BEFORE_NAME_RE = /(?<=[、,。\s]|^)(?<v>\p{Script=Hiragana}{3,5}?)(?:と|や)[、,]?\s?(?=[\p{Script=Katakana}\p{Script=Han}])/dgu;
const KANA_AFTER_NAME_RE = /(?<=[\p{Script=Katakana}\p{Script=Han}](?:と|や)[、,]?\s?)(?<v>\p{Script=Hiragana}{3,5}?)(?=が|は|も|と|に|の|を|、|。|$)/dgu;

function listedKanaNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/[とや]/u.test(text)) return [];
  const out: Range[] = [];
  const personAt = (at: number, before: boolean): boolean => {
    // the neighbouring item: the token right after the joint, or the one right before it
    const k = before ? tokenAt(tokens, at) : tokenAt(tokens, at) - 1;
    const t = tokens[k];
    return t !== undefined && t.token.pos_detail_2 === '人名' && (before ? t.start === at : t.end === at);
  };
  for (const m of execAll(KANA_BEFORE_NAME_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    const name = text.slice(v[0], v[1]);
    if (isKanaGivenName(name) && !isOneKnownWord(tokens, v[0], v[1]) && personAt(m.index + m[0].length, true)) out.push({ start: v[0], end: v[1] });
  }
  for (const m of execAll(KANA_AFTER_NAME_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    const joint = /(?:と|や)[、,]?\s?$/u.exec(text.slice(Math.max(0, v[0] - 3), v[0]));
    const name = text.slice(v[0], v[1]);
    if (joint !== null && isKanaGivenName(name) && !isOneKnownWord(tokens, v[0], v[1]) && personAt(v[0] - joint[0].length, false)) out.push({ start: v[0], end: v[1] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a name said after a sentence about one's child

const CHILD_WORDS = [...SPOKEN_KIN_WORDS].filter((w) => /^(?:娘|息子|長男|長女|次男|次女|三男|三女|子|子ども|子供|上の子|下の子|孫|双子)$/u.test(w));
const CHILD_SENTENCE = `(?:${CHILD_WORDS.join('|')})(?:は|が|も)[^。！？!?]{1,16}[。！？!?]\\s?`;
/** 娘は五歳。ひかり。 — a name as a sentence of its own; two children named together too (双子が
 * 生まれて。…と…。: `w` is the second name). */
const NAME_SENTENCE_AFTER_CHILD_RE = new RegExp(`(?<=${CHILD_SENTENCE})(?<v>[\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Han}ー]{1,6}?)(?:(?:と|、)(?<w>[\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Han}ー]{1,6}))?(?=[。！？!?])`, 'dgu');
/** さくらいうんですけど。 — a dialect's いう without って (Kansai, Chūgoku: …いうて、…いうんじゃが), a
 * given name opening the sentence or clause; a loanword before it (…マネジメント、いうんですけど)
 * stays: katakana is a name here only as a short word one noun long whose reading ENAMDICT has as a
 * given name (ゲンいうて, as nicknames are: a loanword of that length is rarely so said). */
const KANA_OR_HAN_NAME = /^(?:\p{Script=Hiragana}+|[\p{Script=Han}々]+)$/u;
const SHORT_KATAKANA = /^[\p{Script=Katakana}ー]{2,4}$/u;
const DIALECT_NAMING_AFTER_CHILD_RE = new RegExp(`(?<v>[\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Han}ー]{2,6}|(?<![\\p{Script=Han}々])\\p{Script=Han})(?=(?:いう|言う)(?:んです|んや|ねん|んだ|んじゃ|の|て[、,]))`, 'dgu');

function isGivenNameWord(word: string): boolean {
  if (/^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u.test(word)) return isKanaGivenName(word);
  return (nameType(word) & GIVEN) !== 0;
}

/** The word at [start, end) is one noun token (a name kuromoji knows as a word: ひかり, 翼) or
 * several pieces, and not a verb, adjective or adverb (元気。, かわいい。). */
function nounOrPieces(tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const t = wholeToken(tokens, start, end);
  // a kana name kuromoji cuts into other words (はや+て) is no one word it knows
  if (t === null && /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u.test((tokens[tokenAt(tokens, start)] as PositionedToken | undefined)?.token.surface_form ?? '')) return true;
  if (t === null) {
    // pieces: every token inside is a noun
    let k = tokenAt(tokens, start);
    if ((tokens[k] as PositionedToken | undefined)?.start !== start) return false;
    for (; k < tokens.length && (tokens[k] as PositionedToken).end <= end; k++) if ((tokens[k] as PositionedToken).token.pos !== '名詞') return false;
    return (tokens[k - 1] as PositionedToken | undefined)?.end === end;
  }
  const tag = t.token;
  return tag.pos === '名詞' && (tag.pos_detail_1 === '一般' || tag.pos_detail_1 === '固有名詞') && tag.pos_detail_2 !== '地域' && tag.pos_detail_2 !== '組織';
}

const KANJI_NAMED_RE = /(?<![\p{Script=Han}々])(?<v>[\p{Script=Han}々]{2,3})(?:いう|言う)(?:ん|の|て)/gdu;

/** Does the sentence around `at` name someone else in kanji with the same いう (a list of people:
 * 村瀬いうのと、…いうて)? ENAMDICT must have the kanji as a name. */
function kanjiNamedBeside(text: string, at: number): boolean {
  const from = Math.max(text.lastIndexOf('。', at), 0);
  const to = text.indexOf('。', at);
  const sentence = text.slice(from, to < 0 ? text.length : to);
  return execAll(KANJI_NAMED_RE, sentence).some((m) => nameType(m.groups?.['v'] ?? '') !== 0);
}

/** A kin word and a pause right before `at` (親父、勇いうんやけど): one kanji is a name there only. */
function kinBeforePause(text: string, at: number): boolean {
  const before = /([\p{Script=Han}\p{Script=Hiragana}]{1,3})[、,]\s?$/u.exec(text.slice(Math.max(0, at - 5), at))?.[1] ?? '';
  return [...before].some((_, k) => SPOKEN_KIN_WORDS.has(before.slice(k)));
}

/** Is [start, end) one token kuromoji reads as a verb, adjective, adverb or number (一緒, 元気)? */
function isOtherWord(tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const t = wholeToken(tokens, start, end)?.token;
  return t !== undefined && (t.pos !== '名詞' || t.pos_detail_1 === '数' || t.pos_detail_1 === '副詞可能' || t.pos_detail_1 === '代名詞');
}

function namesAfterChild(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const m of CHILD_WORDS.some((w) => text.includes(w)) ? execAll(NAME_SENTENCE_AFTER_CHILD_RE, text) : []) {
    const v = m.indices?.groups?.['v'];
    const w = m.indices?.groups?.['w'];
    const isName = (r: [number, number] | undefined): r is [number, number] => r !== undefined && isGivenNameWord(text.slice(r[0], r[1])) && nounOrPieces(tokens, r[0], r[1]);
    // two names: both given names, neither one verb, adjective or adverb kuromoji knows (not
    // 蓮と一緒。; kuromoji may glue と to the first: 凛と); else the whole is one (さとし。)
    const listed = (r: [number, number] | undefined): r is [number, number] => r !== undefined && isGivenNameWord(text.slice(r[0], r[1])) && !isOtherWord(tokens, r[0], r[1]);
    if (w !== undefined && listed(v) && listed(w)) out.push({ start: v[0], end: v[1] }, { start: w[0], end: w[1] });
    else if (v !== undefined && isName([v[0], w?.[1] ?? v[1]])) out.push({ start: v[0], end: w?.[1] ?? v[1] });
  }
  for (const m of execAll(DIALECT_NAMING_AFTER_CHILD_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    // the word opens its sentence (the child is often named a turn after being spoken of)
    if (v[0] !== 0 && !/[。！？!?、]\s?$/u.test(text.slice(Math.max(0, v[0] - 2), v[0]))) continue;
    const word = text.slice(v[0], v[1]);
    if (SHORT_KATAKANA.test(word)) {
      const t = wholeToken(tokens, v[0], v[1]);
      // a word kuromoji knows (ゲン, バカ, ママ: いうて also quotes what is said) only in a list of
      // people so named, beside a kanji name (村瀬いうのと、ゲンいうて)
      const named = t !== null && t.token.pos === '名詞' && (t.token.word_type === 'UNKNOWN' || (t.token.pos_detail_1 === '一般' && kanjiNamedBeside(text, v[0])));
      if (named && !isPersonNoun(word) && (nameType(kanaReading(word)) & GIVEN) !== 0) out.push({ start: v[0], end: v[1] });
      continue;
    }
    if (!KANA_OR_HAN_NAME.test(word)) continue;
    const afterKin = kinBeforePause(text, v[0]);
    if (v[1] - v[0] === 1 && !afterKin) continue;
    // after a kin word and a pause any noun will do (雅: kuromoji's adjectival noun stem)
    if (isGivenNameWord(text.slice(v[0], v[1])) && (nounOrPieces(tokens, v[0], v[1]) || (afterKin && !isOtherWord(tokens, v[0], v[1])))) out.push({ start: v[0], end: v[1] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// nicknames

/** A nickname of a kana and っこ / っち after a peer or kin word and の (同期のゆっこ, 姉のみっち),
 * before a pause, an ellipsis or a particle: the shape of a nickname, not of a word (抱っこ is
 * said of a child, not after 同期の). */
const PEER_NICKNAME_RE = /(?<=(?:同期|同僚|先輩|後輩|友達|友人|親友|姉|妹|兄|弟|娘|息子|部下|上司)の)(?<v>\p{Script=Hiragana}っ[こち]|\p{Script=Katakana}ッ[コチ])(?=[…‥.、,。がはもとにのって]|$)/dgu;

/** A kanji name and やん called out at the start of a quote (「寺やん、…」): Kansai's nickname
 * ending, said to the person; the kanji an ENAMDICT surname or given name of one or two kanji
 * (「無理やん、」 is the copula after a word that is no name). */
const VOCATIVE_YAN_RE = /(?<=「)(?<v>\p{Script=Han}{1,2})やん(?=[、,！!])/dgu;

/** A nickname said before a calling phrase in apposition to a person named next (…、ボスって呼ばれ
 * てる、大門さん): the word is how that person is called. */
const CALLED_BEFORE_PERSON_RE = /(?<v>[\p{Script=Katakana}ー]{2,8}|\p{Script=Hiragana}{2,6})(?:って|と)呼ばれて(?:る|た|ます|いる)、\s?(?<p>[\p{Script=Han}\p{Script=Katakana}ー]{1,6})(?:さん|くん|ちゃん|部長|課長|店長|主任|係長)/dgu;

function nicknamesSaid(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const m of text.includes('の') ? execAll(PEER_NICKNAME_RE, text) : []) {
    const v = m.indices?.groups?.['v'];
    if (v !== undefined) out.push({ start: v[0], end: v[1] });
  }
  for (const m of text.includes('やん') ? execAll(VOCATIVE_YAN_RE, text) : []) {
    const v = m.indices?.groups?.['v'];
    // a noun kuromoji reads as a plain noun or a name (寺, 森), not a quality or an action (無理, 心配)
    const t = v === undefined ? null : wholeToken(tokens, v[0], v[1]);
    if (v !== undefined && t !== null && (t.token.pos_detail_1 === '一般' || t.token.pos_detail_1 === '固有名詞') && (nameType(text.slice(v[0], v[1])) & (SURNAME | GIVEN)) !== 0) out.push({ start: v[0], end: v[1] });
  }
  for (const m of text.includes('呼ばれ') ? execAll(CALLED_BEFORE_PERSON_RE, text) : []) {
    const v = m.indices?.groups?.['v'];
    if (v !== undefined) out.push({ start: v[0], end: v[1] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a name spelt out

/** 蒼空って書いてソラ: the kanji said and how they are read. Both are the name when the kanji are
 * an ENAMDICT name, or the reading after is one. */
const WRITTEN_AS_RE = /(?<k>\p{Script=Han}{1,4})(?:って|と)書いて、?(?<r>[\p{Script=Katakana}ー]{2,8}?|\p{Script=Hiragana}{2,8}?)(?=って|と|です|なん|、|。|$)/dgu;

function spelledNames(text: string): Range[] {
  if (!text.includes('書いて')) return [];
  const out: Range[] = [];
  for (const m of execAll(WRITTEN_AS_RE, text)) {
    const k = m.indices?.groups?.['k'];
    const r = m.indices?.groups?.['r'];
    if (k === undefined || r === undefined) continue;
    const kanji = text.slice(k[0], k[1]);
    const reading = text.slice(r[0], r[1]);
    if ((nameType(kanji) & (GIVEN | SURNAME)) === 0 && !isKanaGivenName(reading)) continue;
    out.push({ start: k[0], end: k[1] }, { start: r[0], end: r[1] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// organisations

/** …に留学 / …へ短期留学: where one studied abroad, a katakana word kuromoji does not know (a
 * country or city it knows as a place stays: アメリカに留学). */
const STUDY_ABROAD_RE = /(?<v>[\p{Script=Katakana}ー]{3,})(?:大学)?(?:に|へ)(?:短期|交換)?留学/dgu;

function studyAbroad(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!text.includes('留学')) return [];
  const out: Range[] = [];
  for (const m of execAll(STUDY_ABROAD_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    const t = wholeToken(tokens, v[0], v[1]);
    if (t !== null && t.token.word_type === 'UNKNOWN') out.push({ start: v[0], end: v[1] + (text.startsWith('大学', v[1]) ? 2 : 0) });
  }
  return out;
}

/** A nursery, school or clinic named by a doubled mimetic word (すくすく保育園, にこにこクリニック,
 * のびのび幼稚園): the word is said twice, kana, and glued to the facility word. */
const MIMETIC_FACILITY_RE = new RegExp(
  `(?<![\\p{Script=Hiragana}\\p{Script=Katakana}ー])(?<v>(\\p{Script=Hiragana}{2})\\2|(\\p{Script=Katakana}{2})\\3)(?:${LISTS.facilitySuffixes.join('|')}|こども園|学童|ルーム)`,
  'dgu',
);

function mimeticFacilities(text: string): Range[] {
  return execAll(MIMETIC_FACILITY_RE, text).map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** An organisation said after its clause (もう内定出たんです、…から。): a clause with 内定 /
 * オファー / 採用 / 連絡 / スカウト, a pause, then a katakana or Latin word kuromoji does not know or
 * reads as a proper noun, and から or で at the end of the sentence. */
const AFTERTHOUGHT_ORG_RE = /(?:内定|オファー|採用|スカウト|面接|選考)[^。！？!?]{0,16}[、,]\s?(?<v>[\p{Script=Katakana}ー]{2,}|[A-Za-z][A-Za-z&.'-]+)(?:から|で|の)(?=[。！？!?]|$)/dgu;

function afterthoughtOrgs(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const m of execAll(AFTERTHOUGHT_ORG_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    const t = wholeToken(tokens, v[0], v[1]);
    if (t !== null && brandLike(t)) out.push({ start: v[0], end: v[1] });
  }
  return out;
}

function withTokens(source: string, hint: RegExp, find: (text: string, tokens: readonly PositionedToken[]) => Range[]): Detector {
  return { source, find: ({ text, tokens }: DetectInput) => (tokens === null || !hint.test(text) ? [] : find(text, tokens)) };
}

export const ASIDE_PERSON_DETECTORS: readonly Detector[] = [
  withTokens('aside:listed-kana-name', /[とや]/u, listedKanaNames),
  withTokens('aside:name-after-child', /[。！？!?]|いう|言う/u, namesAfterChild),
  withTokens('aside:written-as', /書いて/u, (text) => spelledNames(text)),
  withTokens('aside:nickname', /っ[こち]|ッ[コチ]|やん|呼ばれ/u, nicknamesSaid),
];

export const ASIDE_ORG_DETECTORS: readonly Detector[] = [
  withTokens('aside:listed-organisation', LIST_HINT, listedOrganisations),
  withTokens('aside:study-abroad', /留学/u, studyAbroad),
  withTokens('aside:mimetic-facility', /(\p{Script=Hiragana}{2})\1|(\p{Script=Katakana}{2})\2/u, (text) => mimeticFacilities(text)),
  withTokens('aside:afterthought-organisation', /内定|オファー|採用|スカウト|面接|選考/u, afterthoughtOrgs),
];
