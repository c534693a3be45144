/** Short forms of a company's name that people say without anyone giving them as an alias: the
 * distinctive first word without what the company does (北斗電設 → 北斗, ホクト, Hokuto; ジェイ・エア
 * サービス → ジェイエア), and the clipped compound Japanese makes of two words, two morae of each
 * (博多テクノロジーズ → ハカテク, like ピクフォ, ネクリン, アドブリ).
 *
 * Only from kuromoji's reading of the name, and only forms that are no everyday word: the first
 * word is kept when kuromoji reads it as a proper noun that is no place or a word it does not
 * know; two kanji or more of a common noun (北斗, 中部) and a place (博多, 金沢) only in their
 * katakana reading (ホクト, ハカタ), which people do not write for the word or the place; a kana
 * word it knows (ひまわり, ブルー, アド) not at all. A reading also with ー for a long vowel
 * (キューハウ), and 銀行, 信用金庫, 生命保険 said short (瑞浪銀, みずなみ銀); a name without the place
 * it ends in (…ケア浪速 → …ケア) or starts with (山形レールテック → レールテック); a town's office by its town (名取川市役所 → 名取川市). Pure. */
import * as wanakana from 'wanakana';
import type { JaToken, JaTokenizer } from '../analyze/tokenizer.js';
import { nameReadings } from './known-names.js';

export interface CompanyShortForms {
  /** Japanese spellings (kanji, katakana), matched as whole katakana words. */
  readonly ja: readonly string[];
  /** Romaji readings of the first word (hokuto), matched as a word in any case. */
  readonly romaji: readonly string[];
  /** Forms matched also before more kanji: a town or city whose office employs the speaker
   * (名取川市 of 名取川市役所, also in 名取川市立…). */
  readonly municipal: readonly string[];
}

const SMALL_KANA = /^[ァィゥェォャュョヮ]$/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
const KANJI = /^[\p{Script=Han}々]+$/u;
/** English plurals in katakana: a firm's kind (…テクノロジーズ, …パートナーズ), not its name. */
const PLURAL_END = /[ズス]$/u;

/** The first `n` morae of a katakana word; a long vowel or a small っ left at the end is dropped
 * (フォージ → フォ, not フォー). */
export function firstMorae(katakana: string, n: number, keepLong = false): string {
  const morae: string[] = [];
  for (const ch of katakana) {
    if (SMALL_KANA.test(ch) && morae.length > 0) morae[morae.length - 1] += ch;
    else morae.push(ch);
  }
  const head = morae.slice(0, n);
  while (head.length > 1 && /^[ーッ]$/u.test(head[head.length - 1] ?? '') && !(keepLong && head[head.length - 1] === 'ー')) head.pop();
  return head.join('');
}

/** At most this many of ENAMDICT's readings of a first word kuromoji reads as a name or a place
 * are clipped (its own reading of a surname is often not the company's: 五島 as ゴシマ). */
const MAX_NAME_READINGS = 4;

/** A reading as speech is often written, with ー for a long o or u (キュウ → キュー, トウカイ →
 * トーカイ). */
export function longVowelSpelling(katakana: string): string {
  return katakana.replace(/([オコソトノホモヨロゴゾドボポョォウクスツヌフムユルグズヅブプュゥ])ウ/gu, '$1ー');
}

/** Kinds of company said short: 瑞浪銀行 → 瑞浪銀, 城南信用金庫 → 城南信金, ひまわり生命保険 →
 * ひまわり生命. */
const SHORT_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['銀行', '銀'],
  ['信用金庫', '信金'],
  ['生命保険', '生命'],
  ['損害保険', '損保'],
];

function katakanaOf(t: JaToken): string | null {
  if (KATAKANA.test(t.surface_form)) return t.surface_form;
  return t.reading !== undefined && t.reading !== '' && KATAKANA.test(t.reading) && t.reading !== '*' ? t.reading : null;
}

/** A first word that stands for the company alone: a proper noun that is no place, a word
 * kuromoji does not know, or a common noun of two kanji or more (北斗). */
