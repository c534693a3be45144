/** The client's speech of one session, tokenized once, with the clause-level facts the scoring
 * needs (is a term negated, hypothetical, about someone else?) precomputed in linear passes. */
import { PiiKindSchema, type PiiKind } from '../schemas.js';
import { LANGUAGES, rawToken, type RawToken } from './language.js';
import type { CompiledLexicon } from './rules.js';
import type { JaTokenizer, PositionedToken, TokenizedText } from './tokenizer.js';
import { firstEndingAfter } from '../redact/token-search.js';

export interface DocToken extends RawToken {
  /** Index of the client segment the token came from. */
  readonly segment: number;
  /** The redaction placeholder this token stands for (`[PERSON]` → PERSON), or null. */
  readonly placeholder: PiiKind | null;
}

/** A clause's hearsay (`Doc.hearsay`): a marker of news (らしい, みたい) or a report of words. */
export const HEARSAY_MARKER = 1;
export const HEARSAY_REPORT = 2;

export const SUBJECT_NONE = 0;
export const SUBJECT_SELF = 1;
export const SUBJECT_OTHERS = 2;
/** Someone of the speaker's household (`cues.household`). */
export const SUBJECT_HOUSEHOLD = 3;

export interface Doc {
  /** Normalised segments joined by newlines; token offsets and pattern matches refer to it. */
  readonly text: string;
  readonly tokens: readonly DocToken[];
  /** Clause index of each token. Clauses end at sentence punctuation, at clause-joining
   * particles or conjunctions (けど, ので, but, because) and at segment ends. */
  readonly clause: Int32Array;
  /** Nearest negation at or after each token within its clause, or −1. */
  readonly nextNegation: Int32Array;
  /** Nearest negation at or before each token within its clause, or −1. */
  readonly prevNegation: Int32Array;
  /** Nearest desire marker (たい) at or after each token within its clause, or −1. */
  readonly nextDesire: Int32Array;
  /** The nearest subject before each token in its clause: SUBJECT_NONE / SELF / OTHERS /
   * HOUSEHOLD. */
  readonly subjectBefore: Int8Array;
  /** Per clause: 1 when hypothetical (もし, 仮に, としたら, if). */
  readonly hypothetical: Uint8Array;
  /** Per segment: 1 when it opens with a denying reply (`cues.answer_denial_patterns`). */
  readonly answerDenial: Uint8Array;
  /** Per segment that opens saying the speaker is well (`cues.wellbeing_patterns`: "Fine, yeah."):
   * the token where the answer first turns (`cues.contrast_patterns`), or the segment's end; −1
   * otherwise. */
  readonly wellbeingUntil: Int32Array;
  /** Per clause: 1 when placed in a finished past (`cues.past_patterns`: 昔, 以前は, 休む前は). */
  readonly past: Uint8Array;
  /** Per clause: 1 when an illness told there is said to be over later (`markRecovered`). Only
   * the speaker's own health and mental-health evidence is discounted by it. */
  readonly recovered: Uint8Array;
  /** Per token: 1 in the words that say it is over and before them in their clause (【うつは
   * もう治】りました, 【通院ももう終わ】った). */
  readonly recoveryWords: Uint8Array;
  /** Per clause: 1 when it holds a condition (`cues.conditional_patterns`: …たら、…なら). */
  readonly conditional: Uint8Array;
  /** Per segment: the token where the last brush-off (`cues.dismissal_patterns`: 開いてもいない,
   * "didn't even reply") starts, or −1; it negates intent evidence before it in the segment. */
  readonly dismissal: Int32Array;
  /** For each negation token: the index of the predicate it attaches to (the nearest content
   * word before it, past particles and auxiliaries), or −1. */
  readonly negationHead: Int32Array;
  /** For each negation token: 1 when it reaches back over the whole clause before it (its
   * predicate is one of `cues.negation_predicates`, or the language has none). */
  readonly negationReachesBack: Uint8Array;
  /** Nearest denial cue (大丈夫, 元気, fine) at or after each token within its clause, or −1. */
  readonly nextDenial: Int32Array;
  /** Per clause: HEARSAY_MARKER when it carries a hearsay marker (らしい, みたい), else
   * HEARSAY_REPORT when it reports someone's words (…と聞きました, …って言ってた, 「…」って), else 0. */
  readonly hearsay: Uint8Array;
  /** Japanese: nearest topic は at or before each token within its clause, or −1. */
  readonly prevTopic: Int32Array;
  /** For each negation token: 1 when its predicate is one of `cues.topic_negation_predicates`. */
  readonly negationDeniesTopic: Uint8Array;
  /** Per clause: the token where the last `cues.denial_patterns` match in it starts ("isn't
   * really an issue", 特に問題はない), or −1; it denies what comes before it in the clause. */
  readonly denialMatch: Int32Array;
  /** Per clause: 1 when the next sentence of its segment, or what follows in its own, accepts it
   * (`cues.acceptance_patterns`: 給料が下がって。まあ、それはいいんだ。). */
  readonly accepted: Uint8Array;
  /** Per clause: 1 when it only repeats a topic back as a question — no verb or adjective,
   * ending in か or ? (介護ですか？, 上司との関係ですか。, "Burnout?"): the client echoing the
   * consultant's prompt, which says nothing about the client yet. */
  readonly echo: Uint8Array;
}

const PLACEHOLDER_RE = new RegExp(`\\[(${PiiKindSchema.options.join('|')})\\]`, 'g');
const SUBJECT_PARTICLES = new Set(['が', 'は', 'も']);

