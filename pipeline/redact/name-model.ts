/** A learned person-name tagger: one linear score per kuromoji token, over features of the token
 * and its neighbours, trained on the public tuning half of the name check (UD Japanese GSD
 * `train` sentences with Megagon Labs' named-entity labels; `npm run train:names`).
 *
 * It finds what the dictionary-and-context rules (`names.ts`) cannot: foreign names in katakana,
 * given names alone, historical and fictional names that neither kuromoji tags 人名 nor ENAMDICT
 * lists, from the shape of the word (script, length, last character), its tags and what stands
 * around it (particles, titles, ・ joins, kin and role words).
 *
 * The model is an averaged perceptron (`wink-perceptron`, trained offline); what ships is its
 * two-class weight difference per feature, so scoring a token is a sum of a few dozen map
 * lookups. The file is read on first use, once per process. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { Range } from './detector.js';
import { GIVEN, nameType, SURNAME, surnameReadings } from './enamdict.js';
import { HONORIFICS } from './honorifics.js';
import { COLLEAGUE_WORDS, kanaReading, KIN_WORDS, NAME_SUFFIXES, TITLES_AFTER } from './name-words.js';

export const NAME_MODEL_FILE = new URL('./data/name-model.json.gz', import.meta.url);
/** Bumped whenever `tokenFeatures` changes: a model from another feature set is refused, not
 * misread. `scoreToken` mirrors `tokenFeatures` template by template; a test compares the two. */
export const NAME_FEATURES_VERSION = 3;

const NameModelSchema = z.object({
  /** What it was trained on and under which licence (the model derives from that data). */
  trained_on: z.string(),
  licence: z.string(),
  features: z.literal(NAME_FEATURES_VERSION),
  /** A token is a name piece when bias + Σ weights ≥ threshold. */
  threshold: z.number(),
  bias: z.number(),
  weights: z.record(z.string(), z.number()),
});
export type NameModelFile = z.infer<typeof NameModelSchema>;

export interface NameModel {
  readonly threshold: number;
  readonly bias: number;
  readonly weights: ReadonlyMap<string, number>;
}

export function nameModelFrom(file: NameModelFile): NameModel {
  return { threshold: file.threshold, bias: file.bias, weights: new Map(Object.entries(file.weights)) };
}

/** A model file's JSON, validated: one trained for other features is refused. */
export function parseNameModel(json: string): NameModel {
  return nameModelFrom(NameModelSchema.parse(JSON.parse(json)));
}

let loaded: NameModel | undefined;

/** The shipped model, read and validated once per process. */
export function nameModel(): NameModel {
  loaded ??= parseNameModel(gunzipSync(readFileSync(NAME_MODEL_FILE)).toString('utf8'));
  return loaded;
}

/** Uses `model` in place of the shipped file until `releaseNameModel` (the training scripts'
 * leave-one-out scoring: every detector, with a model that never saw the scored cases). */
export function useNameModel(model: NameModel): void {
  loaded = model;
}

/** Forgets the shipped model (pipeline/caches.ts); the next call reads it again. */
export function releaseNameModel(): void {
  loaded = undefined;
}

// ---------------------------------------------------------------------------------------------
// features

/** Script class of a surface: K katakana (with ー and ・), C kanji (with 々), H hiragana (with
 * ー), L Latin, D digits, M mixed. One loop over char codes rather than a regular expression
 * per class: it runs for every scored token and four neighbours. */
function scriptOf(s: string): string {
  let k = true;
  let c = true;
  let h = true;
  let l = true;
  let d = true;
  for (let i = 0; i < s.length; i++) {
    const x = s.charCodeAt(i);
    const long = x === 0x30fc;
    k &&= (x >= 0x30a1 && x <= 0x30fa) || long || x === 0x30fb;
    c &&= (x >= 0x4e00 && x <= 0x9fff) || (x >= 0x3400 && x <= 0x4dbf) || x === 0x3005;
    h &&= (x >= 0x3041 && x <= 0x309f) || long;
    l &&= (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a);
    d &&= x >= 0x30 && x <= 0x39;
  }
  return k ? 'K' : c ? 'C' : h ? 'H' : l ? 'L' : d ? 'D' : 'M';
}

/** Only nouns, prefixes and words kuromoji does not know can be part of a name: a particle,
 * verb or symbol is never scored (and never a training example). */
