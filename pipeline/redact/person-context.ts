/** Japanese person names found by what is said around them, where kuromoji's reading of the name
 * itself is no help (the rules of `names.ts` start from kuromoji's tokens and ENAMDICT hits of
 * one to three nouns):
 *
 * - a rare surname kuromoji cuts into numerals and nouns, before a title (五百旗頭部長: 五+百+旗頭),
 *   and a surname before a title of a head or rank the honorific list lacks (神楽園長, 百々師長);
 * - a given name at the start of a sentence whose subject is a child's age or school year
 *   (湊がまだ三歳なので, 結菜は年長で);
 * - nicknames made with a doubled consonant (ゆっきー, まっつん, はっしー, たっくん);
 * - a one-kanji surname introducing the speaker after the other's name (三宅さん、堀です。).
 *
 * ENAMDICT (`enamdict.ts`) decides what is a name; kin, colleague and role words never are. */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { Detector, Range } from './detector.js';
import { GIVEN, nameType, SURNAME } from './enamdict.js';
import { HONORIFIC_ALTERNATION } from './honorifics.js';
import { CHILD_ORDER_WORDS, COLLEAGUE_WORDS, KIN_WORDS, SPOKEN_KIN_WORDS } from './name-words.js';
import { execAll, group } from './regex.js';
import { tokenCovering } from './token-search.js';

const KANJI_RUN_BEFORE_TITLE = new RegExp(`(?<![\\p{Script=Han}々ヶノ])(?<v>\\p{Script=Han}[\\p{Script=Han}々ヶノ]{2,5})(?=\\s?(?:${HONORIFIC_ALTERNATION}))`, 'gdu');
/** What every match of it holds, without the look-behind and the groups: a cheap test first
 * (the full pattern, run on every segment, was one of the costlier detectors). */
const KANJI_RUN_BEFORE_TITLE_HINT = new RegExp(`\\p{Script=Han}[\\p{Script=Han}々ヶノ]{2,5}\\s?(?:${HONORIFIC_ALTERNATION})`, 'u');

/** A kanji run before a title that ENAMDICT has whole as a surname, which kuromoji cuts into
 * pieces one of which is a numeral or unknown (五+百+旗頭部長, 一番+ヶ+瀬課長): the honorific rules
 * look at kuromoji's nouns and miss it. Not a run kuromoji reads as one word (人事部長). */
function splitSurnamesBeforeTitles(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  if (!KANJI_RUN_BEFORE_TITLE_HINT.test(text)) return out;
  for (const m of execAll(KANJI_RUN_BEFORE_TITLE, text)) {
    const r = group(m, 'v');
    if (r === null) continue;
    // Longest first: the run may have swallowed a word before the name (営業五百旗頭).
    for (let start = r.start; r.end - start >= 3; start++) {
      const inside = tokens.filter((t) => t.start >= start && t.end <= r.end);
      const aligned = inside[0]?.start === start && inside[inside.length - 1]?.end === r.end;
      if (!aligned || inside.length < 2) continue;
      const oddPiece = inside.some((t) => t.token.pos_detail_1 === '数' || t.token.word_type === 'UNKNOWN' || t.token.pos_detail_1 === '接尾');
      // Numbers and counters only (三ヶ月, 四月一日) read as a time, not a name.
      const countOnly = inside.every((t) => t.token.pos_detail_1 === '数' || t.token.pos_detail_2 === '助数詞' || t.token.surface_form === 'ヶ');
      if (oddPiece && !countOnly && (nameType(text.slice(start, r.end)) & SURNAME) !== 0) {
        out.push({ start, end: r.end });
        break;
      }
    }
  }
  return out;
}

/** Titles of heads and ranks said after a surname that the honorific list (`honorifics.ts`,
 * also read by the learned tagger) does not hold: 園長, 院長, 師長, 校長…. */
const MORE_TITLES = '園長|副園長|院長|師長|看護師長|校長|教頭|班長|主査|工場長|支配人|副部長|副店長|副社長|顧問|教授|監督|先輩|マネージャー|リーダー|館長|副館長|支部長';
const SURNAME_BEFORE_MORE_TITLES = new RegExp(`(?<![\\p{Script=Han}々ヶノ])(?<v>\\p{Script=Han}[\\p{Script=Han}々ヶノ]{1,4}?)(?=(?:${MORE_TITLES})(?![\\p{Script=Han}]))`, 'gdu');
const MORE_TITLES_HINT = new RegExp(MORE_TITLES, 'u');

/** A kanji word ENAMDICT has as a surname right before one of these titles (神楽園長, 百々師長 —
 * kuromoji reads 神楽 as a common noun and glues 々 to 師長): the text decides, not the tokens.
 * Not a kin, colleague or role word (副, 看護). */
