/** Counselling speech as name-tagger examples (`train-names.ts --speech`, `names-loso.ts`): the
 * tuning halves of the labelled sets — odd case ids of `fixtures/dev2` … `fixtures/dev8`, and of
 * `fixtures/gold`'s dev split — each segment tokenised as redaction does it (the NFKC view,
 * kuromoji), every candidate token one example, a name piece when it lies inside an occurrence
 * of one of the case's PII strings that is a name (`isNameString`). Even ids, the gold test split
 * and `fixtures/blind` are never read: cases are filtered before their transcripts are opened. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionTokens, type JaTokenizer, type PositionedToken } from '../pipeline/analyze/tokenizer.js';
import { parseGoldCases, type GoldCase } from '../pipeline/eval/gold.js';
import { GIVEN, nameType, SURNAME } from '../pipeline/redact/enamdict.js';
import { isForeignName } from '../pipeline/redact/foreign-names.js';
import { HONORIFICS } from '../pipeline/redact/honorifics.js';
import { isCandidate, tokenFeatures } from '../pipeline/redact/name-model.js';
import { COLLEAGUE_WORDS, KIN_WORDS, TITLES_AFTER } from '../pipeline/redact/name-words.js';
import { normalizedView, toOriginal, type NormalizedView } from '../pipeline/redact/normalize.js';
import type { Segment } from '../pipeline/schemas.js';
import { parseTranscript } from '../pipeline/transcripts/parse.js';
import type { Prepared } from './train-names-lib.js';

/** The eight counselling sources, each a folder of `cases.jsonl` and transcripts. */
export const SPEECH_SOURCES = ['dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8', 'gold'] as const;
export type SpeechSource = (typeof SPEECH_SOURCES)[number];

const HAS_JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** Is a labelled PII string a name (a person, an organisation, a brand) rather than what the
 * rules own: numbers (digits, kanji numerals of two or more, era dates), e-mails and handles
 * said or written, URLs, addresses? The labels are untyped; this is the typing. */
