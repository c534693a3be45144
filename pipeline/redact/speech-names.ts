/** Person names in speech found by what is said of the person, where neither kuromoji nor the
 * learned tagger (trained on written text: it scores a katakana word alone low in speech) takes
 * them (issue 13):
 *
 * - a katakana word after someone who came from elsewhere (インドから来た…が, 海外から来てるバイト
 *   の…と): a word kuromoji knows is taken too when ENAMDICT has its reading as a name;
 * - a katakana name after a person word and の (マネージャーの…が, バイトの…は) — wider than
 *   `ownedForeignNames`: a role at work, not a department (営業の, 担当の are followed by products);
 * - a katakana name introduced as a person (…って、大阪から来た人がいて);
 * - a katakana name or a given name kuromoji reads as a common word, as the subject of a verb said
 *   of people (…が言ってた, …は辞めちゃって, …と話して).
 *
 * A katakana word counts as a name when it sounds like a foreign name of `humannames` and like no
 * English word (`foreign-names.ts`), or kuromoji does not know it and ENAMDICT has its reading as a
 * name; for the strongest cues (came from, a person word before it) also a proper noun that is no
 * place or organisation. Loanwords kuromoji knows (メール, スタッフ) are no names. */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { Detector, Range } from './detector.js';
import { GIVEN, nameType, SURNAME } from './enamdict.js';
import { isForeignName, soundsLikeEnglishWord } from './foreign-names.js';
import { CHILD_ORDER_WORDS, COLLEAGUE_WORDS, isPersonNoun, kanaReading, KIN_WORDS, SPOKEN_KIN_WORDS } from './name-words.js';

const KATAKANA_WORD = /^[\p{Script=Katakana}ー]{2,10}$/u;
const KANJI_NAME = /^[\p{Script=Han}々]{1,3}$/u;
/** Particles that make the word a subject, object or partner. */
const SUBJECT_AFTER = /^(?:さん|くん|ちゃん)?(?:が|は|も|と|に|を|って|、)/u;

/** Roles at work and school said of one person (バイトの…, マネージャーの…), besides kin and
 * colleague words. */
const ROLE_WORDS = new Set('バイト|アルバイト|パート|新卒|新入社員|同い年|先生|コーチ|店員|リーダー|マネージャー|スタッフ|メンバー|インターン|研修生|実習生|留学生|派遣さん'.split('|'));

/** How a katakana token reads: a name by sound or reading, a proper noun, or a common word. */
type KanaKind = 'name' | 'proper' | 'unknown' | 'known' | null;

/** A katakana noun that is no place or organisation: the cheap part of `kanaKind`. */
function isKatakanaNoun(t: PositionedToken): boolean {
  const tag = t.token;
  return tag.pos === '名詞' && KATAKANA_WORD.test(tag.surface_form) && tag.pos_detail_2 !== '地域' && tag.pos_detail_2 !== '組織';
}

function kanaKind(t: PositionedToken): KanaKind {
  if (!isKatakanaNoun(t)) return null;
  const tag = t.token;
  const word = tag.surface_form;
  if (tag.word_type === 'UNKNOWN' || tag.pos_detail_1 === '固有名詞') {
    if (isForeignName(word)) return 'name';
    if (tag.word_type === 'UNKNOWN' && (nameType(kanaReading(word)) & (SURNAME | GIVEN)) !== 0) return 'name';
    if (tag.pos_detail_1 === '固有名詞') return 'proper';
    return soundsLikeEnglishWord(word) ? null : 'unknown';
  }
  return tag.pos_detail_1 === '一般' ? 'known' : null;
}

/** A known katakana word that may still be a short foreign name (ファン, リン): ENAMDICT has its
 * reading, four kana at most, no word for a person (スタッフ, ママ). */
function knownButName(t: PositionedToken): boolean {
  const word = t.token.surface_form;
  return word.length <= 4 && !isPersonNoun(word) && !ROLE_WORDS.has(word) && nameType(kanaReading(word)) !== 0;
}

