/** Issue 13's fifth pass: names and workplaces said in ways the other detectors miss, each read
 * from kuromoji's tokens of the segment (never tokenized again) and run only on segments where a
 * cheap test finds its cue:
 *
 * - a kana given name after a kin or colleague word and の that kuromoji reads as other words
 *   (同期の+あや+か+は), and a kanji given name after a spoken kin word (女房の, かみさんの);
 * - a self-introduction by role: a job noun (…員, …士, …師) and の, a surname, です as a sentence;
 * - a workplace's branch named by its place: a town in kanji glued to a branch word (…センター,
 *   …院, …支店) or joined by の to one (…の教室を);
 * - a facility named by a place and words kuromoji misreads as a verb (…中央+どう+ぶつ+病院).
 */
import type { JaToken, PositionedToken } from '../analyze/tokenizer.js';
import type { Detector, Range } from './detector.js';
import { GIVEN, nameType, SURNAME } from './enamdict.js';
import { LISTS } from './lists.js';
import { COLLEAGUE_WORDS, isPersonNoun, KIN_WORDS, SPOKEN_KIN } from './name-words.js';
import { isKanaGivenName } from './names.js';
import { execAll, withTokens } from './regex.js';
import { tokenAt } from './token-search.js';

function isParticleOrPause(t: JaToken | undefined): boolean {
  return t !== undefined && (t.pos === '助詞' || t.pos === '記号');
}

// ---------------------------------------------------------------------------------------------
// names after a kin or colleague word and の

/** People at work or school who are called by their given name among peers (同期のあやか). */
const PEERS = [...COLLEAGUE_WORDS].filter((w) => /^(?:上司|部下|同僚|先輩|後輩|同期|前任|後任|新人)$/u.test(w));
const OWNERS = [...new Set([...SPOKEN_KIN.split('|'), ...KIN_WORDS, ...PEERS])].sort((a, b) => b.length - a.length);
const OWNER_SET = new Set(OWNERS);
/** Every ending of an owner word: the token before の must be one (a cheap first test). */
const OWNER_ENDINGS = new Set(OWNERS.flatMap((w) => [...w].map((_, k) => w.slice(k))));
const SPOKEN_KIN_SET = new Set(SPOKEN_KIN.split('|'));
/** The longest owner word ending right before token i (上の子, 旦那+さん, 嫁+さん), or ''. */
function ownerBefore(tokens: readonly PositionedToken[], i: number): string {
  if (!OWNER_ENDINGS.has((tokens[i - 1] as PositionedToken).token.surface_form)) return '';
  let word = '';
  let found = '';
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const t = tokens[k] as PositionedToken;
    if ((tokens[k + 1] as PositionedToken).start !== t.end) break;
    word = t.token.surface_form + word;
    if (OWNER_SET.has(word)) found = word;
  }
  return found;
}

/** One token kuromoji knows spanning exactly [start, end) as a noun that follows の (みんな,
 * おかげ, ため): a word, not a name. An adjectival stem there (さやか: 清か) is no word one says
 * after 同期の, so a name. */
function isOneKnownWord(tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const i = tokenAt(tokens, start);
  const t = tokens[i];
  return t !== undefined && t.end === end && t.token.word_type === 'KNOWN' && t.token.pos === '名詞' && t.token.pos_detail_1 !== '形容動詞語幹' && t.token.pos_detail_2 !== '人名';
}

/** Word classes kuromoji gives a two-kana given name it misreads (そら as an interjection, なな
 * as a verb's stem): not a noun, which would be a word (こと, ため, それ). */
const MISREAD_AS = new Set(['感動詞', '動詞', '副詞', '接続詞', 'フィラー', '形容詞']);

/** A given name of two hiragana after the owner word and の (孫の+そら+が): kuromoji reads it as one
 * word that is no noun, ENAMDICT lists it as a given name, and a subject, object or partner
 * particle stands alone after it (が、 / は、 / と一緒に — not もう一人, また今度). */
function twoKanaGivenName(text: string, tokens: readonly PositionedToken[], start: number): boolean {
  const word = text.slice(start, start + 2);
  const t = tokens[tokenAt(tokens, start)];
  if (t === undefined || t.end !== start + 2 || !/^[\p{Script=Hiragana}]{2}$/u.test(word) || !MISREAD_AS.has(t.token.pos)) return false;
  if (!/^[がはもとをに](?![\p{Script=Hiragana}])/u.test(text.slice(start + 2, start + 4))) return false;
  return (nameType(word) & GIVEN) !== 0;
}

