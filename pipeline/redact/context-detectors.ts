/** Detectors that read context and word lists rather than one fixed shape: names after naming
 * phrases (旧姓は…, …と申します, …っていう方), the person-name detectors of `names.ts` (ENAMDICT
 * in context, nicknames, katakana names with ・), English names and titles, schools, clinics and
 * care homes, companies recognised by what is said about them (…の選考, …で人を探してる), long
 * numbers and Japanese addresses in romaji. Every list they use is data (`data/names.json`). */
import type { JaToken, PositionedToken } from '../analyze/tokenizer.js';
import type { Detector, Range } from './detector.js';
import { isAlsoProperNoun, isCommonEnglishWord } from '../analyze/english-words.js';
import { LISTS } from './lists.js';
import { isPersonNoun } from './name-words.js';
import { GIVEN, isDictionaryName, nameType, romajiNameType, SURNAME, UNKNOWN_NAME } from './enamdict.js';
import { NAME_DETECTORS } from './names.js';
import { PERSON_CONTEXT_DETECTORS } from './person-context.js';
import { soundsLikeEnglishWord } from './foreign-names.js';
import { SPEECH_NAME_DETECTORS } from './speech-names.js';
import { CUE_ORG_DETECTORS, CUE_PERSON_DETECTORS } from './cue-names.js';
import { ASIDE_ORG_DETECTORS, ASIDE_PERSON_DETECTORS } from './asides.js';
import { ORGANISATION_DETECTORS } from './organisations.js';
import { UNKNOWN_CAPITAL_DETECTORS } from './unknown-capitals.js';
import { execAll, group, groupsOf, LATIN_UNIT_AFTER, withCapital, withDigit } from './regex.js';
import { firstEndingAfter, tokenAt, tokenCovering, tokenEndingAt, tokensIn } from './token-search.js';

// ---------------------------------------------------------------------------------------------
// helpers

function jaOnly(d: Detector): Detector {
  return { source: d.source, find: (input) => (input.language === 'ja' || input.tokens !== null ? d.find(input) : []) };
}

function isProperName(t: JaToken): boolean {
  return t.pos === '名詞' && t.pos_detail_1 === '固有名詞' && t.pos_detail_2 !== '組織';
}

/** Does this piece of text look like a person's name? Text kuromoji reads as 人名 / another
 * proper noun / an unknown word, or splits into pieces that ENAMDICT knows as one name. */
function looksLikeName(text: string, tokens: readonly PositionedToken[] | null, r: Range): boolean {
  const surface = text.slice(r.start, r.end).replace(/\s+/g, '');
  if (tokens === null) return /^[\p{Script=Han}]{2,4}$/u.test(surface);
  const inside = tokensIn(tokens, r).filter((t) => t.token.pos_detail_1 !== '空白');
  if (inside.length === 0 || inside.some((t) => t.token.pos !== '名詞')) return false;
  if (inside.some((t) => t.token.pos_detail_2 === '人名' || isProperName(t.token) || t.token.word_type === 'UNKNOWN')) return true;
  // A name kuromoji splits into common nouns (栗+山) is one when ENAMDICT knows it; a single
  // common noun (大丈夫, also a name there) is not.
  return inside.length > 1 && isDictionaryName(surface);
}

/** A sentence that is only 平野です: a common noun (一般, two characters or more) that ENAMDICT
 * has as a surname — not 大丈夫です (a given name there), 明日です, 元気です. */
function isSurnameWord(tokens: readonly PositionedToken[] | null, r: Range, surface: string): boolean {
  if (tokens === null || surface.length < 2) return false;
  const inside = tokensIn(tokens, r);
  const only = inside[0];
  return inside.length === 1 && only !== undefined && only.token.pos_detail_1 === '一般' && (nameType(surface) & SURNAME) !== 0;
}

/** Role and kinship words that fill a name's slot in naming phrases but are not names. */
const NOT_NAMES = new Set([
  '営業', '事務', '人事', '総務', '経理', '担当', '担当者', '上司', '部下', '先輩', '後輩', '同期', '課長', '部長', '係長', '主任', '社長', '新人', '中途', '派遣',
  '技術', '企画', '開発', '設計', '本人', '自分', '私', '僕', '俺', '家族', '父', '母', '夫', '妻', '息子', '娘', '友達', '友人', '知人', '相手', '会社', '正社員',
  'コンサルタント', 'カウンセラー', 'キャリアコンサルタント', 'リーダー', 'マネージャー', 'メンバー', 'エンジニア', 'デザイナー', 'パート', 'バイト', 'アルバイト',
]);

const NAME = '[\\p{Script=Han}\\p{Script=Katakana}ー々]{1,5}(?:[\\s・]?[\\p{Script=Han}\\p{Script=Katakana}ー々]{1,5})?';
const TITLES = 'さん|様|さま|くん|君|ちゃん|氏|先生|部長|課長|係長|主任|社長|室長|所長|店長|次長|本部長|支店長';

// ---------------------------------------------------------------------------------------------
// PERSON (Japanese): naming phrases

/** 旧姓は吉村で / 名前は大野 健太 / お名前：…  — a label, then the name. */
const NAME_END = '(?=です|でした|で|って|と|に|、|。|\\s|$|さん|くん|ちゃん|という|っていう|ね|よ|から|なん|だ)';
const NAME_LABEL_RE = new RegExp(`(?:旧姓|苗字|名字|お名前|名前|氏名|フルネーム)\\s?(?:は|が|:|を)\\s?(?<v>${NAME})${NAME_END}`, 'gdu');
/** 本名は… / 通称「…」 / あだ名は…: a label for a kind of personal name, not the end of a longer
 * kanji word (番号は, 記号は), then the name, alone or in quotes. */
const NAME_KIND_RE = new RegExp(
  `(?<![\\p{Script=Han}\\p{N}])(?:本名|通称|愛称|あだ名|幼名|法名|戒名|諱|号|初名|芸名|筆名|俳号|雅号|ペンネーム|呼び名|ニックネーム)(?:は|:)?\\s?(?:[「『“](?<q>${NAME})[」』”]|(?<=は|:)(?<v>${NAME})${NAME_END})`,
  'gdu',
);
/** 本名…なんで / 旧姓…です: the label glued to the name, said with a copula; the name must read as
 * one (ENAMDICT's name, or a proper or unknown word: 本名非公開です stays). */
const NAME_GLUED_RE = new RegExp(`(?<![\\p{Script=Han}\\p{N}])(?:本名|旧姓)(?<v>${NAME})(?=な(?:ん|の)|です|だ[。よけ]|で[、。])`, 'gdu');
const NAME_KIND_HINT = /本名|通称|愛称|あだ名|幼名|法名|戒名|諱|号|初名|芸名|筆名|俳号|雅号|ペンネーム|呼び名|ニックネーム/u;
/** A number of things or people (二人, 三つ, 五回). */
const COUNT_RE = /^[〇一二三四五六七八九十百千万何]+(?:人|つ|回|件|個|社|歳|才|年|名)$/u;
/** A sentence that is only a name and です: お待たせしました。平野です。 */
const NAME_SENTENCE_RE = new RegExp(`(?<=^|[。！？!?、\\s])(?<v>${NAME})です(?=[。！!\\s]|$)`, 'gdu');
/** Self-introductions: カウンセラーの西です / 三浦と申します / 三浦って呼んでください. */
const INTRO_RE = new RegExp(
  `(?:コンサルタント|カウンセラー|担当|担当者|講師)の\\s?(?<v>${NAME})(?:です|と申します|でございます|といいます)|(?<w>${NAME})(?:と申します|と申す|って呼んで|と呼んで|ってよんで)`,
  'gdu',
);
/** 中川っていう、… / 伊藤っていう子 / 高木課長っていうんですけど / 吉田という者. */
const CALLED_RE = new RegExp(
  `(?<v>${NAME}?)(?:${TITLES})?(?:っていう|という|って言う|と言う)(?:んですけど|んですが|んだけど|方|人|子|男|女|者|先輩|後輩|同期|上司|部下|[、,])`,
  'gdu',
);

/** …っていうインドネシアの研修生 / …っていう地元の選手: a name, a naming phrase, where the person is
 * from and の, then a word for a person — said of people only, so the name needs no other proof
 * (a foreign given name kuromoji reads as a word). Where they are from is a place kuromoji knows
 * (地域) or a word of `HOME_WORDS`: 会社の人, 国の人 name no one. */
const CALLED_FROM_RE = new RegExp(
  `(?<![\\p{Script=Han}\\p{Script=Katakana}ー々])(?<v>${NAME})(?:っていう|という|とかいう|っつう|っちゅう)(?<from>[\\p{Script=Han}\\p{Script=Katakana}ー]{1,8})の(?:研修生|実習生|留学生|学生|選手|新人|同僚|後輩|先輩|上司|部下|同期|友達|友人|男の子|女の子|人|子|男|女)`,
  'gdu',
);
const HOME_WORDS = new Set(['地元', '近所', '同郷', '同い年', '年下', '年上']);
const KATAKANA_WORD_RE = /^[\p{Script=Katakana}ー]+$/u;

const NAME_LABEL_HINT = /旧姓|苗字|名字|名前|氏名|フルネーム/u;
const INTRO_HINT = /申し|申す|呼んで|よんで|コンサルタント|カウンセラー|担当|講師/u;
const CALLED_HINT = /いう|言う/u;