/** Departments and duties among the colleague words: 人事の…, 営業の… are followed by a system or a
 * product as often as by a person. */
const DEPARTMENTS = new Set('人事|営業|総務|経理|担当|前任|後任'.split('|'));

function isPersonWord(word: string): boolean {
  return KIN_WORDS.has(word) || (COLLEAGUE_WORDS.has(word) && !DEPARTMENTS.has(word)) || ROLE_WORDS.has(word);
}

/** Words for people in general that ENAMDICT also lists as names (仲間, 相手), and a parent's words
 * for the older and younger child (上は高校生, 下が三歳): no one's name. */
const PEOPLE_WORDS = new Set([...'仲間|家族|皆|相手|相方|夫婦|両親|親|先方|本人|自分|全員|他人|大人|子供|子ども'.split('|'), ...CHILD_ORDER_WORDS]);

/** Someone who came from elsewhere: …から来た / 来てる / 来とる / 来ている / 来日した. */
const CAME_FROM = /(?:から|より)来(?:た|て|と|ちょ|よ)|来日し/u;

/** Is the token at `i` said after "came from …", straight or through a person word and の? */
function cameFromBefore(text: string, tokens: readonly PositionedToken[], i: number): boolean {
  let k = i - 1;
  if (tokens[k]?.token.surface_form === 'の' && isPersonWord(tokens[k - 1]?.token.surface_form ?? '')) k -= 2;
  const end = (tokens[k] as PositionedToken | undefined)?.end ?? 0;
  // The verb's last token ends right before (来+た, 来+てる, 来+とる, 来+ている).
  const before = text.slice(Math.max(0, end - 8), end);
  return (CAME_FROM.test(before) && (tokens[k]?.token.pos === '動詞' || tokens[k]?.token.pos === '助動詞')) || /来日し(?:た|てる|ている)$/u.test(before);
}

/** Verbs and predicates said of people, right after the subject: 言ってた, 辞めた, 話して. */
const PERSON_PREDICATE = /^(?:が|は|も|と|って)、?(?:[^。、]{0,4}?)(?:言[っうえい]|言わ(?!ば)|いう|話[しさ]|喋|しゃべ|怒[っら]|笑[っわ]|泣[いか]|辞め|やめちゃ|休[んま]|教え|手伝|頑張|入社|退職|異動|結婚|出産|産休|育休|来[たてる]|来とる|来ちょ|帰っ|優し|真面目|まじめ|仲[がい良よ]|率い|生まれ|生れ|死去|没し|亡くな|即位|就任|述べ|語[っりら]|暗殺|師事|演じ|出演|指揮|歌[うっい]|作曲|発見|引退|移籍|監督|主演|留学|逮捕|処刑|戦死)/u;

/** Verbs said only of people, for a katakana word kuromoji does not know and that sounds like no
 * listed name (テュレンヌが率いる, …が言ってた); not 来る or 休む (a parcel comes, a service rests). */
const STRONG_PERSON_PREDICATE = /^(?:が|は)、?(?:[^。、]{0,4}?)(?:言[っうえ]|言わ(?!ば)|話し|喋|しゃべ|怒[っら]|笑[っわ]|泣[いか]|辞め|教え|結婚|率い|生まれ|生れ|死去|没し|亡くな|即位|就任|述べ|語[っり]|暗殺|師事|演じ|出演|歌[うっ]|引退|逮捕|処刑|戦死|留学|移籍)/u;

/** What one does only with a person, said with と (…とは仲がいい, …と一緒に働いて, …と付き合って);
 * not 一緒に使う (a tool). */
const PERSON_PARTNER = /^と(?:は|も)?、?(?:[^。、]{0,3}?)(?:仲(?:が|は|も)?(?:いい|良|悪|よ)|一緒に(?:働|仕事|住|暮ら|飲|遊|帰)|結婚|付き合|喧嘩|けんか|揉め)/u;

