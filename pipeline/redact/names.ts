/** Japanese person names from a real name dictionary and context, not from a hand list.
 *
 * The dictionary is ENAMDICT (`enamdict.ts`: the data and O(1) lookups).
 *
 * A dictionary hit alone is no name: ENAMDICT also lists 希望, 誠, 光, 大和, 翼, 健康 as given
 * names. `dictionaryNames` redacts a hit only where kuromoji's parts of speech and the context
 * agree: a word kuromoji does not know as one common noun (a 人名 tag, an unknown word, a name
 * it splits into pieces: 陽+向) needs only a particle after it; a common noun, a place or a kana
 * word needs a title or honorific after it (…さん, …部長), a naming phrase (…って人, …と申します)
 * or a kin word before it (母の…, 娘の…). */
import type { JaToken, PositionedToken } from '../analyze/tokenizer.js';
import { isCandidate, isProperOrUnknown, modelNames, nameModel, scoreToken, type NameModel, type NameRun } from './name-model.js';
import type { DetectInput, Detector, Range } from './detector.js';
import { GIVEN, isDictionaryName, nameType, SURNAME } from './enamdict.js';
import { isForeignName, soundsLikeEnglishWord } from './foreign-names.js';
import { CHILD_ORDER_WORDS, COLLEAGUE_WORDS, isPersonNoun, kanaReading, KIN_WORDS, NAME_SUFFIXES, PERSON_DATIVE_PREDICATES, PERSON_OBJECT_PREDICATES, PERSON_OWNED, PERSON_PARTNER_PREDICATES, PERSON_SUBJECT_PREDICATES, SPOKEN_KIN_WORDS, TITLES_AFTER } from './name-words.js';

export { kanaReading } from './name-words.js';
import { HONORIFICS } from './honorifics.js';
import { execAll } from './regex.js';
import { tokenAt, tokenCovering, tokenEndingAt, tokensIn } from './token-search.js';

// ---------------------------------------------------------------------------------------------
// context

/** Phrases after a name that say it is one: 陽向って人, 斎藤と申します, まっちゃんって呼んで; the
 * dialects' っつう / っちゅう for っていう (…っつうんだけど). */
const NAMING_AFTER = /^(?:って(?:人|(?:いう|言う)(?!か|の|こと|感じ|意味)|子|方|呼)|(?:っつ|っちゅ)[うー](?!か|の|こと|感じ|意味)|という(?:人|方|子|者)|と申し|と申す|と言います|といいます|って名前|という名前|と呼)/u;
/** Particles and copulas a name may stand before (陽向が, 鈴木は, 陽向です). */
const PARTICLE_AFTER = /^(?:が|は|も|と|に|を|の|から|って|へ|や|より|まで|で|です|だ|でした|じゃ|なら|ね|、|,|。|！|？|!|\?|\s|$)/u;
/** After a one-kanji name (森, 林) the particle must be one that makes it a subject or partner:
 * 森の中, 林に入る are places. */
const PARTICLE_AFTER_ONE_KANJI = /^(?:が|は|も|と|って|から|です|、)/u;

const HAN = /\p{Script=Han}/u;
const NAME_SURFACE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+$/u;
const KATAKANA_WORD = /^[\p{Script=Katakana}ー]+$/u;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;

const NOT_NAME_NOUNS = new Set(['数', '代名詞', '接尾', '非自立', '特殊', '副詞可能', '動詞非自立的', 'ナイ形容詞語幹']);

/** Can this token be a piece of a name? Nouns (not numbers, pronouns, suffixes, dependent
 * nouns), and a kanji prefix (大 of 大翔). The tags are tested before the surface: most tokens
 * fail them. */
function isNamePiece(t: JaToken): boolean {
  if (t.pos === '接頭詞') return t.pos_detail_1 === '名詞接続' && HAN.test(t.surface_form) && NAME_SURFACE.test(t.surface_form);
  if (t.pos !== '名詞') return false;
  return !NOT_NAME_NOUNS.has(t.pos_detail_1) && NAME_SURFACE.test(t.surface_form);
}

/** A kanji suffix kuromoji splits off a given name: 音 of 琴音. */
function isNameEnding(t: JaToken): boolean {
  return t.pos_detail_1 === '接尾' && t.pos_detail_2 === '一般' && HAN.test(t.surface_form) && t.surface_form.length === 1;
}

function isPersonTag(t: JaToken): boolean {
  return t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '人名';
}

/** How much a dictionary hit looks like a name on its own, before context. */
type Evidence =
  /** kuromoji reads a 人名, does not know the word, or splits it into pieces (陽+向). */
  | 'name-like'
  /** One kanji read as 人名 (森, 林): a subject or partner particle after it is enough. */
  | 'one-kanji'
  /** A common noun (誠, 翼), a place (大和), a kana word (さくら): needs a kin word before it. */
  | 'word'
  /** An action or quality noun (希望, 健康): only a title, honorific or naming phrase. */
  | 'action-word';

function evidenceOf(run: readonly PositionedToken[], surface: string): Evidence {
  const first = run[0] as PositionedToken;
  if (run.length === 1) {
    const t = first.token;
    if (isPersonTag(t)) return surface.length === 1 ? 'one-kanji' : KANA_ONLY.test(surface) && surface.length < 3 ? 'word' : 'name-like';
    if (t.word_type === 'UNKNOWN' && HAN.test(surface)) return 'name-like';
    return t.pos_detail_1 === 'サ変接続' || t.pos_detail_1 === '形容動詞語幹' ? 'action-word' : 'word';
  }
  // Several pieces: a name kuromoji does not know as one word. Kana pieces are loanwords more
  // often than names (ケア+マネ).
  return HAN.test(surface) ? 'name-like' : 'word';
}

type Cue = 'title' | 'naming' | 'naming-weak' | 'particle' | 'none';
/** …ってやつ, …っていう奴: said of a person, but of a thing too (仕事ってやつは): a naming phrase
 * only for a word kuromoji reads as a name, a proper noun or does not know (我那覇ってやつ). */
const NAMING_WEAK_AFTER = /^って(?:いう|言う)?(?:やつ|奴|ヤツ)/u;
/** Who the word is said of: a kin word or a colleague before it with の. */
type Owner = 'kin' | 'colleague' | null;
/** After a colleague word only a subject or partner particle: 上司の都合で is no name. */
const SUBJECT_AFTER = /^(?:が|は|も|と|から|って|に|、)/u;

function cueAfter(text: string, tokens: readonly PositionedToken[], next: number): Cue | 'compound' {
  const t = tokens[next];
  const end = (tokens[next - 1] as PositionedToken).end;
  const rest = text.slice(end, end + 8);
  if (NAMING_AFTER.test(rest)) return 'naming';
  if (NAMING_WEAK_AFTER.test(rest)) return 'naming-weak';
  if (t !== undefined && t.start === end && (HONORIFICS.has(t.token.surface_form) || (t.token.pos_detail_1 === '接尾' && t.token.pos_detail_2 === '人名'))) return 'title';
  // A noun right after it: part of a longer word (東京駅, 大和証券).
  if (t !== undefined && t.start === end && t.token.pos === '名詞' && isWordToken(t)) return 'compound';
  return PARTICLE_AFTER.test(rest) ? 'particle' : 'none';
}

function ownerBefore(tokens: readonly PositionedToken[], first: number): Owner {
  let k = first - 1;
  while (k >= 0 && (tokens[k] as PositionedToken).token.pos_detail_1 === '空白') k--;
  const no = tokens[k];
  const owner = tokens[k - 1]?.token.surface_form ?? '';
  if (no === undefined || no.token.surface_form !== 'の') return null;
  return SPOKEN_KIN_WORDS.has(owner) ? 'kin' : COLLEAGUE_WORDS.has(owner) ? 'colleague' : null;
}

/** Glued to a noun before it (新人研修, 高木課長 → 課長 is no name; a title before a name is
 * not glued: 部長佐藤 is rare in speech). */