export function isCandidate(t: PositionedToken): boolean {
  const { pos, word_type } = t.token;
  return pos === '名詞' || pos === '接頭詞' || word_type === 'UNKNOWN';
}

const tagOf = (t: PositionedToken | undefined): string => (t === undefined ? '^$' : `${t.token.pos}/${t.token.pos_detail_1}`);
const wordOf = (t: PositionedToken | undefined): string => (t === undefined ? '^$' : t.token.surface_form);
const shapeOf = (t: PositionedToken | undefined): string => (t === undefined ? '^$' : `${scriptOf(t.token.surface_form)}${Math.min(t.token.surface_form.length, 5)}`);

/** What a neighbour says of a name by its kind, not its word, so that a title or kin word the
 * training sentences never had next to a name still counts: a title or honorific after it
 * (大統領, さん, 接尾/人名), a group suffix (ら, たち), a kin word or a colleague word. */
function classOf(t: PositionedToken | undefined): string {
  if (t === undefined) return '^$';
  const s = t.token.surface_form;
  if (HONORIFICS.has(s) || TITLES_AFTER.has(s) || (t.token.pos_detail_1 === '接尾' && t.token.pos_detail_2 === '人名')) return 'title';
  if (NAME_SUFFIXES.has(s)) return 'group';
  if (KIN_WORDS.has(s)) return 'kin';
  if (COLLEAGUE_WORDS.has(s)) return 'role';
  return '-';
}

/** A kana word's ENAMDICT types as a reading (カオル, ゲン, コウタ: Japanese names in katakana);
 * 'x' for a word with other characters. */
function kanaTypes(s: string, script: string): string {
  return script === 'K' || script === 'H' ? String(nameType(kanaReading(s))) : 'x';
}

/** The character pairs of a katakana word, with its edges (^ア, アン, ン$): foreign names and
 * loanwords differ in their sounds (…ッリ, …ヴィチ against …ション, …ング). */
function kanaBigrams(s: string, script: string): string[] {
  if (script !== 'K') return [];
  const out: string[] = [];
  const w = `^${s}$`;
  for (let k = 0; k + 2 <= w.length; k++) out.push(w.slice(k, k + 2));
  return out;
}

/** Inside an open bracket or quote (「…」『…』“…”), looking back a few tokens: titles of works
 * and products are often quoted, names seldom. */
function quoted(tokens: readonly PositionedToken[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 6; k--) {
    const d = (tokens[k] as PositionedToken).token.pos_detail_1;
    if (d === '括弧閉') return false;
    if (d === '括弧開') return true;
  }
  return false;
}

const isKanji = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const x = s.charCodeAt(i);
    if (!((x >= 0x4e00 && x <= 0x9fff) || (x >= 0x3400 && x <= 0x4dbf) || x === 0x3005)) return false;
  }
  return s.length > 0;
};
const MAX_FULL_NAME = 6;

/** Where token `i` sits in the glued stretch of kanji candidates around it when ENAMDICT splits
 * that stretch into a surname and a given name (小汀+利得, 瀬+島利+四夫 as kuromoji cuts them):
 * 'S' in the surname, 'G' in the given name, 'SG' across both, 'n' for a stretch with no such
 * split, 'x' for a token that is no kanji candidate. A full name kuromoji does not know is
 * otherwise only a row of unknown or common pieces. */
export function fullNamePart(tokens: readonly PositionedToken[], i: number): string {
  const t = tokens[i] as PositionedToken;
  const kanjiPiece = (k: number): boolean => {
    const x = tokens[k];
    return x !== undefined && isCandidate(x) && isKanji(x.token.surface_form);
  };
  if (!kanjiPiece(i)) return 'x';
  // Each walk stops once the run is too long to be a name: a row of 20,000 kanji stays linear.
  let length = t.end - t.start;
  let a = i;
  while (length <= MAX_FULL_NAME && a > 0 && kanjiPiece(a - 1) && (tokens[a - 1] as PositionedToken).end === (tokens[a] as PositionedToken).start) {
    a--;
    length += (tokens[a] as PositionedToken).end - (tokens[a] as PositionedToken).start;
  }
  let b = i;
  while (length <= MAX_FULL_NAME && kanjiPiece(b + 1) && (tokens[b] as PositionedToken).end === (tokens[b + 1] as PositionedToken).start) {
    b++;
    length += (tokens[b] as PositionedToken).end - (tokens[b] as PositionedToken).start;
  }
  if (length > MAX_FULL_NAME) return 'n';
  const from = (tokens[a] as PositionedToken).start;
  const w = tokens.slice(a, b + 1).map((x) => x.token.surface_form).join('');
  if (w.length < 2) return 'n';
  // The longest surname first (佐々木+希, not 佐+々木希); a one-kanji surname needs a given name of two.
  for (let k = Math.min(3, w.length - 1); k >= 1; k--) {
    const given = w.slice(k);
    if (given.length > 3 || (k === 1 && given.length < 2)) continue;
    if ((nameType(w.slice(0, k)) & SURNAME) === 0 || (nameType(given) & GIVEN) === 0) continue;
    const start = t.start - from;
    const end = t.end - from;
    return end <= k ? 'S' : start >= k ? 'G' : 'SG';
  }
  return 'n';
}