/** が, は or も marking a subject. The text beside a placeholder is tokenized alone, and kuromoji
 * reads a piece that starts with が as the conjunction が ([PERSON]が休職して): after a noun it is
 * the particle. */
function isSubjectParticle(tokens: readonly DocToken[], j: number): boolean {
  const t = tokens[j];
  if (t === undefined || !SUBJECT_PARTICLES.has(t.surface)) return false;
  return t.pos === '助詞' || (t.pos === '接続詞' && tokens[j - 1]?.pos === '名詞');
}

function placeholderKind(name: string): PiiKind | null {
  const parsed = PiiKindSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}

/** Redaction's morphemes of one segment, when they describe exactly this text: same normalised
 * text, and every token a piece of it at its offset. Otherwise null (the segment is tokenized). */
function sharedMorphemes(shared: TokenizedText | null | undefined, text: string, lexicon: CompiledLexicon): readonly PositionedToken[] | null {
  if (shared === null || shared === undefined || LANGUAGES[lexicon.language].fromMorphemes === null || shared.text !== text) return null;
  for (const t of shared.tokens) {
    if (t.end > text.length || t.end - t.start !== t.token.surface_form.length || !text.startsWith(t.token.surface_form, t.start)) return null;
  }
  return shared.tokens;
}

/** A DocToken (an explicit literal, not a spread: this runs once per token of a 60-minute
 * session). */
function docToken(t: RawToken, shift: number, segment: number): DocToken {
  return { surface: t.surface, key: t.key, start: t.start + shift, end: t.end + shift, pos: t.pos, pos1: t.pos1, pos2: t.pos2, known: t.known, segment, placeholder: null };
}

/** Tokenizes the segments, turning placeholders into single tokens that are never split. Where
 * redaction's tokens of a segment are given (`pretokenized`), they are used instead of
 * tokenizing again; a token reaching into a placeholder is dropped. Plain loops: no closures per
 * segment or token. */
function tokenizeSegments(
  segments: readonly string[],
  lexicon: CompiledLexicon,
  tokenizer: JaTokenizer,
  pretokenized?: ReadonlyArray<TokenizedText | null>,
): { text: string; tokens: DocToken[] } {
  const rules = LANGUAGES[lexicon.language];
  const tokens: DocToken[] = [];
  const parts: string[] = [];
  let offset = 0;
  for (let segment = 0; segment < segments.length; segment++) {
    const text = rules.normalize(segments[segment] as string);
    const shared = sharedMorphemes(pretokenized?.[segment], text, lexicon);
    let next = 0;
    let at = 0;
    PLACEHOLDER_RE.lastIndex = 0;
    for (;;) {
      const m = PLACEHOLDER_RE.exec(text);
      const to = m === null ? text.length : m.index;
      if (to > at) {
        if (shared !== null) {
          while (next < shared.length && (shared[next] as PositionedToken).start < at) next++;
          for (; next < shared.length && (shared[next] as PositionedToken).end <= to; next++) {
            const raw = rawToken(shared[next] as PositionedToken);
            if (raw !== null) tokens.push(docToken(raw, offset, segment));
          }
        } else {
          for (const t of rules.tokenize(text.slice(at, to), tokenizer)) tokens.push(docToken(t, at + offset, segment));
        }
      }
      if (m === null) break;
      const end = m.index + m[0].length;
      tokens.push({
        surface: m[0],
        key: m[0],
        start: m.index + offset,
        end: end + offset,
        pos: '名詞',
        pos1: '固有名詞',
        pos2: 'placeholder',
        known: true,
        segment,
        placeholder: placeholderKind(m[1] ?? ''),
      });
      at = end;
    }
    parts.push(text);
    offset += text.length + 1;
  }
  return { text: parts.join('\n'), tokens };
}

function isBreak(t: DocToken, lexicon: CompiledLexicon): boolean {
  if (lexicon.language === 'en') return t.pos === 'punct' || lexicon.cues.clauseBreaks.has(t.key);
  if (t.pos === '記号') return t.pos1 === '句点' || t.surface === '!' || t.surface === '?';
  return t.pos === '助詞' && t.pos1 === '接続助詞' && lexicon.cues.clauseBreaks.has(t.key);
}

/** 〜てから ends a clause too (同期が辞めてから業務量が倍に): kuromoji tags its から as a case
 * particle. */
function isTeKara(tokens: readonly DocToken[], i: number): boolean {
  const t = tokens[i] as DocToken;
  const prev = tokens[i - 1];
  return t.surface === 'から' && t.pos === '助詞' && prev !== undefined && prev.pos === '助詞' && prev.pos1 === '接続助詞' && (prev.surface === 'て' || prev.surface === 'で');
}

/** みたいな + noun, みたいに: a likeness (怒ってるみたいな顔, 子どもみたいに扱う), not hearsay
 * (辞めるみたい, みたいです). A noun of news after it (辞めるみたいな話, 噂, 連絡) is hearsay still. */
const NEWS_NOUNS = new Set(['話', '噂', 'うわさ', 'こと', '事', '連絡', '知らせ']);
function isSimile(tokens: readonly DocToken[], i: number): boolean {
  const next = tokens[i + 1];
  if ((tokens[i] as DocToken).surface !== 'みたい' || next === undefined) return false;
  const noun = tokens[i + 2];
  return next.surface === 'に' || (next.surface === 'な' && noun?.pos === '名詞' && noun.pos1 !== '非自立' && !NEWS_NOUNS.has(noun.surface));
}