function gluedBefore(tokens: readonly PositionedToken[], first: number): boolean {
  const prev = tokens[first - 1];
  const head = tokens[first] as PositionedToken;
  return prev !== undefined && prev.end === head.start && (prev.token.pos === '名詞' || prev.token.pos === '接頭詞') && prev.token.pos_detail_1 !== '固有名詞' && isWordToken(prev);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Does the token hold a letter or digit? kuromoji tags a symbol it does not know as a noun (the
 * NFKC comma of ，, a bracket: ,“ and ( are サ変接続 nouns), but a name next to it is glued to no word. */
function isWordToken(t: PositionedToken): boolean {
  return LETTER_OR_DIGIT.test(t.token.surface_form);
}

interface Hit {
  readonly evidence: Evidence;
  readonly bits: number;
  readonly surface: string;
  /** A piece kuromoji tags 人名 or does not know: ENAMDICT's "unknown" type is then enough
   * (颯+太, 颯+真). */
  readonly tagged: boolean;
  /** Every piece a proper noun (固有名詞: a surname kuromoji has as a place, 我那覇). */
  readonly proper?: boolean;
}

function accepted(hit: Hit, cue: Cue, owner: Owner, after: string): boolean {
  const { evidence, bits } = hit;
  const named = (bits & (SURNAME | GIVEN)) !== 0 || (hit.tagged && bits !== 0);
  if (cue === 'naming-weak') return named && (evidence === 'name-like' || evidence === 'one-kanji' || hit.proper === true);
  if (cue === 'title' || cue === 'naming') {
    if (evidence === 'name-like' || evidence === 'one-kanji') return true;
    // A common noun kuromoji knows: a surname or given name, not a loanword (ワンちゃん,
    // ケアマネさん) nor a shop (本屋さん, 八百屋さん).
    return named && !KATAKANA_WORD.test(hit.surface) && !hit.surface.endsWith('屋');
  }
  if (!named) return false;
  switch (evidence) {
    case 'name-like':
      return cue === 'particle' || owner !== null;
    case 'one-kanji':
      return PARTICLE_AFTER_ONE_KANJI.test(after) || owner !== null;
    case 'word':
      // 娘のさくらが, 息子の大和が / 上司の栗山が — not 母の声が (one character), 上司の都合で.
      if (cue !== 'particle' || hit.surface.length < 2) return false;
      if (owner === 'kin') return (bits & GIVEN) !== 0;
      return owner === 'colleague' && (bits & SURNAME) !== 0 && SUBJECT_AFTER.test(after);
    case 'action-word':
      return false;
  }
}

/** Role and kin nouns said with さん that are no names, though some are in ENAMDICT (大家); 人さん is
 * Kansai's "other people" (人さんの親の世話). */
export const ROLE_NOUNS: ReadonlySet<string> = new Set([
  '営業', '担当', '派遣', '事務', '先輩', '後輩', '同期', '上司', '部下', '新人', '社員', '店員', '業者', '大家', '駅員', '友達', '息子', '娘', '皆', 'お客', 'パート', 'バイト', 'アルバイト', 'ママ', 'パパ', 'お母', 'お父', 'お兄', 'お姉', '運転手', '看護師', '保育士', '医者', '歯医者', '先生', '大工', '板前', '職人', '主任', '人', '他人',
]);

const MAX_PIECES = 3;
const MAX_NAME_LENGTH = 6;

/** Kana nouns said after a person and の for where or which side (母のとこ, 兄のほう). */
const OWNED_PLACE_WORDS = new Set(['とこ', 'ところ', 'ほう', 'こと', 'もの']);

/** Names the dictionary knows, where kuromoji and the context agree (see the module comment).
 * The longest dictionary hit starting at a token wins; a surname followed by a given name
 * (鈴木陽向) is one name. */
export function dictionaryNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isNamePiece((tokens[i] as PositionedToken).token)) continue;
    let hit: { end: number; bits: number; surface: string } | null = null;
    let surface = '';
    for (let k = i; k < tokens.length && k - i < MAX_PIECES; k++) {
      const t = tokens[k] as PositionedToken;
      if (k > i && (t.start !== (tokens[k - 1] as PositionedToken).end || !(isNamePiece(t.token) || isNameEnding(t.token)) || t.token.pos === '接頭詞')) break;
      surface += t.token.surface_form;
      if (surface.length > MAX_NAME_LENGTH) break;
      const bits = nameType(surface);
      if (bits !== 0) hit = { end: k, bits, surface };
    }
    if (hit === null || gluedBefore(tokens, i)) continue;
    const run = tokens.slice(i, hit.end + 1);
    let evidence = evidenceOf(run, hit.surface);
    const tagged = run.some((t) => isPersonTag(t.token) || t.token.word_type === 'UNKNOWN');
    let last = hit.end;
    // 鈴木陽向: a surname and a given name side by side are a full name.
    const following = fullNameTail(tokens, last + 1, hit.bits);
    if (following !== null) {
      evidence = 'name-like';
      last = following;
    }
    const end = (tokens[last] as PositionedToken).end;
    const cue = cueAfter(text, tokens, last + 1);
    if (cue === 'compound' || ROLE_NOUNS.has(hit.surface)) continue;
    // A prefix and a kin or colleague word (元+夫, 前+妻, 元+上司) is who the person was to the
    // speaker, though ENAMDICT lists 元夫 as a given name; a kin word's stem before ちゃん (おば+ちゃん).
    const first = (run[0] as PositionedToken).token;
    if (first.pos === '接頭詞' && isPersonNoun(hit.surface.slice(first.surface_form.length))) continue;
    // A prefix alone before a title (新+部長, 前+社長, 元+CEO) says when the person held it.
    if (first.pos === '接頭詞' && run.length === 1 && following === null) continue;
    if (text.startsWith('ちゃん', end) && NOT_NICKNAMES.has(hit.surface)) continue;
    // 母のとこ, 兄のほう: after の these kana nouns say a person's place or side, not a name.
    if (OWNED_PLACE_WORDS.has(hit.surface) && (tokens[i - 1] as PositionedToken | undefined)?.token.surface_form === 'の') continue;
    const proper = run.every((t) => t.token.pos_detail_1 === '固有名詞');
    if (!accepted({ evidence, bits: hit.bits, surface: hit.surface, tagged, proper }, cue, ownerBefore(tokens, i), text.slice(end, end + 4))) continue;
    out.push(spacedFullName(text, { start: (tokens[i] as PositionedToken).start, end }));
    i = last;
  }
  return out;
}

/** The last token of a given name right after a surname (one or two pieces), or null. */
function fullNameTail(tokens: readonly PositionedToken[], from: number, headBits: number): number | null {
  if ((headBits & SURNAME) === 0) return null;
  let surface = '';
  for (let k = from; k < tokens.length && k - from < 2; k++) {
    const t = tokens[k] as PositionedToken;
    if (t.start !== (tokens[k - 1] as PositionedToken).end || !isNamePiece(t.token) || !HAN.test(t.token.surface_form)) return null;
    surface += t.token.surface_form;
    const bits = nameType(surface);
    if ((bits & GIVEN) !== 0 && (isPersonTag(t.token) || k > from || t.token.word_type === 'UNKNOWN')) return k;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// nicknames and foreign names

/** The name part of a nickname before ちゃん / っち / りん: まっちゃん, たかっち, ゆうちゃん, at the
 * start of a word or after 〜の/〜と (同期のたかっち); in quotes only as what someone is called
 * (「…ちゃん」って / 言う: 「…ちゃん」の is a title). Kin words (お母ちゃん, 赤ちゃん, ばあちゃん)
 * are listed here. */
const NICKNAME_RE = /(?:(?<![\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々])|(?<=[\p{Script=Han}ー々][のと]))(?<v>[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々]{1,4}?)(?:ちゃん|っち|りん|たん(?![でだじ]))(?=[がはもとにをのへやで、。！？!?ってねよ…‥.〜~]|」(?:って|と|言|呼)|\s|$)/gdu;
const NOT_NICKNAMES = new Set(['ワン', 'ネコ', '猫', '犬', 'お母', 'お父', 'お姉', 'お兄', '母', '父', '姉', '兄', '赤', 'ばあ', 'じい', 'おばあ', 'おじい', 'かあ', 'とう', 'ねえ', 'にい', 'おば', 'おじ', '坊', '嬢', 'こ', 'あ', 'そ', 'ど', 'お嬢', 'お坊', 'み', 'おかあ', 'おとう', 'おねえ', 'おにい', '婆', '爺', '祖母', '祖父', '婆あ', '爺い']);
const NICKNAME_HINT = /ちゃん|っち|りん|たん/u;
/** Particles said before ちゃんと (…とかもちゃんと, …もちゃんと): no name. */
const PARTICLE_RUN = /^(?:とか|も|かも|は|が|に|を|で|と|まで|だけ|こそ|でも)+$/u;

/** Words no one is called by before ちゃんと ("properly"): an adverb (もっと), a time or adverbial
 * noun (昼間), a count (一+回), a particle (…とか), a pre-noun adjective or a conjunction. */
function notCalledSo(t: PositionedToken): boolean {
  const { pos, pos_detail_1: d1, pos_detail_2: d2 } = t.token;
  const surface = t.token.surface_form;
  // A particle only as said before ちゃんと (…とか, …も): か+な of かなちゃん is a child's name split.
  if (pos === '助詞') return PARTICLE_RUN.test(surface) || surface === 'か';
  // A time word in kana is a nickname as often (きょうちゃん): only its kanji says "when".
  if (pos === '名詞' && d1 === '副詞可能') return /\p{Script=Han}/u.test(surface);
  return pos === '副詞' || pos === '連体詞' || pos === '接続詞' || (pos === '名詞' && (d1 === '数' || (d1 === '接尾' && d2 === '助数詞')));
}

function nicknames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!NICKNAME_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(NICKNAME_RE, text)) {
    const r = m.indices?.groups?.['v'];
    if (r === undefined) continue;
    // The lazy run may start before a particle (犬のワン): the name is what follows it.
    const cut = /^.*[のと](?=.)/u.exec(text.slice(r[0], r[1]));
    const from = r[0] + (cut?.[0].length ?? 0);
    const name = text.slice(from, r[1]);
    const suffix = text.slice(r[1], m.index + m[0].length);
    // Nothing after the particle (孫の+りん): りん is the name itself, the kin word and の are not.
    if (/[\p{Script=Han}々][のと]$/u.test(name)) {
      if (suffix === 'りん') out.push({ start: r[1], end: m.index + m[0].length });
      continue;
    }
    // a kin word before ちゃん is who the child is to the speaker (双子ちゃん), no nickname
    if (NOT_NICKNAMES.has(name) || NOT_NICKNAMES.has(name.replace(/^お/u, '')) || SPOKEN_KIN_WORDS.has(name)) continue;
    // A kanji word and its particle before ちゃんと (夜もちゃんと: "properly") or a verb's ending
    // (体がもたん: dialect "can't hold") is no nickname.
    if (/[\p{Script=Han}々][がはもをにでへや]/u.test(name)) continue;
    // Kanji and たん / りん are a verb's past or dialect negative said with ん (紹介されたんが,
    // 物足りん): nicknames with these are kana (まーたん, かおりん).
    if ((suffix === 'たん' || suffix === 'りん') && /\p{Script=Han}/u.test(name)) continue;
    // Before ちゃんと ("properly"): a noun with its okurigana (引き継ぎ, 見送り) or particles
    // (…とかもちゃんと) is what is done properly, not a child called so.
    if (suffix === 'ちゃん' && text.startsWith('と', r[1] + 3) && (/^[\p{Script=Han}々][\p{Script=Han}々\p{Script=Hiragana}]*\p{Script=Hiragana}$/u.test(name) || PARTICLE_RUN.test(name))) continue;
    // …nor an adverb, a time, a count or a particle (もっとちゃんと, 昼間ちゃんと, 一回ちゃんと, …とかちゃんと).
    if (suffix === 'ちゃん' && text.startsWith('と', r[1] + 3)) {
      const words = tokensIn(tokens, { start: from, end: r[1] });
      if (words.length > 0 && words.every(notCalledSo)) continue;
    }
    // ちゃん keeps outside the placeholder like さん; っち / りん / たん are part of the nickname.
    out.push({ start: from, end: suffix === 'ちゃん' ? r[1] : m.index + m[0].length });
  }
  return out;
}