/** The verb (or verbal noun: 死去, 結婚) a token is the subject or object of, when a case or topic
 * particle follows it: people are born, marry and say; products are sold and used. */
export function verbAfter(tokens: readonly PositionedToken[], i: number): string {
  const p = tokens[i + 1];
  if (p === undefined || p.token.pos !== '助詞') return '-';
  for (let k = i + 2; k <= i + 4 && k < tokens.length; k++) {
    const x = (tokens[k] as PositionedToken).token;
    if (x.pos === '動詞' || (x.pos === '名詞' && x.pos_detail_1 === 'サ変接続')) return x.basic_form === '*' ? x.surface_form : x.basic_form;
  }
  return '-';
}

/** The features of token `i`: itself, its dictionary entries, two tokens either side, and
 * whether the token before it was a name piece (`prevName`: the gold label in training, the
 * model's own decision when tagging, left to right). */
export function tokenFeatures(tokens: readonly PositionedToken[], i: number, prevName: boolean): string[] {
  const t = tokens[i] as PositionedToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const s = t.token.surface_form;
  const tag = `${t.token.pos}/${t.token.pos_detail_1}/${t.token.pos_detail_2}/${t.token.pos_detail_3}`;
  const shape = shapeOf(t);
  const bits = nameType(s);
  const glued = (a: PositionedToken | undefined, b: PositionedToken | undefined): boolean => a !== undefined && b !== undefined && a.end === b.start;
  const f = [
    `w=${s}`,
    `t=${tag}`,
    `s=${shape}`,
    `u=${t.token.word_type}`,
    `d=${bits}`,
    `dr=${Math.min(surnameReadings(s), 3)}`,
    `last=${s.slice(-1)}`,
    `first=${s.slice(0, 1)}`,
    `w-1=${wordOf(prev)}`,
    `w+1=${wordOf(next)}`,
    `w-2=${wordOf(tokens[i - 2])}`,
    `w+2=${wordOf(tokens[i + 2])}`,
    `t-1=${tagOf(prev)}`,
    `t+1=${tagOf(next)}`,
    `t-2=${tagOf(tokens[i - 2])}`,
    `t+2=${tagOf(tokens[i + 2])}`,
    `s-1=${shapeOf(prev)}`,
    `s+1=${shapeOf(next)}`,
    `t.t+1=${tag}|${tagOf(next)}`,
    `t-1.t=${tagOf(prev)}|${tag}`,
    `s.w+1=${shape}|${wordOf(next)}`,
    `w-1.s=${wordOf(prev)}|${shape}`,
    `w+1.w+2=${wordOf(next)}|${wordOf(tokens[i + 2])}`,
    `w-2.w-1=${wordOf(tokens[i - 2])}|${wordOf(prev)}`,
    `d.w+1=${bits}|${wordOf(next)}`,
    `q=${quoted(tokens, i)}`,
    `pn=${prevName}`,
    `pn.s=${prevName}|${shape}`,
    `pn.t=${prevName}|${tag}`,
    `dot=${s.includes('・')}`,
    `c-1=${classOf(prev)}`,
    `c+1=${classOf(next)}`,
    `c+2=${classOf(tokens[i + 2])}`,
    `c-2.w-1=${classOf(tokens[i - 2])}|${wordOf(prev)}`,
    `dk=${kanaTypes(s, scriptOf(s))}`,
    ...kanaBigrams(s, scriptOf(s)).map((b) => `b=${b}`),
    `sg=${fullNamePart(tokens, i)}`,
    `sg.u=${fullNamePart(tokens, i)}|${t.token.word_type}`,
    `v+=${verbAfter(tokens, i)}`,
  ];
  if (s.length >= 3) f.push(`end2=${s.slice(-2)}`, `start2=${s.slice(0, 2)}`);
  // A name kuromoji splits in two (陽+向, 颯+太): what the dictionary says of the pair.
  if (glued(t, next) && next !== undefined) f.push(`dn=${nameType(s + next.token.surface_form)}`);
  if (glued(prev, t) && prev !== undefined) f.push(`dp=${nameType(prev.token.surface_form + s)}`);
  return f;
}