/** Short katakana words people are called by with an honorific that are no names (ママさん). */
const CALLED_BY_ROLE = new Set(['ママ', 'パパ', 'ボス', 'ベビー', 'ナース', 'シェフ']);
/** Named with an honorific and a naming phrase before a word for a person (…さんっていう子がいて,
 * …くんという新人): people are called so, things are not. */
const NAMED_WITH_HONORIFIC = /^(?:さん|くん|ちゃん)(?:っていう|っつう|っちゅう|という|とかいう|って)(?:子|人|方|奴|やつ|男の子|女の子|学生|新人|後輩|先輩)/u;

/** Introduced as a person: …って、シドニーから来てる人がいて / …って、新しく入った子が. */
const INTRODUCED = /^って、[^。]{0,24}?(?:人|子|方|奴|やつ)(?:が|で|な|だ|です|、)/u;

/** A copula and a pause after a word that says who someone is (…で、, …です, …なんですけど, …。): で
 * alone is a cause or a means as often (インフルで寝てる, パワハラで訴えられた). */
const COPULA_AFTER = /^(?:で[、,]|です|だ[。、よね]|なんです|なんだ|って[、,]|[、。])/u;

/** Is the token at `i` right after a person word and は / が (上司は…, 妻が…)? */
function identifiedPerson(tokens: readonly PositionedToken[], i: number): boolean {
  const particle = tokens[i - 1];
  const who = tokens[i - 2];
  if (particle === undefined || who === undefined || particle.end !== (tokens[i] as PositionedToken).start) return false;
  return (particle.token.surface_form === 'は' || particle.token.surface_form === 'が') && (isPersonWord(who.token.surface_form) || SPOKEN_KIN_WORDS.has(who.token.surface_form));
}

export function speechNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    if (!isKatakanaNoun(t)) continue;
    const prev = tokens[i - 1];
    // Glued to a word before it: the end of a longer word (ケア+マネ, 海外+ファン).
    if (prev !== undefined && prev.end === t.start && prev.token.pos === '名詞') continue;
    const after = text.slice(t.end, t.end + 32);
    // Named as a person with an honorific (…さんっていう子): even a word kuromoji knows (フォン).
    // A loanword kuromoji knows only when short, as foreign given names are (ヘルパーさん is a role).
    const short = t.token.word_type !== 'KNOWN' || t.token.pos_detail_1 === '固有名詞' || [...t.token.surface_form].length <= 3;
    if (short && NAMED_WITH_HONORIFIC.test(after) && !isPersonWord(t.token.surface_form) && !isPersonNoun(t.token.surface_form) && !CALLED_BY_ROLE.has(t.token.surface_form)) {
      out.push({ start: t.start, end: t.end });
      continue;
    }
    // Who a person is, said with a copula: 上司はマルティナで、, 相方がヌワンです (a person word, は or
    // が, then a word that sounds like a name and で、 / です); not a loanword (上司はワンマンで、).
    if (COPULA_AFTER.test(after) && identifiedPerson(tokens, i)) {
      const kind = kanaKind(t);
      if (kind === 'name') {
        out.push({ start: t.start, end: t.end });
        continue;
      }
    }
    if (!SUBJECT_AFTER.test(after)) continue;
    // the costly part (sound keys, ENAMDICT) last, for the few words left
    const kind = kanaKind(t);
    if (kind === null) continue;
    const owned = prev?.token.surface_form === 'の' && isPersonWord(tokens[i - 2]?.token.surface_form ?? '');
    const came = cameFromBefore(text, tokens, i);
    let take: boolean;
    if (kind === 'known') take = came && knownButName(t);
    else if (kind === 'proper') take = came || owned;
    else if (kind === 'unknown') take = came || STRONG_PERSON_PREDICATE.test(after) || PERSON_PARTNER.test(after);
    else take = came || owned || INTRODUCED.test(after) || PERSON_PREDICATE.test(after) || PERSON_PARTNER.test(after);
    if (take) out.push({ start: t.start, end: t.end });
  }
  return out;
}