/** Foreign names in katakana joined with ・ (ジョン・スミス, マリア・ガルシア): at least one part
 * kuromoji reads as 人名 or does not know, and no part an ordinary loanword (プレイ・ステーション,
 * ワールド・シリーズ keep). */
const KATAKANA_NAME_RE = /(?<![\p{Script=Katakana}ー])[\p{Script=Katakana}ー]{2,}(?:・[\p{Script=Katakana}ー]{2,}){1,2}(?![\p{Script=Katakana}ー])/gu;

/** Do the parts of a katakana name joined by ・ sound like a name: at least half of them like a
 * foreign first name or surname of the list (ハサン = Hassan), none like a common English word
 * (プレイ = play)? */
function soundsLikeNameInParts(name: string): boolean {
  const parts = name.split('・');
  return parts.filter(isForeignName).length * 2 >= parts.length && !parts.some(soundsLikeEnglishWord);
}

/** Is a noun glued after token `t` that is no word for a person (…戦, …準決勝; not …大統領, …氏)? */
function thingGluedAfter(tokens: readonly PositionedToken[], t: PositionedToken): boolean {
  const i = tokenAt(tokens, t.end);
  const next = i < 0 ? undefined : tokens[i];
  if (next === undefined || next.token.pos !== '名詞') return false;
  const w = next.token.surface_form;
  return !(HONORIFICS.has(w) || TITLES_AFTER.has(w) || isPersonNoun(w) || (next.token.pos_detail_1 === '接尾' && next.token.pos_detail_2 === '人名'));
}

function katakanaFullNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!text.includes('・')) return [];
  const out: Range[] = [];
  for (const m of execAll(KATAKANA_NAME_RE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    const inside = tokens.filter((t) => t.start < end && t.end > start && t.token.surface_form !== '・');
    // One unknown word over the ・ (プレイ・ステーション, ハサン・サッバーハ): kuromoji knows
    // neither part, so their sound decides (`soundsLikeNameInParts`); a word glued after it makes
    // it the name of a thing (…・…戦, …準決勝) unless that word is said of a person. Before さん
    // or と申します the honorific and naming detectors find the rest.
    if (inside.some((t) => t.token.surface_form.includes('・'))) {
      const last = inside[inside.length - 1] as PositionedToken;
      if (last.end === end && soundsLikeNameInParts(m[0]) && !thingGluedAfter(tokens, last)) out.push({ start, end });
      continue;
    }
    const named = inside.some((t) => isPersonTag(t.token) || t.token.word_type === 'UNKNOWN' || isDictionaryName(t.token.surface_form) || isForeignName(t.token.surface_form));
    const loanword = inside.some((t) => t.token.word_type === 'KNOWN' && !isPersonTag(t.token) && t.token.pos_detail_1 !== '固有名詞' && !isDictionaryName(t.token.surface_form));
    if (named && !loanword) out.push({ start, end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// names in speech that kuromoji splits as other words (ゆう+と, 颯+太っ, しょ+ー+た)



/** A kana word that is a given name: ENAMDICT lists its reading as one, and it is three kana or
 * more once spelt out (そう, ほう are given names too, and everyday words). */
export function isKanaGivenName(word: string): boolean {
  const reading = kanaReading(word);
  return reading.length >= 3 && !reading.includes('ー') && (nameType(reading) & GIVEN) !== 0;
}

/** One katakana token that may be a foreign name of the list: kuromoji does not know it, or
 * reads it as a proper noun that is no place or organisation. */
function isForeignNameWord(t: PositionedToken): boolean {
  const tag = t.token;
  if (tag.word_type !== 'UNKNOWN' && (tag.pos_detail_1 !== '固有名詞' || tag.pos_detail_2 === '地域' || tag.pos_detail_2 === '組織')) return false;
  return isForeignName(tag.surface_form);
}

/** A katakana word of three kana or more whose reading ENAMDICT lists as a given name. */
function isKatakanaGivenName(word: string): boolean {
  return KATAKANA_WORD.test(word) && isKanaGivenName(word);
}

/** Is the word one token kuromoji knows as an everyday word (not a name)? */
function isKnownWord(text: string, tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const t = tokens.find((x) => x.start === start && x.end === end);
  return t !== undefined && t.token.word_type === 'KNOWN' && !isPersonTag(t.token) && t.token.pos_detail_1 !== '固有名詞' && text.slice(start, end) === t.token.surface_form;
}

const KANA_RUN = '[\\p{Script=Hiragana}\\p{Script=Katakana}ー]';
/** A kana word before a calling phrase, not the end of a kanji word: 「しょーた」って呼んで,
 * ゆーとって呼ばれてた. */
const CALLED_RE = new RegExp(`(?<![\\p{Script=Han}々\\p{Script=Hiragana}\\p{Script=Katakana}ー])(?<v>${KANA_RUN}{2,8}?)(?=」?(?:って|と)呼)`, 'gdu');
/** A kana given name said after a pause or a noun's particle (上司が…, 彼氏は…), then a naming
 * phrase and …んですけど, in the standard or a dialect's words (さくらっていうんだけど, ゆいっちゅうんですけど, …っつうんだけど): said so,
 * a word kuromoji knows (さくら) names the person too. */
const KANA_NAMED_RE = new RegExp(`(?<=^|[、。,\\s]|[\\p{Script=Han}\\p{Script=Katakana}ー][がはも])(?<v>${KANA_RUN}{2,6}?)(?=(?:って(?:いう|言う)|っつ[うー]|っちゅ[うー])ん(?:です|だ|や|じゃ)(?:けど|が))`, 'gdu');
/** A child or partner word and の, before a kana given name: 上のゆうとが, 下のかりんは, 息子のはるとが. */
const CHILD_NO_RE = /(?:上|下|一番上|一番下|上の子|下の子|末っ子|息子|娘|長男|長女|次男|次女|三男|三女|孫|妻|夫|嫁|旦那)の(?=\p{Script=Hiragana})/gu;
const CHILD_NAME_AFTER = /^(?:が|は|も|と|を|って|、)/u;
/** A one-kanji given name after a child word (下の湊が, 息子の蓮を) is a name only when the child's
 * age, grade, school, school life (学童, 部活, お迎え) or a child's illness (喘息, 熱出して) is said in the same sentence or opens the
 * next (…が年長, …を、…。小学四年生で): 息子の声が聞こえる stays, and a parent word never counts (母の声が). */
const CHILD_ONE_KANJI_RE = /(?:上|下|一番上|一番下|上の子|下の子|末っ子|息子|娘|長男|長女|次男|次女|三男|三女)の(?<v>\p{Script=Han})(?=が|は|を|も|と|、)/gdu;
/** An animal kept at home and の, then its name before a particle: 犬のコタロウが, 愛猫の小雪は. */
const PET_NAME_RE = /(?:犬|猫|愛犬|愛猫|子犬|子猫|ペット)の(?<v>[\p{Script=Han}々]{2,3}|[\p{Script=Katakana}ー]{2,8}|\p{Script=Hiragana}{2,5}?)(?=が|は|も|と|を|って|、|ちゃん|くん)/gdu;
const CHILD_AGE = /歳|才|年長|年中|年少|小[一二三四五六1-6]|中[一二三1-3]|年生|保育園|幼稚園|小学|中学|高校|生まれ|喘息|アレルギー|熱を?出|発熱|夜泣き|不登校|学童|学校|部活|習い事|宿題|給食|登園|登校|お迎え/u;
const CHILD_AGE_WINDOW = 30;

/** A kanji name before っていう said of a person: 颯太っていうんですけど, 堤っていうもう一人の…. */
const KANJI_CALLED_RE = /(?<![\p{Script=Han}々])(?<v>[\p{Script=Han}々]{1,3})(?=って(?:いう|言う)(?<what>ん(?:です|だ)|子|人|奴|やつ|方|男|女|もう一人|名前|同僚|後輩|先輩|部下|上司|同期|新人))/gdu;
/** A child word, then the name alone, then the age or school year: 娘です。咲。三歳。 / 息子、リアム、
 * 小二. */
const CHILD_NAME_AGE_RE =
  /(?:息子|娘|長男|長女|次男|次女|三男|三女|末っ子|孫|上の子|下の子)(?:です|は|が)?[、。]\s?(?<v>[\p{Script=Han}々]{1,3}|[\p{Script=Katakana}ー]{2,8}|[\p{Script=Hiragana}ー]{2,5})(?:です|って|ちゃん|くん)?[、。]\s?(?=[0-9〇一二三四五六七八九十]{1,3}(?:歳|才|ヶ月|か月|カ月)|生後|年長|年中|年少|[小中高][一二三四五六1-6]|[0-9一二三四五六]年生)/gdu;
/** …さんって呼んで, 「…」なんて呼んで, …さんっつって (what someone is called, a nickname of common
 * words: ガンさん, 辰坊): a katakana or kanji word of two or more after no letter of its script, or
 * a short word in quotes before なんて / って (speech; 「…」と呼ばれる is how writing names things:
 * a match, a book); not a kin or job word (先生って呼んで, おじさんって). */
const CALLED_BY_RE =
  /(?:「(?<q>[^「」、。・の\s]{1,5}(?<!さん|ちゃん|くん))」(?=なんて|って)|(?<![\p{Script=Katakana}ー])(?<k>[\p{Script=Katakana}ー]{2,8})|(?<![\p{Script=Han}々おご])(?<h>[\p{Script=Han}々]{2,4}))(?<t>さん|ちゃん|くん|君|坊)?(?:(?:って|なんて|と)呼(?:んで|ばれ|ぶ|ばせ)|(?<=さん|ちゃん|くん)っつ(?:って|う))/gdu;
/** A segment that speaks of what someone is called. */
const NICKNAME_TALK = /あだ名|ニックネーム|呼ばれ|呼んで/u;
const KATAKANA_WORD_RE = /(?<![\p{Script=Katakana}ー])[\p{Script=Katakana}ー]{3,8}(?![\p{Script=Katakana}ー])/gu;

/** Is `start…end` the verb いう and the start of こと (妻のいうことは: "what she says")? Only
 * いう: ゆう+こと and よう+こと are as often ゆうこ and ようこ before と, and a name is kept
 * redacted when in doubt. */
function isSayingThing(tokens: readonly PositionedToken[], start: number, end: number): boolean {
  const verb = tokens[tokenAt(tokens, start)];
  const noun = tokenCovering(tokens, end);
  return verb !== undefined && verb.token.surface_form === 'いう' && noun !== undefined && noun.start === verb.end && noun.start < end && noun.token.pos_detail_1 === '非自立';
}

/** Names said in speech where kuromoji reads other words: kana given names (ENAMDICT readings,
 * with ー spelt out) before a calling phrase or after a child or partner word; in a segment about
 * nicknames, a katakana word that is a given name's reading and no word kuromoji knows (ダイチ);
 * a kanji name before っていう and a person noun or っていうんです (ENAMDICT's name types, any of
 * them: 颯太 is only "unknown" there; not a word kuromoji knows as one common noun unless a
 * person noun follows). */
export function spokenNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  const kana = (re: RegExp): void => {
    for (const m of execAll(re, text)) {
      const r = m.indices?.groups?.['v'];
      if (r === undefined) continue;
      // A particle swallowed before the name: あだ名はゆーとって → ゆーと.
      const word = text.slice(r[0], r[1]);
      const cut = isKanaGivenName(word) ? 0 : /^[はがもをのにでと]/u.test(word) ? 1 : -1;
      if (cut < 0 || !isKanaGivenName(word.slice(cut)) || isKnownWord(text, tokens, r[0] + cut, r[1])) continue;
      out.push({ start: r[0] + cut, end: r[1] });
    }
  };
  if (text.includes('呼')) kana(CALLED_RE);
  for (const r of /っていうん|って言うん|っつ[うー]ん|っちゅ[うー]ん/u.test(text) ? execAll(KANA_NAMED_RE, text) : []) {
    const v = r.indices?.groups?.['v'];
    // two kana too (ゆい, まお): the phrase says a name, which `isKanaGivenName` alone does not
    const word = v === undefined ? '' : text.slice(v[0], v[1]);
    // not a demonstrative or an adverb (そこっていうんですけど)
    const whole = v === undefined ? undefined : tokens.find((t) => t.start === v[0] && t.end === v[1])?.token;
    if (whole !== undefined && (whole.pos_detail_1 === '代名詞' || /^(?:副詞|連体詞|感動詞|接続詞|助詞|フィラー)$/u.test(whole.pos))) continue;
    // nor a question word cut into pieces after a particle (…はどうかって言うんですけど)
    const head = v === undefined || !/[がはも]/u.test(text[v[0] - 1] ?? '') ? undefined : tokens.find((t) => t.start === v[0])?.token;
    if (head !== undefined && (head.pos_detail_1 === '代名詞' || /^(?:副詞|連体詞|感動詞|接続詞|フィラー)$/u.test(head.pos))) continue;
    if (v !== undefined && (isKanaGivenName(word) || (word.length === 2 && !word.includes('ー') && (nameType(kanaReading(word)) & GIVEN) !== 0))) out.push({ start: v[0], end: v[1] });
  }
  for (const m of execAll(CHILD_NO_RE, text)) {
    // The longest kana word that is a given name and stands before a particle (ゆうと+が, not
    // ゆう+と: kuromoji reads a verb there). Not いう+こと (妻のいうことは: "what she says").
    const start = m.index + m[0].length;
    const run = /^[\p{Script=Hiragana}ー]{2,6}/u.exec(text.slice(start))?.[0] ?? '';
    for (let len = run.length; len >= 2; len--) {
      const end = start + len;
      if (CHILD_NAME_AFTER.test(text.slice(end, end + 2)) && !isSayingThing(tokens, start, end) && isKanaGivenName(run.slice(0, len)) && !isKnownWord(text, tokens, start, end)) {
        out.push({ start, end });
        break;
      }
    }
  }
  for (const m of /[犬猫]|ペット/u.test(text) ? execAll(PET_NAME_RE, text) : []) {
    // A pet's name after the animal and の (犬のコタロウが, 猫の小雪は): a given name of ENAMDICT
    // (kanji of two or more: 声, 毛 are given names too) or a katakana word kuromoji does not know;
    // not a word it knows (えさ, トイレ, 散歩).
    const r = m.indices?.groups?.['v'];
    if (r === undefined) continue;
    const word = text.slice(r[0], r[1]);
    const han = /^[\p{Script=Han}々]+$/u.test(word);
    const named = han ? word.length >= 2 && (nameType(word) & GIVEN) !== 0 : isKanaGivenName(word) || (/^[\p{Script=Katakana}ー]+$/u.test(word) && tokens[tokenAt(tokens, r[0])]?.token.word_type === 'UNKNOWN');
    if (named && (han || !isKnownWord(text, tokens, r[0], r[1]))) out.push({ start: r[0], end: r[1] });
  }
  for (const m of execAll(CHILD_ONE_KANJI_RE, text)) {
    const r = m.indices?.groups?.['v'];
    // A kin word itself (上の子は, 息子の嫁が) is no name.
    if (r === undefined || KIN_WORDS.has(text.slice(r[0], r[1])) || (nameType(text.slice(r[0], r[1])) & GIVEN) === 0) continue;
    // …nor a word that leans on the one before (上の方は, 下の時は: 方 and 時 are given names too).
    if (NOT_NAME_NOUNS.has(tokens[tokenAt(tokens, r[0])]?.token.pos_detail_1 ?? '')) continue;
    // The rest of the sentence, or the start of the next one (息子の蓮を、…。小学四年生で。).
    const [sentence = '', next = ''] = text.slice(r[1], r[1] + CHILD_AGE_WINDOW).split('。');
    if (CHILD_AGE.test(sentence) || CHILD_AGE.test(next.slice(0, 3))) out.push({ start: r[0], end: r[1] });
  }
  if (NICKNAME_TALK.test(text)) {
    for (const m of execAll(KATAKANA_WORD_RE, text)) {
      if (isKanaGivenName(m[0]) && !isKnownWord(text, tokens, m.index, m.index + m[0].length)) out.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of /[、。]/u.test(text) ? execAll(CHILD_NAME_AGE_RE, text) : []) {
    const r = m.indices?.groups?.['v'];
    if (r === undefined) continue;
    const word = text.slice(r[0], r[1]);
    // A kanji or hiragana word must be a given name (咲, はな; not a count: 一人); a katakana one
    // no common noun kuromoji knows (ハーフ) unless it sounds like a name of `humannames`.
    const han = /^[\p{Script=Han}々]+$/u.test(word);
    if (KIN_WORDS.has(word) || (han && ((nameType(word) & GIVEN) === 0 || /^[一二三四五六七八九十何]/u.test(word)))) continue;
    if (/^\p{Script=Hiragana}/u.test(word) && !isKanaGivenName(word)) continue;
    if (/^\p{Script=Katakana}/u.test(word) && isKnownWord(text, tokens, r[0], r[1]) && !isForeignName(word)) continue;
    out.push({ start: r[0], end: r[1] });
  }
  if (/呼|っつ/u.test(text)) {
    for (const m of execAll(CALLED_BY_RE, text)) {
      const g = m.indices?.groups;
      const r = g?.['q'] ?? g?.['k'] ?? g?.['h'];
      if (r === undefined) continue;
      const word = text.slice(r[0], r[1]);
      // Without a quote, a bare word needs the honorific or 坊 (…と呼ぶ alone is said of things).
      if (g?.['q'] === undefined && g?.['t'] === undefined) continue;
      if (KIN_WORDS.has(word) || isPersonNoun(word) || /[\s\d]/u.test(word)) continue;
      out.push({ start: r[0], end: r[1] });
    }
  }
  if (text.includes('って')) {
    for (const m of execAll(KANJI_CALLED_RE, text)) {
      const r = m.indices?.groups?.['v'];
      if (r === undefined || nameType(text.slice(r[0], r[1])) === 0) continue;
      if (m.groups?.['what']?.startsWith('ん') === true && isKnownWord(text, tokens, r[0], r[1])) continue;
      out.push({ start: r[0], end: r[1] });
    }
  }
  return out;
}

/** People whose foreign name may follow with の: a department or role (営業の, 担当の) is followed
 * by a product as often. */
const PEER_WORDS = new Set('部下|同僚|上司|先輩|後輩|同期|友達|友人|親友|妻|夫|彼氏|彼女|パートナー|婚約者|息子|娘'.split('|'));

/** A foreign name in katakana after a person word (部下のグエンとか, 同僚のアミットが): a proper noun
 * or an unknown word whose reading is a name, before a particle. */
function ownedForeignNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    // A proper noun kuromoji does not place as an organisation or a place, or an unknown word
    // whose reading is a Japanese name (a loanword — スマホ, モチベーション — is neither).
    const proper = t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '組織' && t.token.pos_detail_2 !== '地域';
    if (!proper && t.token.word_type !== 'UNKNOWN') continue;
    if (!KATAKANA_WORD.test(t.token.surface_form) || t.token.surface_form.length < 2) continue;
    if (!proper && (nameType(kanaReading(t.token.surface_form)) & (SURNAME | GIVEN)) === 0) continue;
    const owner = tokens[i - 2] as PositionedToken;
    if ((tokens[i - 1] as PositionedToken).token.surface_form !== 'の' || !PEER_WORDS.has(owner.token.surface_form) || cueAfter(text, tokens, i + 1) !== 'particle') continue;
    out.push({ start: t.start, end: t.end });
  }
  return out;
}

/** A consultant's self-introduction after a greeting: お久しぶりです。森です。 — a surname ENAMDICT
 * knows, said alone before です as its own sentence. */
const SELF_INTRO_RE = /(?:お久しぶりです|こんにちは|こんばんは|おはようございます|はじめまして|初めまして|お世話になっております|お疲れ様です)[。、！!]?\s*(?<v>[\p{Script=Han}々]{1,3})です[。！!]/gdu;

function selfIntroductions(text: string): Range[] {
  return execAll(SELF_INTRO_RE, text).flatMap((m) => {
    const r = m.indices?.groups?.['v'];
    return r !== undefined && (nameType(text.slice(r[0], r[1])) & SURNAME) !== 0 ? [{ start: r[0], end: r[1] }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// the learned tagger, where speech agrees



/** What the learned tagger (`name-model.ts`) finds, kept where the word's shape and what follows
 * allow a name in speech. The tagger learned from written encyclopedia and news sentences, where
 * a loanword before が is usually a person; in a counselling session it is usually a product, an
 * app or a brand (エクセルと, ポケモンが, ユニクロで). A run needs a piece kuromoji reads as a proper
 * noun or does not know (not 大和, not 鬼+滅: the dictionary rules decide common words); in kana and
 * glued to a noun before it, it is the end of a loanword (ケア+マネさん). Then it is kept when a
 * title, an honorific or a name suffix follows it (秋山監督, 藤本ら), a naming phrase, or a kin or
 * colleague word with の before it (母のマリアが); else only when it does not end in a common word
 * (真田+丸; but 山科+宗+真 ends in a given name) nor is glued to another noun; written in kana
 * alone, it is a full name joined by ・ or one word kuromoji reads as 人名; one kanji long, it
 * stands before a subject or partner particle (森の中 is a place). */
export function learnedNames(text: string, tokens: readonly PositionedToken[], model: NameModel = nameModel()): Range[] {
  const runs = modelNames(tokens, model, true);
  runs.push(...foreignNameRuns(tokens, runs, model));
  runs.push(...personVerbRuns(tokens, runs));
  // A run of long-vowel marks and punctuation (お願いしますー！: kuromoji's unknown ー) spells nothing.
  const spelled = runs.filter((run) => /[\p{L}\p{N}]/u.test(text.slice(run.start, run.end).replace(/ー/gu, '')));
  runs.length = 0;
  runs.push(...spelled);
  const verdicts = runs.map((run) => learnedNameVerdict(text, tokens, run));
  const keptRuns = runs.filter((_, k) => verdicts[k]?.startsWith('keep'));
  return runs
    .filter((run, k) => verdicts[k]?.startsWith('keep') || (verdicts[k] === 'drop:kana' && listedWithName(tokens, run, keptRuns)))
    .map((run) => completeName(text, tokens, run));
}

/** The last piece of a foreign name joined by ・ to an initial or a katakana word the tagger did
 * not take (G・…, ラリー・…): the ・ says it is a name in parts. */
function dotJoinedBefore(tokens: readonly PositionedToken[], first: number): boolean {
  const dot = tokens[first - 1];
  const before = tokens[first - 2];
  if (dot === undefined || before === undefined || dot.token.surface_form !== '・' || dot.end !== (tokens[first] as PositionedToken).start || before.end !== dot.start) return false;
  return DOT_PIECE_WORD.test(before.token.surface_form);
}

/** Kin words that say whose family a name's owner is (…の夫, …の母, …の婚約者): a product has no
 * family. Not 子 (…の子会社 and the like) nor パートナー (a business partner). */
const KIN_OF = new Set([...KIN_WORDS].filter((w) => w !== '子' && w !== 'パートナー'));

/** Is the run followed by の and a kin word that ends there (…の夫は; not …の子供服)? */
function kinAfter(tokens: readonly PositionedToken[], last: number): boolean {
  const no = tokens[last + 1];
  const kin = tokens[last + 2];
  const after = tokens[last + 3];
  if (no === undefined || kin === undefined || no.token.surface_form !== 'の' || no.start !== (tokens[last] as PositionedToken).end) return false;
  if (!(KIN_OF.has(kin.token.surface_form) || PERSON_OWNED.has(kin.token.surface_form)) || kin.start !== no.end) return false;
  return after === undefined || after.start !== kin.end || after.token.pos !== '名詞';
}

/** Words that join the items of a list of names (ＡとＢ, Ａ、Ｂ, ＡやＢ, Ａ及びＢ). */
const LIST_JOINS = new Set(['と', '、', '，', 'や', '及び', 'および']);
const PAIR_ENDS = new Set(['が', 'は', 'も', 'の', 'を']);

/** Is this run an item of a list whose neighbouring item, just before or after it across one
 * list word, was kept as a person (ヴィータウタスと…は, …、シゴーニュ)? Items of one list are of one
 * kind; a kana word the gate drops alone is then a name too. In speech a brand stands beside a
 * brand (エクセルとワード), and neither is kept, so nothing spreads. */
function listedWithName(tokens: readonly PositionedToken[], run: NameRun, kept: readonly NameRun[]): boolean {
  const before = tokens[run.first - 1];
  const after = tokens[run.last + 1];
  // と is also "with" (…と渋谷に行った): a list's item after と is followed by a particle that
  // makes it one of a pair (が, は, も, の), or by another list word.
  const afterItem = tokens[run.last + 1]?.token.surface_form ?? '';
  const listedAfterTo = before?.token.surface_form !== 'と' || PAIR_ENDS.has(afterItem) || LIST_JOINS.has(afterItem);
  if (before !== undefined && LIST_JOINS.has(before.token.surface_form) && listedAfterTo && kept.some((r) => r.last === run.first - 2)) return true;
  if (after !== undefined && LIST_JOINS.has(after.token.surface_form) && kept.some((r) => r.first === run.last + 2)) return true;
  return false;
}

/** How far below its threshold the tagger may score a katakana word that sounds like a foreign
 * name of the list and still have it weighed (5-fold cross-validation on the name check's tuning
 * half: 8 found the most names for no more products redacted than 2 or 5). */
const FOREIGN_NAME_MARGIN = 8;

/** Katakana words the tagger did not take that sound like a foreign first name or surname
 * (`foreign-names.ts`) and that it scores no lower than `FOREIGN_NAME_MARGIN` below its
 * threshold: one-token runs for `learnedNameVerdict` to weigh like its own. */
function foreignNameRuns(tokens: readonly PositionedToken[], taken: readonly NameRun[], model: NameModel): NameRun[] {
  const out: NameRun[] = [];
  const covered = tokensInRuns(tokens.length, taken);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (t.token.pos !== '名詞' || !KATAKANA_WORD.test(t.token.surface_form) || t.token.surface_form.length < 2) continue;
    if (covered[i] === 1 || !isForeignNameWord(t)) continue;
    if (scoreToken(model, tokens, i, false) < model.threshold - FOREIGN_NAME_MARGIN) continue;
    out.push({ start: t.start, end: t.end, first: i, last: i });
  }
  return out;
}

/** 1 for every token inside one of `runs`, marked once: a lookup per token, not a scan of the
 * runs per token. */
function tokensInRuns(length: number, runs: readonly NameRun[]): Uint8Array {
  const covered = new Uint8Array(length);
  for (const r of runs) covered.fill(1, r.first, r.last + 1);
  return covered;
}

/** How many tokens past a name's particle its predicate is looked for (a bounded walk). */
const PREDICATE_REACH = 12;
const SUBJECT_PARTICLES = new Set(['が', 'は', 'も']);

/** Where the clause that starts at token `from` ends (exclusive): at a full stop or another
 * subject (が, は), and at most PREDICATE_REACH tokens on. */
function clauseEnd(tokens: readonly PositionedToken[], from: number): number {
  const limit = Math.min(tokens.length, from + PREDICATE_REACH);
  for (let k = from; k < limit; k++) {
    const t = (tokens[k] as PositionedToken).token;
    if (t.pos_detail_1 === '句点' || (t.pos === '助詞' && SUBJECT_PARTICLES.has(t.surface_form) && t.surface_form !== 'も')) return k;
  }
  return limit;
}

/** Is the name ending at token `last` followed by a particle and then, within the clause, by a
 * first predicate that only a person takes in that role: subject (が/は/も …生まれた, 引退), partner
 * (と …結婚) or object (を …暗殺)? The first verb, or verbal noun before する, a pause or a full
 * stop, decides; a full stop or another subject ends the clause. */
function personPredicateAfter(tokens: readonly PositionedToken[], last: number): boolean {
  const name = tokens[last] as PositionedToken;
  const p = tokens[last + 1];
  if (p === undefined || p.start !== name.end || p.token.pos !== '助詞') return false;
  const particle = p.token.surface_form;
  const set = SUBJECT_PARTICLES.has(particle)
    ? PERSON_SUBJECT_PREDICATES
    : particle === 'と'
      ? PERSON_PARTNER_PREDICATES
      : particle === 'を'
        ? PERSON_OBJECT_PREDICATES
        : particle === 'に'
          ? PERSON_DATIVE_PREDICATES
          : null;
  if (set === null) return false;
  const end = clauseEnd(tokens, last + 2);
  for (let k = last + 2; k < end; k++) {
    const t = (tokens[k] as PositionedToken).token;
    if (t.pos === '動詞' && t.pos_detail_1 === '自立') return set.has(t.basic_form === '*' ? t.surface_form : t.basic_form);
    if (t.pos === '名詞' && t.pos_detail_1 === 'サ変接続') {
      const after = tokens[k + 1]?.token;
      if (after === undefined || after.basic_form === 'する' || after.pos_detail_1 === '句点' || after.pos_detail_1 === '読点') return set.has(t.surface_form);
    }
  }
  return false;
}

/** Katakana words the tagger did not take (a proper noun other than a place or an organisation,
 * or a word kuromoji does not know), alone before a particle with a predicate only a person takes
 * (`personPredicateAfter`): one-token runs for `learnedNameVerdict`. The predicate is the
 * evidence, so the tagger's score is not asked (a margin of 8 below its threshold found fewer
 * names in cross-validation for no fewer products redacted). */
function personVerbRuns(tokens: readonly PositionedToken[], taken: readonly NameRun[]): NameRun[] {
  const out: NameRun[] = [];
  const covered = tokensInRuns(tokens.length, taken);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (t.token.pos !== '名詞' || !KATAKANA_WORD.test(t.token.surface_form) || t.token.surface_form.length < 2 || !isProperOrUnknown(t)) continue;
    if (t.token.pos_detail_2 === '地域' || t.token.pos_detail_2 === '組織') continue;
    if (covered[i] === 1 || !saidOfPerson(tokens, i)) continue;
    out.push({ start: t.start, end: t.end, first: i, last: i });
  }
  return out;
}

/** Verbs whose agent, said with に before their passive, is a person in speech (…に仕事を押し付けられ,
 * …に怒鳴られ, …に注意され): not what rain, a forest or a deadline does (降られ, 囲まれ, 追われ). */
const PERSON_AGENT_VERBS = new Set(
  '押し付ける|押しつける|怒る|叱る|怒鳴る|責める|頼む|頼る|褒める|誘う|脅す|罵る|嫌う|いじめる|言う|言い返す|問い詰める|詰める|馬鹿にする|見下す|注意|無視|説教|指導|相談|命令|指示|批判|否定|反対'.split('|'),
);
/** Partners with と a person quarrels or goes out with, said in speech (…と口論になった, …と揉めて). */
const SPOKEN_PARTNER_PREDICATES = new Set('口論|喧嘩|けんか|揉める|もめる|言い合い|付き合う|対立'.split('|'));

/** After the word at token `i`: に and, before the clause ends, a verb of `PERSON_AGENT_VERBS` in
 * the passive (…に押し付けられ, …に注意され); or と and a quarrel (…と口論になった, …と揉めて). */
function spokenOfPerson(tokens: readonly PositionedToken[], i: number): boolean {
  const p = tokens[i + 1];
  if (p === undefined || p.start !== (tokens[i] as PositionedToken).end || p.token.pos !== '助詞') return false;
  if (p.token.surface_form !== 'に' && p.token.surface_form !== 'と') return false;
  const end = clauseEnd(tokens, i + 2);
  for (let k = i + 2; k < end; k++) {
    const t = (tokens[k] as PositionedToken).token;
    const word = t.basic_form === '*' ? t.surface_form : t.basic_form;
    if (p.token.surface_form === 'と') {
      if ((t.pos === '動詞' || t.pos === '名詞') && SPOKEN_PARTNER_PREDICATES.has(word)) return true;
      continue;
    }
    // Another noun with に nearer the verb is its agent (去年の秋に、先輩の…さんに誘われて: 秋 says when).
    if (t.surface_form === 'に' && t.pos === '助詞' && tokens[k - 1]?.token.pos === '名詞') return false;
    if (!PERSON_AGENT_VERBS.has(word) || (t.pos !== '動詞' && t.pos_detail_1 !== 'サ変接続')) {
      // The first verb after に is its predicate (船に乗ったことない、それ言われたら: 乗る, not 言う).
      if (t.pos === '動詞' && t.pos_detail_1 === '自立') return false;
      continue;
    }
    // the passive: れる / られる after the verb, or after する's さ for a verbal noun
    const next = tokens[k + 1]?.token;
    const then = tokens[k + 2]?.token;
    if (next?.basic_form === 'れる' || next?.basic_form === 'られる') return true;
    if (next?.basic_form === 'する' && (then?.basic_form === 'れる' || then?.basic_form === 'られる')) return true;
  }
  return false;
}

/** Words ENAMDICT also lists as names that, said so, are people in general, a household, a
 * shop, a school, a public body or a place (人に言われた, 家に反対された, 上に押し付けられた,
 * 先生に注意された, 市に注意された, 隣と揉めた). */
const NOT_A_NAME_HERE = new Set('人|子|皆|親|客|市|国|県|都|府|道|州|町|村|区|隣|係|課|局|部|班|外|世間|家|店|社|上|下|先生|先方|院|署|校|園|塾|寮'.split('|'));

/** A word of one or two kanji that ENAMDICT has as a given name, or of one kanji it has as a
 * surname, which kuromoji reads as a common noun (翼, 楓, 林, 渚, 島, 堀), standing alone (no noun glued on either side) where what is said of it is said only of a person
 * in speech: the agent of a passive (…に押し付けられた) or a quarrel's partner (…と口論になった).
 * Not a kin word after の (元の夫, 義理の母: 元 and 義理 are given names too) nor a subject's
 * predicate (夢が生まれた): for a common noun they say too little. Not a word for a person (上司,
 * 父: `isPersonNoun`; 先生 is a surname only). A colleague named only so would otherwise stay and,
 * said in many sessions, be counted as a keyword. */
export function kanjiNamesSaidOfPerson(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const w = t.token.surface_form;
    if (t.token.pos !== '名詞' || t.token.pos_detail_1 !== '一般' || !/^\p{Script=Han}{1,2}$/u.test(w)) continue;
    // a surname only when it is one kanji: two-kanji surnames that are words are mostly groups
    // and bodies said as agents (仲間, 身内, 本部, 役所, 地元)
    const type = nameType(w);
    if (((type & GIVEN) === 0 && ((type & SURNAME) === 0 || w.length > 1)) || isPersonNoun(w) || CHILD_ORDER_WORDS.has(w) || NOT_A_NAME_HERE.has(w)) continue;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if ((before !== undefined && before.end === t.start && before.token.pos === '名詞') || (after !== undefined && after.start === t.end && after.token.pos === '名詞')) continue;
    if (spokenOfPerson(tokens, i)) out.push({ start: t.start, end: t.end });
  }
  return out;
}

/** Group suffixes a thing takes too (ポケモンたち, ロボット達): no evidence for a word the tagger
 * passed over. */
const GROUP_SUFFIXES = new Set(['ら', 'たち', '達', '側']);

/** Is what is said around the word at token `i` said only of a person: a predicate only a person
 * takes, a person's thing after it with の (…の父親), a title, role or group suffix glued after it
 * (…大統領, …容疑者, …兄弟; not …たち: ポケモンたち), or a word for what a person is glued before it (皇帝…, 政治家…)? */
function saidOfPerson(tokens: readonly PositionedToken[], i: number): boolean {
  const t = tokens[i] as PositionedToken;
  const next = tokens[i + 1];
  if (next !== undefined && next.start === t.end && next.token.pos === '名詞') {
    const w = next.token.surface_form;
    if (HONORIFICS.has(w) || TITLES_AFTER.has(w) || (NAME_SUFFIXES.has(w) && !GROUP_SUFFIXES.has(w)) || personNounGlued(tokens, i + 1, 1) || titlePhraseAfter(tokens, i + 1)) return true;
  }
  // …率いる軍: a name leads.
  if (next !== undefined && next.start === t.end && next.token.pos === '動詞' && next.token.basic_form === '率いる') return true;
  if (gluedBefore(tokens, i) && personNounGlued(tokens, i - 1, -1)) return true;
  return kinAfter(tokens, i) || personPredicateAfter(tokens, i);
}

/** The common nouns glued together from token `from` on, going `step` (1: forward, -1: back),
 * two at most, as text in reading order: 死刑+囚, 芸術+家. */
function gluedNouns(tokens: readonly PositionedToken[], from: number, step: 1 | -1): string {
  const words: string[] = [];
  for (let k = from; words.length < 2; k += step) {
    const t = tokens[k];
    const joined = k === from || (step === 1 ? (tokens[k - 1] as PositionedToken).end === t?.start : t?.end === (tokens[k + 1] as PositionedToken).start);
    if (t === undefined || !joined || t.token.pos !== '名詞' || t.token.pos_detail_1 === '固有名詞') break;
    words.push(t.token.surface_form);
  }
  return (step === 1 ? words : words.reverse()).join('');
}

/** Is the word glued at token `from` (going `step`) a word for what a person is, alone or with
 * the noun glued beyond it (大統領, 被告; 元首+大統領, 芸術+家)? */
function personNounGlued(tokens: readonly PositionedToken[], from: number, step: 1 | -1): boolean {
  const t = tokens[from];
  if (t === undefined || t.token.pos !== '名詞' || t.token.pos_detail_1 === '固有名詞') return false;
  return isPersonNoun(t.token.surface_form) || isPersonNoun(gluedNouns(tokens, from, step));
}

/** Does the run of common nouns glued after token `from` (four at most) end in a word for what a
 * person is? Japanese compounds end in their head: 総務+政務+官, 上級+研究+員, 行政+刷新+担当+相. */
function titlePhraseAfter(tokens: readonly PositionedToken[], from: number): boolean {
  const words: string[] = [];
  for (let k = from; words.length < 4; k++) {
    const t = tokens[k];
    if (t === undefined || (k > from && (tokens[k - 1] as PositionedToken).end !== t.start) || t.token.pos !== '名詞' || t.token.pos_detail_1 === '固有名詞') break;
    words.push(t.token.surface_form);
  }
  for (let j = 2; j < words.length; j++) if (isPersonNoun(words.slice(-j).join(''))) return true;
  return false;
}

/** One kanji that ends the name of a ship, castle, temple, place or house (真田丸, 松本城, 鈴木家). */
const THING_ENDINGS = new Set([...'丸城寺橋山川号家屋池島坂館堂院宮殿門塚線駅町村湖谷園社組店']);

/** A kanji run of three or four characters led by a surname (kuromoji's 人名 or ENAMDICT's) and
 * ending in one kanji the tagger took with it (大山+柏, 土岐+定+経, 李+時+珍): a given name of
 * characters kuromoji reads as common words, not a surname and a common noun of two kanji or more
 * (鈴木+建設, a company) nor one kanji that ends the name of a thing (真田+丸). */
function surnameAndKanji(pieces: readonly PositionedToken[], surface: string): boolean {
  const head = pieces[0] as PositionedToken;
  const last = pieces[pieces.length - 1] as PositionedToken;
  if (!KANJI_ONLY.test(surface) || surface.length < 3 || surface.length > 4 || last.token.surface_form.length !== 1 || THING_ENDINGS.has(last.token.surface_form)) return false;
  return head.token.pos_detail_2 === '人名' || (nameType(head.token.surface_form) & SURNAME) !== 0;
}

/** A noun of time or relation (後, 時, 以降, 以下, 以外: 副詞可能 in kuromoji), which a name stands
 * beside without making one word with it. */
function isRelationNoun(t: PositionedToken | undefined): boolean {
  return t !== undefined && t.token.pos === '名詞' && (t.token.pos_detail_1 === '副詞可能' || t.token.pos_detail_2 === '副詞可能');
}

/** Titles of writing that follow only a person's name (…氏, …女史): in speech 氏 stands after a
 * name too, never after a common word (彼氏 is one word). */
const WRITTEN_TITLES = new Set(['氏', '女史']);

/** Is a word for a person glued right before the bracket that opens at token `first - 1`? */
function personBeforeBracket(tokens: readonly PositionedToken[], first: number): boolean {
  const bracket = tokens[first - 1];
  const word = tokens[first - 2];
  // kuromoji reads the word before an ASCII bracket oddly (子 as a prefix before "("): its surface decides too.
  return bracket !== undefined && word !== undefined && word.end === bracket.start && (personNounGlued(tokens, first - 2, -1) || isPersonNoun(word.token.surface_form));
}

/** Why `learnedNames` keeps or drops one of the tagger's runs (`keep:…` / `drop:…`); the reasons
 * are what `scripts/names-errors.ts` counts. */
/** After a place: going there or coming back from it, moving or living there (…へ。, …に住んで,
 * …に出る, …まで車で). */
const TRAVEL_AFTER = /^(?:まで[。、]|へ(?:[。、！？!?…]|$)|まで(?:車|電車|バス|新幹線)で|(?:に|へ)(?:出る|出て|出た|住ん|住み|住む|お住まい|引っ越)|(?:まで|へ|に|から)?(?:行っ|行き|行く|戻っ|戻り|帰っ|帰り|向か|飛ん|出張))/u;

export function learnedNameVerdict(text: string, tokens: readonly PositionedToken[], run: NameRun): string {
  // A transcript's note in brackets ((笑), (泣)): one kanji between them is no name (the tagger's
  // run may hold the closing bracket) — unless a word for a person is glued before the bracket:
  // 上の子（翔）, 長男（蓮） gloss who the person is with the name.
  if (/[（(]$/u.test(text.slice(0, run.start)) && /^\p{Script=Han}[）)]/u.test(text.slice(run.start, run.start + 2)) && !personBeforeBracket(tokens, run.first)) return 'drop:stage-note';
  const next = tokens[run.last + 1] as PositionedToken;
  // A noun of relation glued after it (…以下, …以外, …以前: 副詞可能 in kuromoji) makes no
  // compound: the name still stands for itself, as before a particle.
  const surface = text.slice(run.start, run.end);
  const cue = isRelationNoun(next) && next.start === run.end && NAME_SURFACE.test(surface) ? 'particle' : cueAfter(text, tokens, run.last + 1);
  const kana = KANA_ONLY.test(surface.replaceAll('・', ''));
  const pieces = tokens.slice(run.first, run.last + 1).filter((t) => t.token.surface_form !== '・');
  // Common words only (大和, 鬼+滅, ライフ): the dictionary rules decide those, with context —
  // unless 氏 is glued after them (きょう+子+氏): written of a person only, never of a thing.
  if (!pieces.some(isProperOrUnknown) && !(next !== undefined && next.start === run.end && WRITTEN_TITLES.has(next.token.surface_form))) return 'drop:common';
  // The end of a longer loanword (ケア+マネさん) — unless what it is glued to says who it is
  // (司祭ヨハンネス, 弟フェルナンド).
  // A time or relation before it (その後…, この時…, 以降…) starts no loanword.
  if (kana && gluedBefore(tokens, run.first) && !personNounGlued(tokens, run.first - 1, -1) && !isRelationNoun(tokens[run.first - 1])) return 'drop:loanword-end';
  // The same when the tagger took the loanword's start too (ケア+マネ): a kana run glued from a
  // common word kuromoji knows.
  const head = pieces[0] as PositionedToken;
  if (kana && pieces.length > 1 && !surface.includes('・') && head.token.word_type === 'KNOWN' && head.token.pos_detail_1 === '一般' && !(gluedBefore(tokens, run.first) && personNounGlued(tokens, run.first - 1, -1))) return 'drop:loanword-end';
  if (cue === 'title' || cue === 'naming') return `keep:${cue}`;
  if (cue === 'particle' && ownerBefore(tokens, run.first) !== null) return 'keep:owner';
  if (cue === 'compound' && (NAME_SUFFIXES.has(next.token.surface_form) || personNounGlued(tokens, run.last + 1, 1) || titlePhraseAfter(tokens, run.last + 1))) return 'keep:title-after';
  // A name and a common word glued (真田+丸): a title of something, not a person — unless
  // what follows the first piece is a given name (山科+宗+真).
  const last = pieces[pieces.length - 1] as PositionedToken;
  const rest = pieces.slice(1).map((t) => t.token.surface_form).join('');
  if (pieces.length > 1 && last.token.word_type === 'KNOWN' && last.token.pos_detail_1 === '一般' && (nameType(rest) & GIVEN) === 0 && !surnameAndKanji(pieces, surface)) return 'drop:ends-common';
  if (cue === 'compound') return 'drop:compound';
  // Glued after a word for what a person is (皇帝…, 兄…, 司祭…): that word says who it is.
  if (gluedBefore(tokens, run.first) && personNounGlued(tokens, run.first - 1, -1)) return 'keep:title-before';
  if (kana) {
    if (surface.includes('・') || dotJoinedBefore(tokens, run.first)) return 'keep:dot-name';
    if (kinAfter(tokens, run.last)) return 'keep:kin-after';
    if (run.first === run.last && isPersonTag((tokens[run.first] as PositionedToken).token)) return 'keep:kana-person-tag';
    // A Japanese given name written in katakana (ハヤテ, タカヒコ): ENAMDICT has its reading as a
    // given name, three kana or more, and kuromoji places no piece as a place or organisation.
    if (isKatakanaGivenName(surface) && !pieces.some((t) => t.token.pos_detail_2 === '地域' || t.token.pos_detail_2 === '組織')) return 'keep:kana-given';
    // A foreign first name or surname in katakana before a particle (ジョセフが, フェルナンドと):
    // one katakana word kuromoji does not know or reads as a proper noun other than a place or an
    // organisation, that sounds like a name of the list (`foreign-names.ts`) and like no common
    // English word (エクセル, リモート).
    if (pieces.length === 1 && KATAKANA_WORD.test(surface) && cue === 'particle' && isForeignNameWord(head)) return 'keep:foreign-name';
    // What is said of it only a person does (…が生まれた, …は引退し, …と結婚, …を暗殺): a brand
    // or an app in speech is used, opened or down, never born, married or murdered.
    if (personPredicateAfter(tokens, run.last)) return 'keep:person-verb';
    // Any other kana word alone before a particle is a brand or an app in speech more often than a
    // person (エクセルと, ユニクロで, ポケモンが): even a high score keeps three of them in
    // names.dev.jsonl (the tagger gives them higher scores than most foreign names), so it is
    // dropped.
    return 'drop:kana';
  }
  // A place kuromoji knows (地域, not 人名) as where one travels to or from (…まで。, …から戻って,
  // …行ってきます): a destination, not a person.
  if (pieces.length === 1 && head.token.pos_detail_2 === '地域' && TRAVEL_AFTER.test(text.slice(run.end, run.end + 8))) return 'drop:destination';
  if (surface.length > 1) return 'keep:kanji';
  // The end of a word kuromoji cut (夕+勤): one kanji glued to a common noun before it.
  if (gluedBefore(tokens, run.first) && !personNounGlued(tokens, run.first - 1, -1)) return 'drop:word-end';
  if (PARTICLE_AFTER_ONE_KANJI.test(text.slice(run.end, run.end + 4))) return 'keep:one-kanji';
  // …の兄, …の父, …の友人: a thing has no family (森の中 stays: 中 is no kin word).
  return kinAfter(tokens, run.last) ? 'keep:kin-after' : 'drop:one-kanji';
}

// ---------------------------------------------------------------------------------------------
// whole names

const KATAKANA_CHAR = /[\p{Script=Katakana}ー]/u;
/** A piece of a foreign name joined by ・: a katakana word, or an initial (G・ネイガウス). */
const DOT_PIECE_BEFORE = /(?:[\p{Script=Katakana}ー]+|[A-Z]\.?)$/u;
/** A whole token that can be a piece of a name in parts: katakana, or an initial (G, G.); not
 * a Latin word (PC・スマホ, IT・…). */
const DOT_PIECE_WORD = /^(?:[\p{Script=Katakana}ー]+|[A-Z]\.?)$/u;
const DOT_PIECE_AFTER = /^(?:[\p{Script=Katakana}ー]+|[A-Z]\.?)/u;
const KANJI_ONLY = /^[\p{Script=Han}々]+$/u;
const MAX_FULL_NAME = 6;
const MAX_FOREIGN_GROWTH = 64;

/** Does this kanji string split into an ENAMDICT surname and a given name (戸苅+晴彦, 足利+尊氏)?
 * The given part is no title, kin or colleague word (鈴木+社長). */
function splitsAsFullName(w: string): boolean {
  if (w.length < 3 || w.length > MAX_FULL_NAME) return false;
  for (let k = Math.min(3, w.length - 2); k >= 1; k--) {
    const given = w.slice(k);
    if (given.length > 3 || isPersonNoun(given) || TITLES_AFTER.has(given) || HONORIFICS.has(given)) continue;
    if ((nameType(w.slice(0, k)) & SURNAME) !== 0 && (nameType(given) & GIVEN) !== 0) return true;
  }
  return false;
}

/** A person name found in part, made whole: a range is an all-or-nothing promise, and a surname
 * left beside a redacted given name still identifies. A piece of a foreign name grows over the
 * pieces joined to it by ・ and over the rest of the katakana word it stands in (トーマス・キース・
 * グレナン when the tagger took グレ of グレ+ナン); a kanji piece grows over the glued kanji nouns
 * around it when together they are a surname and a given name in ENAMDICT (戸苅晴彦 when only 晴彦
 * was found; not over a title: 楢崎武彦教授 gives 楢崎武彦). Only what was already taken for a
 * person grows, so a product name no detector touched stays whole. */
const SPACED_GIVEN_AFTER = /^[ \u3000](?<g>\p{Script=Han}{1,3})(?![\p{Script=Han}々])/u;
/** A surname, a space and a given name (古川 大樹, as a name is written and sometimes said with a
 * pause): ENAMDICT has the kanji found as a surname and the kanji after the space as a given name. */
function spacedFullName(text: string, r: Range): Range {
  const piece = text.slice(r.start, r.end);
  if (!KANJI_ONLY.test(piece)) return r;
  const spaced = SPACED_GIVEN_AFTER.exec(text.slice(r.end, r.end + 6));
  const given = spaced?.groups?.['g'];
  if (spaced !== null && given !== undefined && (nameType(piece) & SURNAME) !== 0 && (nameType(given) & GIVEN) !== 0) return { start: r.start, end: r.end + spaced[0].length };
  // …or the given name was found and the surname stands before the space
  const before = SPACED_SURNAME_BEFORE.exec(text.slice(Math.max(0, r.start - 5), r.start));
  const surname = before?.groups?.['s'];
  return before !== null && surname !== undefined && (nameType(surname) & SURNAME) !== 0 && (nameType(piece) & GIVEN) !== 0 ? { start: r.start - before[0].length, end: r.end } : r;
}
const SPACED_SURNAME_BEFORE = /(?<![\p{Script=Han}々])(?<s>\p{Script=Han}{1,3})[ \u3000]$/u;
export function completeName(text: string, tokens: readonly PositionedToken[], r: Range): Range {
  let { start, end } = r;
  const piece = text.slice(start, end);
  if (/^[\p{Script=Katakana}ー・]+$/u.test(piece) && /[\p{Script=Katakana}]/u.test(piece)) {
    // Each side grows at most MAX_FOREIGN_GROWTH characters: no name is longer, and a katakana
    // run of 100,000 characters must not be walked once per range found in it.
    while (start > 0 && r.start - start < MAX_FOREIGN_GROWTH && KATAKANA_CHAR.test(text[start - 1] ?? '')) start--;
    while (end < text.length && end - r.end < MAX_FOREIGN_GROWTH && KATAKANA_CHAR.test(text[end] ?? '')) end++;
    while (r.start - start < MAX_FOREIGN_GROWTH) {
      const before = text[start - 1] === '・' ? DOT_PIECE_BEFORE.exec(text.slice(Math.max(0, start - 21), start - 1)) : null;
      if (before === null) break;
      start -= before[0].length + 1;
    }
    while (end - r.end < MAX_FOREIGN_GROWTH) {
      const after = text[end] === '・' ? DOT_PIECE_AFTER.exec(text.slice(end + 1, end + 21)) : null;
      if (after === null) break;
      end += after[0].length + 1;
    }
    return { start, end };
  }
  if (!KANJI_ONLY.test(piece)) return r;
  const spaced = spacedFullName(text, r);
  if (spaced !== r) return spaced;
  const first = tokenAt(tokens, start);
  const lastToken = tokenEndingAt(tokens, end);
  const last = lastToken === undefined ? -1 : tokenAt(tokens, lastToken.start);
  if (first < 0 || last < first) return r;
  const kanjiNoun = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && isCandidate(t) && KANJI_ONLY.test(t.token.surface_form);
  };
  // Only stretches of at most MAX_FULL_NAME characters can be a full name: the walks stop there.
  let a = first;
  while (a > 0 && kanjiNoun(a - 1) && (tokens[a - 1] as PositionedToken).end === (tokens[a] as PositionedToken).start && r.end - (tokens[a - 1] as PositionedToken).start <= MAX_FULL_NAME) a--;
  let b = last;
  while (kanjiNoun(b + 1) && (tokens[b] as PositionedToken).end === (tokens[b + 1] as PositionedToken).start && (tokens[b + 1] as PositionedToken).end - r.start <= MAX_FULL_NAME) b++;
  // The longest stretch around the range that is one full name.
  let best: Range = r;
  for (let x = a; x <= first; x++) {
    for (let y = b; y >= last; y--) {
      const from = (tokens[x] as PositionedToken).start;
      const to = (tokens[y] as PositionedToken).end;
      if (to - from <= best.end - best.start) continue;
      if (splitsAsFullName(text.slice(from, to))) best = { start: from, end: to };
    }
  }
  return best;
}

/** A detector whose person names are made whole (`completeName`). */
export function completing(detector: Detector): Detector {
  return {
    source: detector.source,
    find: (input: DetectInput) => {
      const found = detector.find(input);
      const { tokens } = input;
      return tokens === null || found.length === 0 ? found : found.map((r) => completeName(input.text, tokens, r));
    },
  };
}

/** A ruler's or heir's name with its number (ナポレオン1世, ペドロ5世, ハインリヒ・ユリウス2世,
 * …II世): a katakana name, in parts joined by ・, then a numeral in digits or Roman letters and 世.
 * Not a generation said with a kanji word (日系2世) nor after one kana. */
const REGNAL_RE = /(?<![\p{Script=Katakana}ー・])(?<v>[\p{Script=Katakana}ー]{2,}(?:・[\p{Script=Katakana}ー]{2,}){0,3}(?:[0-9]{1,2}|[IVX]{1,5})世)/dgu;

function regnalNames(text: string): Range[] {
  const out: Range[] = [];
  for (const m of execAll(REGNAL_RE, text)) {
    const r = m.indices?.groups?.['v'];
    if (r !== undefined) out.push({ start: r[0], end: r[1] });
  }
  return out;
}

export const NAME_DETECTORS: readonly Detector[] = [
  ...[
    { source: 'enamdict:context', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : dictionaryNames(text, tokens)) },
    { source: 'context:nickname', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : nicknames(text, tokens)) },
    { source: 'context:katakana-name', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : katakanaFullNames(text, tokens)) },
    { source: 'context:spoken-name', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : spokenNames(text, tokens)) },
    { source: 'context:owned-foreign-name', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : ownedForeignNames(text, tokens)) },
    { source: 'context:self-introduction', find: ({ text }: DetectInput) => selfIntroductions(text) },
    { source: 'context:regnal-name', find: ({ text }: DetectInput) => (text.includes('世') ? regnalNames(text) : []) },
    { source: 'context:kanji-name-said-of-person', find: ({ tokens }: DetectInput) => (tokens === null ? [] : kanjiNamesSaidOfPerson(tokens)) },
  ].map(completing),
  // Made whole in `learnedNames`.
  { source: 'model:person', find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : learnedNames(text, tokens)) },
];