/** 〜たあと、/ 〜た時、ends a clause (夫が出かけた後、急に不安になる): the subject is not carried
 * across the time clause, so the main clause's is its own. Only at the comma after a time noun
 * that follows a past た. */
const TIME_NOUNS = new Set(['あと', '後', 'とき', '時', 'ころ', '頃']);
function isAfterPastTime(tokens: readonly DocToken[], i: number): boolean {
  const t = tokens[i] as DocToken;
  if (t.surface !== '、' && t.surface !== ',') return false;
  const noun = tokens[i - 1];
  const past = tokens[i - 2];
  return noun !== undefined && noun.pos === '名詞' && TIME_NOUNS.has(noun.surface) && past !== undefined && past.pos === '助動詞' && (past.surface === 'た' || past.surface === 'だ');
}

/** 〜なきゃいけない, 〜なければならない, 〜なくてはだめ, 〜ないといけない: an obligation, two
 * negations that make no negation (辞めることも考えなきゃいけない is considering it). */
function isObligation(tokens: readonly DocToken[], i: number): boolean {
  let j = i + 1;
  const at = (k: number): DocToken | undefined => tokens[k];
  // kuromoji sometimes cuts なきゃいけない as なき + an unknown ゃいけない…
  if (at(j)?.surface.startsWith('ゃいけ') === true || at(j)?.surface.startsWith('ゃなら') === true || at(j)?.surface.startsWith('ゃあか') === true) return true;
  if (at(j)?.pos === '助詞' && ['ば', 'と', 'て', 'ちゃ', 'じゃ'].includes(at(j)?.surface ?? '')) j++;
  if (at(j)?.surface === 'は') j++;
  const verb = at(j);
  return verb !== undefined && ['いける', 'なる', 'だめ', 'ダメ', 'あかん'].includes(verb.key) && (verb.key === 'あかん' || at(j + 1)?.key === 'ない' || at(j + 1)?.key === 'ん' || verb.pos === '名詞');
}

/** The closing negation of an obligation (考えなきゃ【いけない】): the first one is the other half. */
function isObligationTail(tokens: readonly DocToken[], i: number): boolean {
  const verb = tokens[i - 1];
  if (verb === undefined || !['いける', 'なる'].includes(verb.key) || verb.pos1 !== '非自立') return false;
  let j = i - 2;
  while (j >= 0 && j >= i - 4 && (tokens[j] as DocToken).pos === '助詞') j--;
  return j >= 0 && j < i - 1 && (tokens[j] as DocToken).key === 'ない' && isObligation(tokens, j);
}

/** Dialect: 〜とらん / 〜とらへん (思っとらん, 考えとらん: 〜ていない), which kuromoji reads as
 * the particle と and a noun らん. */
function isDialectNegation(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon): boolean {
  const t = tokens[i] as DocToken;
  const prev = tokens[i - 1];
  return lexicon.cues.negation.has('ん') && (t.surface === 'らん' || t.surface === 'らへん') && prev !== undefined && prev.pos1 === '接続助詞' && (prev.surface === 'と' || prev.surface === 'ど');
}

/** The kana a verb's irrealis (未然形) stem ends with: 五段 a-row, する's せ, 来る's こ. */
const IRREALIS_ENDINGS = new Set([...'らかさたなまわがばせこ']);

/** 〜んです after an irrealis verb (考えとらんです, わからんです, 行かんです): kuromoji reads ん
 * before です as the nominal ん of のだ, but after an irrealis form it can only be the negation
 * (the nominal ん follows the plain form: 行くんです). */
function isNegationBeforeCopula(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon): boolean {
  const t = tokens[i] as DocToken;
  const verb = tokens[i - 1];
  if (!lexicon.cues.negation.has('ん') || t.surface !== 'ん' || t.pos !== '名詞' || t.pos1 !== '非自立') return false;
  if (verb === undefined || verb.pos !== '動詞' || verb.surface === verb.key) return false;
  // 一段 verbs' irrealis is the stem (考え + ん); 五段 verbs' ends in an a-row kana (とら + ん).
  return verb.key === `${verb.surface}る` || IRREALIS_ENDINGS.has(verb.surface.slice(-1));
}

function isNegation(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon): boolean {
  const t = tokens[i] as DocToken;
  const { cues } = lexicon;
  if (lexicon.language === 'en') return cues.negation.has(t.key) || t.key.endsWith("n't");
  if (isDialectNegation(tokens, i, lexicon) || isNegationBeforeCopula(tokens, i, lexicon)) return true;
  if (!cues.negation.has(t.key) || (t.pos !== '助動詞' && t.pos !== '形容詞')) return false;
  if (isObligation(tokens, i) || isObligationTail(tokens, i)) return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (prev !== undefined && cues.negationExceptions.has(prev.key)) return false;
  // 〜じゃないか / 〜ではないかな / 〜じゃないですか / 〜やないっすか: a tag question, not a negation.
  const tag = next !== undefined && (next.surface === 'です' || next.surface === 'っす') ? tokens[i + 2] : next;
  // …ないから / …ないですから is a reason (辞めたいわけじゃないですから), still a negation.
  if (prev !== undefined && (prev.surface === 'じゃ' || prev.surface === 'では' || prev.surface === 'や') && tag?.surface.startsWith('か') === true && !tag.surface.startsWith('から')) return false;
  return true;
}

/** Tokens a negation looks past to find its predicate: particles, auxiliaries, symbols and the
 * dependent (非自立 / 接尾) verbs, nouns and adjectives (ている, わけ, こと). */