/** What is said of a person after a given name or surname that kuromoji reads as a word (湊, 誠,
 * 千尋): their work and life events, feelings and company (…が就職した, …と一緒に, …が風邪をひいて).
 * Only a few characters on, with no verb or adjective between (桜が咲く季節に入社した is no name). */
const PERSON_EVENT = /^(?:が|は|も|と)、?(?<gap>[^。、]{0,6}?)(?:言[っうえ]|言わ(?!ば)|話し|喋|しゃべ|怒[っら]|笑[っわ]|泣[いか]|辞め|教え|手伝|頑張|入社|退職|異動|結婚|出産|産休|育休|就職|転職|受か|合格|入学|卒業|生まれ|一緒に|理解者|風邪|熱を出|入院|学校|小学|中学|高校|保育園|幼稚園|[一二三四五六七八九十\d]{1,2}(?:歳|才))/du;
/** A subject's particle, then a noun for what the subject does for a living (…は、看護師やってて,
 * …は保育士をして, …は大工として働いて): a copula alone is said of a goal too (娘の夢は看護師で). */
const IS_PERSON_AFTER = /^(?:は|が|も)、?(?:今|もう|まだ|今は|今年から|春から)?、?(?<what>[\p{Script=Han}々]{2,5})(?:を?やって|をして|として働|で働)/u;
/** Where a sentence starts: nothing, a full stop or comma, a conjunction, a filler. */
const SENTENCE_START_POS = new Set(['記号', '接続詞', 'フィラー', '感動詞']);
const SUBJECT_PARTICLE = new Set(['が', 'は', 'も', 'と']);

/** A one- to three-kanji noun kuromoji knows as a common word that ENAMDICT lists as a given name
 * or surname, said as a person: at the start of a sentence or after a kin, colleague or role word
 * and の, glued to no other noun, and followed by what is said of a person (`PERSON_EVENT`).
 * 母の声が, 将来に希望が持てなくて, 森の中 stay. */
export function kanjiNamesBySaying(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const tag = t.token;
    // Cheap tests first: a noun with a subject or partner particle right after it, then its
    // script and where it stands.
    if (tag.pos !== '名詞' || !SUBJECT_PARTICLE.has(text[t.end] ?? '') || tag.word_type !== 'KNOWN') continue;
    if (tag.pos_detail_1 !== '一般' && tag.pos_detail_1 !== 'サ変接続' && !(tag.pos_detail_1 === '固有名詞' && tag.pos_detail_2 !== '組織')) continue;
    if (!KANJI_NAME.test(tag.surface_form)) continue;
    // A place (拓実, 晴海 are places too) only when ENAMDICT has it as a given name and no surname:
    // towns are surnames (東京, 横浜), and a town is what was meant as often.
    if (tag.pos_detail_2 === '地域' && (nameType(tag.surface_form) & (GIVEN | SURNAME)) !== GIVEN) continue;
    const next = tokens[i + 1];
    if (next !== undefined && next.start === t.end && next.token.pos === '名詞') continue;
    const prev = tokens[i - 1];
    const owned = prev?.token.surface_form === 'の' && isPersonWord(tokens[i - 2]?.token.surface_form ?? '');
    // An action noun (希望, 健康) only after a person word: 将来に希望が持てない.
    if (!owned && (tag.pos_detail_1 === 'サ変接続' || (prev !== undefined && !SENTENCE_START_POS.has(prev.token.pos)))) continue;
    const word = tag.surface_form;
    if (isPersonWord(word) || isPersonNoun(word) || PEOPLE_WORDS.has(word) || (nameType(word) & (GIVEN | SURNAME)) === 0) continue;
    // …said to work as what only a person is, after a person word and の (妹の舞は、看護師やってて)
    const what = owned ? IS_PERSON_AFTER.exec(text.slice(t.end, t.end + 20))?.groups?.['what'] : undefined;
    if (what !== undefined && isPersonNoun(what) && !PEOPLE_WORDS.has(what)) {
      out.push({ start: t.start, end: t.end });
      continue;
    }
    const m = PERSON_EVENT.exec(text.slice(t.end, t.end + 16));
    const gap = m?.indices?.groups?.['gap'];
    if (gap === undefined) continue;
    // No verb or adjective between the name and what is said (桜が咲く季節に入社した).
    if (tokens.some((x) => x.start >= t.end + gap[0] && x.end <= t.end + gap[1] && (x.token.pos === '動詞' || x.token.pos === '形容詞'))) continue;
    out.push({ start: t.start, end: t.end });
  }
  return out;
}

