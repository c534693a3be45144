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
import { nameType, surnameReadings } from './enamdict.js';

export const NAME_MODEL_FILE = new URL('./data/name-model.json.gz', import.meta.url);
/** Bumped whenever `tokenFeatures` changes: a model from another feature set is refused, not
 * misread. */
export const NAME_FEATURES_VERSION = 1;

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

/** A run of name pieces: its range and its first and last token. */
export interface NameRun extends Range {
  readonly first: number;
  readonly last: number;
}

/** Is this a proper noun or a word kuromoji does not know? */
export function isProperOrUnknown(t: PositionedToken): boolean {
  return t.token.pos_detail_1 === '固有名詞' || t.token.word_type === 'UNKNOWN';
}

/** For each token, whether it lies in a stretch of candidates (joined over ・) with a proper noun
 * or an unknown word in it. A run outside such a stretch can only be common nouns; skipping them
 * changes no other decision (the token before a stretch is never a name piece). */
function properStretches(tokens: readonly PositionedToken[]): boolean[] {
  const out = new Array<boolean>(tokens.length).fill(false);
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
    out.fill(proper, i, end);
    i = end;
  }
  return out;
}

/** A run of name pieces: its range and its first and last token. */
export interface NameRun extends Range {
  readonly first: number;
  readonly last: number;
}

/** Person names the model finds: tokens scored left to right, each knowing whether the one
 * before it was a name piece; runs of pieces, glued or joined by ・, become one run each. With
 * `properOnly`, only stretches of nouns that hold a proper noun or an unknown word are scored
 * (what `learnedNames` keeps; in speech most nouns are common ones, and scoring is the cost). */
export function modelNames(tokens: readonly PositionedToken[], model: NameModel = nameModel(), properOnly = false): NameRun[] {
  const out: NameRun[] = [];
  const scored = properOnly ? properStretches(tokens) : null;
  let open: NameRun | null = null;
  let prevName = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PositionedToken;
    const isName: boolean = isCandidate(t) && (scored === null || scored[i] === true) && tokenScore(model, tokenFeatures(tokens, i, prevName)) >= model.threshold;
    prevName = isName;
    if (isName && open !== null && (open.end === t.start || (tokens[i - 1]?.token.surface_form === '・' && open.end === t.start - 1))) {
      open = { start: open.start, end: t.end, first: open.first, last: i };
    } else if (isName) {
      if (open !== null) out.push(open);
      open = { start: t.start, end: t.end, first: i, last: i };
    } else if (!(t.token.surface_form === '・' && open?.end === t.start)) {
      if (open !== null) out.push(open);
      open = null;
    }
  }
  if (open !== null) out.push(open);
  return out;
}
