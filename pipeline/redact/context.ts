/** What redaction knows about one session, and the matchers compiled from it once per session. */
import type { JaTokenizer } from '../analyze/tokenizer.js';
import * as wanakana from 'wanakana';
import { companyShortForms } from './company-forms.js';
import { HONORIFIC_ALTERNATION } from './honorifics.js';
import { knownNamesPattern, phraseReading, romajiPattern, romajiToKana } from './known-names.js';
import { nameType } from './enamdict.js';
import { isPersonNoun } from './name-words.js';
import { soundsLikeListedName } from './foreign-names.js';
import { isCommonEnglishWord } from '../analyze/english-words.js';
import { LISTS } from './lists.js';
import { escapeRegExp } from './literal-search.js';

export interface RedactContext {
  language: 'ja' | 'en';
  /** Every speaker label of the session that is not a role word (CC, consultant, コンサルタント,
   * Client, 相談者…). Generic diarisation labels (`SPEAKER_00`, `話者1`, `A`) are ignored here. */
  speakerNames: readonly string[];
  /** The client company's name, redacted as `[ORG]` with and without its legal form. */
  companyName?: string;
  /** Other spellings of the company (the companies file's `aliases`: romaji, short forms),
   * redacted like its name. */
  companyAliases?: readonly string[];
  /** Names the platform knows (the manifest's `employee_name`, `consultant_name`; `|` between
   * spellings): redacted in every spelling (known-names.ts). Never stored. */
  knownNames?: readonly string[];
  /** Enables the morphological detectors (人名 / 組織 tags, names before honorifics). Without
   * it Japanese names are found by speaker names and simple patterns only. */
  tokenizer?: JaTokenizer;
}

/** Session-level matchers. Built once per context object (cached by identity), so redacting all
 * segments of a session compiles the name patterns once. Treat a context as immutable. */
export interface CompiledContext {
  /** The session's speaker names (full names and their parts) and its known names in every
   * spelling, or null when there are none. */
  readonly speakerNames: RegExp | null;
  /** The company's name and aliases in their spellings, or null. */
  readonly companyName: RegExp | null;
}

/** Labels that are roles, not names. */
const ROLE_WORDS = new Set([
  'consultant',
  'cc',
  'client',
  'counselor',
  'counsellor',
  'coach',
  'interviewer',
  'interviewee',
  'employee',
  'speaker',
  'unknown',
  'participant',
  'user',
  'assistant',
  'host',
  'guest',
  'コンサルタント',
  'キャリアコンサルタント',
  'カウンセラー',
  'クライアント',
  '相談者',
  '相談員',
  '社員',
  '本人',
  '話者',
  '発言者',
  '不明',
]);

