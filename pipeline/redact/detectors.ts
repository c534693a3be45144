/** Step one of redaction: the PII detectors, in a registry keyed by kind. Every detector reads
 * the NFKC view of the text (full-width digits are ASCII here) and returns ranges of it; `detect`
 * maps them back to the original text. Regular expressions are compiled once, at module load. */
import type { PiiKind } from '../schemas.js';
import type { JaToken, PositionedToken } from '../analyze/tokenizer.js';
import type { Detector, Range } from './detector.js';
import { HONORIFICS } from './honorifics.js';
import { DASH, isPhoneNumber, PHONE_RE } from './phone.js';
import { LISTS } from './lists.js';
import { CONTEXT_DETECTORS } from './context-detectors.js';
import { ENGLISH_ASIDE_DETECTORS } from './english-asides.js';
import { completing, ROLE_NOUNS } from './names.js';
import { execAll, LATIN_UNIT_AFTER, when, withCapital, withDigit } from './regex.js';
import { handles, spelledOut, spokenEmails } from './spoken.js';
import { SPEECH_MORE_DETECTORS as MORE } from './speech-more.js';

export type { PositionedToken } from '../analyze/tokenizer.js';

// ---------------------------------------------------------------------------------------------
// helpers

/** The range of named group `v` when the regex has the `d` flag and the group matched,
 * otherwise of the whole match. */
function valueRange(m: RegExpExecArray): Range {
  const v = m.indices?.groups?.['v'];
  if (v !== undefined) return { start: v[0], end: v[1] };
  return { start: m.index, end: m.index + m[0].length };
}

/** A detector from one regex (the whole match, or its `v` group), with an optional check. */
function regexDetector(source: string, re: RegExp, accept?: (m: RegExpExecArray, text: string) => boolean): Detector {
  return {
    source,
    find: ({ text }) => execAll(re, text).filter((m) => accept === undefined || accept(m, text)).map(valueRange),
  };
}

/** A detector that only runs for one language. */
function only(language: 'ja' | 'en', d: Detector): Detector {
  return { source: d.source, find: (input) => (input.language === language ? d.find(input) : []) };
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}


// ---------------------------------------------------------------------------------------------
// EMAIL, URL

const EMAIL_RE =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/gu;

const URL_CHARS = "[A-Za-z0-9\\-._~:/?#@!$&*+,;=%]";
const URL_RE = new RegExp(
  `(?:\\bhttps?://${URL_CHARS}+|\\bwww\\.${URL_CHARS}+|(?<![@A-Za-z0-9.-])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)*\\.(?:com|net|org|jp|io|uk|info|biz|dev|app|me|shop|store|online|site|tokyo|xyz|ai|tv)(?![A-Za-z0-9-])(?:/${URL_CHARS}*)?)`,
  'gu',
);
const TRAILING_PUNCT = /[.,;:!?]+$/u;

const urlDetector: Detector = {
  source: 'regex:url',
  find: ({ text }) =>
    execAll(URL_RE, text).map((m) => {
      const trimmed = m[0].replace(TRAILING_PUNCT, '');
      return { start: m.index, end: m.index + trimmed.length };
    }),
};

// ---------------------------------------------------------------------------------------------
// PHONE

const phoneDetector = regexDetector('regex:phone', PHONE_RE, isPhoneNumber);

/** A mobile or IP phone's first group said alone at the end of a turn (…携帯は、080の、): the
 * rest follows in the next turn, after the other's backchannel, where it is found as a number of
 * its own; the prefix alone says little, but it is the number's start (issue 13, names13). */
const PHONE_PREFIX_AT_END_RE = /(?<![\d+-])0[5789]0(?=\s?[のノ-]?\s?[、,…‥]*\s*$)/gu;

// ---------------------------------------------------------------------------------------------
// POSTAL

const POSTAL_JA_RE = new RegExp(`〒\\s?\\d{3}${DASH}?\\d{4}(?!\\d)|郵便番号\\s?(?:は|が|:)?\\s?(?<v>\\d{7})(?!\\d)`, 'gdu');
/** A bare 123-4567 in Japanese speech is a postal code (in English, a local phone number). */
const POSTAL_BARE_RE = new RegExp(`(?<![\\d-])\\d{3}${DASH}\\d{4}(?![\\d-])`, 'gu');
const POSTAL_UK_RE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/gu;
/** A UK postcode said aloud, its letters one by one and its digits as words (R G four, seven T H;
 * S W one A, one A A): both halves, so a lone "A four" or "B two" stays. */
const UK_DIGIT_SAID = '(?:\\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)';
const POSTAL_UK_SPOKEN_RE = new RegExp(`\\b[A-Z](?:[\\s-][A-Z])?[\\s-]${UK_DIGIT_SAID}(?:[\\s-](?:${UK_DIGIT_SAID}|[A-Z]))?,?\\s${UK_DIGIT_SAID}[\\s-][A-Z][\\s-]?[A-Z]\\b`, 'gu');
const ZIP_RE = /\b(?:ZIP(?:\s?code)?|zip\s?code|postcode|postal\s?code)\s?(?:is|:)?\s?(?<v>\d{5}(?:-\d{4})?)\b/gdiu;