function isFunctionToken(t: DocToken): boolean {
  if (t.pos === '助詞' || t.pos === '助動詞' || t.pos === '記号') return true;
  return (t.pos === '動詞' || t.pos === '名詞' || t.pos === '形容詞') && (t.pos1 === '非自立' || t.pos1 === '接尾');
}

/** Adverbs between a predicate and its negation (全然, 特に, そんなに, ほとんど) modify the
 * negation; the predicate is further back (辞めるつもりは全然ない, 残業はほとんどない). */
function isAdverb(t: DocToken): boolean {
  return t.pos === '副詞' || (t.pos === '名詞' && t.pos1 === '副詞可能' && t.pos2 !== 'placeholder');
}

/** A demonstrative before a dependent noun (転職とかそういうのじゃない, 辞めるとかそんなんやない)
 * points back to what was just named: the negation's predicate is that. */
const POINTING_BACK = new Set(['そういう', 'こういう', 'ああいう', 'そんな', 'こんな', 'あんな', 'そういった']);

const COPULA_AS_CONJUNCTION = new Set(['じゃ', 'では']);

function negationHeadOf(tokens: readonly DocToken[], clause: Int32Array, n: number): number {
  for (let i = n - 1; i >= 0 && clause[i] === clause[n]; i--) {
    const t = tokens[i] as DocToken;
    if (POINTING_BACK.has(t.surface) && tokens[i + 1]?.pos1 === '非自立') continue;
    // After a particle, kuromoji reads the copula じゃ / では as a conjunction (辞めたいとかじゃ全然ない).
    if (t.pos === '接続詞' && COPULA_AS_CONJUNCTION.has(t.surface) && tokens[i - 1]?.pos === '助詞') continue;
    if (!isFunctionToken(t) && !isAdverb(t)) return i;
  }
  return -1;
}

/** The quotation particle と / って after a clause (辞めたいと, 聞いたって), not after a noun
 * (ケアマネジャーと話す: kuromoji tags both と as quotation). */
function isQuote(tokens: readonly DocToken[], j: number): boolean {
  const t = tokens[j] as DocToken;
  const prev = tokens[j - 1];
  if (t.pos !== '助詞' || (t.surface !== 'と' && t.surface !== 'って') || prev === undefined) return false;
  return prev.pos === '動詞' || prev.pos === '助動詞' || prev.pos === '形容詞' || prev.pos1 === '終助詞' || prev.pos === '記号';
}

/** A quotation particle at `j` followed by a verb of reporting in the active voice (…と聞きました,
 * …って言ってた; not …と言われた, which the speaker was told). */
function isReport(tokens: readonly DocToken[], j: number, lexicon: CompiledLexicon): boolean {
  if (!isQuote(tokens, j)) return false;
  const verb = tokens[j + 1];
  if (verb === undefined || !lexicon.cues.reportingVerbs.has(verb.key)) return false;
  const next = tokens[j + 2];
  return !(next !== undefined && next.pos === '動詞' && next.pos1 === '接尾');
}

const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?', '…']);
/** Endings of a plain statement before a final って. A guess (だろう, やろ), a wish (たい) or
 * a question (のか) before it is the speaker's own thought or words (どうするんやろって,
 * 辞めたいって: 言いました left out). */
const REPORTED_ENDINGS = new Set(['た', 'だ', 'ない']);
/** だろう in dialect, which kuromoji may read as a verb (どうするんやろ: やる). */
const GUESSES = new Set(['やろ', 'だろ', 'じゃろ', 'やろう', 'じゃろう']);

/** って closing a sentence after a plain statement, the verb of saying left out (もう辞めるって。,
 * 来月から変わるってさ。): what someone else said. Not after a sentence-final particle, a guess
 * or a wish, where it is the speaker's own thought (どうなるのかなって。, どうするんやろって。). */
function isFinalReport(tokens: readonly DocToken[], i: number): boolean {
  const t = tokens[i] as DocToken;
  if (t.pos !== '助詞' || t.surface !== 'って') return false;
  const prev = tokens[i - 1];
  if (prev === undefined || prev.segment !== t.segment) return false;
  if (GUESSES.has(prev.surface)) return false;
  if (prev.pos !== '動詞' && prev.pos !== '形容詞' && !(prev.pos === '助動詞' && REPORTED_ENDINGS.has(prev.surface))) return false;
  let k = i + 1;
  if (tokens[k]?.segment === t.segment && tokens[k]?.pos === '助詞' && tokens[k]?.pos1 === '終助詞') k++;
  const next = tokens[k];
  return next === undefined || next.segment !== t.segment || SENTENCE_ENDS.has(next.surface);
}

const QUOTE_OPEN: Record<string, string> = { '」': '「', '』': '『' };

/** For a final って after a closing quotation mark (「…」って。, 「…」ってさ。): the index of the
 * opening mark in the same segment, else −1. */
function quotedReportStart(tokens: readonly DocToken[], i: number): number {
  const t = tokens[i] as DocToken;
  const close = tokens[i - 1];
  if (t.pos !== '助詞' || t.surface !== 'って' || close === undefined || close.segment !== t.segment) return -1;
  const open = QUOTE_OPEN[close.surface];
  if (open === undefined) return -1;
  let k = i + 1;
  if (tokens[k]?.segment === t.segment && tokens[k]?.pos === '助詞' && tokens[k]?.pos1 === '終助詞') k++;
  const next = tokens[k];
  if (!(next === undefined || next.segment !== t.segment || SENTENCE_ENDS.has(next.surface))) return -1;
  for (let j = i - 2; j >= 0 && (tokens[j] as DocToken).segment === t.segment; j--) if ((tokens[j] as DocToken).surface === open) return j;
  return -1;
}