/** The speaker said beside someone as one subject: …と私で / …と僕が, 私と…で (X and I). */
const SPEAKER = /^(?:私|僕|俺|あたし|わたし|自分)$/u;
const AFTER_PAIR = /^(?:で|が|は|も|、|だけ)/u;
/** Animals share a house with the speaker as people do (猫と私で暮らして): ENAMDICT lists 猫 too. */
const ANIMALS = new Set(['猫', '犬']);

/** A given name kuromoji reads as a word, joined by と to the speaker as one subject (湊と私で,
 * 私と翼が): a one- to three-kanji noun ENAMDICT has as a given name, not a word for people, an
 * action noun (希望) or an animal. */
export function namesWithSpeaker(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const tag = t.token;
    if (tag.pos !== '名詞' || !KANJI_NAME.test(tag.surface_form) || tag.pos_detail_1 === 'サ変接続' || tag.pos_detail_1 === '数' || tag.pos_detail_1 === '代名詞') continue;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    // …と私で: the name, と, the speaker, then a subject's particle or で
    const first = after?.token.surface_form === 'と' && SPEAKER.test(tokens[i + 2]?.token.surface_form ?? '') && AFTER_PAIR.test(text.slice((tokens[i + 2] as PositionedToken).end, (tokens[i + 2] as PositionedToken).end + 2));
    // 私と…で: the speaker, と, the name, then the same
    const second = before?.token.surface_form === 'と' && SPEAKER.test(tokens[i - 2]?.token.surface_form ?? '') && AFTER_PAIR.test(text.slice(t.end, t.end + 2));
    if (!first && !second) continue;
    // glued to a noun before it (会社の佐藤翼) the run is another rule's
    if (first && before !== undefined && before.end === t.start && before.token.pos === '名詞') continue;
    const word = tag.surface_form;
    if (isPersonWord(word) || isPersonNoun(word) || PEOPLE_WORDS.has(word) || ANIMALS.has(word) || SPOKEN_KIN_WORDS.has(word) || (nameType(word) & GIVEN) === 0) continue;
    out.push({ start: t.start, end: t.end });
  }
  return out;
}

const HINT = /[\p{Script=Katakana}]/u;
const SPEAKER_PAIR_HINT = /と(?:私|僕|俺|あたし|わたし|自分)|(?:私|僕|俺|あたし|わたし|自分)と/u;

export const SPEECH_NAME_DETECTORS: readonly Detector[] = [
  { source: 'context:speech-name', find: ({ text, tokens }) => (tokens === null || !HINT.test(text) ? [] : speechNames(text, tokens)) },
  { source: 'context:speech-kanji-name', find: ({ text, tokens }) => (tokens === null ? [] : kanjiNamesBySaying(text, tokens)) },
  { source: 'context:name-with-speaker', find: ({ text, tokens }) => (tokens === null || !SPEAKER_PAIR_HINT.test(text) ? [] : namesWithSpeaker(text, tokens)) },
];
