/** Redaction: `detect(text, ctx) → Span[]`, then `apply(text, spans) → text` (Presidio's
 * analyzer/anonymizer split). Both are pure; the tokenizer comes in through the context. */
import { PiiKindSchema, type PiiKind, type Segment } from '../schemas.js';
import { positionTokens, type PositionedToken, type TokenizedText } from '../analyze/tokenizer.js';
import { compileContext, type RedactContext } from './context.js';
import type { DetectInput, Range } from './detector.js';
import { tokensIn } from './token-search.js';
import { DETECTORS } from './detectors.js';
import { normalizedView, toOriginal, type NormalizedView } from './normalize.js';
import { apply, mergeSpans, type Span } from './spans.js';
import { spokenView } from './spoken.js';
import { execAll } from './regex.js';
import { findLiterals, literalSet } from './literal-search.js';
import { redactTokens } from './tokens.js';
import { coordinatedEnglishNames, coordinatedNames } from './coordination.js';
import { addressPlaces, placePattern } from './session-places.js';
import { rolesBecome } from './person-context.js';
import { orgKanaHeadPattern, orgKanaHeads } from './organisations.js';
import { labelsSaidAsRoles, saidAsPlace, saidAsSound } from './places-said.js';
import { HONORIFIC_ALTERNATION } from './honorifics.js';

export type { RedactContext } from './context.js';
export { apply, mergeSpans, validateSpans, PLACEHOLDERS, type Span } from './spans.js';
export { positionTokens } from '../analyze/tokenizer.js';

const PII_KINDS = PiiKindSchema.options;
const HAS_JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const HAS_DIGIT = /\d/u;
const HAS_LATIN_CAPITAL = /[A-Z]/u;

/** The morphemes of a text's view, when the context has a tokenizer and the session is
 * Japanese or the text has Japanese in it. */
function viewTokens(view: NormalizedView, ctx: RedactContext): PositionedToken[] | null {
  if (ctx.tokenizer === undefined || view.text.trim() === '') return null;
  return ctx.language === 'ja' || HAS_JAPANESE.test(view.text) ? positionTokens(ctx.tokenizer, view.text) : null;
}

/** The kinds whose detectors also read the spoken view (numbers said aloud in digits). */
const SPOKEN_KINDS = ['PHONE', 'POSTAL', 'ADDRESS', 'ID', 'DATE'] as const satisfies readonly PiiKind[];

/** Pauses, brackets and sentence marks at the edge of a name's range: a run the tagger or a title
 * rule took with them (（笑）。, …主任) holds no more of the name, and a range of them alone none. */
const NAME_EDGE = /[\s。、，,．…‥！？!?・]/u;
const OPENING = /[（(「『【]/u;
const CLOSING = /[）)」』】]/u;
const HAS_LETTER = /\p{L}/u;

/** A person's or organisation's range without the marks at its edges, and without a bracket at
 * its edge whose partner is outside it ((株)… keeps its brackets); null when no letter is left. */
function nameRange(text: string, r: Range): Range | null {
  let { start, end } = r;
  for (;;) {
    const first = text[start] ?? '';
    const last = text[end - 1] ?? '';
    const inner = text.slice(start, end);
    if (start < end && (NAME_EDGE.test(first) || (OPENING.test(first) && !CLOSING.test(inner)))) start++;
    else if (end > start && (NAME_EDGE.test(last) || (CLOSING.test(last) && !OPENING.test(inner)))) end--;
    else break;
  }
  return HAS_LETTER.test(text.slice(start, end)) ? { start, end } : null;
}

/** Does kuromoji read the range as one place name (北九州, 鹿児島), not a firm's (日立: 組織)? */
function regionWord(tokens: readonly PositionedToken[] | null, r: Range): boolean {
  const words = tokens === null ? [] : tokensIn(tokens, r);
  return words.length === 1 && words[0]?.start === r.start && words[0].end === r.end && words[0].token.pos_detail_2 === '地域';
}