/** A wish quoted and reported (辞めたいと言っていて, 辞めたいって話してた): someone else's. */
function isReportedWish(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon): boolean {
  for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
    const t = tokens[j] as DocToken;
    if (isQuote(tokens, j)) return isReport(tokens, j, lexicon);
    if (t.pos !== '助動詞' && t.pos !== '記号') return false;
  }
  return false;
}

/** Per clause: does it only echo a topic as a question (see `Doc.echo`)? */
function echoClauses(tokens: readonly DocToken[], clause: Int32Array, clauses: number, lexicon: CompiledLexicon): Uint8Array {
  const echo = new Uint8Array(clauses);
  let from = 0;
  for (let c = 0; c < clauses; c++) {
    let to = from;
    while (to < tokens.length && clause[to] === c) to++;
    let words = 0;
    let predicate = false;
    let last: DocToken | undefined;
    let question = false;
    for (let i = from; i < to; i++) {
      const t = tokens[i] as DocToken;
      if (t.surface === '?') question = true;
      if (t.pos === '記号' || t.pos === 'punct') continue;
      words++;
      last = t;
      if (t.pos === '動詞' || t.pos === '形容詞') predicate = true;
    }
    if (lexicon.language === 'en') echo[c] = question && words > 0 && words <= 3 ? 1 : 0;
    else echo[c] = words > 0 && words <= 8 && !predicate && (question || (last?.pos === '助詞' && last.surface === 'か')) ? 1 : 0;
    from = to;
  }
  return echo;
}

function subjectOf(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon, clause: Int32Array): number {
  const t = tokens[i] as DocToken;
  const { cues } = lexicon;
  if (cues.self.has(t.key)) return SUBJECT_SELF;
  if (!cues.others.has(t.key) && t.placeholder !== 'PERSON' && !isHonouredNoun(tokens, i, lexicon)) return SUBJECT_NONE;
  const other = cues.household.has(t.key) ? SUBJECT_HOUSEHOLD : SUBJECT_OTHERS;
  if (lexicon.language === 'en') return other;
  // Japanese: a subject is marked by が/は/も, possibly after a suffix or title (さん, 部長) —
  // or, in speech that drops the particle, by a comma after a person opening the clause
  // (父、入院してて: the father's stay in hospital).
  let j = i + 1;
  while (j < tokens.length && j - i <= 2 && tokens[j]?.pos === '名詞') j++;
  if (!isSubjectParticle(tokens, j) && !(isDroppedParticleSubject(tokens, i, j) && opensClause(tokens, clause, i))) return SUBJECT_NONE;
  // A bare name ([PERSON]が, [PERSON]ちゃんは) may be a child or a parent as well as a colleague:
  // someone else for an intent, but not someone outside the household (their care is the speaker's).
  // 友達の[PERSON] is who the word before says.
  const before = tokens[i - 2];
  if (t.placeholder === 'PERSON' && tokens[i - 1]?.surface === 'の' && before !== undefined && cues.others.has(before.key)) return cues.household.has(before.key) ? SUBJECT_HOUSEHOLD : SUBJECT_OTHERS;
  if (t.placeholder === 'PERSON' && (j === i + 1 || FAMILY_SUFFIXES.has(tokens[i + 1]?.surface ?? ''))) return SUBJECT_HOUSEHOLD;
  return other;
}

const FAMILY_SUFFIXES = new Set(['ちゃん', 'くん', '君']);

/** Honorific suffixes that make a common noun a person (お客さん, 患者さん, 業者さん, 大家さん). */
const PERSON_SUFFIXES = new Set(['さん', '様', 'さま', 'ちゃん', 'くん', '君']);

/** A common noun with a person's honorific after it: someone the speaker speaks of, never the
 * speaker (kuromoji cuts お客さん as お客 + さん, so the cue word alone does not see it). */
function isHonouredNoun(tokens: readonly DocToken[], i: number, lexicon: CompiledLexicon): boolean {
  const t = tokens[i] as DocToken;
  const next = tokens[i + 1];
  return lexicon.language === 'ja' && t.pos === '名詞' && t.pos1 === '一般' && t.placeholder === null && next !== undefined && next.pos1 === '接尾' && PERSON_SUFFIXES.has(next.surface);
}

/** Words a client says to the consultant when calling them (先生、聞いてください): a vocative, no subject. */
const VOCATIVES = new Set(['先生']);
const COMMAS = new Set(['、', ',', '，']);

/** A person word at `i` (its title or suffix up to `j`) followed by a comma, with no particle: the
 * subject of the clause it opens, in speech that drops が/は (父、入院してて。). */
function isDroppedParticleSubject(tokens: readonly DocToken[], i: number, j: number): boolean {
  const t = tokens[i] as DocToken;
  return !VOCATIVES.has(t.key) && COMMAS.has(tokens[j]?.surface ?? '');
}

/** Is token `i` the first word of its clause, past punctuation, conjunctions, fillers and
 * interjections (でも、母、…; あの、母、…)? */
function opensClause(tokens: readonly DocToken[], clause: Int32Array, i: number): boolean {
  for (let k = i - 1; k >= 0 && clause[k] === clause[i]; k--) {
    const p = (tokens[k] as DocToken).pos;
    if (p !== '記号' && p !== '接続詞' && p !== 'フィラー' && p !== '感動詞') return false;
  }
  return true;
}