export function isNameString(s: string): boolean {
  if (/[0-9０-９@＠#/]|アットマーク|ドット|\b(?:at|dot)\b|https?:|www\.|\.[a-z]{2,}\b/u.test(s)) return false;
  if (/\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b.*\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/iu.test(s)) return false;
  if (/[〇一二三四五六七八九十]{2,}|(?:昭和|平成|令和|大正).*年/u.test(s)) return false;
  if (/丁目|番地|[都道府県].{0,4}[市区町村郡]|[市区].{1,6}[町村]$/u.test(s)) return false;
  return true;
}

/** How an organisation's name ends (a clinic, a school, a firm, a shop, a brand of a service). */
const ORG_ENDING =
  /(?:会社|病院|クリニック|医院|診療所|保育園|こども園|幼稚園|学童クラブ|学校|学園|大学|高校|(?<=..)[中高小]|銀行|生命|保険|証券|ホテル|製薬|電機|産業|工業|商事|物産|建設|工務店|不動産|ホールディングス|センター|クラブ|グループ|リゾート|エージェント|転職|バンク|の里|店|屋|堂|園|苑|会|社|局|署|所|庁|省|協会|組合|機構|財団|法人|食品|フーズ|自動車|モーター|ライナー|交通|鉄道|新聞|放送|ラボ|ファーム|酒造|窯|[A-Z]{2,})$/u;
const LATIN_ORG = /\b(?:University|Academy|College|School|Clinic|Hospital|Mart|Tourism|Divers|Japan|Inc|Ltd|Co|Corp|Group|Foods|Bank|Manor|Digital|Lab|Labs)\b/u;
/** A nickname's ending (みーちゃん, あやちゃん, まっつん) or a long vowel in hiragana (しょーた). */
const NICKNAME = /(?:ちゃん|くん|っち|っつん|りん)$|^[\p{Script=Hiragana}]*ー[\p{Script=Hiragana}]*$/u;

/** Is a name string a person's (rather than an organisation's or a brand's)? The labels are
 * untyped, so this guesses, and the guess is noisy: not ending as an organisation's name does, it
 * is a nickname, one to three kanji (a surname or given name: 阿部, 颯太), a word ENAMDICT lists
 * as a surname or given name, a katakana word ENAMDICT has as a given name or that sounds like a
 * foreign name (`foreign-names.ts`: セルゲイ; not a surname reading: マツダ is a firm as often), or
 * one or two capitalised Latin words with no organisation word among them. */
export function isPersonString(s: string): boolean {
  if (ORG_ENDING.test(s)) return false;
  if (NICKNAME.test(s)) return true;
  const words = s.split(/[\s・]+/u).filter((w) => w !== '');
  if (words.every((w) => /^[A-Za-z.'-]+$/u.test(w))) return words.length <= 2 && !LATIN_ORG.test(s) && words.every((w) => /^[A-Z]/u.test(w));
  return words.every((w) => {
    if (/^[\p{Script=Han}々]{1,3}$/u.test(w)) return true;
    if (/^[\p{Script=Katakana}ー]+$/u.test(w)) return (nameType(w) & GIVEN) !== 0 || isForeignName(w);
    return (nameType(w) & (SURNAME | GIVEN)) !== 0;
  });
}

/** Words inside a labelled string that are no part of the name (店長の鬼塚, 部長の真鍋 label the
 * title with the name): not name pieces. */
const NOT_A_PIECE = new Set([...TITLES_AFTER, ...KIN_WORDS, ...COLLEAGUE_WORDS, ...HONORIFICS]);

export interface SpeechSegment extends Pick<Prepared, 'examples'> {
  source: SpeechSource;
  caseId: string;
  text: string;
  view: NormalizedView;
  tokens: PositionedToken[];
}

export interface SpeechCase {
  source: SpeechSource;
  dir: string;
  gold: GoldCase;
  /** Every segment of the transcript (the full redaction reads them all). */
  segments: Segment[];
  /** The segments redaction tokenises (Japanese session or Japanese text), as examples. */
  tagged: SpeechSegment[];
  /** The case's PII strings that are names (`isNameString`), each once. */
  names: string[];
  /** Those of them that are persons' (`isPersonString`). */
  persons: string[];
}

/** Which strings' tokens are name pieces: every name (persons, organisations, brands), or only
 * persons' (an organisation's tokens are then examples of what is not a person's name). */
export type SpeechLabels = 'names' | 'persons';

const oddId = (id: string): boolean => Number(/(\d+)\s*$/u.exec(id)?.[1] ?? '0') % 2 === 1;

/** Where each string occurs in `text` (exactly, and in Latin letters in any case). */
export function occurrencesIn(strings: readonly string[], text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const lower = text.toLowerCase();
  for (const s of strings) {
    for (const [hay, needle] of [
      [text, s],
      [lower, s.toLowerCase()],
    ] as const) {
      if (hay.length !== text.length) continue;
      for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) out.push({ start: at, end: at + needle.length });
    }
  }
  return out;
}

/** One source's tuning half: odd ids (and for gold, its dev split), tokenised and labelled. */
export function loadSpeechSource(tokenizer: JaTokenizer, source: SpeechSource, labels: SpeechLabels = 'names', root = 'fixtures'): SpeechCase[] {
  const dir = join(root, source);
  const file = join(dir, 'cases.jsonl');
  const entries = parseGoldCases(readFileSync(file, 'utf8'), file).filter((e) => e.case.split === 'dev' && oddId(e.case.id));
  return entries.map(({ case: c }) => {
    const transcript = parseTranscript(readFileSync(join(dir, c.transcript)), { file: c.transcript, ...(c.consultant_speaker !== undefined ? { consultantSpeaker: c.consultant_speaker } : {}) });
    const names = [...new Set(c.labels.pii)].filter(isNameString);
    const persons = names.filter(isPersonString);
    const tagged = transcript.segments
      .filter((s) => s.text.trim() !== '' && (c.language === 'ja' || HAS_JAPANESE.test(s.text)))
      .map((s) => labelSegment(tokenizer, source, c.id, s.text, labels === 'names' ? names : persons));
    return { source, dir, gold: c, segments: transcript.segments, tagged, names, persons };
  });
}

function labelSegment(tokenizer: JaTokenizer, source: SpeechSource, caseId: string, text: string, names: readonly string[]): SpeechSegment {
  const view = normalizedView(text);
  const tokens = positionTokens(tokenizer, view.text);
  const spans = occurrencesIn(names, text);
  const examples: Prepared['examples'] = [];
  let prevName = false;
  tokens.forEach((t, i) => {
    const { start, end } = toOriginal(view, t.start, t.end);
    const candidate = isCandidate(t);
    const name = candidate && !NOT_A_PIECE.has(t.token.surface_form) && spans.some((p) => p.start < end && start < p.end);
    if (candidate) examples.push([Object.fromEntries(tokenFeatures(tokens, i, prevName).map((f) => [f, 1])), { label: name ? 'N' : 'O' }]);
    prevName = name;
  });
  return { source, caseId, text, view, tokens, examples };
}