/** bias + Σ weights of the token's features. */
export function tokenScore(model: NameModel, features: readonly string[]): number {
  let score = model.bias;
  for (const f of features) score += model.weights.get(f) ?? 0;
  return score;
}

// ---------------------------------------------------------------------------------------------
// scoring without feature strings

/** Templates whose value has two parts joined by `|` (`t.t+1=名詞/固有名詞/人名/姓|助詞/格助詞`). */
const PAIR_TEMPLATES = ['t.t+1', 't-1.t', 's.w+1', 'w-1.s', 'w+1.w+2', 'w-2.w-1', 'd.w+1', 'pn.s', 'pn.t', 'c-2.w-1', 'sg.u'] as const;
const ONE_TEMPLATES = ['w', 't', 's', 'u', 'd', 'dr', 'last', 'first', 'w-1', 'w+1', 'w-2', 'w+2', 't-1', 't+1', 't-2', 't+2', 's-1', 's+1', 'q', 'pn', 'dot', 'end2', 'start2', 'dn', 'dp', 'c-1', 'c+1', 'c+2', 'dk', 'b', 'sg', 'v+'] as const;
type Weights1 = ReadonlyMap<string, number>;
type Weights2 = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** A model's weights by template and value: `one.w.get('田中')` is `weights.get('w=田中')`, and
 * `two['t.t+1'].get(a)?.get(b)` is `weights.get('t.t+1=' + a + '|' + b)`. Scoring a token then
 * builds no feature string (the strings and their hashing were most of the tagger's cost). */
interface TemplateWeights {
  readonly one: Record<(typeof ONE_TEMPLATES)[number], Weights1>;
  readonly two: Record<(typeof PAIR_TEMPLATES)[number], Weights2>;
  /** Recent surfaces and their own weights (`ownWeights`), emptied when full. */
  own: Map<string, OwnWeights>;
}

/** The weights of the templates that read only the token's surface, looked up once per surface:
 * most of a token's lookups key on strings made for it (slices, bigrams, readings), and hashing
 * those fresh strings was most of the scoring's cost. Added one by one in `scoreToken`'s order,
 * so the sum stays the same to the last bit. */
interface OwnWeights {
  readonly w: number;
  /** `String(nameType(s))`, also a key of `d.w+1`. */
  readonly bits: string;
  readonly d: number;
  readonly dr: number;
  readonly last: number;
  readonly first: number;
  readonly dot: number;
  readonly dk: number;
  readonly b: readonly number[];
  /** 0 below three characters (the templates are not used there). */
  readonly end2: number;
  readonly start2: number;
}

const OWN_MAX = 8192;

const byTemplate = new WeakMap<ReadonlyMap<string, number>, TemplateWeights>();

/** Splits every feature at its first `=` (no template has one). A pair's value is filed under
 * every `|` in it, so a word holding `|` is still found: `a|b|c` answers (a, b|c) and (a|b, c),
 * and only a pair whose joined string is the feature can reach it. */
function templateWeights(weights: ReadonlyMap<string, number>): TemplateWeights {
  const cached = byTemplate.get(weights);
  if (cached !== undefined) return cached;
  const compiled: TemplateWeights = { one: tableOf(ONE_TEMPLATES, () => new Map()), two: tableOf(PAIR_TEMPLATES, () => new Map()), own: new Map() };
  const one = new Map(Object.entries(compiled.one) as Array<[string, Map<string, number>]>);
  const two = new Map(Object.entries(compiled.two) as Array<[string, Map<string, Map<string, number>>]>);
  for (const [feature, weight] of weights) {
    const eq = feature.indexOf('=');
    if (eq < 0) continue;
    const template = feature.slice(0, eq);
    const value = feature.slice(eq + 1);
    one.get(template)?.set(value, weight);
    const pairs = two.get(template);
    if (pairs === undefined) continue;
    for (let bar = value.indexOf('|'); bar >= 0; bar = value.indexOf('|', bar + 1)) {
      const first = value.slice(0, bar);
      const byFirst = pairs.get(first) ?? new Map<string, number>();
      pairs.set(first, byFirst.set(value.slice(bar + 1), weight));
    }
  }
  byTemplate.set(weights, compiled);
  return compiled;
}

function tableOf<K extends string, V>(keys: readonly K[], make: () => V): Record<K, V> {
  const out = {} as Record<K, V>;
  for (const k of keys) out[k] = make();
  return out;
}

const pairWeight = (pairs: Weights2, a: string, b: string): number => pairs.get(a)?.get(b) ?? 0;

function ownWeights(tw: TemplateWeights, s: string): OwnWeights {
  const known = tw.own.get(s);
  if (known !== undefined) return known;
  const { one } = tw;
  const bits = String(nameType(s));
  const script = scriptOf(s);
  const own: OwnWeights = {
    w: one.w.get(s) ?? 0,
    bits,
    d: one.d.get(bits) ?? 0,
    dr: one.dr.get(String(Math.min(surnameReadings(s), 3))) ?? 0,
    last: one.last.get(s.slice(-1)) ?? 0,
    first: one.first.get(s.slice(0, 1)) ?? 0,
    dot: one.dot.get(String(s.includes('・'))) ?? 0,
    dk: one.dk.get(kanaTypes(s, script)) ?? 0,
    b: kanaBigrams(s, script).map((b) => one.b.get(b) ?? 0),
    end2: s.length >= 3 ? (one.end2.get(s.slice(-2)) ?? 0) : 0,
    start2: s.length >= 3 ? (one.start2.get(s.slice(0, 2)) ?? 0) : 0,
  };
  if (tw.own.size >= OWN_MAX) tw.own = new Map();
  tw.own.set(s, own);
  return own;
}

/** Per-token strings of one token list, computed once each: a token is a neighbour of four
 * others. */
class TokenStrings {
  private readonly tags: Array<string | undefined> = [];
  private readonly shapes: Array<string | undefined> = [];
  constructor(private readonly tokens: readonly PositionedToken[]) {}
  tag(i: number): string {
    const t = this.tokens[i];
    if (t === undefined) return '^$';
    return (this.tags[i] ??= tagOf(t));
  }
  shape(i: number): string {
    const t = this.tokens[i];
    if (t === undefined) return '^$';
    return (this.shapes[i] ??= shapeOf(t));
  }
  word(i: number): string {
    return wordOf(this.tokens[i]);
  }
}

/** `tokenScore(model, tokenFeatures(tokens, i, prevName))`, to the last bit: the same weights
 * added in the same order, looked up by template and value instead of by feature string. */
export function scoreToken(model: NameModel, tokens: readonly PositionedToken[], i: number, prevName: boolean, strings: TokenStrings = new TokenStrings(tokens)): number {
  const tw = templateWeights(model.weights);
  const { one, two } = tw;
  const t = tokens[i] as PositionedToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const s = t.token.surface_form;
  const tag = `${t.token.pos}/${t.token.pos_detail_1}/${t.token.pos_detail_2}/${t.token.pos_detail_3}`;
  const shape = strings.shape(i);
  const own = ownWeights(tw, s);
  const bits = own.bits;
  const pn = String(prevName);
  const w1 = strings.word(i - 1);
  const w2 = strings.word(i - 2);
  const n1 = strings.word(i + 1);
  const n2 = strings.word(i + 2);
  const get = (m: Weights1, v: string): number => m.get(v) ?? 0;
  let score = model.bias;
  score += own.w;
  score += get(one.t, tag);
  score += get(one.s, shape);
  score += get(one.u, t.token.word_type);
  score += own.d;
  score += own.dr;
  score += own.last;
  score += own.first;
  score += get(one['w-1'], w1);
  score += get(one['w+1'], n1);
  score += get(one['w-2'], w2);
  score += get(one['w+2'], n2);
  score += get(one['t-1'], strings.tag(i - 1));
  score += get(one['t+1'], strings.tag(i + 1));
  score += get(one['t-2'], strings.tag(i - 2));
  score += get(one['t+2'], strings.tag(i + 2));
  score += get(one['s-1'], strings.shape(i - 1));
  score += get(one['s+1'], strings.shape(i + 1));
  score += pairWeight(two['t.t+1'], tag, strings.tag(i + 1));
  score += pairWeight(two['t-1.t'], strings.tag(i - 1), tag);
  score += pairWeight(two['s.w+1'], shape, n1);
  score += pairWeight(two['w-1.s'], w1, shape);
  score += pairWeight(two['w+1.w+2'], n1, n2);
  score += pairWeight(two['w-2.w-1'], w2, w1);
  score += pairWeight(two['d.w+1'], bits, n1);
  score += get(one.q, String(quoted(tokens, i)));
  score += get(one.pn, pn);
  score += pairWeight(two['pn.s'], pn, shape);
  score += pairWeight(two['pn.t'], pn, tag);
  score += own.dot;
  score += get(one['c-1'], classOf(prev));
  score += get(one['c+1'], classOf(next));
  score += get(one['c+2'], classOf(tokens[i + 2]));
  score += pairWeight(two['c-2.w-1'], classOf(tokens[i - 2]), w1);
  score += own.dk;
  for (const b of own.b) score += b;
  const sg = fullNamePart(tokens, i);
  score += get(one.sg, sg);
  score += pairWeight(two['sg.u'], sg, t.token.word_type);
  score += get(one['v+'], verbAfter(tokens, i));
  if (s.length >= 3) {
    score += own.end2;
    score += own.start2;
  }
  if (next !== undefined && t.end === next.start) score += get(one.dn, String(nameType(s + next.token.surface_form)));
  if (prev !== undefined && prev.end === t.start) score += get(one.dp, String(nameType(prev.token.surface_form + s)));
  return score;
}

/** A run of name pieces: its range and its first and last token. */
export interface NameRun extends Range {
  readonly first: number;
  readonly last: number;
}

/** Is this a proper noun or a word kuromoji does not know? */
export function isProperOrUnknown(t: PositionedToken): boolean {
  return t.token.pos_detail_1 === '固有名詞' || t.token.word_type === 'UNKNOWN';
}

/** The tokens to score: candidates in a stretch of candidates (joined over ・) with a proper
 * noun or an unknown word in it (1), or null when there is none (most segments). A run outside
 * such a stretch can only be common nouns; skipping them changes no other decision (the token
 * before a stretch is never a name piece). */
function properStretches(tokens: readonly PositionedToken[]): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (let i = 0; i < tokens.length; ) {
    if (!isCandidate(tokens[i] as PositionedToken)) {
      i++;
      continue;
    }
    let end = i;
    let proper = false;
    while (end < tokens.length) {
      const t = tokens[end] as PositionedToken;
      if (isCandidate(t)) proper ||= isProperOrUnknown(t);
      else if (!(t.token.surface_form === '・' && tokens[end + 1] !== undefined && isCandidate(tokens[end + 1] as PositionedToken))) break;
      end++;
    }
    if (proper) {
      out ??= new Uint8Array(tokens.length);
      for (let k = i; k < end; k++) if (isCandidate(tokens[k] as PositionedToken)) out[k] = 1;
    }
    i = end;
  }
  return out;
}