export function buildDoc(
  segments: readonly string[],
  lexicon: CompiledLexicon,
  tokenizer: JaTokenizer,
  pretokenized?: ReadonlyArray<TokenizedText | null>,
): Doc {
  const { text, tokens } = tokenizeSegments(segments, lexicon, tokenizer, pretokenized);
  const n = tokens.length;
  const clause = new Int32Array(n);
  const negation = new Uint8Array(n);
  const desire = new Uint8Array(n);
  const subject = new Int8Array(n);
  let current = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as DocToken;
    if (i > 0 && t.segment !== (tokens[i - 1] as DocToken).segment) current++;
    clause[i] = current;
    if (isBreak(t, lexicon) || (lexicon.language === 'ja' && (isTeKara(tokens, i) || isAfterPastTime(tokens, i)))) current++;
    negation[i] = isNegation(tokens, i, lexicon) ? 1 : 0;
    desire[i] = lexicon.cues.desire.has(t.key) && t.pos === '助動詞' && !isReportedWish(tokens, i, lexicon) ? 1 : 0;
    subject[i] = subjectOf(tokens, i, lexicon, clause);
  }
  const clauses = n === 0 ? 0 : current + 1;

  const nextNegation = new Int32Array(n);
  const nextDesire = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const sameNext = i + 1 < n && clause[i + 1] === clause[i];
    nextNegation[i] = negation[i] === 1 ? i : sameNext ? (nextNegation[i + 1] ?? -1) : -1;
    nextDesire[i] = desire[i] === 1 ? i : sameNext ? (nextDesire[i + 1] ?? -1) : -1;
  }
  const prevNegation = new Int32Array(n);
  const subjectBefore = new Int8Array(n);
  const fragment = fragmentClauses(tokens, clause, clauses);
  for (let i = 0; i < n; i++) {
    const samePrev = i > 0 && clause[i - 1] === clause[i];
    prevNegation[i] = negation[i] === 1 ? i : samePrev ? (prevNegation[i - 1] ?? -1) : -1;
    if (samePrev) subjectBefore[i] = subject[i - 1] !== SUBJECT_NONE ? (subject[i - 1] ?? 0) : (subjectBefore[i - 1] ?? 0);
    else subjectBefore[i] = carriedSubject(tokens, clause, fragment, subject, subjectBefore, i, lexicon.language === 'ja');
  }

  // Where each negation attaches, and whether it reaches back over the clause.
  const negationHead = new Int32Array(n).fill(-1);
  const negationReachesBack = new Uint8Array(n);
  const byPredicate = lexicon.cues.negationPredicates.size > 0;
  for (let i = 0; i < n; i++) {
    if (negation[i] !== 1) continue;
    const head = byPredicate ? negationHeadOf(tokens, clause, i) : -1;
    negationHead[i] = head;
    negationReachesBack[i] = !byPredicate || head < 0 || lexicon.cues.negationPredicates.has((tokens[head] as DocToken).key) ? 1 : 0;
  }
  // Where each negation attaches decides what it denies; a denial cue that is itself negated
  // (大丈夫じゃない, 楽しくない, "not fine") denies nothing.
  const negationDeniesTopic = new Uint8Array(n);
  const negatedWord = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (negation[i] !== 1) continue;
    const head = negationHead[i] ?? -1;
    if (head >= 0) {
      negatedWord[head] = 1;
      // うまくいかない, よく眠れない: the adverbial word before the predicate is negated too.
      const before = tokens[head - 1];
      if (before !== undefined && clause[head - 1] === clause[head] && (before.pos === '形容詞' || before.pos === '副詞')) negatedWord[head - 1] = 1;
      if (lexicon.cues.topicNegationPredicates.has((tokens[head] as DocToken).key)) negationDeniesTopic[i] = 1;
    }
  }
  const nextDenial = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const sameNext = i + 1 < n && clause[i + 1] === clause[i];
    const denial =
      lexicon.cues.denial.has((tokens[i] as DocToken).key) &&
      negatedWord[i] !== 1 &&
      !(lexicon.language === 'en' && (prevNegation[i] ?? -1) >= 0 && i - (prevNegation[i] ?? 0) <= lexicon.calibration.negation_window);
    nextDenial[i] = denial ? i : sameNext ? (nextDenial[i + 1] ?? -1) : -1;
  }
  const prevTopic = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as DocToken;
    const samePrev = i > 0 && clause[i - 1] === clause[i];
    prevTopic[i] = isTopicMarker(t) ? i : samePrev ? (prevTopic[i - 1] ?? -1) : -1;
  }
  const denialMatch = new Int32Array(clauses).fill(-1);
  const denialRe = lexicon.cues.denialPattern;
  if (denialRe !== null) {
    denialRe.lastIndex = 0;
    for (let m = denialRe.exec(text); m !== null; m = denialRe.exec(text)) {
      const i = tokenAt(tokens, m.index);
      if (i >= 0) denialMatch[clause[i] ?? 0] = i;
      if (m[0].length === 0) denialRe.lastIndex++;
    }
  }
  const accepted = acceptedClauses(lexicon.cues.acceptancePattern, text, tokens, clause, clauses);
  const hearsay = new Uint8Array(clauses);
  for (let i = 0; i < n; i++) {
    const c = clause[i] ?? 0;
    if (lexicon.cues.hearsay.has((tokens[i] as DocToken).key) && !isSimile(tokens, i)) hearsay[c] = HEARSAY_MARKER;
    else if ((isReport(tokens, i, lexicon) || isFinalReport(tokens, i)) && hearsay[c] === 0) hearsay[c] = HEARSAY_REPORT;
    // 「…」って。: words in quotation marks, the verb of saying left out, are someone's words
    // whatever they end with (「もっといいとこ行きます」って。), every clause inside the marks.
    const open = quotedReportStart(tokens, i);
    for (let k = open; k >= 0 && k < i; k++) if (hearsay[clause[k] ?? 0] === 0) hearsay[clause[k] ?? 0] = HEARSAY_REPORT;
  }

  const hypothetical = new Uint8Array(clauses);
  for (let i = 0; i < n; i++) {
    if (lexicon.cues.hypothetical.has((tokens[i] as DocToken).key)) hypothetical[clause[i] ?? 0] = 1;
  }
  markClauses(lexicon.cues.hypotheticalPattern, text, tokens, clause, hypothetical);
  const answerDenial = new Uint8Array(segments.length);
  const answerRe = lexicon.cues.answerDenialPattern;
  for (let i = 0; i < n && answerRe !== null; i++) {
    const t = tokens[i] as DocToken;
    if (i === 0 || (tokens[i - 1] as DocToken).segment !== t.segment) answerDenial[t.segment] = answerRe.test(text.slice(t.start)) ? 1 : 0;
  }
  const wellbeingUntil = wellbeingSpans(lexicon.cues.wellbeingPattern, lexicon.cues.contrastPattern, text, tokens, segments.length);
  const past = new Uint8Array(clauses);
  markClauses(lexicon.cues.pastPattern, text, tokens, clause, past);
  const recovered = new Uint8Array(clauses);
  const recoveryWords = new Uint8Array(n);
  markRecovered(lexicon.cues.recoveryPattern, text, tokens, clause, recovered, recoveryWords);
  const conditional = new Uint8Array(clauses);
  markClauses(lexicon.cues.conditionalPattern, text, tokens, clause, conditional);
  const dismissal = new Int32Array(segments.length).fill(-1);
  const dismissalRe = lexicon.cues.dismissalPattern;
  if (dismissalRe !== null) {
    dismissalRe.lastIndex = 0;
    for (let m = dismissalRe.exec(text); m !== null; m = dismissalRe.exec(text)) {
      const i = tokenAt(tokens, m.index);
      if (i >= 0) dismissal[(tokens[i] as DocToken).segment] = i;
      if (m[0].length === 0) dismissalRe.lastIndex++;
    }
  }
  const echo = echoClauses(tokens, clause, clauses, lexicon);
  return {
    text,
    tokens,
    clause,
    nextNegation,
    prevNegation,
    nextDesire,
    subjectBefore,
    hypothetical,
    past,
    recovered,
    recoveryWords,
    conditional,
    dismissal,
    answerDenial,
    wellbeingUntil,
    negationHead,
    negationReachesBack,
    nextDenial,
    hearsay,
    prevTopic,
    negationDeniesTopic,
    denialMatch,
    accepted,
    echo,
  };
}