/** After 同期の / 女房の …: a hiragana given name that ends where a particle or pause token
 * starts (あや+か | は — not いう+こと, which no token splits after いうこ), not one word kuromoji
 * knows (みんな, おかげ); after a spoken kin word also a kanji noun of two or three characters
 * ENAMDICT lists as a given name, before a particle (和子が; not 実家が, 機嫌が). */
function ownedNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 1; i < tokens.length - 1; i++) {
    const no = tokens[i] as PositionedToken;
    if (no.token.surface_form !== 'の' || no.token.pos !== '助詞') continue;
    const owner = ownerBefore(tokens, i);
    if (owner === '') continue;
    const start = no.end;
    const run = /^[\p{Script=Hiragana}]{3,7}/u.exec(text.slice(start))?.[0] ?? '';
    let found = false;
    for (let len = run.length; len >= 3; len--) {
      const end = start + len;
      const next = tokens[tokenAt(tokens, end)];
      if (next === undefined || !isParticleOrPause(next.token) || !isKanaGivenName(run.slice(0, len)) || isOneKnownWord(tokens, start, end)) continue;
      out.push({ start, end });
      found = true;
      break;
    }
    if (!found && twoKanaGivenName(text, tokens, start)) out.push({ start, end: start + 2 });
    if (!SPOKEN_KIN_SET.has(owner)) continue;
    const kanji = /^[\p{Script=Han}々]{2,3}/u.exec(text.slice(start))?.[0] ?? '';
    const end = start + kanji.length;
    const first = tokenAt(tokens, start);
    const next = tokens[tokenAt(tokens, end)];
    if (kanji === '' || first < 0 || next === undefined || next.token.pos !== '助詞') continue;
    const inside = tokens.slice(first, tokenAt(tokens, end));
    if (inside.some((t) => t.token.pos !== '名詞' || t.token.pos_detail_1 === '数' || t.token.pos_detail_1 === 'サ変接続')) continue;
    if ((nameType(kanji) & GIVEN) !== 0 && !isPersonNoun(kanji)) out.push({ start, end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// self-introductions by role

/** 相談員の早乙女です。 / 保健師の立花です — a sentence of a job noun, の, a name and です: found
 * from の (a cheap scan), the role read back from there to the sentence's start. */
const ROLE_INTRO_RE = /の(?<v>[\p{Script=Han}々]{2,4})です(?=[。！!、\s]|$)/dgu;
const ROLE_BEFORE = /(?:^|[。、！？!?\s」])([\p{Script=Han}\p{Script=Katakana}ー]{2,10})$/u;

/** Loanwords for what a person does (ケースワーカー, アドバイザー, トレーナー, スタッフ, ヘルパー). */
const KATAKANA_ROLE = /^[\p{Script=Katakana}ー]*(?:[ァ-ヴ]ー|スタッフ|ヘルパー|ナース|ドクター)$/u;

/** The role is a word for what a person does (isPersonNoun: 相談員, 保育士, 看護師); the name a
 * noun ENAMDICT lists as a surname, not an action or time noun (研修, 最初). */
function roleIntroductions(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!text.includes('です')) return [];
  const out: Range[] = [];
  for (const m of execAll(ROLE_INTRO_RE, text)) {
    const role = ROLE_BEFORE.exec(text.slice(Math.max(0, m.index - 11), m.index))?.[1] ?? '';
    const v = m.indices?.groups?.['v'];
    if (v === undefined || !(isPersonNoun(role) || KATAKANA_ROLE.test(role))) continue;
    const first = tokenAt(tokens, v[0]);
    const last = tokenAt(tokens, v[1]);
    if (first < 0 || last < 0) continue;
    const inside = tokens.slice(first, last);
    if (inside.some((t) => t.token.pos !== '名詞' || t.token.pos_detail_1 === 'サ変接続' || t.token.pos_detail_1 === '副詞可能' || t.token.pos_detail_1 === '形容動詞語幹')) continue;
    const name = text.slice(v[0], v[1]);
    if ((nameType(name) & SURNAME) !== 0 && !KIN_WORDS.has(name) && !COLLEAGUE_WORDS.has(name)) out.push({ start: v[0], end: v[1] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a workplace's branch by its place

/** Prefectures and regions name no branch one could find (秋田の工場, 関西の支社). */
const WIDE_PLACES = new Set(
  '北海道|青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|東京|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|京都|大阪|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄|関東|関西|東北|北陸|中部|東海|近畿|中国|四国|九州|日本|首都圏|都内|県内|市内'.split('|'),
);
const GLUED_BRANCH = /^(?:センター|支店|支社|営業所|事業所|出張所|工場|教室|校舎|本店|店舗|店|院|校)(?![\p{Script=Han}\p{Script=Katakana}ー])/u;
const NO_BRANCH = /^の(?:センター|支店|支社|支部|営業所|事業所|出張所|工場|教室|校舎|店舗|店|オフィス)(?![\p{Script=Han}\p{Script=Katakana}ー])/u;
const BRANCH_HINT = /センター|支店|支社|支部|営業所|事業所|出張所|工場|教室|校舎|店|院|校|オフィス/u;

/** A Japanese town or ward: written in kanji (a katakana place — シドニー支社 — is abroad, and
 * says where work is, not which branch), not a prefecture, region or country. */
export function isLocalPlace(t: JaToken): boolean {
  return t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '地域' && t.pos_detail_3 !== '国' && /^[\p{Script=Han}々ヶケ]+$/u.test(t.surface_form) && !WIDE_PLACES.has(t.surface_form) && !WIDE_PLACES.has(t.surface_form.replace(/[都道府県]$/u, ''));
}

/** 那覇センター, 中目黒院, 荻窪の教室: the place kuromoji tags 地域 (a town or ward, not a
 * prefecture, region or country) glued to a branch word or joined to one by の. Only the place
 * is redacted (…[ORG]センター), the branch word stays for analysis. */
function branchPlaces(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!BRANCH_HINT.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (!isLocalPlace(t.token)) continue;
    const prev = tokens[i - 1];
    // Part of an address (…市荻窪, 2丁目…) is the address detectors' business; after a brand
    // (…ストア荻窪店) the town still names the branch.
    if (prev !== undefined && prev.end === t.start && (prev.token.pos_detail_2 === '地域' || prev.token.pos_detail_1 === '数' || /[市区町村郡]$/u.test(prev.token.surface_form))) continue;
    const after = text.slice(t.end, t.end + 8);
    if (GLUED_BRANCH.test(after) || NO_BRANCH.test(after)) out.push({ start: t.start, end: t.end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// facilities whose kana kuromoji misreads

const SUFFIX_START = new RegExp(`^(?:${LISTS.facilitySuffixes.join('|')})`, 'u');
const FACILITY_HINT = new RegExp(LISTS.facilitySuffixes.join('|'), 'u');
const HIRAGANA = /^[\p{Script=Hiragana}]+$/u;

/** A facility's name that starts with a place at a phrase's start and runs to its suffix through
 * nouns and hiragana pieces kuromoji reads as adverbs or verbs (松山中央+どう+ぶつ+病院: どうぶつ
 * in kana), the pieces together three kana or more. Not a phrase with a particle or an
 * auxiliary in it (松山で通ってる病院). */
function placeLedFacilities(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!FACILITY_HINT.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i] as PositionedToken;
    if (head.token.pos_detail_2 !== '地域' || (i > 0 && !isParticleOrPause(tokens[i - 1]?.token))) continue;
    let kana = '';
    let at = head.end;
    for (let k = i + 1; k < tokens.length && k <= i + 6; k++) {
      const t = tokens[k] as PositionedToken;
      if (t.start !== at) break;
      if (SUFFIX_START.test(text.slice(t.start))) {
        const suffix = (SUFFIX_START.exec(text.slice(t.start)) as RegExpExecArray)[0];
        if (kana.length >= 3) out.push({ start: head.start, end: t.start + suffix.length });
        break;
      }
      const word = t.token.surface_form;
      if (t.token.pos === '名詞' && t.token.pos_detail_1 !== '非自立') {
        if (HIRAGANA.test(word)) kana += word;
      } else if ((t.token.pos === '副詞' || t.token.pos === '動詞' || t.token.pos === '形容詞') && HIRAGANA.test(word)) kana += word;
      else break;
      at = t.end;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a kana given name before an honorific that kuromoji reads as other words

const KANA_BEFORE_HONORIFIC_RE = /[\p{Script=Hiragana}]{2,5}(?=さん|ちゃん|くん)/gu;
const KANA_HONORIFIC_HINT = /さん|ちゃん|くん/u;
/** What kuromoji makes of a kana name it does not know: a verb (ゆい: 結い), an interjection
 * (そら), prefixes (み+お). A noun there is a word (おばさん, ひな) or another rule's (はる). */
const MISREAD_POS = new Set(['動詞', '形容詞', '感動詞', '接頭詞']);

/** ゆいさん, みおちゃん, そらくん: two to four kana at a word's start (after a particle, a pause or
 * other script) that kuromoji reads only as verbs, interjections or prefixes, whose reading
 * ENAMDICT lists as a given name. */
function kanaBeforeHonorific(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!KANA_HONORIFIC_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(KANA_BEFORE_HONORIFIC_RE, text)) {
    const end = m.index + m[0].length;
    for (let start = m.index; end - start >= 2; start++) {
      const first = tokenAt(tokens, start);
      const last = tokenAt(tokens, end);
      if (first < 0 || last < 0) continue;
      const prev = tokens[first - 1];
      if (prev !== undefined && prev.end === start && !isParticleOrPause(prev.token) && HIRAGANA.test(prev.token.surface_form)) continue;
      const inside = tokens.slice(first, last);
      if (inside.length === 0 || inside.some((t) => !MISREAD_POS.has(t.token.pos))) continue;
      if ((nameType(text.slice(start, end)) & GIVEN) !== 0) out.push({ start, end });
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a name said first, as the topic, and then what the person is or does

/** At the start of a turn or sentence, a short name and a naming cue: …っていうんですけど (dialect
 * …っていうんやけど / だけど), or …って、 with what a person does or is within the clause (勤めて,
 * 働いて, 歳, 生まれ). The word must be one or two nouns that ENAMDICT lists as a given name and no
 * person word (旦那, 部長): kuromoji reads such names as common words (a katakana ツル, a kanji
 * 康平), and a common word said so (仕事って、…働いて) is no given name. */
const TOPIC_NAME_RE = /(?:^|[。！？!?」\s])(?<v>[\p{Script=Han}々]{2,3}|[\p{Script=Katakana}ー]{2,4})(?:っていうん(?:です|や|だ)けど|って、(?=[^。！？!?\n]{0,20}?(?:勤め|働い|働き|働いと|[0-9一二三四五六七八九十]+(?:歳|才)|生まれ|結婚し)))/dgu;
const TOPIC_NAME_HINT = /っていうん|って、/u;
const TOPIC_NOT_NAME = new Set(['数', '代名詞', 'サ変接続', '副詞可能', '形容動詞語幹', 'ナイ形容詞語幹']);

function topicNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!TOPIC_NAME_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(TOPIC_NAME_RE, text)) {
    const v = m.indices?.groups?.['v'];
    if (v === undefined) continue;
    const first = tokenAt(tokens, v[0]);
    const end = tokenAt(tokens, v[1]);
    const inside = tokens.slice(first, end);
    if (first < 0 || end < 0 || inside.length === 0 || inside.length > 2 || (tokens[first] as PositionedToken).start !== v[0] || (tokens[end] as PositionedToken).start !== v[1]) continue;
    // Not an action, a quality, a time (時代, 世代), an era or a place (昭和, ロス).
    if (inside.some((t) => t.token.pos !== '名詞' || TOPIC_NOT_NAME.has(t.token.pos_detail_1) || (t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '人名'))) continue;
    const name = text.slice(v[0], v[1]);
    if ((nameType(name) & GIVEN) !== 0 && !isPersonNoun(name) && !/[代時期年月日]$/u.test(name)) out.push({ start: v[0], end: v[1] });
  }
  return out;
}


export const CUE_PERSON_DETECTORS: readonly Detector[] = [
  withTokens('context:owned-name', ownedNames),
  withTokens('context:role-introduction', roleIntroductions),
  withTokens('context:kana-before-honorific', kanaBeforeHonorific),
  withTokens('context:topic-name', topicNames),
];
export const CUE_ORG_DETECTORS: readonly Detector[] = [withTokens('context:branch-place', branchPlaces), withTokens('context:place-facility', placeLedFacilities)];