const namingPhrases: Detector = {
  source: 'context:naming',
  find: ({ text, tokens }) => {
    const out: Range[] = [];
    for (const r of groupsOf(NAME_LABEL_RE, text, 'v', NAME_LABEL_HINT)) {
      if (!NOT_NAMES.has(text.slice(r.start, r.end))) out.push(r);
    }
    for (const m of NAME_KIND_HINT.test(text) ? execAll(NAME_KIND_RE, text) : []) {
      const r = group(m, 'v') ?? group(m, 'q');
      if (r !== null && !NOT_NAMES.has(text.slice(r.start, r.end))) out.push(r);
    }
    for (const r of /本名|旧姓/u.test(text) ? groupsOf(NAME_GLUED_RE, text, 'v') : []) {
      const name = text.slice(r.start, r.end);
      if (!NOT_NAMES.has(name) && ((nameType(name) & (GIVEN | SURNAME)) !== 0 || looksLikeName(text, tokens, r))) out.push(r);
    }
    for (const m of INTRO_HINT.test(text) ? execAll(INTRO_RE, text) : []) {
      const r = group(m, 'v') ?? group(m, 'w');
      if (r !== null && !NOT_NAMES.has(text.slice(r.start, r.end))) out.push(r);
    }
    for (const r of text.includes('です') ? groupsOf(NAME_SENTENCE_RE, text, 'v') : []) {
      const surface = text.slice(r.start, r.end);
      // A number said alone (三十五です: an age) is no name.
      if (NOT_NAMES.has(surface) || /^[〇一二三四五六七八九十百千万]+$/u.test(surface)) continue;
      // Nor a count (二人です) or what a person is (…師です, …士です).
      if ((COUNT_RE.test(surface) || isPersonNoun(surface))) continue;
      if (looksLikeName(text, tokens, r) || isSurnameWord(tokens, r, surface)) out.push(r);
    }
    for (const m of CALLED_HINT.test(text) ? execAll(CALLED_FROM_RE, text) : []) {
      const r = group(m, 'v');
      const from = group(m, 'from');
      if (r === null || from === null || tokens === null) continue;
      const fromWord = text.slice(from.start, from.end);
      const place = tokensIn(tokens, from);
      const fromPlace = HOME_WORDS.has(fromWord) || (place.length > 0 && place.every((t) => t.token.pos_detail_2 === '地域'));
      const name = text.slice(r.start, r.end);
      const nameTokens = tokensIn(tokens, r);
      // A word kuromoji knows reads as a name only when it is katakana and ENAMDICT has it as a
      // name (ラン, ポン); a common noun else says what the person is (技能実習生, ハーフ, 先生).
      const readsAsName = nameTokens.every((t) => t.token.pos_detail_1 === '固有名詞' || t.token.word_type === 'UNKNOWN') || (KATAKANA_WORD_RE.test(name) && (nameType(name) & (GIVEN | SURNAME)) !== 0);
      if (fromPlace && readsAsName && !NOT_NAMES.has(name) && !isPersonNoun(name) && !nameTokens.some((t) => t.token.pos_detail_2 === '地域' || t.token.pos !== '名詞')) out.push(r);
    }
    for (const r of groupsOf(CALLED_RE, text, 'v', CALLED_HINT)) {
      if (r.end <= r.start) continue;
      // The name run may have swallowed a noun before it (上司の高木 → の breaks it, but 部長高木
      // does not): keep it only when it reads as a name.
      if (!NOT_NAMES.has(text.slice(r.start, r.end)) && looksLikeName(text, tokens, r)) out.push(r);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// PERSON (English and romaji)

/** A capitalised word, accented letters included (Tomás is one word, not Tom + ás). */
const LATIN_WORD = /(?<![\p{Script=Latin}'’-])[A-Z][\p{Ll}]+(?:[-'’][A-Z]?\p{Ll}+)?(?![\p{Script=Latin}])/gu;
/** Cues after which a capitalised word is a person: my wife Keiko, my manager, Linda Park. */
/** The people a speaker's my/our/his… names: kin and colleagues (the cues of both regexes). */
const EN_CUE_PEOPLE =
  'wife|husband|partner|son|daughter|kid|sister|brother|mother|mom|mum|father|dad|manager|boss|supervisor|colleague|coworker|co-worker|friend|mentor|lead|teammate' +
  // kin and friends said in speech (issue 13: "my mate …", "my cousin …")
  '|mate|buddy|pal|cousin|uncle|aunt|auntie|niece|nephew|girlfriend|boyfriend|fiancé|fiancée|fiance|fiancee|flatmate|roommate|housemate|grandma|grandpa|grandmother|grandfather|stepdad|stepmum|stepmom';
const EN_CUE_RE = new RegExp(
  `\\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\\s(?:${EN_CUE_PEOPLE}|director|doctor|GP|therapist|counsellor|counselor)(?:-in-law)?(?:,)?\\s(?<v>[A-Z][a-z]+(?:\\s[A-Z][a-z]+)?)`,
  'gdu',
);
/** A person introduced by what they are and called / named (a friend called …, this guy named …). */
const EN_CALLED_PERSON_RE = new RegExp(
  `\\b(?:[Aa]n?|[Oo]ne|[Tt]his|[Tt]hat|[Tt]he|[Mm]y|[Oo]ur)\\s(?:new\\s|old\\s)?(?:${EN_CUE_PEOPLE}|guy|girl|woman|man|lady|bloke|fella|person|neighbour|neighbor|teacher|doctor|recruiter|student|intern)\\s(?:called|named)\\s(?<v>[A-Z][a-z]+(?:\\s[A-Z][a-z]+)?)`,
  'gdu',
);
/** The same cues before a name written in lower case (a transcriber's "my friend ayumi"): only a
 * Japanese name part in romaji (ENAMDICT) that the English dictionary does not know. */
const EN_CUE_LOWER_RE = new RegExp(`\\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\\s(?:${EN_CUE_PEOPLE})(?:,)?\\s(?<v>[a-z]{3,})\\b`, 'gdu');
const EN_INTRO_RE = /\b(?:I'm|I am|my name is|this is|call me|name's|named|called)\s(?<v>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?<after>,?\s(?:your|from|here|speaking))?/gdu;
/** What someone asks to be called or says their name is: the capitalised word after it is a name
 * whatever the dictionary says of it (Call me Marc, my name's Rob). */
const EN_CALL_ME_RE = /\b(?:[Cc]all me|[Mm]y name is|[Mm]y name's|[Ee]veryone calls me|[Pp]eople call me)\s(?<v>[A-Z][a-z]+)\b/gdu;
/** Spoken titles before a surname or given name (Coach Petrovic, Professor Ishida, Nurse Ama): the
 * word after must be no common word (Coach Class, Father Christmas stay). */
const EN_SPOKEN_TITLE_RE = /\b(?:Coach|Professor|Captain|Officer|Nurse|Sister|Father|Judge|Chef|Sergeant|Detective|Principal|Pastor|Rabbi|Imam|Auntie|Uncle)\s(?<v>[A-Z][\p{Ll}]+(?:-[A-Z]?\p{Ll}+)?)/gdu;
const JA_SUFFIX_LATIN_RE = /(?<![A-Za-z])(?<v>[A-Z][a-z]+)-(?:san|sama|kun|chan|sensei|senpai|bucho|kacho)\b/gdu;

/** An English given name from the list, or a Japanese name part in romaji (ENAMDICT) that the
 * English dictionary does not know at all (Sakamoto, Yuko; not Kobe, Honda, Fine, Mine). */
function isLatinName(word: string): boolean {
  if (LISTS.latinNames.has(word)) return true;
  // An accented word (Tomás, José, Zoë): a name when its plain letters are a listed name, or a
  // proper noun the English dictionary knows and no common word (Tomas; not Café).
  const plain = word.normalize('NFD').replace(/\p{M}/gu, '');
  if (plain !== word) return LISTS.latinNames.has(plain) || (isAlsoProperNoun(plain.toLowerCase()) && !isCommonEnglishWord(plain.toLowerCase()));
  return isRomajiName(word);
}

/** A Japanese name part in romaji (ENAMDICT), three letters or more, that the English dictionary
 * does not know at all. */
function isRomajiName(word: string): boolean {
  const lower = word.toLowerCase();
  return word.length >= 3 && (romajiNameType(word) & (SURNAME | GIVEN)) !== 0 && !isCommonEnglishWord(lower) && !isAlsoProperNoun(lower);
}

const EN_NAME = "(?<v>[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)";
/** Where a capitalised word is said of a person: between commas before he/she/who ("One of my
 * reports, Priyesh, he's…"; also after But/And/So, in a sentence too: "But Dev, he's…", "and Tafadzwa, she is six"), owning a team or a relative ("Priya's team"), or alone as a
 * sentence followed by what the person is ("Ha. Hendricks. Great guy.", "… She …"). */
const EN_APPOSITION_RE = new RegExp(`(?:,\\s|\\b(?:[Bb]ut|[Aa]nd|So|Now|Then|Well),?\\s)${EN_NAME},\\s(?:he|she|who)\\b`, 'gdu');
/** A name said, then who the person is: "So Aoife, that's my partner", "Kemal, my flatmate, …". */
const EN_APPOSITION_KIN_RE = new RegExp(
  `(?:^|[.!?]\\s+|,\\s|\\b(?:But|And|So|Now|Then|Well|Oh),?\\s)${EN_NAME},\\s(?:(?:that's|that is|who's|he's|she's)\\s)?(?:my|our)\\s(?:${EN_CUE_PEOPLE})\\b`,
  'gdu',
);
/** EN_NAME without a Japanese honorific after a hyphen (Sato-san: the honorific stays outside). */
const EN_NAME_BARE = "(?<v>[A-Z][a-z]+(?:[-'’](?!(?:san|sama|kun|chan|sensei|senpai)\\b)[A-Z]?[a-z]+)?)";
/** A name as the subject of a verb of saying, said of people: "Tunde reckons …", "Siobhan told me". */
const EN_SAYS_RE = new RegExp(`(?<![A-Za-z'’-])${EN_NAME_BARE}(?:-(?:san|sama|kun|chan|sensei|senpai))?\\s(?:said|says|told|tells|asked|asks|reckons|reckoned|texted|messaged|emailed|rang|mentioned|suggested|warned|promised|keeps\\stelling)\\b`, 'gdu');
/** A name placed by where the person works: "Priyanka from accounts", "Dariusz at work". */
const EN_FROM_WORK_RE = new RegExp(`(?<![A-Za-z'’-])${EN_NAME_BARE}(?:-(?:san|sama|kun|chan|sensei|senpai))?\\s(?:from|at|in)\\s(?:work|the office|my team|our team|accounts|accounting|finance|HR|payroll|IT|sales|marketing|legal|ops|operations|procurement|logistics|the\\s(?:[A-Z]\\p{L}+\\s){1,2}(?:office|team|branch))\\b`, 'gdu');
/** A person named between commas after who they are to the speaker, however long that is said
 * ("My old boss at the Moncton club, Jean-Guy Arsenault, texted me"): one or two capitalised words. */
const EN_CUE_APPOSITION_RE = new RegExp(
  `\\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\\s(?:old\\s|new\\s|former\\s|first\\s)?(?:${EN_CUE_PEOPLE})\\b[^,.!?]{1,40},\\s(?<v>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\\s[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?),`,
  'gdu',
);
/** A name said, then who the person is with "the", closed by a pause ("Rosalind, the wife, …":
 * speech's the for my; not "likes Yokohama, our son's school"), or
 * who the person is in a phrase of lower-case words before the name and a he/she after it ("my
 * sous chef Kasun, he is…", "our night manager Oyelaran, she…"). */
const EN_APPOSITION_THE_RE = new RegExp(`(?<![A-Za-z'’-])${EN_NAME},\\s(?:the|the\\sold)\\s(?:${EN_CUE_PEOPLE}|missus|missis|wife|hubby|ex)(?=,|\\.|\\s(?:and|we|he|she)\\b)`, 'gdu');
const EN_ROLE_THEN_NAME_RE = new RegExp(`\\b(?:[Mm]y|[Oo]ur)\\s(?:[a-z]+\\s){1,3}${EN_NAME},?\\s(?:he|she|he's|she's|who)\\b`, 'gdu');
/** A name as the object of a verb said of people, the phrase closed after it: "I told Wojciech
 * about it", "we hired Oyelaran last year" (not "emailed Jira support"). */
const EN_TOLD_RE = new RegExp(`\\b(?:told|asked|texted|messaged|emailed|rang|phoned|met|hired|fired|promoted|thanked|married|invited|introduced)\\s${EN_NAME_BARE}(?=\\s(?:about|that|to|if|whether|what|how|when|why|for|and|last|yesterday|today|again|once|at|in|on|from)\\b|[,.!?;]|$)`, 'gdu');
/** The speaker and someone, said as the subject: "me and Dariusz", "Dariusz and I". */
const EN_ME_AND_RE = new RegExp(`\\b[Mm]e\\sand\\s${EN_NAME}\\b`, 'gdu');
const EN_AND_ME_RE = new RegExp(`(?<![A-Za-z'’-])${EN_NAME}\\sand\\s(?:I|me)\\b`, 'gdu');
const EN_OWNER_RE = new RegExp(
  `(?<![A-Za-z])${EN_NAME}['’]s\\s(?:old\\s|new\\s)?(?:team|group|manager|boss|reports|wife|husband|partner|kids|son|daughter|family|mom|mum|dad|replacement|successor|predecessor|desk|promotion)\\b`,
  'gdu',
);
const EN_ALONE_RE = new RegExp(`(?<=^|[.!?]\\s+)${EN_NAME}[.!?]\\s+(?:(?:He|She)\\b|(?:[A-Z][a-z]+\\s)?(?:guy|man|woman|lady|person|boss|manager|fellow)\\b)`, 'gdu');

/** In a person context a capitalised word is a name when the English dictionary does not know it
 * in lower case (Priya, Hendricks; not Google, Slack) — alone as a sentence, it must also be
 * listed capitalised there (Hendricks, not Haha or Oof). */
/** Words the English dictionary lacks that are said where a name could stand and are none:
 * interjections ("Ok, my boss agreed") and Japanese titles in romaji ("Senpai told me"). */
const EN_NOT_NAMES = new Set(['Ok', 'Okay', 'Um', 'Umm', 'Hmm', 'Erm', 'Uh', 'Yeah', 'Yep', 'Nope', 'Senpai', 'Sempai', 'Sensei', 'Kacho', 'Kachou', 'Bucho', 'Buchou', 'Shacho', 'Shachou', 'Tencho', 'Tenchou']);

/** A capitalised word the dictionaries do not know as a common word (Priya, Hendricks; not
 * Google, Slack, Ok), or a listed given name. */
function unknownCapitalised(word: string): boolean {
  return !LISTS.enCommonCapitalised.has(word) && !EN_NOT_NAMES.has(word) && (isLatinName(word) || !isCommonEnglishWord(word.toLowerCase()));
}

function contextualEnglishNames(text: string): Range[] {
  const unknown = unknownCapitalised;
  const out: Range[] = [];
  for (const re of [EN_APPOSITION_RE, EN_APPOSITION_KIN_RE, EN_APPOSITION_THE_RE, EN_ROLE_THEN_NAME_RE, EN_ME_AND_RE, EN_AND_ME_RE, EN_TOLD_RE, EN_SAYS_RE, EN_FROM_WORK_RE, EN_OWNER_RE]) for (const r of groupsOf(re, text, 'v')) if (unknown(text.slice(r.start, r.end))) out.push(r);
  for (const r of groupsOf(EN_ALONE_RE, text, 'v')) {
    const word = text.slice(r.start, r.end);
    if (unknown(word) && (isLatinName(word) || isAlsoProperNoun(word.toLowerCase()))) out.push(r);
  }
  return out;
}

function capitalisedWords(text: string): Array<{ word: string; start: number; end: number }> {
  return execAll(LATIN_WORD, text).map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

const PLACE_NOUN_AFTER = /^\s(?:region|area|prefecture|city|town|station|district|ward|airport)\b/u;
const PLACE_PREPOSITION_BEFORE = /\b(?:in|near|around)\s$/u;

const englishNames: Detector = {
  source: 'list:latin-name',
  find: ({ text }) => {
    const out: Range[] = [];
    const words = capitalisedWords(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as { word: string; start: number; end: number };
      const next = words[i + 1];
      const adjacentNext = next !== undefined && /^\s$/u.test(text.slice(w.end, next.start)) && !LISTS.enCommonCapitalised.has(next.word) ? next : undefined;
      const listed = isLatinName(w.word);
      const ambiguous = LISTS.latinAmbiguousNames.has(w.word) && adjacentNext !== undefined && isLatinName(adjacentNext.word) === false && /^[A-Z][a-z]{2,}$/u.test(adjacentNext.word);
      if (!listed && !ambiguous) continue;
      // A romaji word before a word for a place (Kansai region, Umeda station) names the place;
      // a listed English name there is still a person (Kelly area manager, Sarah district office).
      if (adjacentNext === undefined && !LISTS.latinNames.has(w.word) && PLACE_NOUN_AFTER.test(text.slice(w.end, w.end + 16))) continue;
      // …and after in / near / around it is a place (maybe in Kochi; not in Sato's team); a listed
      // English name stays.
      if (adjacentNext === undefined && !LISTS.latinNames.has(w.word) && PLACE_PREPOSITION_BEFORE.test(text.slice(Math.max(0, w.start - 8), w.start)) && !/^['’]s\b/u.test(text.slice(w.end, w.end + 3))) continue;
      // Glued after a capital and a dot it ends an abbreviation (B.Ed, M.Sc); said twice, the
      // second time in lower case, it is a phrase of another language (Pole pole, Sawa sawa).
      if (/[A-Z]\.$/u.test(text.slice(Math.max(0, w.start - 2), w.start)) || text.startsWith(` ${w.word.toLowerCase()}`, w.end)) continue;
      // "Linda Park": the capitalised word after a listed given name is the surname.
      if (adjacentNext !== undefined) {
        out.push({ start: w.start, end: adjacentNext.end });
        i++;
      } else out.push({ start: w.start, end: w.end });
    }
    // a friend called Tomasz, this guy named Eamon Doyle: a person word, then called / named
    for (const r of groupsOf(EN_CALLED_PERSON_RE, text, 'v')) if (!LISTS.enCommonCapitalised.has(text.slice(r.start, r.end).split(' ')[0] ?? '')) out.push(r);
    for (const m of execAll(EN_CUE_RE, text)) {
      const r = group(m, 'v');
      if (r === null) continue;
      const first = text.slice(r.start, r.end).split(' ')[0] ?? '';
      // After a capitalised pronoun ("Our lead Developer left") the speaker's transcriber may
      // capitalise any word: there it must be no common one.
      const capitalPronoun = /^[A-Z]/u.test(m[0]);
      if (!LISTS.enCommonCapitalised.has(first) && (!capitalPronoun || unknownCapitalised(first))) out.push(r);
    }
    for (const r of groupsOf(EN_CUE_LOWER_RE, text, 'v')) {
      const word = text.slice(r.start, r.end);
      if (isRomajiName(word)) out.push(r);
    }
    for (const r of groupsOf(EN_CUE_APPOSITION_RE, text, 'v')) if (unknownCapitalised(text.slice(r.start, r.end).split(' ')[0] ?? '')) out.push(r);
    for (const r of groupsOf(EN_CALL_ME_RE, text, 'v')) if (!LISTS.enCommonCapitalised.has(text.slice(r.start, r.end))) out.push(r);
    for (const r of groupsOf(EN_SPOKEN_TITLE_RE, text, 'v')) {
      const w = text.slice(r.start, r.end);
      // a proper noun the dictionary knows (Father Christmas) is no one's name here
      if (unknownCapitalised(w) && (isLatinName(w) || !isAlsoProperNoun(w.toLowerCase()))) out.push(r);
    }
    for (const m of execAll(EN_INTRO_RE, text)) {
      const r = group(m, 'v');
      if (r === null) continue;
      const first = text.slice(r.start, r.end).split(' ')[0] ?? '';
      if (LISTS.enCommonCapitalised.has(first)) continue;
      if (group(m, 'after') !== null || isLatinName(first)) out.push(r);
    }
    out.push(...groupsOf(JA_SUFFIX_LATIN_RE, text, 'v'), ...contextualEnglishNames(text));
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// ORG: schools, clinics, hospitals, care homes

const FACILITY_RE = new RegExp(
  `(?<name>[\\p{Script=Han}\\p{Script=Katakana}\\p{Script=Hiragana}ー々・A-Za-z0-9]{1,16}?)(?:${LISTS.facilitySuffixes.join('|')})(?![\\p{Script=Han}\\p{Script=Katakana}])`,
  'gdu',
);
/** Where a facility's name starts: after a particle, punctuation or a space. */
const NAME_START = /^.*[のはがをにでもへや、。「」\s]/u;

/** A matched name run without what the run swallowed before it (up to its last particle or
 * punctuation): where the name starts, and the name. */
function withoutNameStart(text: string, r: Range): { start: number; name: string } {
  const cut = NAME_START.exec(text.slice(r.start, r.end));
  const start = r.start + (cut === null ? 0 : cut[0].length);
  return { start, name: text.slice(start, r.end) };
}
/** Hiragana endings of verbs and adjectives (通ってる病院, 大きい病院): not names. */
const INFLECTED_END = /[るたいなくうだすつぬむてでしじ]$/u;

function stripGeneric(name: string): string {
  let rest = name;
  for (let changed = true; changed && rest !== ''; ) {
    changed = false;
    for (const g of LISTS.genericFacilityNames) {
      if (rest.startsWith(g) && rest.length > 0) {
        rest = rest.slice(g.length);
        changed = true;
      }
    }
  }
  return rest;
}

const FACILITY_HINT = new RegExp(LISTS.facilitySuffixes.join('|'), 'u');

function isNameNoun(t: JaToken): boolean {
  return t.pos === '名詞' && t.pos_detail_1 !== '非自立' && t.pos_detail_1 !== '代名詞' && t.pos_detail_1 !== '数';
}
const NOT_PLACE_NAMES = new Set(['となり', 'こちら', 'そちら', 'あちら', 'どちら', 'みんな']);

/** With morphemes, where a facility's name starts: the nouns right before the suffix, so a kana
 * name with particle letters in it stays whole (もみじ, はなみずき), and a kana word joined by の
 * at the start of a phrase comes along (みどりの森幼稚園, こころのクリニック). Null when no noun
 * precedes it. */
function nameStartByTokens(tokens: readonly PositionedToken[], suffixStart: number): number | null {
  let i = tokens.findIndex((t) => t.end > suffixStart) - 1;
  if (i < -1) i = tokens.length - 1;
  const straddles = tokens[i + 1]?.start !== undefined && (tokens[i + 1] as PositionedToken).start < suffixStart;
  if (straddles) i++;
  let first: PositionedToken | null = null;
  for (let at = straddles ? (tokens[i] as PositionedToken).end : suffixStart; i >= 0; i--) {
    const t = tokens[i] as PositionedToken;
    if (t.end !== at || !isNameNoun(t.token)) break;
    first = t;
    at = t.start;
  }
  const no = tokens[i];
  const word = tokens[i - 1];
  const before = tokens[i - 2];
  if (no?.token.surface_form === 'の' && word !== undefined && isNameNoun(word.token) && /^[\p{Script=Hiragana}]{3,}$/u.test(word.token.surface_form) && !NOT_PLACE_NAMES.has(word.token.surface_form) && (before === undefined || before.token.pos === '記号' || before.token.pos === '助詞')) return word.start;
  return first === null ? null : first.start;
}

/** Past the adverbs and time nouns (一度, 来年, 今年, 近く) that start [start, end) — at most four
 * tokens, the few a phrase puts before a kind of facility; a time noun that is also a name
 * (万代) stays. */
function afterTimeWords(tokens: readonly PositionedToken[], start: number, end: number): number {
  let i = tokenAt(tokens, start);
  for (let k = 0; i >= 0 && k < 4; k++, i++) {
    const t = tokens[i];
    // A time noun ENAMDICT has as a name (万代+メンタルクリニック) may be the name itself.
    if (t === undefined || t.end > end || !(t.token.pos === '副詞' || (t.token.pos_detail_1 === '副詞可能' && nameType(t.token.surface_form) === 0))) break;
    start = t.end;
  }
  return start;
}

/** Words that open a phrase but no name (あの, そこの, まだ, ほら). */
const NOT_NAME_OPENERS = new Set(['連体詞', '接続詞', '副詞', '感動詞']);

/** A facility named in hiragana that kuromoji reads as verbs, auxiliaries or fillers (かも+じ+ま
 * 保育園, はなさ+き幼稚園), said after a pause: the whole run of three to eight kana from the pause
 * to the suffix, when it does not start with a word that opens a phrase (あの, そこの), end in a
 * particle or read as a verb or adjective that describes the facility (通ってる, あたらしい). */
function kanaNameAfterPause(text: string, tokens: readonly PositionedToken[], suffixStart: number): number | null {
  const run = /(?<!\p{Script=Hiragana})\p{Script=Hiragana}{3,8}$/u.exec(text.slice(Math.max(0, suffixStart - 9), suffixStart));
  if (run === null) return null;
  const start = suffixStart - run[0].length;
  if (start > 0 && !/[、。「」\s,]/u.test(text[start - 1] ?? '')) return null;
  const inside = tokensIn(tokens, { start, end: suffixStart });
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (first === undefined || last === undefined || first.start !== start || last.end !== suffixStart) return null;
  if (NOT_NAME_OPENERS.has(first.token.pos) || first.token.pos_detail_1 === '代名詞' || last.token.pos === '助詞' || INFLECTED_END.test(run[0])) return null;
  return start;
}

const NAME_BEFORE = /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々]{2,10}$/u;
/** The name right before a suffix or department at `at` (up to 10 characters, started by
 * morphemes or the last particle) and its core without generic words; null when there is none
 * or it is generic (内科, 近くの). */
function nameBefore(text: string, tokens: readonly PositionedToken[] | null, at: number): { start: number; core: string } | null {
  const before = NAME_BEFORE.exec(text.slice(0, at));
  if (before === null) return null;
  const byTokens = tokens === null ? null : nameStartByTokens(tokens, at);
  const cut = withoutNameStart(text, { start: at - before[0].length, end: at });
  const start = byTokens === null ? cut.start : Math.max(at - before[0].length, Math.min(byTokens, cut.start));
  const core = stripGeneric(text.slice(start, at));
  if (core.length < 2 || LISTS.genericFacilityNames.has(core) || (byTokens === null && INFLECTED_END.test(core))) return null;
  return { start, core };
}

const FACILITY_KINDS = new Set(LISTS.facilitySuffixes);
const facilities: Detector = {
  source: 'context:facility',
  find: ({ text, tokens }) => {
    const out: Range[] = [];
    for (const m of FACILITY_HINT.test(text) ? execAll(FACILITY_RE, text) : []) {
      const r = group(m, 'name');
      if (r === null) continue;
      // The morphemes only move the start left (kuromoji cuts unknown kana names apart: みなと
      // → みな + と); without a noun before the suffix the text's own test decides.
      const byTokens = tokens === null ? null : (nameStartByTokens(tokens, r.end) ?? kanaNameAfterPause(text, tokens, r.end));
      const cut = withoutNameStart(text, r);
      let start = byTokens === null ? cut.start : Math.max(r.start, Math.min(byTokens, cut.start));
      // A time or an adverb before the kind is no name (来年+小学校, 一度+病院で診て): the name
      // starts after it.
      if (tokens !== null) start = afterTimeWords(tokens, start, r.end);
      const name = text.slice(start, r.end);
      if (name === '' || (byTokens === null && INFLECTED_END.test(name)) || /^[\p{Script=Hiragana}]{1,2}$/u.test(name)) continue;
      const core = stripGeneric(name);
      if (core.length === 0 || LISTS.genericFacilityNames.has(core) || /^[\p{Script=Hiragana}]+$/u.test(core) && core.length < 3) continue;
      // The name and the suffix are a kind of their own (大+学院 is 大学院): nothing is named.
      if (FACILITY_KINDS.has(text.slice(start, m.index + m[0].length))) continue;
      out.push({ start, end: m.index + m[0].length });
    }
    return out;
  },
};

/** A facility with its branch after it (こころのクリニック恵比寿, ポリテクセンター中部, さくら歯科
 * 新宿院): the suffix, or センター / アカデミー / スクール, then a place — a word kuromoji tags 地域 or
 * ENAMDICT has as a surname (most place names are), a region (中部, 北部) or a branch word (…院,
 * …校, 駅前) — then a particle or a pause. Not 大学時代, 病院勤務, クリニック受付. */
const FACILITY_BRANCH_RE = new RegExp(
  `(?:${LISTS.facilitySuffixes.join('|')}|センター|アカデミー|スクール)(?<branch>[\\p{Script=Han}\\p{Script=Katakana}ー々]{2,6}?)(?=[のにではがをもへと、。\\s]|$)`,
  'gdu',
);
const BRANCH_WORD = /^(?:[東西南北中][部央]|.{1,4}(?:院|校|教室|店|駅前))$/u;
const FACILITY_BRANCH_HINT = new RegExp(`${LISTS.facilitySuffixes.join('|')}|センター|アカデミー|スクール`, 'u');

function isBranchPlace(text: string, tokens: readonly PositionedToken[] | null, r: Range): boolean {
  const branch = text.slice(r.start, r.end);
  if (BRANCH_WORD.test(branch)) return true;
  if (tokens === null) return false;
  const inside = tokensIn(tokens, r);
  if (inside.length === 0 || inside[0]?.start !== r.start || inside.some((t) => t.token.pos !== '名詞' || t.token.pos_detail_1 === 'サ変接続')) return false;
  return inside.some((t) => t.token.pos_detail_2 === '地域') || (nameType(branch) & (SURNAME | UNKNOWN_NAME)) !== 0;
}

const facilityBranches: Detector = {
  source: 'context:facility-branch',
  find: ({ text, tokens }) => {
    const out: Range[] = [];
    for (const m of FACILITY_BRANCH_HINT.test(text) ? execAll(FACILITY_BRANCH_RE, text) : []) {
      const branch = group(m, 'branch');
      if (branch === null || !isBranchPlace(text, tokens, branch)) continue;
      const named = nameBefore(text, tokens, m.index);
      if (named === null || /^[\p{Script=Hiragana}]+$/u.test(named.core) && named.core.length < 3) continue;
      out.push({ start: named.start, end: branch.end });
    }
    return out;
  },
};

/** A place named by its kind said after it (なごみの郷っていうデイサービス, ひかりの里いうとこに): the
 * words since the last pause when they are few, else the nouns before the cue. Not そういうとこ. */
const KIND_AFTER_RE = /(?<name>[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々・]{2,16}?)(?:っていう|という|って|いう)(?:デイサービス|施設|老人ホーム|ホーム|病院|クリニック|保育園|幼稚園|学校|塾|教室|とこ(?:ろ)?(?=に(?:申し込|入|通|預け|行)|の[^、。]{0,8}?(?:さん|担当)))/gdu;
/** A kind, not a name (老人ホームっていう施設, 保育園っていうとこ). */
const KIND_WORD_END = new RegExp(`(?:${LISTS.facilitySuffixes.join('|')}|ホーム|施設|センター|デイサービス|サービス|塾|教室)$`, 'u');
const KIND_AFTER_HINT = /(?:いう|って)(?:デイ|施設|老人|ホーム|病院|クリニック|保育|幼稚|学校|塾|教室|とこ)/u;
const NOT_KIND_NAMES = /^(?:そう|こう|ああ|どう|そ|こ|あ|ど)$/u;
/** The start of the words before `end` since the last particle other than の (at most ten
 * characters back, not before `floor`), or null. */
function startAfterParticle(tokens: readonly PositionedToken[], end: number, floor: number): number | null {
  let start: number | null = null;
  // The last token ending at or before `end` (binary search), then at most ten characters back.
  for (let i = firstEndingAfter(tokens, end - 1) - (tokenEndingAt(tokens, end) === undefined ? 1 : 0); i >= 0; i--) {
    const t = tokens[i] as PositionedToken;
    if (t.end > end) continue;
    if (t.start < floor || end - t.start > 10 || (t.token.pos === '助詞' && t.token.surface_form !== 'の') || t.token.pos === '記号') break;
    start = t.start;
  }
  return start;
}
const kindAfter: Detector = {
  source: 'context:kind-after',
  find: ({ text, tokens }) => {
    if (!KIND_AFTER_HINT.test(text)) return [];
    const out: Range[] = [];
    for (const r of groupsOf(KIND_AFTER_RE, text, 'name')) {
      const since = /[、。「」！？!?\s]/u.exec([...text.slice(0, r.end)].reverse().join(''));
      const pauseStart = since === null ? 0 : r.end - since.index;
      let start = Math.max(r.start, pauseStart);
      if (r.end - start > 8 && tokens !== null) {
        start = nameStartByTokens(tokens, r.end) ?? r.end;
        // kuromoji may read a kana name as other words (くす+の+き+の+郷): then the words since
        // the last particle other than の (…前から|くすのきの郷).
        if (r.end - start < 2) start = startAfterParticle(tokens, r.end, Math.max(r.start, pauseStart)) ?? start;
      }
      const name = text.slice(start, r.end);
      // a place said before …っていうところの担当 / …さん: a name of four characters or more (not
      // 正直っていうところの, a word said of a point)
      if (name.length < 4 && /^(?:っていう|という|って|いう)とこ(?:ろ)?の/u.test(text.slice(r.end))) continue;
      if (name.length < 2 || NOT_KIND_NAMES.test(name) || KIND_WORD_END.test(name) || LISTS.genericFacilityNames.has(name) || /^[\p{Script=Hiragana}]{1,2}$/u.test(name)) continue;
      if (tokens !== null && tokensIn(tokens, { start, end: r.end }).every((t) => t.token.pos !== '名詞' || t.token.pos_detail_1 === '代名詞')) continue;
      out.push({ start, end: r.end });
    }
    return out;
  },
};

/** Clinics named by their department (はるか心療内科, 札幌東整形外科) and care services named after
 * their kind (デイサービスひまわり, グループホームすずらん): the closed list of departments and kinds. */
const DEPARTMENTS = '心療内科|精神科|整形外科|形成外科|耳鼻咽喉科|耳鼻科|産婦人科|婦人科|泌尿器科|皮膚科|小児科|眼科|内科|外科|訪問看護ステーション|学童クラブ|学童保育';
/** …and the departments after the first (あおば内科胃腸科, 中央眼科・形成外科). */
const DEPARTMENT_RE = new RegExp(`(?:整形(?=[にでのはがへ、])|${DEPARTMENTS})(?:・?(?:${DEPARTMENTS}|\\p{Script=Han}{1,4}?科)){0,3}(?![\\p{Script=Han}\\p{Script=Katakana}])`, 'gu');
const CARE_PREFIX_RE = /(?:デイサービス|グループホーム|ケアハウス|ケアセンター|ショートステイ|老人ホーム|特養)\s?(?<name>(?![にでのはがをもへと]|から|まで|さえ|なんて|なんか|だけ|より|しか|って|など|とか|ばかり)(?:(?:(?!っ)\p{Script=Hiragana}){2,6}(?<![にでがをはもへとや])[\p{Script=Han}々]{1,2}(?=[にでのはがをもへと、。\s]|$)|(?:(?!っ)\p{Script=Hiragana}){2,8}|[\p{Script=Katakana}ー]{2,10}|[\p{Script=Han}々]{2,6}))(?=[っにでのはがをもへと、。\s]|$)/gdu;
const DEPARTMENT_HINT = /整形|科|ステーション|学童|デイサービス|グループホーム|ケアハウス|ケアセンター|ショートステイ|老人ホーム|特養/u;
const departments: Detector = {
  source: 'context:department',
  find: ({ text, tokens }) => {
    if (!DEPARTMENT_HINT.test(text)) return [];
    const out: Range[] = [];
    for (const m of execAll(DEPARTMENT_RE, text)) {
      const named = nameBefore(text, tokens, m.index);
      if (named === null) continue;
      // departments in a list (消化器内科と循環器内科): the name, if any, starts after the last one
      const listed = /^.*(?:科|ステーション)[とや、,・]\s?/u.exec(text.slice(named.start, m.index));
      const start = named.start + (listed?.[0].length ?? 0);
      const core = text.slice(start, m.index);
      if (listed !== null && ([...core].length < 2 || LISTS.genericFacilityNames.has(core))) continue;
      out.push({ start, end: m.index + m[0].length });
    }
    for (const m of execAll(CARE_PREFIX_RE, text)) {
      const r = group(m, 'name');
      if (r === null || LISTS.genericFacilityNames.has(text.slice(r.start, r.end))) continue;
      // not particles or adverbs alone said after the kind (ケアセンターから、, ケアセンターだけ。);
      // kuromoji reads kana names in pieces of any kind (ひこ+しま, つる+ぎの, a particle first),
      // so a name with one other piece is kept
      const inside = tokens === null ? [] : tokensIn(tokens, r);
      if (inside.length > 0 && inside.every((t) => /^(?:助詞|副詞|助動詞|接続詞)$/u.test(t.token.pos))) continue;
      out.push({ start: m.index, end: r.end });
    }
    return out;
  },
};

/** A name in kanji that kuromoji reads as a number, counters and nouns (千+本+浜, 三+日+月) glued
 * after a kind, from token `i`: two to four kanji tokens, one of them a number, a proper noun that
 * is no place or a word it does not know, the last a common or proper noun (not a counter or a suffix: ホテル+二+泊,
 * ホテル+一+室), then a particle, a pause or the end. One past its last token, or -1. */
function kanjiNameAfter(tokens: readonly PositionedToken[], i: number): number {
  let j = i;
  while (j < tokens.length && j < i + 4 && tokens[j]!.start === tokens[j - 1]!.end && /^[\p{Script=Han}々]+$/u.test(tokens[j]!.token.surface_form) && tokens[j]!.token.pos === '名詞') j++;
  const last = tokens[j - 1]!;
  const after = tokens[j];
  if (j - i < 2 || !(last.token.pos_detail_1 === '一般' || last.token.pos_detail_1 === '固有名詞')) return -1;
  if (after !== undefined && after.start === last.end && after.token.pos !== '助詞' && after.token.pos !== '記号') return -1;
  // a place (ホテル+東京+駅前) says where the hotel is, as the rule below reads it
  return tokens.slice(i, j).some((t) => t.token.pos_detail_1 === '数' || (t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '地域') || t.token.word_type === 'UNKNOWN') ? j : -1;
}

/** Hotels and inns named after their kind (ホテルモントレ銀座, 旅館かわせみ): ホテル / 旅館, then a
 * word kuromoji does not know or tags as a proper noun (kuromoji may glue it to ホテル), and a
 * place glued after it (…銀座). Not ホテルマン, ホテル代, ビジネスホテル. */
function hotelNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/ホテル|旅館/u.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const surface = t.token.surface_form;
    const prev = tokens[i - 1];
    if (!/^(?:ホテル|旅館)/u.test(surface) || (prev !== undefined && prev.end === t.start && /[\p{Script=Katakana}\p{Script=Han}ー]$/u.test(prev.token.surface_form))) continue;
    const isName = (x: PositionedToken | undefined): x is PositionedToken =>
      x !== undefined && x.token.pos === '名詞' && (x.token.word_type === 'UNKNOWN' || (x.token.pos_detail_1 === '固有名詞' && x.token.pos_detail_2 !== '地域'));
    let end: number;
    let j: number;
    if (/^(?:ホテル|旅館)$/u.test(surface)) {
      const next = tokens[i + 1];
      const kanjiRun = kanjiNameAfter(tokens, i + 1);
      if (kanjiRun > 0) {
        end = tokens[kanjiRun - 1]!.end;
        j = kanjiRun;
      } else {
        if (!isName(next) || next.start !== t.end || /^[\p{Script=Hiragana}]{1,2}$/u.test(next.token.surface_form)) continue;
        end = next.end;
        j = i + 2;
      }
    } else {
      // kuromoji glued an unknown name to the kind (ホテルモントレ).
      if (t.token.word_type !== 'UNKNOWN' || surface.length < 5) continue;
      end = t.end;
      j = i + 1;
    }
    const place = tokens[j];
    if (place !== undefined && place.start === end && place.token.pos_detail_2 === '地域') end = place.end;
    out.push({ start: t.start, end });
  }
  return out;
}

const EN_FACILITY_RE = /\b(?:University|College|School|Academy|Institute) of (?:[A-Z][a-z]+\s?){1,3}|\b(?:[A-Z][A-Za-z&'-]*\s){1,3}(?:University|College|(?:Junior|Senior) High(?: School)?|High School|Middle School|Elementary(?: School)?|Primary School|School|Academy|Institute|Hospital|Clinic|Daycare|Nursery|Surgery|Manor|Lodge|Senior Living|Care Home|Nursing Home|Retirement Home)\b/gu;
const englishFacilities: Detector = {
  source: 'context:facility-en',
  find: ({ text }) =>
    execAll(EN_FACILITY_RE, text)
      .filter((m) => !LISTS.enCommonCapitalised.has(m[0].split(' ')[0] ?? '') || /\bof\b/u.test(m[0]))
      .map((m) => ({ start: m.index, end: m.index + m[0].trimEnd().length })),
};

// ---------------------------------------------------------------------------------------------
// ORG: companies by what is said about them

/** Strong cues for a company (…の選考, …から内定, …っていう会社); the kind after っていう may carry
 * what it is first: a phrase with の or な, an adjective (…っていう小さい会社), then a kind compound
 * (…っていう外資の再保険会社). */
const ORG_CONTEXT_RE = new RegExp(
  `(?<name>[\\p{Script=Han}\\p{Script=Katakana}\\p{Script=Hiragana}ー々・&A-Za-z0-9]{2,18}?)(?:さん)?(?:で人を探|の(?:一次|二次|三次|最終)?(?:選考|面接)|の、?(?:[^、。\\s]{1,8}?の)?(?:職種|ポジション)で(?:応募|受け|進|面接|選考|内定|、|。)|から(?:内定|オファー|声が?を?か[けか])|に(?:内定|応募|転職|入社)|への?転職|(?:っていう|とかいう|という|って|っちゅう|っつう|っつー)、?(?:[^、。\\s]{0,8}?(?:[のな]|(?<=[\\p{Script=Han}\\p{Script=Hiragana}])い))?(?:[\\p{Script=Katakana}ー]{2,8}|\\p{Script=Han}{1,4})?(?:会社|派遣会社|人材会社|紹介会社|(?:オンライン)?英会話|転職サイト|求人サイト|スクール|予備校|学校|教室|ジム|クラブ|高校|大学)|(?:っていう|っちゅう|っつう)(?:企業|メーカー|スタートアップ|ベンチャー|商社|銀行)|の社長|さん向け)`,
  'gdu',
);
/** Weaker cues (…の担当, …で働いてる, …っていうところ, 競合の…, エージェントは…): the name must
 * read as a proper name (see `properName`), not a common noun (メールから連絡, 会社で働く). */
const ORG_WEAK_AFTER_RE = new RegExp(
  `(?<name>[\\p{Script=Han}\\p{Script=Katakana}\\p{Script=Hiragana}ー々・&A-Za-z0-9]{2,24}?)(?:さん)?(?:の人(?=から|が|に|と)|の(?:スカウト|担当|面談|求人|人事|採用|エージェント|オファー|内定|本社|支社|支店|店舗|下請け?|子会社|系列|転職サイト|求人サイト|転職|(?:新)?(?:商品|製品)|新作|新ブランド)|から(?:スカウト|連絡|電話|メール)|(?:で|に)、?(?:\\p{Script=Hiragana}、)?(?:働|勤め|勤務|在籍|採用|面接|登録|受か|落ち|決ま)|に(?:前に|以前|昔|一応|前から|もう)、?登録|(?:に|へ)(?:顧問|出向|転籍)|(?:に|へ)、?(?:移[っるりれ]|移籍)|に引き抜かれ|で(?:何社か)?(?:応募|探し|探して|見つけ)|を(?:受け|辞め|紹介され)|経由|(?:って(?:いう|言う)?|っちゅう|っつう|っつー)(?:ところ|とこ|エージェント|サイト|サービス|ブランド|競合)|という(?:ところ|エージェント|サイト|サービス|ブランド|競合)|(?<![とっ])(?:いう|ゆう)(?:エージェント|サイト|サービス|ブランド|メーカー))`,
  'gdu',
);
const ORG_WEAK_BEFORE_RE = new RegExp(
  `(?:競合(?:他社)?|ライバル(?:会社|企業)?|(?:転職)?エージェント(?:さん)?|転職サイト|求人サイト|紹介会社|同業(?:他社)?|第[一二三1-3]志望|第[一二三1-3]希望|志望先|応募先|転職先|内定先|本命|(?:もう)?一社(?:目)?)(?:の|は|が|で|、|って)\\s?(?<name>[\\p{Script=Han}\\p{Script=Katakana}ー々・&A-Za-z0-9]{2,24})`,
  'gdu',
);
/** A competitor named (競合のアルファテック, ライバルのミナトシステム): after these cues a katakana name
 * of several words is a company even when it ends like a loanword (…システム); one word
 * kuromoji knows (競合のサービス) is not. */
const COMPETITOR_RE = /(?:競合(?:他社)?|ライバル(?:会社|企業)?|同業(?:他社)?)(?:の|は|が|で|、|って)\s?(?<name>[\p{Script=Katakana}ー・]{3,24})/gdu;

function competitorNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const r of groupsOf(COMPETITOR_RE, text, 'name')) {
    const inside = tokensIn(tokens, r);
    const oneKnownWord = inside.length === 1 && inside[0]?.token.word_type === 'KNOWN' && inside[0].token.pos_detail_1 !== '固有名詞';
    if (inside.length > 0 && !oneKnownWord && !GENERIC_ORG.has(text.slice(r.start, r.end))) out.push(r);
  }
  return out;
}

/** Rivalry said of a maker or shop (…がまた新商品を出してきて、うちも対抗しないと; …に客を取られて):
 * in such a segment a katakana word kuromoji does not know, standing alone before a particle, is
 * the rival's name — not a loanword by its ending (…ング, …サービス) or its sound (アジェンダ). */
const RIVALRY = /対抗|負け(?:て|た|そう|ない|る)|勝て|勝た|追いつ|追い抜|巻き返|シェアを|客を取|取られ|真似され|パクられ/u;

function rivalNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const word = t.token.surface_form;
    if (t.token.word_type !== 'UNKNOWN' || t.token.pos !== '名詞' || !/^[\p{Script=Katakana}ー]{4,12}$/u.test(word) || LOANWORD_END.test(word)) continue;
    const prev = tokens[i - 1];
    if (prev !== undefined && prev.end === t.start && prev.token.pos === '名詞') continue;
    if (/^(?:が|は|に|も|の|と|さん)/u.test(text.slice(t.end, t.end + 2)) && !soundsLikeEnglishWord(word)) out.push({ start: t.start, end: t.end });
  }
  return out;
}

const GENERIC_ORG = new Set([
  'エージェント', '会社', '他社', '大手', '外資', '外資系', '日系', '転職先', '次', '前', '今', '本社', '支社', '別の会社', '同業', '同業他社', '競合', 'スタートアップ', 'ベンチャー',
  'メーカー', '取引先', '関連会社', '子会社', '親会社', 'グループ会社', '地元', '社内', '社外', '外', '中小', '中堅', '社', '企業', '業界', '二社', '三社', 'お客', 'お客様', 'クライアント', '書類',
  // Latin abbreviations of fields and roles, not of companies (ITで働く, SEの求人).
  'IT', 'AI', 'DX', 'SE', 'PM', 'HR', 'CS', 'QA', 'UX', 'UI', 'Web', 'web', 'SaaS', 'BtoB', 'BtoC',
]);
/** A generic head (…会社, …系, 営業職) or a time (昭和六十年, 四月): not a company's name. A name
 * ending in 転職 is a job board's (エン転職). */
const GENERIC_ORG_END = /(?:会社|企業|業界|系|社|先|部|課|チーム|(?<!転)職|年|月|日|頃|代)$/u;

const ORG_CONTEXT_HINT = /職種|ポジション|英会話|サイト|スクール|予備校|学校|教室|ジム|クラブ|高校|大学|人を探|選考|面接|内定|オファー|声[がを]?か|応募|転職|入社|会社|企業|メーカー|スタートアップ|ベンチャー|商社|銀行|社長|向け/u;
const ORG_WEAK_HINT = /商品|製品|新作|対抗|負け|勝て|勝た|追い|巻き返|シェア|取られ|真似|パクら|面談|の人|スカウト|担当|求人|人事|採用|エージェント|オファー|内定|連絡|電話|メール|働|勤|在籍|面接|登録|応募|探|見つけ|受か|落ち|決ま|受け|辞め|紹介|経由|ところ|とこ|サイト|サービス|ブランド|競合|ライバル|同業|志望|希望|先|本命|本社|支社|支店|店舗|下請|子会社|系列|転職|顧問|出向|転籍|移[っるりれ]|移籍|引き抜|一社/u;

const RECRUITING_WORDS = /エージェント|転職|求人|スカウト|面接|内定|選考|応募|オファー|競合|ライバル|採用/u;
const DOTTED_KATAKANA_RE = /(?<![\p{Script=Katakana}ー・])[\p{Script=Katakana}ー]{2,}(?:・[\p{Script=Katakana}ー]{2,})+(?![\p{Script=Katakana}ー])/gu;

function isGenericOrgName(name: string): boolean {
  return name.length < 2 || GENERIC_ORG.has(name) || GENERIC_ORG_END.test(name) || /^[\p{Script=Hiragana}]+$/u.test(name) || /^\d+$/u.test(name);
}

const SIGN_UP = /^(?:さん)?(?:に、?(?:前に|以前|昔|一応|前から|もう)?、?(?:\p{Script=Hiragana}、)?登録|経由|で(?:何社か)?応募|のエージェント|の面談|の人(?:から|が|に|と)|から(?:電話|連絡|メール))/u;

/** English word endings as katakana (-ing, -tion, -ty, -ment, -ness, -ship) and heads of job and
 * field names: a katakana word kuromoji does not know that ends so is a loanword. */
const LOANWORD_END = /(?:ング|ション|ティ|メント|ネス|シップ|サクセス|セールス|サポート|エンジニア|マネージャー|マネジャー|デザイナー|サイエンティスト|アナリスト|コンサル|コンサルタント|マーケター|リサーチ|サービス|システム|データ|ワーク|スキル|キャリア|ページ|アプリ|サイト|アカウント|リスト|メール|フォーム|カード|クラブ)$/u;

const ACTIVITY_OR_JOB_END = /(?:ング|ション|ティ|メント|ネス|シップ|サクセス|セールス|サポート|エンジニア|マネージャー|マネジャー|デザイナー|サイエンティスト|アナリスト|コンサルタント|マーケター|リーダー|スタッフ)$/u;

/** A brand or company name, not a common noun: Latin letters, or a word kuromoji does not know
 * or tags as a proper noun (without morphemes: a ・ between words). `signUp`: the cue is
 * registering with it or going through it or applying through it (…に登録, …経由, …で応募), said of services. */
function properName(text: string, tokens: readonly PositionedToken[] | null, r: Range, signUp = false): boolean {
  const name = text.slice(r.start, r.end);
  // Capitals alone (VMD, SE) name a field or a role more often than a company — unless they
  // are read as a word: every other letter a vowel, no English word (ZARA, JICA; not AWS, LINE).
  if (/[A-Za-z]/u.test(name)) return !/^[A-Z]{2,4}$/u.test(name) || (/^(?:[^AEIOU][AEIOU]){2,}$/u.test(name) && !isCommonEnglishWord(name.toLowerCase()));
  if (tokens === null) return /[^・]・[^・]/u.test(name);
  const inside = tokensIn(tokens, r);
  const last = inside[inside.length - 1];
  // A proper noun, a place too, with a shop suffix (大黒屋, 鶴屋, 精養軒) is a shop's name.
  const beforeLast = inside[inside.length - 2];
  if (last?.token.pos_detail_1 === '接尾' && last.token.pos_detail_2 === '一般' && beforeLast?.token.pos_detail_1 === '固有名詞' && beforeLast.token.pos_detail_2 !== '人名') return true;
  // A katakana compound of two words or more is a brand when one of them is an organisation or
  // unknown to kuromoji (タカミヤ+テック), or when the cue is signing up with it or dealing with
  // its people (キャリア+ポートに登録, ナース+ワークに登録, ケア+リンクの人から) — unless it names an
  // activity or a job (…ング, …エンジニア).
  const katakanaCompound = /^[\p{Script=Katakana}ー・]+$/u.test(name) && inside.length >= 2;
  if (katakanaCompound && signUp && !ACTIVITY_OR_JOB_END.test(name)) return true;
  if (last === undefined || LOANWORD_END.test(name)) return false;
  if (katakanaCompound && inside.some((t) => t.token.pos_detail_2 === '組織' || t.token.word_type === 'UNKNOWN')) return true;
  // A place and two katakana words or more (四国+テクノ+リンク): a company named after its region;
  // a place and one loanword (大阪+オフィス) is a kind of place.
  const rest = inside.slice(1);
  if (inside[0]?.token.pos_detail_2 === '地域' && inside[0].token.pos_detail_3 !== '国' && rest.length >= 2 && rest.every((t) => /^[\p{Script=Katakana}ー]+$/u.test(t.token.surface_form))) return true;
  // A service signed up with, named by a proper noun and what it does (エン+転職で応募).
  const first = inside[0];
  if (signUp && inside.length >= 2 && first?.token.pos_detail_1 === '固有名詞' && first.token.pos_detail_2 !== '地域' && first.token.pos_detail_2 !== '人名') return true;
  // A compound ending in a common noun (エンゲージメント診断, キャリア・カウンセリング), a loanword
  // by its ending (カスタマーサクセス, リスキリング): a kind of thing, not a brand.
  if (last.token.word_type === 'KNOWN' && last.token.pos_detail_1 !== '固有名詞') return false;
  // Not a place (東京で働いてる) or a person (人名 is the person detectors' to find).
  return inside.some(
    (t) => t.token.pos === '名詞' && ((t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '地域' && t.token.pos_detail_2 !== '人名') || t.token.word_type === 'UNKNOWN') && !/^[\p{Script=Hiragana}]+$/u.test(t.token.surface_form),
  );
}

/** The name without a trailing particle, verb or other word a lazy match took with it: up to
 * the end of its last noun token. */
function trimToNouns(tokens: readonly PositionedToken[] | null, r: Range): Range {
  if (tokens === null) return r;
  const inside = tokensIn(tokens, r);
  let end = r.start;
  for (const t of inside) {
    if (t.token.pos !== '名詞' && !(t.token.pos === '記号' && /[・&]/u.test(t.token.surface_form))) break;
    end = t.end;
  }
  return { start: r.start, end: Math.min(end, r.end) };
}

/** Talk of agencies and signing up with them. */
const AGENCY_TALK = /派遣会社|人材会社|紹介会社|エージェント|登録|転職サイト|求人/u;
/** Katakana words for people at work that end in no ー (ホール+スタッフさん, ケア+マネさん). */
const KATAKANA_PERSON_WORDS = new Set(['スタッフ', 'ガイド', 'ナース', 'キャスト', 'メイト', 'マネ', 'ママ', 'パパ', 'コーチ', 'シェフ', 'ドクター', 'パート', 'バイト', 'メンバー', 'チーフ', 'クルー', 'ボス']);
/** In talk of agencies, a katakana compound of common words before さん (ブルー+リーフさん): an
 * agency called by its name, as a person is; not a job (ホームヘルパーさん, ホールスタッフさん:
 * the last word an agent noun in ー or a word for a person). */
function agencyCompoundsBeforeSan(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const san = tokens[i] as PositionedToken;
    if (san.token.surface_form !== 'さん') continue;
    let j = i;
    while (j > 0 && i - j < 4) {
      const t = tokens[j - 1] as PositionedToken;
      if (t.end !== (tokens[j] as PositionedToken).start || t.token.pos !== '名詞' || t.token.pos_detail_1 !== '一般' || t.token.word_type !== 'KNOWN' || !/^[\p{Script=Katakana}ー]{2,}$/u.test(t.token.surface_form)) break;
      j--;
    }
    const last = tokens[i - 1];
    if (i - j < 2 || last === undefined || last.token.surface_form.endsWith('ー') || KATAKANA_PERSON_WORDS.has(last.token.surface_form)) continue;
    const before = tokens[j - 1];
    // The compound starts there: not the end of a longer katakana word.
    if (before !== undefined && before.end === (tokens[j] as PositionedToken).start && /[\p{Script=Katakana}ー]$/u.test(before.token.surface_form)) continue;
    out.push({ start: (tokens[j] as PositionedToken).start, end: last.end });
  }
  return out;
}

/** Does the text before `end` end with a verb or an auxiliary, or inside one (眠れなくな|って)? */
function endsInVerb(tokens: readonly PositionedToken[], end: number): boolean {
  const t = tokenEndingAt(tokens, end) ?? tokenCovering(tokens, end - 1);
  return t !== undefined && (t.token.pos === '動詞' || t.token.pos === '助動詞');
}

/** A name said as a sentence of its own right after the sentence that says what it is to the
 * speaker (…登録しちゃったんです。キャリア…。; …少年野球入ってて。…ズ。): a cue near the end of one
 * sentence, then a sentence that is only a name (and です / の). After a sign-up (登録, 応募, a job
 * site, an agent) the name is what one signs up with, read as `properName` reads a sign-up; after
 * joining, going or working (入って, 通って, 働いて) only a proper name (a word kuromoji does not
 * know or tags as a proper noun, Latin letters). */
const NAMED_ALONE_RE = /(?:(?<signUp>登録|応募|転職サイト|求人サイト|エージェント)|入っ|通っ|働い|勤め|所属)[^。！？!?]{0,16}[。！？!?]\s?(?<name>[\p{Script=Han}\p{Script=Katakana}ー・&A-Za-z0-9]{3,24})(?:です|っす|の)?(?=[。！？!?]|$)/gdu;

function namedAlone(text: string, tokens: readonly PositionedToken[] | null): Range[] {
  if (tokens === null || !/[。！？!?]/u.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(NAMED_ALONE_RE, text)) {
    const r = group(m, 'name');
    if (r === null) continue;
    const name = text.slice(r.start, r.end);
    // the sentence is the name alone: it starts a word and is no generic word or kind (会社。)
    const before = tokenEndingAt(tokens, r.start);
    if (before !== undefined && before.token.pos === '名詞') continue;
    if (isGenericOrgName(name) || KIND_WORD_END.test(name) || LOANWORD_END.test(name)) continue;
    if (properName(text, tokens, r, m.groups?.['signUp'] !== undefined)) out.push(r);
  }
  return out;
}

const orgByContext: Detector = {
  source: 'context:org',
  find: ({ text, tokens }) => {
    const out: Range[] = [];
    for (const r of groupsOf(ORG_CONTEXT_RE, text, 'name', ORG_CONTEXT_HINT)) {
      const { start, name } = withoutNameStart(text, r);
      // a kind, not a name (料理教室っていう教室)
      if (isGenericOrgName(name) || KIND_WORD_END.test(name)) continue;
      // A clause, not a name: a sentence-final or adverbial particle inside (…じゃねえって、会社も).
      if (tokens !== null && tokensIn(tokens, { start, end: r.end }).some((t) => t.token.pos === '助詞' && (t.token.pos_detail_1 === '終助詞' || t.token.pos_detail_1 === '副助詞'))) continue;
      // …or a verb's te-form (眠れなくなって、会社の…): the name ends in or inside a verb.
      if (tokens !== null && endsInVerb(tokens, r.end)) continue;
      const hasForeignScript = /[\p{Script=Katakana}A-Za-z]/u.test(name);
      const proper = tokens !== null && tokensIn(tokens, { start, end: r.end }).some((t) => t.token.pos_detail_1 === '固有名詞' || t.token.word_type === 'UNKNOWN');
      const compound = tokens !== null && tokensIn(tokens, { start, end: r.end }).length >= 2;
      if (hasForeignScript || proper || compound) out.push({ start, end: r.end });
    }
    out.push(...namedAlone(text, tokens));
    if (!ORG_WEAK_HINT.test(text) && !RECRUITING_WORDS.test(text)) return out;
    for (const r of groupsOf(ORG_WEAK_AFTER_RE, text, 'name')) {
      const { start, name } = withoutNameStart(text, r);
      const range = { start, end: r.end };
      const signUp = SIGN_UP.test(text.slice(r.end, r.end + 8));
      if (!isGenericOrgName(name) && properName(text, tokens, range, signUp)) out.push(range);
    }
    for (const r of groupsOf(ORG_WEAK_BEFORE_RE, text, 'name')) {
      const range = trimToNouns(tokens, r);
      const name = text.slice(range.start, range.end);
      if (!isGenericOrgName(name) && properName(text, tokens, range)) out.push(range);
    }
    if (tokens !== null && /競合|ライバル|同業/u.test(text)) out.push(...competitorNames(text, tokens));
    if (tokens !== null && RIVALRY.test(text)) out.push(...rivalNames(text, tokens));
    // In talk of recruiting, a katakana name in parts (ブライト・キャリア) anywhere is a brand or a
    // person: redacted either way, unless every part is a common word (ワーク・ライフ・バランス)
    // and no さん follows.
    if (tokens !== null && AGENCY_TALK.test(text)) out.push(...agencyCompoundsBeforeSan(tokens));
    if (tokens !== null && RECRUITING_WORDS.test(text)) {
      for (const m of execAll(DOTTED_KATAKANA_RE, text)) {
        const range = { start: m.index, end: m.index + m[0].length };
        const called = text.startsWith('さん', range.end) || text.startsWith('社', range.end);
        if (called || tokensIn(tokens, range).some((t) => t.token.pos === '名詞' && (t.token.word_type === 'UNKNOWN' || t.token.pos_detail_1 === '固有名詞'))) out.push(range);
      }
    }
    return out;
  },
};

/** I've been at Hokuto Kensetsu for ten years / an offer from Acme: where people work. */
const EN_WORKPLACE_RE =
  /\b(?:been at|worked at|working at|work at|works at|work for|working for|worked for|works for|joined|job at|job with|role at|position at|offer[.,!]?\s(?:[Ff]rom|[Aa]t|[Ww]ith)|interview(?:s|ing|ed)? (?:at|with)|recruiter (?:from|at)|(?:head-?hunter|recruiter|agent)s?,?\s[A-Z][a-z]+\s(?:from|at)|(?:roles?|jobs?|positions?|openings?|listings?|postings?|vacanc(?:y|ies)) (?:from|at|with)|applied (?:to|at)|applying (?:to|at)|hired by|employed (?:by|at)|competitors? (?:like|such as)|competitors?,|rivals?,?|(?:company|firm|startup|start-up|agency|consultancy|school|college|clinic|hospital|bank|shop|store|restaurant|brand|competitor|rival|chain|supplier|vendor|charity|nonprofit) (?:called|named)|left|studied at|study at|graduated from|degree from|(?:[Oo]ne|[Aa]nother|[Tt]he other) (?:with|at)|(?:boss|manager|supervisor|coach|colleagues?|coworkers?) at(?:\sthe)?)\s(?<v>(?:[A-Z][A-Za-z&'-]+)(?:\s[A-Z][A-Za-z&'-]+){0,3})/gdu;
const englishWorkplaces: Detector = {
  source: 'context:workplace-en',
  find: ({ text }) =>
    execAll(EN_WORKPLACE_RE, text)
      .map((m) => group(m, 'v'))
      .filter((r): r is Range => r !== null && !LISTS.enCommonCapitalised.has(text.slice(r.start, r.end).split(' ')[0] ?? ''))
      // Stripe's Tokyo office: the name ends at the possessive.
      .map((r) => {
        const possessive = /['’]s\b/u.exec(text.slice(r.start, r.end));
        return possessive === null ? r : { start: r.start, end: r.start + possessive.index };
      }),
};

/** CamelCase words in English are brands and companies (NextLink), except a few products. */
const CAMEL_RE = /(?<![A-Za-z])[A-Z][a-z]+[A-Z][A-Za-z]*(?![A-Za-z])/gu;
const camelCaseOrgs: Detector = {
  source: 'regex:camelcase',
  find: ({ text }) =>
    execAll(CAMEL_RE, text)
      .filter((m) => !LISTS.camelCaseWords.has(m[0]))
      .map((m) => {
        // …and its country or region after it (MedBridge Japan): the unit is named by it too.
        const end = m.index + m[0].length;
        return { start: m.index, end: end + (LATIN_UNIT_AFTER.exec(text.slice(end))?.[0].length ?? 0) };
      }),
};

const EN_ORG_SUFFIX_RE = new RegExp(
  `(?<![A-Za-z])(?:[A-Z][A-Za-z&'-]*\\s){1,3}(?:${LISTS.orgSuffixesEn.join('|')})(?![A-Za-z])`,
  'gu',
);
const BODY_SUFFIX = /^(?:Trust|Foundation|Charity|Association|Society|Fund|Federation|Cooperative)$/u;
const englishOrgSuffixes: Detector = {
  source: 'list:org-suffix-en',
  find: ({ text }) =>
    execAll(EN_ORG_SUFFIX_RE, text)
      .map((m) => {
        // Drop leading common words (The, At, Our…).
        const words = m[0].split(/\s/u);
        let skip = 0;
        let offset = 0;
        while (skip < words.length - 1 && LISTS.enCommonCapitalised.has(words[skip] ?? '')) {
          offset += (words[skip] ?? '').length + 1;
          skip++;
        }
        if (skip >= words.length - 1) return null;
        // A body named by everyday words is a kind (the Building Society, a Parent Teacher
        // Association): one word of the name must be no everyday word (the Lagos Youth Trust).
        if (BODY_SUFFIX.test(words.at(-1) ?? '') && words.slice(skip, -1).every((w) => isCommonEnglishWord(w.toLowerCase()))) return null;
        return { start: m.index + offset, end: m.index + m[0].length };
      })
      .filter((r): r is Range => r !== null),
};

// ---------------------------------------------------------------------------------------------
// ID: long numbers, labelled numbers further away

/** Seven or more digits with separators, or eight or more in a row, that are no amount or
 * measure: account, member and employee numbers read out. */
const LONG_NUMBER_RE = /(?<![\d.,-])(?:\d{1,6}(?:[-‐−ー]\d{1,8}){1,4}|\d{3,4}(?: \d{3,4}){2,3}|\d{3,4}(?: \d{3,4}){1,2} \d{2}|\d{8,16})(?!\d|[.,]\d|\s?(?:円|万|億|人|件|時間|分|秒|年|ヶ月|か月|カ月|%|％|歳|才|km|kg|cm|yen|dollars|people|hours|years))/gu;
/** Numbers no amount is written as: groups joined by dots ending in a check group after a dash
 * or slash (a Brazilian CPF 123.456.789-09, not 1.500.000); seven or eight digits starting with 0
 * (an amount never does: a card's number read out); a case or file number led by a kanji or a
 * capital and a dash (福-2014-038, K-2019-0412). */
const CODE_NUMBER_RE =
  /(?<![\d.,/-])\d{1,4}(?:\.\d{3,4}){2,}[-/]\d{1,4}(?![\d.,])|(?<![\d.,-])0\d{6,7}(?![\d.,])|(?<![\p{Script=Han}A-Za-z\d-])[\p{Script=Han}A-Z]{1,2}[-‐−](?:\d{2,6}[-‐−]){1,3}\d{2,8}(?![\d.,])/gu;
const longNumbers: Detector = {
  source: 'regex:long-number',
  find: ({ text }) =>
    [...execAll(LONG_NUMBER_RE, text), ...execAll(CODE_NUMBER_RE, text)]
      .filter((m) => m[0].replace(/\D/gu, '').length >= 7 && !PERIOD_OR_POSTAL.test(m[0]))
      .map((m) => ({ start: m.index, end: m.index + m[0].length })),
};
/** Two years (2019-2020: a period, no id) and a postal code's shape (220-0012: the postal rules
 * take it, as an address). */
const PERIOD_OR_POSTAL = /^(?:(?:19|20)\d{2}[-‐−ー](?:19|20)\d{2}|\d{3}[-‐−ー]\d{4})$/u;

/** 社員番号を入れる欄があって、20-44718で入れた: a label, then the number within the sentence (an
 * extension too: 内線で、4417だった). */
const ID_NEAR_RE = /(?:内線|社員番号|従業員番号|職員番号|会員番号|会員ID|社員ID|ユーザーID|ID|(?<!郵便)番号)[^。\n\d]{0,24}?(?<v>[A-Za-z]{0,4}-?\d[\d-]{3,14}[A-Za-z0-9]*)/gdu;
/** Numbers said with what they are, whatever their length: the 記号 of a health-insurance card
 * with its 番号 after it (記号が270の、番号1583), a bank account by its type (普通の4382017, 当座
 * 1234567), and in English a number named by its owner's word for it (my instructor number …,
 * it's 397416; not "the number of"). */
const ID_KIND_RE = new RegExp(
  [
    `記号\\s?(?:は|が|:)?\\s?(?<v>\\d[\\d-]{0,9})(?=\\s?(?:の|で)?、?\\s?(?:番号|No))`,
    `(?:普通|当座)(?:預金)?(?:口座)?(?:の|で|は)?、?\\s?(?<w>\\d{6,8})(?![\\d.,]|\\s?(?:円|万|億|人|件|年|歳|才|%|％|本|個|台|枚|回|点|部|冊|km|kg))`,
    `\\b(?:my|your|his|her|their|our|the)\\s(?:[a-z]+\\s){0,2}(?:(?:number|ID|code)\\b|no\\.)(?!\\s(?:of|one|two)\\b)[^.?!\\n\\d]{0,32}?\\b(?:is|was|it['’]s|it\\sis|:)\\s?(?<x>\\d{5,12})(?![\\d,.]\\d|\\s?(?:yen|dollars|people|hours|years|times))`,
  ].join('|'),
  'gdu',
);
const ID_KIND_HINT = /記号|普通|当座|number|no\.|ID|code/u;
const labelledIds: Detector = {
  source: 'regex:id-near-label',
  find: ({ text }) => [
    ...execAll(ID_NEAR_RE, text)
      .map((m) => group(m, 'v'))
      .filter((r): r is Range => r !== null && text.slice(r.start, r.end).replace(/\D/gu, '').length >= 4),
    ...(ID_KIND_HINT.test(text) ? execAll(ID_KIND_RE, text).map((m) => group(m, 'v') ?? group(m, 'w') ?? group(m, 'x')).filter((r): r is Range => r !== null) : []),
  ],
};

// ---------------------------------------------------------------------------------------------
// ADDRESS: Japanese addresses written in romaji; postal codes in English text

const ROMAJI_ADDRESS_RE =
  /\b\d{1,4}(?:-\d{1,4}){1,2},?\s[A-Z][a-z]+(?:-(?:machi|cho|chome|mura))?(?:,\s[A-Z][a-z]+(?:-(?:ku|shi|gun|ken|cho|machi))?){1,3}/gu;
/** A town and its block said in romaji without a house number first (Kamiyama-higashi 3-chome,
 * Nishiki 2-chome 5-11, or 3-chome Kamiyama): the -chome says it is a Japanese address. */
const ROMAJI_CHOME_RE =
  /\b[A-Z][a-z]+(?:[- ](?:[Nn]ishi|[Hh]igashi|[Mm]inami|[Kk]ita|[Cc]ho|[Mm]achi|[Dd]ori|[Hh]oncho))?,?\s\d{1,2}-?chome(?:,?\s?\d{1,4}(?:-\d{1,4})?)?|\b\d{1,2}-?chome,?\s[A-Z][a-z]+(?:-(?:nishi|higashi|minami|kita|cho|machi|dori|honcho))?/gu;
const romajiAddresses: Detector = {
  source: 'regex:address-romaji',
  find: ({ text }) => [ROMAJI_ADDRESS_RE, ROMAJI_CHOME_RE].flatMap((re) => execAll(re, text).map((m) => ({ start: m.index, end: m.index + m[0].length }))),
};

/** A ward, city, town or village and の and a place in it (東淀川区の豊新, 世田谷区の成城): where
 * someone lives, a neighbourhood, not the city alone (横浜市の中心部, 港区の会社). kuromoji reads
 * the place as a proper noun (a place or a name) or does not know it. */
const MUNICIPALITY_SUFFIX = new Set(['区', '市', '町', '村', '郡']);
function wardPlaces(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 1; i + 2 < tokens.length; i++) {
    const suffix = tokens[i] as PositionedToken;
    if (!MUNICIPALITY_SUFFIX.has(suffix.token.surface_form) || suffix.token.pos_detail_2 !== '地域') continue;
    const city = tokens[i - 1] as PositionedToken;
    const no = tokens[i + 1] as PositionedToken;
    const place = tokens[i + 2] as PositionedToken;
    if (city.token.pos_detail_1 !== '固有名詞' || city.token.pos_detail_2 !== '地域' || no.token.surface_form !== 'の' || no.start !== suffix.end || place.start !== no.end) continue;
    const proper = place.token.pos_detail_1 === '固有名詞' && (place.token.pos_detail_2 === '地域' || place.token.pos_detail_2 === '人名');
    if (!/^[\p{Script=Han}々ヶ]{2,4}$/u.test(place.token.surface_form) || !(proper || place.token.word_type === 'UNKNOWN')) continue;
    // The place ends there (豊新なんで, 成城に), not glued to a noun (甲南へらの池: a pond's name).
    const after = tokens[i + 3];
    if (after !== undefined && after.start === place.end && after.token.pos === '名詞') continue;
    out.push({ start: city.start, end: place.end });
  }
  return out;
}

/** In Japanese speech, two to four capitalised Latin words with a letter of another alphabet's
 * accents among them (Nguyễn Thị Mai, João Pereira): a foreign full name (no common English word;
 * a phrase in quotes is in lower case after its first word: Você é …). */
const ACCENTED_NAME_RE = /(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]+(?:\s\p{Lu}[\p{Ll}\p{M}]+){1,3}(?![\p{L}\p{M}])/gu;
const accentedNames: Detector = {
  source: 'context:accented-name',
  find: ({ text }) =>
    /[^\p{ASCII}]/u.test(text)
      ? execAll(ACCENTED_NAME_RE, text)
          .filter((m) => /[\u00c0-\u024f\u1e00-\u1eff]/u.test(m[0]) && m[0].split(/\s/u).every((w) => !isCommonEnglishWord(w.toLowerCase())))
          .map((m) => ({ start: m.index, end: m.index + m[0].length }))
      : [],
};

export const CONTEXT_DETECTORS = {
  PERSON: [
    jaOnly(namingPhrases),
    ...NAME_DETECTORS.map(jaOnly),
    ...PERSON_CONTEXT_DETECTORS.map(jaOnly),
    ...SPEECH_NAME_DETECTORS.map(jaOnly),
    ...CUE_PERSON_DETECTORS.map(jaOnly),
    ...ASIDE_PERSON_DETECTORS.map(jaOnly),
    jaOnly(accentedNames),
    withCapital(englishNames),
    ...UNKNOWN_CAPITAL_DETECTORS,
  ],
  ORG: [
    jaOnly(facilities),
    jaOnly(facilityBranches),
    jaOnly(kindAfter),
    jaOnly(departments),
    jaOnly({ source: 'context:hotel', find: ({ text, tokens }) => (tokens === null ? [] : hotelNames(text, tokens)) }),
    withCapital(englishFacilities),
    jaOnly(orgByContext),
    ...CUE_ORG_DETECTORS.map(jaOnly),
    ...ASIDE_ORG_DETECTORS.map(jaOnly),
    ...ORGANISATION_DETECTORS,
    withCapital(camelCaseOrgs),
    withCapital(englishOrgSuffixes),
    withCapital(englishWorkplaces),
  ],
  ID: [withDigit(longNumbers), withDigit(labelledIds)],
  ADDRESS: [withDigit(romajiAddresses), jaOnly({ source: 'context:ward-place', find: ({ tokens }) => (tokens === null ? [] : wardPlaces(tokens)) })],
} as const satisfies Record<string, readonly Detector[]>;