/** Diarisation labels such as `SPEAKER_00`, `Speaker 2`, `話者1`, `A`, `3`. */
const GENERIC_LABEL = /^(?:speaker|spk|話者|発言者|participant|guest|user|person|voice|channel|ch)?[\s_#-]*(?:[A-Za-z]|\d+)?$/iu;
const LABEL_HONORIFIC = /\s*(?:さん|様|さま|くん|君|ちゃん|氏|先生)$/u;
const LABEL_TITLE = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+/u;
const PART_SEPARATOR = /[\s・,、]+/u;
const LATIN = /^[A-Za-z][A-Za-z'’-]*$/u;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;


const LEGAL_FORMS =
  /(?:株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|\bK\.?K\.?|\bInc\.?|\bCorp(?:oration)?\.?|\bCo\.,?\s*Ltd\.?|\bLtd\.?|\bLLC\b|\bplc\b|\bGmbH\b|\bCompany\b|\bHoldings\b)/giu;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

interface NameForms {
  /** Matched wherever they occur (Latin ones at word boundaries, case-sensitive). */
  free: Set<string>;
  /** Matched only before an honorific or title: one-kanji surnames, short kana names. */
  withHonorific: Set<string>;
}

function addForm(forms: NameForms, form: string): void {
  if (form === '') return;
  if (LATIN.test(form.replace(/\s+/g, ''))) {
    if (form.length < 2) return;
    forms.free.add(form);
    forms.free.add(form.split(/\s+/).map(capitalise).join(' '));
    forms.free.add(form.toUpperCase());
    return;
  }
  const kana = KANA_ONLY.test(form);
  if (form.length >= 3 || (form.length === 2 && !kana)) forms.free.add(form);
  else forms.withHonorific.add(form);
}

const JA_WORD_LABEL = /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u;
const COMMON_NOUN = new Set(['一般', 'サ変接続']);

/** A label that is a job or a duty in words (運航管理, 相談担当, 学校事務; ケースワーカー,
 * ドライバー): kanji nouns that kuromoji knows as common nouns, two or more of two characters or
 * more, nothing ENAMDICT lists as a name; or katakana common nouns ending in ー (an agent noun,
 * …er) whose last sounds like no name of `humannames` — パーカー (Parker) and ハンター (Hunter) are
 * surnames too, and a surname of two words (ブラックウッド) has no agent ending. */
function isDutyLabel(label: string, tokenizer: JaTokenizer | undefined): boolean {
  if (tokenizer === undefined || !JA_WORD_LABEL.test(label) || nameType(label) !== 0) return false;
  const tokens = tokenizer.tokenize(label);
  const nouns = tokens.every((t) => t.pos === '名詞' && COMMON_NOUN.has(t.pos_detail_1) && t.word_type === 'KNOWN' && t.surface_form.length >= 2 && nameType(t.surface_form) === 0);
  if (!nouns) return false;
  if (KANA_ONLY.test(label)) return label.endsWith('ー') && label.length >= 4 && !soundsLikeListedName(tokens.at(-1)?.surface_form ?? label);
  return tokens.length >= 2;
}

/** The forms under which a speaker label may appear in speech: the full name, with and without
 * the space, and each part (山田 花子 → 山田花子, 山田 花子, 山田, 花子). */
export function nameForms(labels: readonly string[], tokenizer?: JaTokenizer): NameForms {
  const forms: NameForms = { free: new Set(), withHonorific: new Set() };
  for (const raw of labels) {
    const label = raw.normalize('NFKC').trim().replace(LABEL_HONORIFIC, '').replace(LABEL_TITLE, '').trim();
    if (label === '' || ROLE_WORDS.has(label.toLowerCase()) || GENERIC_LABEL.test(label)) continue;
    // A job written as the label (衛生士, 動物看護師): said in speech as the job (衛生士が三人), not a
    // name — unless ENAMDICT has it as one (早乙女 ends like 彼女).
    if (JA_WORD_LABEL.test(label) && isPersonNoun(label) && nameType(label) === 0) continue;
    if (isDutyLabel(label, tokenizer)) continue;
    const parts = label.split(PART_SEPARATOR).filter((p) => p !== '');
    addForm(forms, label);
    if (parts.length > 1) {
      addForm(forms, parts.join(LATIN.test(parts.join('')) ? ' ' : ''));
      for (const part of parts) addForm(forms, part);
    }
  }
  return forms;
}

function alternation(forms: Iterable<string>): string {
  return [...forms]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((f) => (LATIN.test(f.replace(/\s+/g, '')) ? `(?<![A-Za-z])${escapeRegExp(f)}(?![A-Za-z])` : escapeRegExp(f)).replace(/ /g, '\\s+'))
    .join('|');
}

function speakerNamesPattern(labels: readonly string[], tokenizer: JaTokenizer | undefined): string | null {
  const forms = nameForms(labels, tokenizer);
  const parts: string[] = [];
  if (forms.free.size > 0) parts.push(alternation(forms.free));
  if (forms.withHonorific.size > 0) parts.push(`(?:${alternation(forms.withHonorific)})(?=\\s?(?:${HONORIFIC_ALTERNATION}))`);
  return parts.length === 0 ? null : parts.join('|');
}

function compileSpeakerNames(labels: readonly string[], knownNames: readonly string[], tokenizer: JaTokenizer | undefined): RegExp | null {
  const parts = [speakerNamesPattern(labels, tokenizer), knownNamesPattern(knownNames, tokenizer)].filter((p) => p !== null);
  return parts.length === 0 ? null : new RegExp(parts.join('|'), 'gu');
}

/** A company spelling without its legal form (株式会社, Inc.), or '' when nothing is left. */
function companyCore(name: string): string {
  return name.replace(LEGAL_FORMS, ' ').replace(/[\s,.]+/g, ' ').trim();
}

const HAS_JAPANESE_WORD = /[\p{Script=Han}\p{Script=Hiragana}]/u;
const KATAKANA_NAME = /^[\p{Script=Katakana}ー・\s]+$/u;

/** The company's name and aliases, each with and without its legal form; kanji and hiragana
 * spellings also in their reading (katakana, hiragana, romaji), romaji aliases also in kana,
 * katakana ones with and without ・ or spaces; short forms from the aliases and those derived
 * from the name (`companyShortForms`: 北斗電設 → ホクト, 博多テクノロジーズ → ハカテク). */
function compileCompanyName(name: string | undefined, aliases: readonly string[], tokenizer: JaTokenizer | undefined): RegExp | null {
  const key = [tokenizer === undefined ? '-' : 'k', name ?? '', ...aliases].join('\0');
  let source = companySources.get(key);
  if (source === undefined) {
    source = companyPattern(name, aliases, tokenizer);
    if (companySources.size >= 256) companySources.delete(companySources.keys().next().value as string);
    companySources.set(key, source);
  }
  return source === null ? null : new RegExp(source, 'giu');
}

/** Company patterns by name and aliases: every session of a company uses the same. */
const companySources = new Map<string, string | null>();

function companyPattern(name: string | undefined, aliases: readonly string[], tokenizer: JaTokenizer | undefined): string | null {
  const forms = new Set<string>();
  const short = new Set<string>();
  const romaji: string[] = [];
  for (const raw of [name, ...aliases]) {
    const full = raw?.normalize('NFKC').trim() ?? '';
    if (full === '') continue;
    forms.add(full);
    const core = companyCore(full);
    if ([...core].length < 2) continue;
    forms.add(core);
    const derived = companyShortForms(core, tokenizer);
    for (const f of derived.ja) short.add(f);
    for (const f of derived.municipal) forms.add(f);
    for (const r of derived.romaji) romaji.push(romajiPattern(r, ['lower']));
    if (KATAKANA_NAME.test(core)) {
      forms.add(core.replace(/[・\s]/g, ''));
      forms.add(core.replace(/[・\s]+/g, '・'));
    } else if (HAS_JAPANESE_WORD.test(core)) {
      const morphemes = phraseReading(core.replace(/\s+/g, ''), tokenizer);
      const reading = morphemes?.join('') ?? '';
      if (morphemes !== null && reading.length >= 3) {
        forms.add(reading);
        forms.add(wanakana.toKatakana(reading));
        // Said in romaji word by word: Yamada Seisakusho, yamada-seisakusho, YamadaSeisakusho.
        romaji.push(morphemes.map((m) => `(?:${romajiPattern(wanakana.toRomaji(m), ['lower'])})`).join('[\\s-]?'));
      }
    } else if (LATIN.test(core.replace(/[\s&.]+/g, ''))) {
      forms.add(core.replace(/\s+/g, ''));
      forms.add(core.replace(/(?<=\p{Ll})(?=\p{Lu})/gu, ' ')); // GlobalTech → Global Tech
      const kana = romajiToKana(core);
      if (kana !== null && kana.length >= 3) forms.add(wanakana.toKatakana(kana));
      // The first word of a Latin name of several words alone, when it is no English word
      // (Nexora of Nexora Systems Japan; not Global of Global Tech): people shorten it so.
      const first = /^([A-Z][a-z]{2,})\s[A-Z]/u.exec(core)?.[1];
      if (first !== undefined && !isCommonEnglishWord(first.toLowerCase()) && !LISTS.enCommonCapitalised.has(first)) romaji.push(escapeRegExp(first));
    }
  }
  if (forms.size === 0) return null;
  for (const f of forms) short.delete(f);
  // The alternation takes the first that matches: the whole name in romaji (suruga-en) must come
  // before a short form derived from it (suruga), so the longest pattern goes first.
  // A derived short form (ホクト, ハカテク, 北斗) only as a whole word: not inside a longer word
  // of its script (ホクトーク, 北斗七星).
  const shortForms = [...short]
    .sort((a, b) => b.length - a.length)
    .map((f) => {
      const script = KATAKANA_NAME.test(f) ? '\\p{Script=Katakana}ー' : '\\p{Script=Han}々';
      return `(?<![${script}])${escapeRegExp(f)}(?![${script}])`;
    });
  return [alternation(forms), ...shortForms, ...romaji.sort((a, b) => b.length - a.length).map((r) => `(?<![A-Za-z])(?:${r})(?![A-Za-z])`)].join('|');
}

const cache = new WeakMap<RedactContext, CompiledContext>();

export function compileContext(ctx: RedactContext): CompiledContext {
  let compiled = cache.get(ctx);
  if (compiled === undefined) {
    compiled = {
      speakerNames: compileSpeakerNames(ctx.speakerNames, ctx.knownNames ?? [], ctx.tokenizer),
      companyName: compileCompanyName(ctx.companyName, ctx.companyAliases ?? [], ctx.tokenizer),
    };
    cache.set(ctx, compiled);
  }
  return compiled;
}