function runDetectors(view: NormalizedView, input: DetectInput, kinds: readonly PiiKind[], spans: Span[], places?: Set<string>): void {
  for (const kind of kinds) {
    const named = kind === 'PERSON' || kind === 'ORG';
    for (const detector of DETECTORS[kind]) {
      const fromSession = detector.source.startsWith('session:');
      for (const found of detector.find(input)) {
        const r = named ? nameRange(input.text, found) : found;
        if (r === null) continue;
        // A town said as a place (…の方の病院, …にいて, 出身は…): no person, whatever read it as
        // one; the session's own names (speakers, the company) are what the platform gave.
        if (named && !fromSession && saidAsPlace(input.text, r.start, r.end, kind === 'PERSON' || regionWord(input.tokens, r))) {
          places?.add(input.text.slice(r.start, r.end));
          continue;
        }
        // A sound said aloud (ドンって。, シューって音が): no name either.
        if (named && !fromSession && saidAsSound(input.text, r.start, r.end)) continue;
        const { start, end } = toOriginal(view, r.start, r.end);
        if (end > start) spans.push({ start, end, kind, source: detector.source });
      }
    }
  }
}

function detectIn(view: NormalizedView, tokens: readonly PositionedToken[] | null, ctx: RedactContext, places?: Set<string>): Span[] {
  // The morphological detectors only read text with Japanese in it.
  const input: DetectInput = {
    text: view.text,
    language: ctx.language,
    tokens: tokens !== null && HAS_JAPANESE.test(view.text) ? tokens : null,
    context: compileContext(ctx),
    hasDigit: HAS_DIGIT.test(view.text),
    hasLatinCapital: HAS_LATIN_CAPITAL.test(view.text),
  };
  const spans: Span[] = [];
  runDetectors(view, input, PII_KINDS, spans, places);
  // Numbers said aloud (〇三の五五四一…, ゼロキューゼロ): the number detectors again, on digits.
  const spoken = spokenView(view);
  if (spoken !== null) runDetectors(spoken, { ...input, text: spoken.text, tokens: null, hasDigit: true }, SPOKEN_KINDS, spans);
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Finds the PII in `text`: spans of the original text, sorted, possibly overlapping (apply
 * merges them). Detection runs on the NFKC view; offsets are mapped back. */
export function detect(text: string, ctx: RedactContext): Span[] {
  if (text === '') return [];
  const view = normalizedView(text);
  return detectIn(view, viewTokens(view, ctx), ctx);
}

/** Redacts one text; returns the text and how many (merged) spans were replaced. */
export function redactText(text: string, ctx: RedactContext): { text: string; redactions: number } {
  const spans = mergeSpans(detect(text, ctx));
  return { text: apply(text, spans), redactions: spans.length };
}

/** Segments tokenized before their detectors run (`redactSegments`); a few dozen keep the
 * morphemes held at once small. */
const TOKENIZE_BATCH = 64;

interface Prepared {
  text: string;
  view: NormalizedView;
  tokens: PositionedToken[] | null;
  spans: Span[];
}

const LEGAL_FORM_WORDS = /株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|\b(?:Inc|Corp|Co|Ltd|LLC|KK|plc)\b\.?,?/gu;

/** The longest name propagated through a session: a longer span is a run of text, and the
 * search for the session's names (`findLiterals`) costs the text times the longest of them. */
const MAX_SESSION_NAME = 64;

/** Names found anywhere in the session (PERSON and ORG spans, without legal forms; a person's
 * parts too), to be redacted wherever else they occur: a company named once with 株式会社 and
 * later without, a colleague introduced with さん and later without. */
function sessionNames(prepared: readonly Prepared[]): Map<string, Span['kind']> {
  const names = new Map<string, Span['kind']>();
  const add = (name: string, kind: Span['kind']): void => {
    const n = name.trim();
    // A span that long is a run of text, not a name: it is redacted where it stands.
    if (n.length > MAX_SESSION_NAME) return;
    const latin = /^[A-Za-z\s'’-]+$/u.test(n);
    if (latin ? n.length < 3 : n.length < 2) return;
    if (/^[\p{Script=Hiragana}]+$/u.test(n) && n.length < 3) return;
    if (!names.has(n)) names.set(n, kind);
  };
  for (const p of prepared) {
    for (const span of p.spans) {
      if (span.kind !== 'PERSON' && span.kind !== 'ORG') continue;
      const found = p.text.slice(span.start, span.end).normalize('NFKC');
      const core = found.replace(LEGAL_FORM_WORDS, ' ').replace(/\s+/gu, ' ').trim();
      add(core, span.kind);
      if (span.kind === 'PERSON') for (const part of core.split(/[\s・]+/u)) add(part, 'PERSON');
    }
  }
  return names;
}

const HONORIFIC_AFTER = new RegExp(`^(?:${HONORIFIC_ALTERNATION})`, 'u');

/** A person's or organisation's span of a word the session says elsewhere as a place (能代にいて,
 * then 能代。 alone): a place there too, unless an honorific or title follows it (成田さん). */
function placeSaidElsewhere(p: Prepared, s: Span, places: ReadonlySet<string>): boolean {
  if ((s.kind !== 'PERSON' && s.kind !== 'ORG') || s.source.startsWith('session:')) return false;
  return places.has(p.text.slice(s.start, s.end).normalize('NFKC')) && !HONORIFIC_AFTER.test(p.text.slice(s.end, s.end + 4));
}

/** PERSON names found only right before さん and never after の (有名な杜氏さん; not 上司の栗山さん, a
 * colleague), that the session also says as what one becomes (`rolesBecome`): trades, said with
 * さん as people say 大工さん, not persons. Only words kuromoji reads as one common noun. */
function tradesSaidAsNames(prepared: readonly Prepared[], ctx: RedactContext): Set<string> {
  const tokenizer = ctx.tokenizer;
  if (ctx.language !== 'ja' || tokenizer === undefined) return new Set();
  const onlyBeforeSan = new Map<string, boolean>();
  for (const p of prepared) {
    for (const s of p.spans) {
      if (s.kind !== 'PERSON') continue;
      const word = p.text.slice(s.start, s.end).normalize('NFKC');
      const likeTrade = p.text.startsWith('さん', s.end) && p.text[s.start - 1] !== 'の';
      onlyBeforeSan.set(word, (onlyBeforeSan.get(word) ?? true) && likeTrade);
    }
  }
  const candidates = [...onlyBeforeSan].filter(([, only]) => only).map(([word]) => word);
  if (candidates.length === 0) return new Set();
  return rolesBecome(
    prepared.map((p) => p.view.text),
    candidates,
    (word) => {
      const t = tokenizer.tokenize(word);
      return t.length === 1 && t[0]?.pos === '名詞' && t[0].pos_detail_1 === '一般' && t[0].word_type === 'KNOWN';
    },
  );
}

/** What a person has or goes through, said after a name and の (蓮の試合, 凛のお迎え, 湊の誕生日),
 * or is blamed or thanked for (…のせいで, …のおかげで), or their family (誠の奥さん, 蓮のお母さん): a forest
 * or a lotus has none of these (森の中,
 * 蓮の花; 雨のせい is no session's name). */
const PERSONS_THINGS = '奥さん|旦那さん|旦那|お嫁さん|彼女|彼氏|お母さん|お父さん|ご両親|両親|せい|おかげ|声|泣き声|咳|試合|学校|部活|送り迎え|お迎え|迎え|誕生日|担任|友達|面倒|世話|将来|進路|成績|受験|卒業|入学|運動会|発表会|参観|習い事|保育園|幼稚園|体調|具合|病気|熱|宿題|塾';

/** One-kanji names found in the session (森 of キャリアコンサルタントの森です): matched elsewhere
 * only as a whole word before a particle that makes it a subject, object or partner (森から, 蓮を,
 * 堤にまで, 翔だけ) or beside whom one stands (翔の横で) or before what is said of a person (律のほうが,
 * 律のことが, 蓮みたいな) or is theirs (それ律のだった, dialect 律のやった), since 森 is also a word
 * (森の中, 森林). */
function oneKanjiNames(names: ReadonlySet<string>): RegExp | null {
  if (names.size === 0) return null;
  // …or said alone between a pause and the end of a sentence or a laugh (…娘やで、律(笑)).
  const alt = [...names].join('|');
  return new RegExp(`(?<![\\p{Script=Han}々])(?:${alt})(?=が|は|も|と|を|って|から|にも|にまで|には|です|さん|くん|、|だけ|しか|のほう|のこと|の(?:横|隣|代わり)|みたい|の(?:やっ|や[。、ろし]|だっ|だ[。、よね]|です|じゃ)|の(?:${PERSONS_THINGS}))|(?<=^|[、。！？!?\\s])(?:${alt})(?=\\(笑\\)|[。！？!?]|$)`, 'gu');
}

/** Two-kana names found in the session (ゆい of ゆいちゃんも): `sessionNames` leaves them out (そう,
 * まい are words too), so elsewhere they are matched only as a whole word before an honorific
 * (ゆいさん, ゆいちゃん…), not inside other kana (まいにち), or at the start of a sentence or
 * after a pause before a particle (。ゆきにも言われた, 、まいが来て; not 。まいにち). */
function shortKanaNames(names: ReadonlySet<string>): RegExp | null {
  if (names.size === 0) return null;
  const alt = [...names].join('|');
  return new RegExp(`(?<![\\p{Script=Hiragana}])(?:${alt})(?=さん|ちゃん|くん|さま|様)|(?<=^|[。、！？!?「\\s])(?:${alt})(?=が|は|も|にも|には|に、|を|って|から|、)`, 'gu');
}

/** Redacts the text of every segment (client and consultant), tokenizing each once. Names found
 * in one segment are redacted in all (`sessionNames`). Speaker labels are left alone: the caller
 * drops client labels before anything is stored. `tokens[i]` are the morphemes of segment i's
 * redacted text, for analysis: client segments of Japanese sessions with a tokenizer (null for
 * consultant segments, English sessions, or without a tokenizer). `spans[i]` are where segment
 * i's placeholders went in its original text (offsets only, for `honne eval`). */
export function redactSegments(
  segments: readonly Segment[],
  sessionCtx: RedactContext,
): { segments: Segment[]; redactions: number; tokens: Array<TokenizedText | null>; spans: Array<ReadonlyArray<{ start: number; end: number }>>; spared: string[] } {
  // Speaker labels that are jobs by how the session says them (トレーナーとして, 元MR): no names.
  const roles = labelsSaidAsRoles(sessionCtx.speakerNames, segments.map((s) => s.text), sessionCtx.knownNames ?? []);
  const ctx: RedactContext = roles.size === 0 ? sessionCtx : { ...sessionCtx, speakerNames: sessionCtx.speakerNames.filter((l) => !roles.has(l)) };
  const prepared: Prepared[] = [];
  // Towns the session says as places (`saidAsPlace`): not carried, nor taken for a person elsewhere.
  const placeWords = new Set<string>();
  // Tokenized a batch at a time, then detected: kuromoji and the detectors each run with their
  // own tables in the processor's cache instead of evicting each other at every segment.
  for (let from = 0; from < segments.length; from += TOKENIZE_BATCH) {
    const batch = segments.slice(from, from + TOKENIZE_BATCH);
    const views = batch.map((segment) => normalizedView(segment.text));
    const tokenized = batch.map((segment, k) => (segment.text === '' ? null : viewTokens(views[k] as NormalizedView, ctx)));
    batch.forEach((segment, k) => {
      const view = views[k] as NormalizedView;
      const tokens = tokenized[k] ?? null;
      const spans = segment.text === '' ? [] : detectIn(view, tokens, ctx, placeWords);
      // Analysis reads the client's speech only: the consultant's morphemes are not kept (a
      // smaller live heap makes the tokenizer's own garbage cheaper to collect).
      prepared.push({ text: segment.text, view, tokens: segment.role === 'client' ? tokens : null, spans });
    });
  }
  if (placeWords.size > 0) for (const p of prepared) p.spans = p.spans.filter((s) => !placeSaidElsewhere(p, s, placeWords));
  const names = sessionNames(prepared);
  // A trade said with さん (…杜氏さん) and elsewhere as what one becomes (杜氏になりたい) is no name to
  // carry: it stays redacted where it was found, before さん, and nowhere else.
  for (const role of tradesSaidAsNames(prepared, ctx)) names.delete(role);
  // Given names listed with a person found in the session (蓮とユウキ): carried like the others.
  const persons = [...names].filter(([, kind]) => kind === 'PERSON').map(([n]) => n);
  const listed = ctx.language === 'ja' ? coordinatedNames(prepared.map((p) => p.view.text), [...persons, ...personsFound(prepared, /^\p{Script=Han}$/u)], ctx.tokenizer) : new Set<string>();
  for (const n of listed) if (n.length >= 2 && !names.has(n)) names.set(n, 'PERSON');
  for (const n of coordinatedEnglishNames(prepared.map((p) => p.view.text), persons)) if (!names.has(n)) names.set(n, 'PERSON');
  const nameSet = literalSet(names.keys(), { latinWholeWords: true });
  // A known person's one-kanji part (梓 of 宇佐美 梓) counts as found: it is matched only before an
  // honorific otherwise, and a spouse quoted in speech says it alone (「梓が決めて」). So does a
  // one-kanji name listed with a found one (`coordinatedNames`).
  const oneKanjiFound = personsFound(prepared, /^\p{Script=Han}$/u, [...(ctx.knownNames ?? []), ...listed]);
  const shortKanaFound = personsFound(prepared, /^\p{Script=Hiragana}{2}$/u);
  const oneKanji = oneKanjiNames(oneKanjiFound);
  const shortKana = shortKanaNames(shortKanaFound);
  // A town said in an address and again alone (…の浦町三丁目, later the town alone before で).
  const addresses = prepared.flatMap((p) => p.spans.filter((s) => s.kind === 'ADDRESS').map((s) => p.text.slice(s.start, s.end).normalize('NFKC')));
  const places = ctx.language === 'ja' && ctx.tokenizer !== undefined && addresses.length > 0 ? placePattern(addressPlaces(addresses, ctx.tokenizer)) : null;
  // A firm's kana head said alone (…です」って after …パートナーズ): `orgKanaHeads`.
  const orgHeads = ctx.language === 'ja' ? orgKanaHeadPattern(orgKanaHeads([...names].filter(([, kind]) => kind === 'ORG').map(([n]) => n))) : null;
  let redactions = 0;
  const tokens: Array<TokenizedText | null> = [];
  const redactedSpans: Array<ReadonlyArray<{ start: number; end: number }>> = [];
  const out = segments.map((segment, i) => {
    const p = prepared[i] as Prepared;
    const spans = [...p.spans];
    for (const m of findLiterals(nameSet, p.view.text)) {
      const kind = names.get(p.view.text.slice(m.start, m.end)) ?? 'PERSON';
      // A katakana person's name found once alone and said in full elsewhere (…・サントソ): the
      // name in parts is made whole, as `completeName` does where the name is found.
      const whole = kind === 'PERSON' ? wholeKatakanaName(p.view.text, m) : m;
      const { start, end } = toOriginal(p.view, whole.start, whole.end);
      if (end > start) spans.push({ start, end, kind, source: 'session:propagated' });
    }
    for (const m of [...(oneKanji === null ? [] : execAll(oneKanji, p.view.text)), ...(shortKana === null ? [] : execAll(shortKana, p.view.text))]) {
      const { start, end } = toOriginal(p.view, m.index, m.index + m[0].length);
      if (end > start) spans.push({ start, end, kind: 'PERSON', source: 'session:propagated' });
    }
    for (const m of orgHeads === null ? [] : execAll(orgHeads, p.view.text)) {
      const { start, end } = toOriginal(p.view, m.index, m.index + m[0].length);
      if (end > start) spans.push({ start, end, kind: 'ORG', source: 'session:org-head' });
    }
    for (const m of places === null ? [] : execAll(places, p.view.text)) {
      const { start, end } = toOriginal(p.view, m.index, m.index + m[0].length);
      if (end > start) spans.push({ start, end, kind: 'ADDRESS', source: 'session:place' });
    }
    const merged = mergeSpans(spans);
    redactions += merged.length;
    redactedSpans.push(merged);
    const tokenized = p.tokens === null || ctx.tokenizer === undefined || ctx.language !== 'ja' ? null : redactTokens(p.view, p.tokens, merged, ctx.tokenizer);
    tokens.push(tokenized);
    return { ...segment, text: apply(segment.text, merged) };
  });
  // Names matched elsewhere only in a person's context (桜の件で beside 桜さん: 桜の木 is a tree)
  // stay where they are, and a word of the employee's would make them a keyword (analysis:
  // AnalyzeInput.notKeywords). Only those standing as a word of the client's redacted speech,
  // which is all analysis reads: a known name's part inside another word (誠 of 誠実, the
  // employee's 誠) would otherwise be stored in the clear beside the session (queue mode's
  // redacted object), where the manifest's names are kept sealed.
  const spared = [...oneKanjiFound, ...shortKanaFound].filter((name) => out.some((s, i) => s.role === 'client' && standsAsWord(name, s.text, tokens[i] ?? null)));
  return { segments: out, redactions, tokens, spans: redactedSpans, spared };
}

const KATAKANA_PART_AFTER = /^・[\p{Script=Katakana}ー]{2,}/u;
const KATAKANA_PART_BEFORE = /[\p{Script=Katakana}ー]{2,}・$/u;
const KATAKANA_NAME = /^[\p{Script=Katakana}ー]+$/u;

/** A katakana name with the katakana parts joined to it by ・ on either side (at most one each). */
function wholeKatakanaName(text: string, r: { start: number; end: number }): { start: number; end: number } {
  if (!KATAKANA_NAME.test(text.slice(r.start, r.end))) return r;
  const after = KATAKANA_PART_AFTER.exec(text.slice(r.end, r.end + 32))?.[0].length ?? 0;
  const before = KATAKANA_PART_BEFORE.exec(text.slice(Math.max(0, r.start - 32), r.start))?.[0].length ?? 0;
  return { start: r.start - before, end: r.end + after };
}

/** Does `name` stand as a whole morpheme of the redacted `text` (its tokens when redaction kept
 * them; else, untokenized, anywhere in it, as analysis will tokenize it itself)? */
function standsAsWord(name: string, text: string, tokenized: TokenizedText | null): boolean {
  if (tokenized === null) return text.normalize('NFKC').includes(name);
  return tokenized.tokens.some((t) => t.token.surface_form.normalize('NFKC') === name);
}

/** The person names of one shape (one kanji, two kana) the session's detectors found, and of the
 * known names' parts of that shape. */
function personsFound(prepared: readonly Prepared[], shape: RegExp, known: readonly string[] = []): Set<string> {
  const names = new Set<string>(known.flatMap((n) => n.split(/[|\s]+/u)).map((p) => p.normalize('NFKC')).filter((p) => shape.test(p)));
  for (const p of prepared) {
    for (const span of p.spans) {
      const found = p.text.slice(span.start, span.end).normalize('NFKC');
      if (span.kind === 'PERSON' && shape.test(found)) names.add(found);
    }
  }
  return names;
}