// ---------------------------------------------------------------------------------------------
// ADDRESS

const PREFECTURE =
  '(?:北海道|東京都|(?:京都|大阪)府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)';
const PLACE_CHAR = '[\\p{Script=Han}\\p{Script=Katakana}ヶケ々ー]';
const CITY = `${PLACE_CHAR}{1,7}?(?:市|区|町|村|郡)`;
/** Town, block and house number: place characters, digits, 丁目/番地/号 and dashes. */
const STREET = `(?:${PLACE_CHAR}|\\d|${DASH}|の(?=${PLACE_CHAR}{1,4}\\d))*`;
const ADDRESS_JA_RE = new RegExp(
  [
    // 東京都千代田区丸の内1-2-3 (prefecture + municipality + the rest)
    `${PREFECTURE}${CITY}${STREET}`,
    // 横浜市中区山下町1-2 (no prefecture: a number is required)
    // (三丁目の五の十二 said aloud: 3丁目の5-12)
    `${CITY}${PLACE_CHAR}{0,8}?\\d+(?:丁目の?|番地?の?|${DASH})\\d+${STREET}`,
    // 福岡市東区箱崎3丁目 (a block without its house number)
    `${CITY}${PLACE_CHAR}{1,10}?\\d+丁目`,
    // …島…の浦町3丁目 / 箱崎3丁目 (a town's block said without its city; の inside the town's name)
    `(?<![\\p{Script=Han}々])${PLACE_CHAR}(?:${PLACE_CHAR}|[のノ](?=${PLACE_CHAR})){1,10}?の?\\d{1,2}丁目`,
    // …市町…川町 (a town and the district in it, each with 町 or 村: 市 or 区 first is too often
    // said of a city and its ward alone: 大阪市北区; not 町内, 町長)
    `(?<![\\p{Script=Han}々])${PLACE_CHAR}{1,4}?(?:町|村)${PLACE_CHAR}(?:${PLACE_CHAR}|[のノ](?=${PLACE_CHAR})){0,5}?(?:町|村)(?![\\p{Script=Han}々])`,
    // 京都市右京区嵯峨…町12 / 長野市篠ノ井12番地 (a town and a house number; not 大阪市内3社)
    `${CITY}${PLACE_CHAR}{1,12}?(?:町|丁)\\d{1,4}(?:番地?)?(?![\\d年月日人回件歳才時分万円ヶカか個社])|${CITY}${PLACE_CHAR}{1,12}?\\d{1,4}番地`,
  ].join('|'),
  'gu',
);
const ADDRESS_EN_RE =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Close|Crescent|Square)\b\.?(?:,\s(?<town>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=[,.;]|$))?/gdu;

/** An English street address, and the town said after it between commas (14 Elm Close, Reading,
 * …): a capitalised word there is the town unless it is a word said anywhere capitalised (I, So). */
function englishAddress(m: RegExpExecArray): Range {
  const town = m.indices?.groups?.['town'];
  const end = town !== undefined && LISTS.enCommonCapitalised.has(m.groups?.['town']?.split(' ')[0] ?? '') ? town[0] - 2 : m.index + m[0].length;
  return { start: m.index, end };
}

// ---------------------------------------------------------------------------------------------
// ID

/** Labelled numbers: ids, and short numbers said after what they are (内線305, 部屋番号は412,
 * extension 4417): three digits or more once digits said aloud are read (`spoken.ts`). */
const ID_LABEL_RE = new RegExp(
  `(?:(?:社員|従業員|職員|会員|個人|保険証|口座|学籍|管理|登録|部屋|内線|ロッカー)番号|内線|マイナンバー|社員(?:ID|コード|No\\.?)|\\b(?:employee|staff|member|membership|personnel|customer|account|badge|payroll|student|patient|policy|reference|locker)\\s?(?:ID|number|no\\.?|#)|\\b(?:extension|ext\\.?)(?=\\s?\\d)|\\bID)\\s?(?:は|が|を|:|#|is|was|['’]s|=)?[、,]?\\s?(?<v>[A-Za-z]{0,4}-?\\d[\\d-]{2,14}[A-Za-z0-9]*)`,
  'gdiu',
);
/** マイナンバー: 12 digits, optionally in groups of four, whose last digit is the check digit
 * (other 12-digit numbers are still caught as long numbers). */
const MY_NUMBER_RE = /(?<![\d-])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d-])/gu;

/** The マイナンバー check digit rule (番号法施行令): with P1…P11 the digits from the right
 * (check digit excluded) and Q = n + 1 for n ≤ 6, n − 5 above, the remainder r of ΣPQ by 11
 * gives 0 when r ≤ 1, else 11 − r. */