function distinctive(t: JaToken): boolean {
  if (t.pos !== '名詞' || t.pos_detail_1 === '数' || t.pos_detail_1 === '代名詞' || t.pos_detail_1 === '接尾') return false;
  if (t.word_type === 'UNKNOWN') return true;
  if (t.pos_detail_1 === '固有名詞') return t.pos_detail_2 !== '地域';
  return KANJI.test(t.surface_form) && t.surface_form.length >= 2;
}

/** Is this katakana form one word kuromoji knows (an everyday word, not a short form)? */
function knownWord(form: string, tokenizer: JaTokenizer): boolean {
  const tokens = tokenizer.tokenize(form);
  return tokens.length === 1 && tokens[0]?.word_type === 'KNOWN' && tokens[0].pos_detail_1 !== '固有名詞';
}

/** Short forms of a company name without its legal form (`core`), e.g. 北斗電設 → 北斗, ホクト,
 * ホクデン and hokuto. Empty without a tokenizer or when the name is one word. */
export function companyShortForms(core: string, tokenizer: JaTokenizer | undefined): CompanyShortForms {
  if (tokenizer === undefined || !/[\p{Script=Han}\p{Script=Katakana}]/u.test(core)) return { ja: [], romaji: [], municipal: [] };
  const ja = new Set<string>();
  const romaji = new Set<string>();
  const tokens = tokenizer.tokenize(core.replace(/\s+/gu, '')).filter((t) => t.pos_detail_1 !== '空白');
  const municipal = municipalForms(core);
  // A name ending in the place it serves (…ケア浪速, …サービス札幌) is said without it: the rest,
  // when it is more than one word kuromoji knows.
  const tail = tokens[tokens.length - 1];
  if (tokens.length >= 3 && tail !== undefined && tail.pos_detail_1 === '固有名詞' && tail.pos_detail_2 === '地域' && tail.pos_detail_3 !== '国') {
    const head = core.replace(/\s+/gu, '').slice(0, -tail.surface_form.length);
    if ([...head].length >= 3 && !knownWord(head, tokenizer)) ja.add(head);
  }
  // A name starting with its town or region (山形+レール+テック) is said without it too: the rest,
  // when it is all kana (coined, not a kind: 昇降機サービス, テレビ放送), four kana or more, and no
  // word kuromoji knows (大阪+ガス → ガス stays) nor a plural loanword (…テクノロジーズ, …ホールディングス).
  const lead = tokens[0];
  const tailName = tokens
    .slice(1)
    .map((t) => t.surface_form)
    .join('');
  if (lead !== undefined && lead.pos_detail_1 === '固有名詞' && lead.pos_detail_2 === '地域' && KANJI.test(lead.surface_form) && /^[\p{Script=Katakana}\p{Script=Hiragana}ー]{4,}$/u.test(tailName) && !PLURAL_END.test(tailName) && !knownWord(tailName, tokenizer)) ja.add(tailName);
  // A katakana name in parts joined by ・ without its last word when that is a common noun
  // (ジェイ・エア|サービス → ジェイエア).
  const last = tokens[tokens.length - 1];
  if (/^[\p{Script=Katakana}ー・]+$/u.test(core) && core.includes('・') && last !== undefined && last.word_type === 'KNOWN' && last.pos_detail_1 !== '固有名詞') {
    const head = tokens
      .slice(0, -1)
      .map((t) => t.surface_form)
      .join('')
      .replace(/・/gu, '');
    if ([...head].length >= 4) ja.add(head);
  }
  const words = tokens.filter((t) => t.surface_form !== '・');
  const first = words[0];
  const second = words[1];
  if (first !== undefined && second !== undefined) {
    const reading = katakanaOf(first);
    // A place (博多, 豊島) is said as the place in kanji; in katakana it is the company (ハカタ).
    const place = first.pos_detail_1 === '固有名詞' && first.pos_detail_2 === '地域';
    if (place && reading !== null && reading.length >= 3 && KANJI.test(first.surface_form) && !knownWord(reading, tokenizer)) ja.add(reading);
    if (distinctive(first) && [...first.surface_form].length >= 2 && (reading === null || reading.length >= 3)) {
      // A common noun in kanji (北斗, 中部) is said as that word in kanji; only its reading is the
      // company's.
      const common = first.word_type === 'KNOWN' && first.pos_detail_1 !== '固有名詞';
      if ((KANJI.test(first.surface_form) && !common) || KATAKANA.test(first.surface_form)) ja.add(first.surface_form);
      if (reading !== null && !knownWord(reading, tokenizer)) {
        ja.add(reading);
        const latin = wanakana.toRomaji(reading);
        if (KANJI.test(first.surface_form) && /^[a-z]{5,}$/u.test(latin)) romaji.add(latin);
      }
    }
    // Two morae of the first two words (ハカ + テク).
    const secondReading = katakanaOf(second);
    if (reading !== null && secondReading !== null && first.pos_detail_1 !== '数' && second.pos === '名詞') {
      // A kanji surname or place kuromoji reads one way is read by ENAMDICT's readings too (五島:
      // ゴシマ, ゴトウ); the second word's long vowel is a mora of its own and may stay (ゴト+オー).
      const named = KANJI.test(first.surface_form) && first.pos_detail_1 === '固有名詞' && (first.pos_detail_2 === '人名' || first.pos_detail_2 === '地域');
      const firsts = new Set([reading, ...(named ? nameReadings(first.surface_form, 'surname', undefined).slice(0, MAX_NAME_READINGS).map((r) => wanakana.toKatakana(r)) : [])]);
      for (const r of firsts) {
        for (const keepLong of [false, true]) {
          const clipped = firstMorae(r, 2) + firstMorae(secondReading, 2, keepLong);
          if ([...clipped].length >= 4 && clipped !== r && !knownWord(clipped, tokenizer)) ja.add(clipped);
        }
      }
    }
  }
  // kuromoji reads a katakana name joined by ・ as one unknown word (スタジオ・トワイライト): its
  // parts are the two words to clip (スタ + トワ).
  const parts = core.split('・').filter((p) => p !== '');
  if (words.length === 1 && parts.length >= 2 && parts.every((p) => KATAKANA.test(p) && p.length >= 2)) {
    const clipped = firstMorae(parts[0] as string, 2) + firstMorae(parts[1] as string, 2);
    if ([...clipped].length >= 4 && !knownWord(clipped, tokenizer)) ja.add(clipped);
  }
  // The kind said short after the name, and after its reading (瑞浪銀, みずなみ銀, ミズナミ銀).
  for (const [kind, short] of SHORT_KINDS) {
    if (!core.endsWith(kind) || core.length <= kind.length) continue;
    const stem = core.slice(0, -kind.length);
    ja.add(stem + short);
    const morphemes = tokenizer.tokenize(stem).map(katakanaOf);
    if (morphemes.every((k) => k !== null)) {
      const reading = morphemes.join('');
      ja.add(wanakana.toHiragana(reading) + short);
      ja.add(reading + short);
    }
  }
  for (const f of [...ja]) {
    const spoken = longVowelSpelling(f);
    if (KATAKANA.test(f) && spoken !== f && !knownWord(spoken, tokenizer)) ja.add(spoken);
  }
  for (const f of ja) if ([...f].length < 2 || f === core) ja.delete(f);
  return { ja: [...ja], romaji: [...romaji], municipal };
}

/** The office of a town, city or prefecture (名取川市役所, 宮崎町役場, 青森県庁) employs its staff
 * under the place's name: 名取川市 stands for the employer (名取川市の職員, 名取川市立図書館). */
const MUNICIPAL_OFFICE = /^(?<place>[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ヶ々ー]{2,}?(?:市|区|町|村|県|府|都))(?:役所|役場|庁)$/u;

function municipalForms(core: string): string[] {
  const place = MUNICIPAL_OFFICE.exec(core.replace(/\s+/gu, ''))?.groups?.['place'];
  return place === undefined ? [] : [place];
}