/** Person names the model finds: tokens scored left to right, each knowing whether the one
 * before it was a name piece; runs of pieces, glued or joined by ・, become one run each. With
 * `properOnly`, only stretches of nouns that hold a proper noun or an unknown word are scored
 * (what `learnedNames` keeps; in speech most nouns are common ones, and scoring is the cost). */
export function modelNames(tokens: readonly PositionedToken[], model: NameModel = nameModel(), properOnly = false): NameRun[] {
  const out: NameRun[] = [];
  const scored = properOnly ? properStretches(tokens) : undefined;
  if (scored === null) return out;
  const strings = new TokenStrings(tokens);
  let open: NameRun | null = null;
  let prevName = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const isName: boolean = (scored === undefined ? isCandidate(t) : scored[i] === 1) && scoreToken(model, tokens, i, prevName, strings) >= model.threshold;
    prevName = isName;
    if (isName && open !== null && (open.end === t.start || (tokens[i - 1]?.token.surface_form === '・' && open.end === t.start - 1))) {
      open = { start: open.start, end: t.end, first: open.first, last: i };
    } else if (isName) {
      if (open !== null) out.push(open);
      open = { start: t.start, end: t.end, first: i, last: i };
    } else if (open !== null && !(t.token.surface_form === '・' && open.end === t.start)) {
      // A name run ends here, unless a ・ glued to it may join the next piece.
      out.push(open);
      open = null;
    }
  }
  if (open !== null) out.push(open);
  return out;
}