export function isValidMyNumber(digits: string): boolean {
  if (!/^\d{12}$/u.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(digits[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return Number(digits[11]) === (r <= 1 ? 0 : 11 - r);
}
const MY_NUMBER_LABEL_RE = /(?:マイナンバー|個人番号)[^\d。\n]{0,12}?(?<v>\d{4}[ -]?\d{4}[ -]?\d{4})(?!\d)/gdu;
/** A Japanese number plate (品川 330 さ 12-34, 練馬 50 あ ・・12): the office's place, the class
 * number, one kana and the serial of four places (two and two, or dots before fewer digits). */
const PLATE_RE =
  /(?<![\p{Script=Han}])\p{Script=Han}{1,4}(?:\s\d{2,3}\s\p{Script=Hiragana}\s|\d{2,3}(?![とかやにものでがはを])\p{Script=Hiragana})(?:\d{1,2}-\d{2}|[・･.]{1,3}\s?\d{1,3})(?![\d-]|\s?(?:円|万|億|人|件|年|月|日|回|歳|才|%|％|時|分|本|個|台|枚|点|部|冊))/gu;
/** A digit, one kana and the serial's start: most segments with a digit have none. */
const PLATE_HINT = /\d\s?\p{Script=Hiragana}\s?[\d・･.]/u;
/** Code-like ids: A12345, AB-123456. */
const CODE_RE = /(?<![A-Za-z0-9-])[A-Z]{1,3}-?\d{5,8}(?![A-Za-z0-9])/gu;

// ---------------------------------------------------------------------------------------------
// DATE (birthdays only: other dates are not PII here)

const EN_MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DATE_VALUE = [
  `(?:(?:19|20)\\d{2}|(?:明治|大正|昭和|平成|令和|[MTSHR])\\s?(?:\\d{1,2}|元))\\s?(?:年の?|[/.-])\\s?\\d{1,2}\\s?[月/.-]\\s?\\d{1,2}\\s?日?`,
  `\\d{1,2}\\s?月\\s?の?\\s?\\d{1,2}\\s?日`,
  `${EN_MONTH}\\.?\\s\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s(?:19|20)\\d{2})?`,
  `\\d{1,2}(?:st|nd|rd|th)?\\s(?:of\\s)?${EN_MONTH}(?:,?\\s(?:19|20)\\d{2})?`,
  `\\d{1,2}[/.-]\\d{1,2}[/.-](?:19|20)\\d{2}`,
].join('|');
/** A year of birth, with or without its month (昭和40年生まれ, 1985年の4月生まれ, 生まれは昭和60年):
 * only right before 生まれ or after 生年月日 / 生まれは (not 生まれで、2019年に入社). */
const BIRTH_YEAR = `(?:(?:19|20)\\d{2}|(?:明治|大正|昭和|平成|令和)\\s?(?:\\d{1,2}|元))\\s?年(?:\\s?の?\\s?\\d{1,2}\\s?月)?`;
const BIRTHDAY_RE = new RegExp(
  `(?:生年月日|誕生日|(?<![\\p{Script=Han}])予定日|出産予定日?|生まれ(?:た日|る予定)?|birthday|date of birth|DOB|born|due date|(?:is|was|'s) due (?:on|in))[^\\d\\n。]{0,8}?(?<v>${DATE_VALUE})|(?<w>${DATE_VALUE})\\s?(?:に|が|は|の)?\\s?(?:生まれ|誕生日|誕生)|(?:生年月日|生まれ年|生まれは)[^\\d\\n。]{0,6}?(?<y>${BIRTH_YEAR})|(?<z>${BIRTH_YEAR})\\s?の?\\s?生まれ`,
  'gdiu',
);
const birthdayDetector: Detector = {
  source: 'regex:birthday',
  find: ({ text }) =>
    execAll(BIRTHDAY_RE, text).map((m) => {
      const g = m.indices?.groups;
      const r = g?.['v'] ?? g?.['w'] ?? g?.['y'] ?? g?.['z'];
      return r === undefined ? { start: m.index, end: m.index + m[0].length } : { start: r[0], end: r[1] };
    }),
};

// ---------------------------------------------------------------------------------------------
// ORG

const LEGAL_FORM =
  '(?:株式会社|有限会社|合同会社|合資会社|合名会社|(?:一般|公益)?(?:社団|財団)法人|学校法人|医療法人|社会福祉法人|特定非営利活動法人|NPO法人|独立行政法人|\\(株\\)|\\(有\\))';
const ORG_CHAR = '[\\p{Script=Han}\\p{Script=Katakana}ー々A-Za-z0-9&・.]';
const ORG_LEGAL_RE = new RegExp(`${LEGAL_FORM}\\s?${ORG_CHAR}{1,20}|${ORG_CHAR}{1,20}\\s?${LEGAL_FORM}`, 'gu');
/** The words that end a company's name (商事, 銀行…), for ORG_SUFFIX_RE and its hint. */
const ORG_SUFFIXES = 'ホールディングス|商事|物産|銀行|信託|証券|製作所|工業|産業|興業|電機|電工|精機|精工|工務店|物流|通商|電設|化成|製菓|鉄工|運送|技研|重工|海運|薬品|自動車|製薬|建設|商会|商店|生命|損保|運輸|不動産|食品|機構|協会|財団';
/** X商事, X銀行…: the name part must be two or more characters and not a generic word. */
const ORG_SUFFIX_RE = new RegExp(
  `(?<name>${ORG_CHAR}{2,12}?)(?:${ORG_SUFFIXES})(?![医界用])`,
  'gu',
);
const GENERIC_ORG_NAMES = new Set([
  '地方',
  '都市',
  '大手',
  '中堅',
  '中小',
  '外資',
  '外資系',
  '日系',
  '国内',
  '海外',
  '地元',
  'ネット',
  'メガ',
  '投資',
  '中央',
  '化学',
  '機械',
  '精密',
  '総合',
  '専門',
  '金融',
  '電気',
  '重',
  '軽',
  '民間',
  '国営',
  '県内',
  '市内',
  '国際',
  '社内',
  '社外',
  '自社',
  '共同',
]);
const orgSuffixDetector = regexDetector('regex:org-suffix', ORG_SUFFIX_RE, (m) => {
  const name = m.groups?.['name'] ?? '';
  return !GENERIC_ORG_NAMES.has(name);
});
/** Carriers and food makers: a katakana name (three or more) or a kanji one (two to four, not a
 * kind of service: 高速フェリー, 格安航空) before 航空 / フェリー / エアライン / フーズ, not the
 * kind itself (航空会社, 航空券, フェリー乗り場), an air force or a battle (…航空軍, …航空戦) or an
 * event named after it (…航空事件). */
const CARRIER_RE =
  /(?<![\p{Script=Katakana}ー\p{Script=Han}])(?<name>[\p{Script=Katakana}ー・]{3,16}|[\p{Script=Han}]{2,4})(?:航空|フェリー|エアラインズ?|フーズ)(?!会社|券|機|便|業|隊|路|軍|戦|艦|団|郵便|貨物|乗り場|ターミナル|運賃|代|料|強奪|事件|事故|[\p{Script=Katakana}ー])/gu;
const CARRIER_KINDS = new Set('高速|長距離|夜行|深夜|大型|小型|定期|観光|格安|民間|商業|旅客|貨物|国際|国内|海外|地方|大手|外資|外資系|日系|外国|自社|他社|中小|冷凍|健康|自然'.split('|'));
const carrierDetector = regexDetector('regex:org-carrier', CARRIER_RE, (m) => !CARRIER_KINDS.has(m.groups?.['name'] ?? ''));
const CARRIER_HINT = /航空|フェリー|エアライン|フーズ/u;
/** A name in hiragana before 生命 or 支援センター (よつば生命, はなみずき支援センター): three to
 * eight kana after no other kana, not ending in a particle (…ほんとうの生命). */
const KANA_ORG_RE = /(?<![\p{Script=Hiragana}\p{Script=Katakana}ー])(?<name>[\p{Script=Hiragana}ー]{2,7}[\p{Script=Hiragana}ー](?<![のがはをにでともやへ]))(?:生命|支援センター)/gu;
const KANA_ORG_HINT = /生命|支援センター/u;
/** After a kanji word the first kana may be its particle (機関のはなみずき…): it is left out. */
const kanaOrgDetector: Detector = {
  source: 'regex:org-kana-name',
  find: ({ text }) =>
    execAll(KANA_ORG_RE, text).flatMap((m) => {
      const cut = /[のがはをにでとも]/u.test(m[0].charAt(0)) && /\p{Script=Han}/u.test(text.charAt(m.index - 1)) ? 1 : 0;
      return (m.groups?.['name'] ?? '').length - cut >= 3 ? [{ start: m.index + cut, end: m.index + m[0].length }] : [];
    }),
};
const NOT_ORG_WORD = '(?!(?:At|In|For|With|The|My|Our|Their|I|We|And|But|From|To|Of|On)\\b)';
const ORG_EN_RE = new RegExp(
  `\\b(?:${NOT_ORG_WORD}[A-Z][A-Za-z0-9&'-]*\\s+){0,3}${NOT_ORG_WORD}[A-Z][A-Za-z0-9&'-]*,?\\s+(?:Co\\.,?\\s?Ltd\\b|Inc\\b|Corp\\b|Corporation|Ltd\\b|LLC|plc|PLC|GmbH|Group|Holdings|Bank|K\\.K\\b)`,
  'gu',
);

function isAsciiWord(s: string): boolean {
  return /^[\x20-\x7e]+$/u.test(s);
}

/** kuromoji 組織 tags. Unknown ASCII words are tagged 組織 by default (AI, DX, John), so only
 * dictionary words or non-ASCII unknown words count. */
/** Common words IPADIC also lists as organisations (毎日 is the Mainichi newspaper), and public
 * bodies of the whole country, which name no one's workplace more than "the police" does
 * (ハローワーク, 自衛隊). */
const NOT_ORG_WORDS = new Set(['毎日', '朝日', '日経', '読売', '産経', '東京', '大阪', '日本', '中央', '国際', '総務', '人事', 'ハローワーク', '自衛隊', '海上自衛隊', '陸上自衛隊', '航空自衛隊']);

/** A school year said short (中三, 高一, 小六): kuromoji tags some as organisations. */
const SCHOOL_YEAR = /^[小中高][一二三四五六1-6]$/u;

function isOrgToken(t: JaToken): boolean {
  return (
    // The tags first: they rule out almost every token without hashing its surface.
    t.pos_detail_2 === '組織' &&
    t.pos === '名詞' &&
    t.pos_detail_1 === '固有名詞' &&
    !NOT_ORG_WORDS.has(t.surface_form) &&
    !SCHOOL_YEAR.test(t.surface_form) &&
    // An unknown Latin word is tagged 組織 by default, accented ones too (a phrase of Vietnamese or
    // Portuguese quoted in Japanese speech: hứa suông, você).
    (t.word_type === 'KNOWN' || !(isAsciiWord(t.surface_form) || /^[\p{Script=Latin}\p{M}\s'’.-]+$/u.test(t.surface_form))) &&
    // An unknown run of hiragana is speech kuromoji could not cut (numbers read out in kana).
    !(t.word_type === 'UNKNOWN' && /^[\p{Script=Hiragana}ー]+$/u.test(t.surface_form))
  );
}

/** Words that make an event or a seat of what kuromoji tags an organisation (衆院+選, 参院+本会議,
 * 阪神+淡路+大+震災, 参議院+議員+通常+選挙): the house or the region there names no employer. */
const ORG_EVENT_WORDS = new Set(['選', '選挙', '補選', '総選挙', '本会議', '震災', '大震災', '議員']);

/** Is the organisation run followed, through the nouns glued to it (and ・), by an event word? */
function isEventCompound(tokens: readonly PositionedToken[], last: number): boolean {
  let glued = '';
  for (let k = last + 1; k <= last + 5 && k < tokens.length; k++) {
    const t = tokens[k] as PositionedToken;
    if (t.start !== (tokens[k - 1] as PositionedToken).end || (t.token.pos !== '名詞' && t.token.pos !== '接頭詞' && t.token.surface_form !== '・')) return false;
    glued += t.token.surface_form;
    // The word or the last two pieces (本+会議).
    if (ORG_EVENT_WORDS.has(t.token.surface_form) || ORG_EVENT_WORDS.has(glued.slice(-3))) return true;
  }
  return false;
}

const LEGAL_FORM_TOKENS = new Set(['株式会社', '有限会社', '合同会社', '合資会社', '合名会社', '(株)', '(有)']);

/** Continues a name over the nouns kuromoji joins to it (株式会社日の出コンサルティング: the
 * regular expression stops at の; the tokens do not). */
function isOrgNamePart(t: JaToken): boolean {
  return (t.pos === '名詞' && t.pos_detail_1 !== '非自立' && t.pos_detail_1 !== '代名詞') || (t.pos === '記号' && (t.surface_form === '・' || t.surface_form === '&'));
}

function legalFormNames(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  tokens.forEach((t, i) => {
    if (!LEGAL_FORM_TOKENS.has(t.token.surface_form)) return;
    let last = i;
    while (last + 1 < tokens.length && isOrgNamePart((tokens[last + 1] as PositionedToken).token) && !LEGAL_FORM_TOKENS.has((tokens[last + 1] as PositionedToken).token.surface_form)) last++;
    let first = i;
    // Both walks stop at another legal form: a run of 株式会社 said 25,000 times walks each once.
    if (last === i) while (first - 1 >= 0 && isOrgNamePart((tokens[first - 1] as PositionedToken).token) && !LEGAL_FORM_TOKENS.has((tokens[first - 1] as PositionedToken).token.surface_form)) first--;
    if (first !== last) out.push({ start: (tokens[first] as PositionedToken).start, end: (tokens[last] as PositionedToken).end });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// PERSON

function isPersonToken(t: JaToken): boolean {
  return t.pos === '名詞' && t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '人名';
}

function isSpaceToken(t: JaToken): boolean {
  return t.pos === '記号' && t.pos_detail_1 === '空白';
}

/** Runs of tokens satisfying `is` (first and last token index), joined across one whitespace
 * token (山田 花子). */
function tokenRuns(tokens: readonly PositionedToken[], is: (t: JaToken) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (first === undefined || !is(first.token)) continue;
    let j = i;
    for (;;) {
      const next = tokens[j + 1];
      const after = tokens[j + 2];
      if (next !== undefined && is(next.token)) j += 1;
      else if (next !== undefined && after !== undefined && isSpaceToken(next.token) && is(after.token)) j += 2;
      else break;
    }
    out.push([i, j]);
    i = j;
  }
  return out;
}

function runRange(tokens: readonly PositionedToken[], [first, last]: [number, number]): Range {
  return { start: tokens[first]?.start ?? 0, end: tokens[last]?.end ?? 0 };
}

const KATAKANA_WORD = /^[\p{Script=Katakana}ー]+$/u;

/** Words after a name that make it part of the name of a thing (a prize, a cup, a drama, a
 * theorem, a book: …全集, …編曲集, …戦記), not a reference to a person. Not what speech says of a
 * colleague too (…事件, …伝説, …物語, …シリーズ, …モデル: 佐藤伝説, 鈴木モデルでやってる). */
const EPONYM_ENDINGS = new Set(['賞', '杯', '丸', '記念', '号', '定理', '法則', '効果', '主義', '症候群', '病', '戦記', '全集', '集', '記', '伝', 'トロフィー']);
/** How many common nouns may stand between a name and the word that ends a thing's name
 * (岸田+國士+戯曲+賞, ヴェルディ+編曲+集). */
const EPONYM_REACH = 3;

/** Is the run ending at token `last` followed, glued, by common nouns ending in a word that ends
 * the name of a thing (…賞, …戯曲賞, …編曲集, …架空戦記)? A bounded walk. */
function eponymAfter(tokens: readonly PositionedToken[], last: number): boolean {
  for (let k = last + 1; k <= last + EPONYM_REACH && k < tokens.length; k++) {
    const t = tokens[k] as PositionedToken;
    if (t.start !== (tokens[k - 1] as PositionedToken).end || t.token.pos !== '名詞' || t.token.pos_detail_1 === '固有名詞') return false;
    if (EPONYM_ENDINGS.has(t.token.surface_form)) return true;
  }
  return false;
}

const ONE_KANJI = /^\p{Script=Han}$/u;
const KANJI_RUN = /^[\p{Script=Han}々]+$/u;

/** Joins two 人名 runs of kanji that one or two kanji read as other words stand between, glued
 * (小沢+鋭+仁, 市川+右+太+衛門: kuromoji reads 鋭 and 太 as adjectives): one full name. At most
 * six kanji in all, as a Japanese name is. One pass over the runs. */
function bridgeKanji(tokens: readonly PositionedToken[], runs: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const run of runs) {
    const prev = out[out.length - 1];
    if (prev !== undefined && run[0] - prev[1] <= 3 && bridges(tokens, prev, run)) prev[1] = run[1];
    else out.push([run[0], run[1]]);
  }
  return out;
}

function bridges(tokens: readonly PositionedToken[], before: [number, number], after: [number, number]): boolean {
  const [, last] = before;
  const [first] = after;
  const a = tokens[last] as PositionedToken;
  const b = tokens[first] as PositionedToken;
  if ((tokens[after[1]] as PositionedToken).end - (tokens[before[0]] as PositionedToken).start > 6 || !KANJI_RUN.test(a.token.surface_form) || !KANJI_RUN.test(b.token.surface_form)) return false;
  for (let k = last + 1; k < first; k++) {
    const t = tokens[k] as PositionedToken;
    if (!ONE_KANJI.test(t.token.surface_form) || t.start !== (tokens[k - 1] as PositionedToken).end || !(t.token.pos === '形容詞' || (t.token.pos === '名詞' && t.token.pos_detail_1 === '一般'))) return false;
  }
  return (tokens[first - 1] as PositionedToken).end === b.start;
}

/** kuromoji 人名 runs, minus katakana "names" glued to a following katakana noun: マイ in
 * マイナンバー / マイホーム is tagged 人名 but is part of a loanword. */
function personNames(tokens: readonly PositionedToken[]): Range[] {
  return bridgeKanji(tokens, tokenRuns(tokens, isPersonToken))
    .filter(([first, last]) => {
      const head = tokens[first];
      const next = tokens[last + 1];
      const prev = tokens[first - 1];
      const glued =
        head !== undefined &&
        next !== undefined &&
        KATAKANA_WORD.test(head.token.surface_form) &&
        next.token.pos === '名詞' &&
        next.token.pos_detail_1 !== '接尾' &&
        KATAKANA_WORD.test(next.token.surface_form);
      // ケアマネ: a katakana "name" glued to the katakana noun before it is part of a loanword.
      const gluedBefore =
        head !== undefined && prev !== undefined && prev.end === head.start && KATAKANA_WORD.test(head.token.surface_form) && prev.token.pos === '名詞' && KATAKANA_WORD.test(prev.token.surface_form);
      // コール+対応+する: a katakana "name" glued before a verbal noun and する is part of a verb.
      const after = tokens[last + 2];
      const verbal =
        head !== undefined &&
        next !== undefined &&
        after !== undefined &&
        KATAKANA_WORD.test(head.token.surface_form) &&
        next.start === (tokens[last] as PositionedToken).end &&
        next.token.pos_detail_1 === 'サ変接続' &&
        after.token.pos === '動詞' &&
        after.token.basic_form === 'する';
      // One kanji alone (笑 in （笑）) is too often misread as a name; with an honorific or a
      // subject particle after it the honorific and dictionary detectors find it.
      const single = first === last && head !== undefined && head.end - head.start === 1;
      // ノーベル賞, 真田丸, 鈴木杯: a name inside the name of a prize, a drama or a cup.
      const eponym = eponymAfter(tokens, last);
      // …出身 / …在住 glued after it: where someone is from or lives (小千谷出身), a town kuromoji
      // reads as a name.
      const home = next !== undefined && next.start === (tokens[last] as PositionedToken).end && (next.token.surface_form === '出身' || next.token.surface_form === '在住');
      return !glued && !gluedBefore && !verbal && !single && !eponym && !home;
    })
    .map((run) => runRange(tokens, run));
}


/** Could this token be (part of) a name written before an honorific? Proper nouns (人名, 地域 —
 * many surnames are place names — and unknown words), but not dictionary organisations
 * (トヨタさん is a company) and not common nouns (お客さん, 営業さん, 部長さん). */
function isNameLike(t: JaToken): boolean {
  if (t.pos !== '名詞') return false;
  if (t.pos_detail_1 === '固有名詞') return !(t.pos_detail_2 === '組織' && t.word_type === 'KNOWN');
  return t.word_type === 'UNKNOWN' && t.pos_detail_1 !== '数';
}

/** The name before an honorific or title: 佐藤部長, ミカさん, Johnさん (up to three tokens). */
function namesBeforeHonorifics(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const hon = tokens[i];
    if (hon === undefined || hon.token.pos !== '名詞' || !HONORIFICS.has(hon.token.surface_form)) continue;
    let end = i - 1;
    const beforeHon = tokens[end];
    if (beforeHon !== undefined && isSpaceToken(beforeHon.token)) end--;
    let first = -1;
    for (let k = end; k >= 0 && end - k < 3; k--) {
      const t = tokens[k];
      if (t === undefined || !isNameLike(t.token)) break;
      first = k;
    }
    const from = tokens[first];
    const to = tokens[end];
    if (from === undefined || to === undefined) continue;
    if (tokens[first - 1]?.token.pos === '接頭詞') continue;
    // ケアマネさん: katakana glued to the katakana noun before it is a loanword, not a name.
    const before = tokens[first - 1];
    if (before !== undefined && before.end === from.start && KATAKANA_WORD.test(from.token.surface_form) && before.token.pos === '名詞' && KATAKANA_WORD.test(before.token.surface_form)) continue;
    out.push({ start: from.start, end: to.end });
  }
  return out;
}

/** Without a tokenizer: a kanji (2–3) or katakana (2–8) run before さん/様/くん/ちゃん/氏,
 * minus common role nouns. */
const NAME_HONORIFIC_RE =
  /(?<![\p{Script=Han}\p{Script=Katakana}ー])(?<v>\p{Script=Han}{2,3}|[\p{Script=Katakana}ー]{2,8})(?=さん|様|さま|くん|君|ちゃん|氏)/gdu;

const honorificFallback = regexDetector('regex:honorific', NAME_HONORIFIC_RE, (m) => !ROLE_NOUNS.has(m.groups?.['v'] ?? ''));

const TITLE_NAME_RE = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?<v>[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?)/gdu;

/** A katakana word glued to い and the end of a word (ウザいっす, ダサいです): slang adjectives
 * written in katakana, which kuromoji does not know and tags 組織 by default. */
function adjectiveStem(tokens: readonly PositionedToken[], last: number): boolean {
  const t = tokens[last] as PositionedToken;
  const next = tokens[last + 1];
  if (next === undefined || next.start !== t.end || !/^[\p{Script=Katakana}ー]+$/u.test(t.token.surface_form)) return false;
  return /^い(?:っす|です|よ|ね|し|な|から|けど|[。、！？!?]|$)/u.test(next.token.surface_form + (tokens[last + 2]?.token.surface_form ?? ''));
}

const speakerNameDetector: Detector = {
  source: 'session:speaker-name',
  find: ({ text, context }) => (context.speakerNames === null ? [] : execAll(context.speakerNames, text).map(valueRange)),
};


const companyNameDetector: Detector = {
  source: 'session:company-name',
  find: ({ text, context }) =>
    context.companyName === null
      ? []
      : execAll(context.companyName, text).map((m) => {
          const r = valueRange(m);
          const unit = /[A-Za-z]$/u.test(text.slice(r.start, r.end)) ? LATIN_UNIT_AFTER.exec(text.slice(r.end)) : null;
          return unit === null ? r : { start: r.start, end: r.end + unit[0].length };
        }),
};

// ---------------------------------------------------------------------------------------------
// the registry

/** Every PII kind with its detectors. Adding a kind to PiiKindSchema fails to compile until it
 * has an entry here (and a placeholder in spans.ts). */
const ORG_LEGAL_HINT = /会社|法人|\(株\)|\(有\)/u;
const ORG_SUFFIX_HINT = new RegExp(ORG_SUFFIXES, 'u');
const ADDRESS_JA_HINT = /[都道府県市区町村郡]|丁目/u;
const URL_HINT = /https?:|www\.|\.(?:com|net|org|jp|io|uk|info|biz|dev|app|me|shop|store|online|site|tokyo|xyz|ai|tv)/iu;

export const DETECTORS: Record<PiiKind, readonly Detector[]> = {
  EMAIL: [when(/@/u, regexDetector('regex:email', EMAIL_RE)), spokenEmails],
  URL: [when(URL_HINT, urlDetector)],
  PHONE: [withDigit(phoneDetector), withDigit(only('ja', regexDetector('regex:phone-prefix-at-end', PHONE_PREFIX_AT_END_RE)))],
  POSTAL: [
    withDigit(regexDetector('regex:postal-ja', POSTAL_JA_RE)),
    withDigit(only('ja', regexDetector('regex:postal-bare', POSTAL_BARE_RE))),
    // In English a bare 123-4567 is a Japanese postal code near an address, else a local phone
    // number: redacted either way (as [ADDRESS]).
    withDigit(only('en', regexDetector('regex:postal-bare-en', POSTAL_BARE_RE))),
    withDigit(regexDetector('regex:postal-uk', POSTAL_UK_RE)),
    withCapital(only('en', regexDetector('regex:postal-uk-spoken', POSTAL_UK_SPOKEN_RE))),
    withDigit(regexDetector('regex:zip', ZIP_RE)),
  ],
  ADDRESS: [when(ADDRESS_JA_HINT, regexDetector('regex:address-ja', ADDRESS_JA_RE)), withDigit({ source: 'regex:address-en', find: ({ text }) => execAll(ADDRESS_EN_RE, text).map(englishAddress) }), ...CONTEXT_DETECTORS.ADDRESS, ...MORE.ADDRESS],
  ID: [
    withDigit(regexDetector('regex:id-label', ID_LABEL_RE, (m) => countDigits(m.groups?.['v'] ?? '') >= 3)),
    withDigit(regexDetector('regex:my-number', MY_NUMBER_RE, (m) => isValidMyNumber(m[0].replace(/\D/gu, '')))),
    // After the word マイナンバー any 12 digits are one, check digit or not (a misheard digit).
    withDigit(regexDetector('regex:my-number-label', MY_NUMBER_LABEL_RE)),
    ...CONTEXT_DETECTORS.ID,
    withDigit(regexDetector('regex:code', CODE_RE)),
    when(PLATE_HINT, only('ja', regexDetector('regex:plate', PLATE_RE))),
    handles,
  ],
  DATE: [withDigit(birthdayDetector), ...MORE.DATE],
  ORG: [
    companyNameDetector,
    when(ORG_LEGAL_HINT, regexDetector('regex:org-legal', ORG_LEGAL_RE)),
    when(ORG_SUFFIX_HINT, orgSuffixDetector),
    when(CARRIER_HINT, only('ja', carrierDetector)),
    when(KANA_ORG_HINT, only('ja', kanaOrgDetector)),
    withCapital(regexDetector('regex:org-en', ORG_EN_RE)),
    {
      source: 'kuromoji:組織',
      find: ({ tokens }) => (tokens === null ? [] : tokenRuns(tokens, isOrgToken).filter(([, last]) => !isEventCompound(tokens, last) && !adjectiveStem(tokens, last)).map((run) => runRange(tokens, run))),
    },
    { source: 'kuromoji:legal-form', find: ({ tokens }) => (tokens === null ? [] : legalFormNames(tokens)) },
    ...CONTEXT_DETECTORS.ORG,
    ...MORE.ORG,
  ],
  PERSON: [
    speakerNameDetector,
    completing({ source: 'kuromoji:人名', find: ({ tokens }) => (tokens === null ? [] : personNames(tokens)) }),
    completing({ source: 'kuromoji:honorific', find: ({ tokens }) => (tokens === null ? [] : namesBeforeHonorifics(tokens)) }),
    {
      // Only without a tokenizer: with one, kuromoji:honorific is more precise.
      source: 'regex:honorific',
      find: (input) => (input.tokens === null ? honorificFallback.find(input) : []),
    },
    withCapital(regexDetector('regex:title-name', TITLE_NAME_RE)),
    spelledOut,
    ...CONTEXT_DETECTORS.PERSON,
    ...ENGLISH_ASIDE_DETECTORS,
    ...MORE.PERSON,
  ],
};