/** Per segment opening with a well-being answer ("Fine, yeah."): the first token of
 * a turn in it ("but", "mostly") after the opener, or one past its last token; −1 for other
 * segments. */
function wellbeingSpans(opener: RegExp | null, contrast: RegExp | null, text: string, tokens: readonly DocToken[], segments: number): Int32Array {
  const until = new Int32Array(segments).fill(-1);
  if (opener === null) return until;
  const turnRe = contrast === null ? null : new RegExp(contrast.source, contrast.flags.includes('g') ? contrast.flags : `${contrast.flags}g`);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as DocToken;
    if (i > 0 && (tokens[i - 1] as DocToken).segment === t.segment) continue;
    let end = i;
    while (end < tokens.length && (tokens[end] as DocToken).segment === t.segment) end++;
    const segmentText = text.slice(t.start, (tokens[end - 1] as DocToken).end);
    const open = opener.exec(segmentText);
    if (open === null) continue;
    let stop = end;
    if (turnRe !== null) {
      turnRe.lastIndex = open[0].length;
      const turn = turnRe.exec(segmentText);
      if (turn !== null) stop = Math.max(i, tokenAt(tokens, t.start + turn.index));
    }
    until[t.segment] = stop;
  }
  return until;
}

/** Per clause: 1 when the sentence after it in its segment matches `re` — an acceptance of what
 * that sentence said (給料も下がった。まあ、決まりやから、わかってたこと。) — or when it comes
 * before the match in the match's own sentence. */
function acceptedClauses(re: RegExp | null, text: string, tokens: readonly DocToken[], clause: Int32Array, clauses: number): Uint8Array {
  const out = new Uint8Array(clauses);
  if (re === null) return out;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const at = tokenAt(tokens, m.index);
    if (at < 0) continue;
    const segment = (tokens[at] as DocToken).segment;
    // The sentence of the match starts after the last sentence end before it, in its segment…
    let k = at - 1;
    while (k >= 0 && (tokens[k] as DocToken).segment === segment && !SENTENCE_ENDS.has((tokens[k] as DocToken).surface)) k--;
    // What the sentence says before the match is accepted too (下がったけど、まあ、それはいい)…
    for (let j = k + 1; j < at; j++) out[clause[j] ?? 0] = 1;
    if (k < 0 || (tokens[k] as DocToken).segment !== segment) continue;
    // …and so is the sentence before it.
    for (let j = k - 1; j >= 0 && (tokens[j] as DocToken).segment === segment && !SENTENCE_ENDS.has((tokens[j] as DocToken).surface); j--) out[clause[j] ?? 0] = 1;
  }
  return out;
}

/** Per clause: 1 when it has no subject and no predicate of its own — a verbless fragment that
 * goes on with the sentence before it (家内が通院しとって。乳がんの治療で。). */