function surnamesBeforeMoreTitles(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!MORE_TITLES_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(SURNAME_BEFORE_MORE_TITLES, text)) {
    const r = group(m, 'v');
    if (r === null) continue;
    // The head of a hall (館長) after a facility word kuromoji reads whole (図書館+長: 図書 is
    // a surname too): the surname must end where a word ends.
    const crossed = tokenCovering(tokens, r.end);
    if (text.startsWith('館', r.end) && crossed !== undefined && crossed.start < r.end) continue;
    const word = text.slice(r.start, r.end);
    if (!KIN_WORDS.has(word) && !COLLEAGUE_WORDS.has(word) && (nameType(word) & SURNAME) !== 0) out.push(r);
  }
  return out;
}

/** A child's age or school year said of the subject: 三歳, 2歳, 年長, 小二, 中学, 保育園…. */
const CHILD_AGE = /^[、\s]?(?:まだ|もう|今|今年|今度|来年|この春|(?:今年|来年|春|四月|この春)から)?[、\s]?(?:[一二三四五六七八九十\d]{1,2}(?:歳|才|ヶ月|か月|カ月|年生)|年長|年中|年少|小[一二三四五六1-6]|中[一二三1-3]|高[一二三1-3]|小学|中学|高校|保育園|幼稚園|こども園|赤ちゃん|生まれたばかり)/u;
const SUBJECT_PARTICLES = new Set(['が', 'は', 'も']);

/** A given name (ENAMDICT, one or two kanji: 湊, 陽葵) opening a sentence or clause, its
 * particle, then a child's age or school year (湊がまだ三歳なので): the subject is a child. */
// every word CHILD_AGE can end in (not 小, 中, 高 alone: they stand in most sentences)
const CHILD_AGE_HINT = /歳|才|ヶ月|か月|カ月|年生|年長|年中|年少|小[一二三四五六1-6学]|中[一二三1-3学]|高[一二三1-3校]|保育園|幼稚園|こども園|赤ちゃん|生まれたばかり/u;

function childByAge(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!CHILD_AGE_HINT.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const particle = tokens[i + 1] as PositionedToken;
    if (!SUBJECT_PARTICLES.has(particle.token.surface_form)) continue;
    const t = tokens[i] as PositionedToken;
    const surface = t.token.surface_form;
    if (t.token.pos !== '名詞' || particle.start !== t.end || !/^[\p{Script=Han}々]{1,2}$/u.test(surface)) continue;
    const before = tokens[i - 1];
    if (before !== undefined && before.token.pos !== '記号' && before.end === t.start) continue;
    if (KIN_WORDS.has(surface) || COLLEAGUE_WORDS.has(surface) || CHILD_ORDER_WORDS.has(surface) || t.token.pos_detail_1 === '代名詞' || t.token.pos_detail_1 === '数') continue;
    // A time word of two kanji (夕方は小学生, 週末は年長さん): kuromoji's adverbial nouns say when,
    // not who; one kanji stays a name (朔 is also the first of the month).
    if (t.token.pos_detail_1 === '副詞可能' && surface.length > 1) continue;
    if ((nameType(surface) & GIVEN) === 0) continue;
    if (CHILD_AGE.test(text.slice(particle.end, particle.end + 14))) out.push({ start: t.start, end: t.end });
  }
  for (let i = 2; i + 1 < tokens.length; i++) {
    // …and the other order: which child, its particle, the name, a pause or で, then the age
    // (上が陽葵で小二、下が湊、年中): the name is what the child word is said to be.
    const t = tokens[i] as PositionedToken;
    const child = tokens[i - 2] as PositionedToken;
    const particle = tokens[i - 1] as PositionedToken;
    const pause = tokens[i + 1] as PositionedToken;
    const surface = t.token.surface_form;
    if (!CHILD_ORDER_WORDS.has(child.token.surface_form) && !CHILD_WORDS.has(child.token.surface_form)) continue;
    if (!SUBJECT_PARTICLES.has(particle.token.surface_form) || particle.start !== child.end || t.start !== particle.end) continue;
    if (t.token.pos !== '名詞' || !/^[\p{Script=Han}々]{1,2}$/u.test(surface) || t.token.pos_detail_1 === '数' || SPOKEN_KIN_WORDS.has(surface)) continue;
    if (pause.start !== t.end || !/^(?:、|で|,)$/u.test(pause.token.surface_form)) continue;
    if ((nameType(surface) & GIVEN) === 0) continue;
    if (CHILD_AGE.test(text.slice(pause.end, pause.end + 14))) out.push({ start: t.start, end: t.end });
  }
  return out;
}
/** Words for one's children that a name can be said to be (息子が蓮で…, 長女は…、三歳). */
const CHILD_WORDS = new Set([...SPOKEN_KIN_WORDS].filter((w) => /^(?:娘|息子|長男|長女|次男|次女|三男|三女|末っ子|上の子|下の子|双子)$/u.test(w)));

/** Nicknames with a doubled consonant: a one-kana stem, っ, then an i-row kana lengthened or
 * つん/ちん/くん/ぴん/ぽん (ゆっきー, はっしー, まっつん, よっちん, たっくん), after a non-kana or a
 * particle and before a particle, って or a pause. Not interjections (あっちー is said of heat). */
const DOUBLED_NICKNAME_RE =
  /(?<=^|[^\p{Script=Hiragana}\p{Script=Katakana}ー]|[^\p{Script=Hiragana}][のとがはもにや])(?<v>[\p{Script=Hiragana}]っ(?:[きしちにひみりぴびじ]ー|[つちくぴぽ]ん)|[\p{Script=Katakana}]ッ(?:[キシチニヒミリピビジ]ー|[ツチクピポ]ン))(?=[がはもとにをのへやで、。！？!?]|って|\s|$)/gdu;
/** Interjections of the same shape (あっちー: it is hot; やっぴー). */
const NOT_DOUBLED_NICKNAMES = /^(?:あ|こ|そ|ど|や|さ|き|す|ア|コ|ソ|ド|ヤ)[っッ]/u;

function doubledNicknames(text: string): Range[] {
  if (!/[っッ]/u.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(DOUBLED_NICKNAME_RE, text)) {
    const r = group(m, 'v');
    if (r !== null && !NOT_DOUBLED_NICKNAMES.test(text.slice(r.start, r.end))) out.push(r);
  }
  return out;
}

/** 三宅さん、堀です。: a speaker greeting the other by name and giving their own — a one-kanji
 * word ENAMDICT has as a surname, alone as the sentence. */
const VOCATIVE_INTRO_RE = new RegExp(`(?:${HONORIFIC_ALTERNATION})[、,]\\s?(?<v>[\\p{Script=Han}])です(?=[。！!、\\s]|$)`, 'gdu');

function vocativeIntroductions(text: string): Range[] {
  if (!text.includes('です')) return [];
  return execAll(VOCATIVE_INTRO_RE, text)
    .map((m) => group(m, 'v'))
    .filter((r): r is Range => r !== null && (nameType(text.slice(r.start, r.end)) & SURNAME) !== 0);
}

export const PERSON_CONTEXT_DETECTORS: readonly Detector[] = [
  { source: 'context:split-surname-title', find: ({ text, tokens }) => (tokens === null ? [] : splitSurnamesBeforeTitles(text, tokens)) },
  { source: 'context:surname-more-titles', find: ({ text, tokens }) => (tokens === null ? [] : surnamesBeforeMoreTitles(text, tokens)) },
  { source: 'context:child-by-age', find: ({ text, tokens }) => (tokens === null ? [] : childByAge(text, tokens)) },
  { source: 'context:doubled-nickname', find: ({ text, tokens }) => (tokens === null ? [] : doubledNicknames(text)) },
  { source: 'context:vocative-introduction', find: ({ text, tokens }) => (tokens === null ? [] : vocativeIntroductions(text)) },
];

/** What one becomes or trains as: a trade or a role, said so of nobody's name (…になりたい, …を目指
 * して, …として働く, …見習い, …の資格). */
const BECOME_AFTER = '(?:に(?:なり|なる|なれ|なっ|なろ)|を目指|として(?:働|勤|雇)|見習い|の資格)';

/** The words among `names` (found as names somewhere in the session: 杜氏さん) that the session
 * also says as what one becomes (杜氏になりたい): a trade said with さん, not a person. Only words
 * kuromoji reads as one common noun of two kanji or more; a name kuromoji tags 人名 or does not
 * know is never one. */
export function rolesBecome(texts: readonly string[], names: Iterable<string>, isCommonNoun: (word: string) => boolean): Set<string> {
  const candidates = [...names].filter((n) => /^[\p{Script=Han}々]{2,4}$/u.test(n) && texts.some((t) => t.includes(n)));
  if (candidates.length === 0) return new Set();
  const re = new RegExp(`(?<![\\p{Script=Han}々])(${candidates.join('|')})(?=${BECOME_AFTER})`, 'gu');
  const out = new Set<string>();
  for (const text of texts) for (const m of execAll(re, text)) if (m[1] !== undefined && isCommonNoun(m[1])) out.add(m[1]);
  return out;
}