function fragmentClauses(tokens: readonly DocToken[], clause: Int32Array, clauses: number): Uint8Array {
  const out = new Uint8Array(clauses).fill(1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as DocToken;
    if (t.pos === '動詞' || t.pos === '形容詞' || isSubjectParticle(tokens, i)) out[clause[i] ?? 0] = 0;
  }
  return out;
}

/** The subject in force at the start of clause `clause[i]`: none, except in a fragment
 * (`fragmentClauses`) right after a clause of the same segment whose subject was someone else,
 * which it goes on about (母が入院して。手術で。). A clause with a verb of its own starts afresh:
 * 夫が単身赴任で。毎日疲れてます is the speaker's tiredness. */
function carriedSubject(tokens: readonly DocToken[], clause: Int32Array, fragment: Uint8Array, subject: Int8Array, subjectBefore: Int8Array, i: number, acrossTurns: boolean): number {
  const prev = i - 1;
  if (prev < 0 || fragment[clause[i] ?? 0] !== 1) return SUBJECT_NONE;
  // A Japanese segment that opens with a fragment answers on about the client's last turn
  // (…部下が休職してて。 / メンタルで。): only the turn just before, and only its last clause.
  // (English has no verb tags here, so every English clause would look like a fragment.)
  const segment = (tokens[i] as DocToken).segment;
  const prevSegment = (tokens[prev] as DocToken).segment;
  if (prevSegment !== segment && !(acrossTurns && prevSegment === segment - 1)) return SUBJECT_NONE;
  const before = subject[prev] !== SUBJECT_NONE ? (subject[prev] ?? 0) : (subjectBefore[prev] ?? 0);
  return before === SUBJECT_OTHERS || before === SUBJECT_HOUSEHOLD ? before : SUBJECT_NONE;
}

/** は, or a listing とか (残業とか全然ない, 結婚とかはない): what comes before is the topic. */
function isTopicMarker(t: DocToken): boolean {
  return t.pos === '助詞' && ((t.pos1 === '係助詞' && t.surface === 'は') || ((t.pos1 === '副助詞' || t.pos1 === '並立助詞') && t.surface === 'とか'));
}

/** Sets `flags[c]` for every clause c where a match of `re` starts. */
function markClauses(re: RegExp | null, text: string, tokens: readonly DocToken[], clause: Int32Array, flags: Uint8Array): void {
  if (re === null) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = tokenAt(tokens, m.index);
    if (i >= 0) flags[clause[i] ?? 0] = 1;
    if (m[0].length === 0) re.lastIndex++;
  }
}

/** How many tokens back a recovery reaches at most. */
const RECOVERY_REACH = 2000;

/** A recovery said (もう治りました, 薬ももう飲んでない): the clauses before it in its segment
 * and in the client's segment before are about an illness that is over, and so are the words of
 * the recovery and what its clause says before them (うつは), marked in `words`. Not what follows
 * it (もう治ったけど、また眠れない is a complaint). A recovery that names what got better
 * (腰はもうよくなった) covers only the earlier clauses that name it too: one ailment's recovery
 * does not end another. One pass of `re` over the text. */
function markRecovered(re: RegExp | null, text: string, tokens: readonly DocToken[], clause: Int32Array, recovered: Uint8Array, words: Uint8Array): void {
  if (re === null) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = tokenAt(tokens, m.index);
    if (m[0].length === 0) re.lastIndex++;
    if (i < 0) continue;
    const segment = (tokens[i] as DocToken).segment;
    const own = clause[i] ?? 0;
    const named = recoveredTopic(tokens, clause, i);
    let from = i;
    while (from > 0 && clause[from - 1] === own) from--;
    for (let k = from; k < tokens.length && (tokens[k] as DocToken).start < m.index + m[0].length; k++) words[k] = 1;
    let k = from - 1;
    // Two turns of speech are a few dozen tokens; the bound keeps a segment built to hurt (a
    // recovery said ten thousand times) from costing matches × tokens.
    const stop = Math.max(-1, from - 1 - RECOVERY_REACH);
    while (k > stop && (tokens[k] as DocToken).segment >= segment - 1) {
      const c = clause[k] ?? 0;
      let names = named === null;
      for (; k > stop && clause[k] === c; k--) names ||= named !== null && namesTopic(tokens[k] as DocToken, named);
      if (names) recovered[c] = 1;
    }
  }
}

/** Does the token name the recovered thing: the same noun or one with it inside (うつ and うつ病,
 * 腰 and 腰痛)? */
function namesTopic(t: DocToken, named: string): boolean {
  return t.pos === '名詞' && (t.surface.includes(named) || named.includes(t.surface));
}

/** The noun a recovery is said of (腰【は】もうよくなった): a common noun before a は, が or も in
 * the recovery's clause before the match (not 今は, 私は), or null. */
function recoveredTopic(tokens: readonly DocToken[], clause: Int32Array, i: number): string | null {
  for (let k = i - 1; k > 0 && clause[k] === clause[i]; k--) {
    const t = tokens[k] as DocToken;
    const noun = tokens[k - 1] as DocToken;
    if (t.pos === '助詞' && ['は', 'が', 'も'].includes(t.surface) && noun.pos === '名詞' && (noun.pos1 === '一般' || noun.pos1 === 'サ変接続') && clause[k - 1] === clause[i]) return noun.surface;
  }
  return null;
}

/** Index of the first token ending after `offset` (binary search), or −1. */
export function tokenAt(tokens: readonly DocToken[], offset: number): number {
  const i = firstEndingAfter(tokens, offset);
  return i < tokens.length ? i : -1;
}
