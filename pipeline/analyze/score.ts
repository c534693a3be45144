/** Evidence and scores: lexicon terms and patterns found in a Doc, discounted when negated,
 * hypothetical or about someone else, combined per theme / signal by noisy-OR. Pure. */
import { RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import { LANGUAGES } from './language.js';
import { SUBJECT_OTHERS, tokenAt, type Doc, type DocToken } from './document.js';
import { targetKey, type CompiledLexicon, type PatternRule, type TermRule } from './rules.js';

export interface Evidence {
  readonly rule: TermRule | PatternRule;
  /** Token range [start, end). */
  readonly start: number;
  readonly end: number;
  readonly negated: boolean;
  readonly hypothetical: boolean;
  readonly aboutOthers: boolean;
}

function modifiers(doc: Doc, lexicon: CompiledLexicon, start: number, end: number): Omit<Evidence, 'rule' | 'start' | 'end'> {
  const clause = doc.clause[start] ?? -1;
  const sameClauseAfter = end < doc.tokens.length && doc.clause[end] === clause;
  let negated: boolean;
  if (LANGUAGES[lexicon.language].negation === 'after') {
    negated = sameClauseAfter && (doc.nextNegation[end] ?? -1) >= 0;
  } else {
    const p = start > 0 && doc.clause[start - 1] === clause ? (doc.prevNegation[start - 1] ?? -1) : -1;
    negated = p >= 0 && start - p <= lexicon.calibration.negation_window;
  }
  // A wish after the term (辞めたい) is the speaker's own, whoever was mentioned before.
  const ownWish = (doc.nextDesire[start] ?? -1) >= 0;
  return {
    negated,
    hypothetical: doc.hypothetical[clause] === 1,
    aboutOthers: doc.subjectBefore[start] === SUBJECT_OTHERS && !ownWish,
  };
}

/** Every term and pattern occurrence, grouped by target (`theme:job_change`, `sentiment`). */
export function collectEvidence(doc: Doc, lexicon: CompiledLexicon): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  const add = (rule: TermRule | PatternRule, start: number, end: number): void => {
    const key = targetKey(rule.target);
    const e: Evidence = { rule, start, end, ...modifiers(doc, lexicon, start, end) };
    const list = out.get(key);
    if (list === undefined) out.set(key, [e]);
    else list.push(e);
  };

  const { tokens } = doc;
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as DocToken;
    if (first.placeholder !== null) continue;
    const candidates = lexicon.terms.get(first.key);
    if (candidates === undefined) continue;
    for (const rule of candidates) {
      const len = rule.keys.length;
      if (i + len > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < len && ok; k++) {
        const t = tokens[i + k] as DocToken;
        ok = t.key === rule.keys[k] && t.segment === first.segment;
      }
      if (ok) add(rule, i, i + len);
    }
  }

  for (const rule of lexicon.patterns) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(doc.text); m !== null; m = rule.re.exec(doc.text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const start = tokenAt(tokens, m.index);
      const last = tokenAt(tokens, m.index + m[0].length - 1);
      if (start >= 0 && last >= start) add(rule, start, last + 1);
    }
  }
  return out;
}

/** Overlapping evidence for one target (転職 inside 転職活動) counts once, the strongest. */
function resolveOverlaps(list: readonly Evidence[]): Evidence[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Evidence[] = [];
  for (const e of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && e.start < last.end) {
      if (Math.abs(e.rule.weight) > Math.abs(last.rule.weight)) kept[kept.length - 1] = e;
      continue;
    }
    kept.push(e);
  }
  return kept;
}

/** Each occurrence's effective strength, in text order: weight × modifiers × decay^(repeat). */
function strengths(list: readonly Evidence[], lexicon: CompiledLexicon, polarity: boolean): number[] {
  const { modifiers: m, sentiment } = lexicon.calibration;
  const seen = new Map<string, number>();
  return resolveOverlaps(list).map((e) => {
    const repeat = seen.get(e.rule.id) ?? 0;
    seen.set(e.rule.id, repeat + 1);
    let s = e.rule.weight * m.repeat_decay ** repeat;
    if (e.negated && e.rule.intent) s *= polarity ? sentiment.negation : m.negation;
    if (e.hypothetical && e.rule.intent) s *= m.hypothetical;
    if (e.aboutOthers && e.rule.discountOthers) s *= m.others;
    return s;
  });
}

/** Noisy-OR: 1 − Π(1 − sᵢ). Independent pieces of evidence add up without passing 1. */
function noisyOr(values: readonly number[]): number {
  let miss = 1;
  for (const v of values) miss *= 1 - Math.min(1, Math.max(0, v));
  return 1 - miss;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function riskLevel(score: number, lexicon: CompiledLexicon): RiskLevel {
  const { medium, high } = lexicon.calibration.risk_levels;
  return score >= high ? 'high' : score >= medium ? 'medium' : 'low';
}

export interface Scores {
  /** Confidence of every theme, detected or not (0 when no evidence). */
  themes: Record<ThemeId, number>;
  signals: Record<RiskSignal, { score: number; level: RiskLevel }>;
  sentiment: number;
}

export function score(evidence: ReadonlyMap<string, readonly Evidence[]>, lexicon: CompiledLexicon): Scores {
  const confidence = (key: string): number => round3(noisyOr(strengths(evidence.get(key) ?? [], lexicon, false)));
  const themes = Object.fromEntries(THEME_IDS.map((id) => [id, confidence(`theme:${id}`)])) as Record<ThemeId, number>;
  const signals = Object.fromEntries(
    RISK_SIGNALS.map((id) => {
      const s = confidence(`signal:${id}`);
      return [id, { score: s, level: riskLevel(s, lexicon) }];
    }),
  ) as Record<RiskSignal, { score: number; level: RiskLevel }>;
  const polar = strengths(evidence.get('sentiment') ?? [], lexicon, true);
  let sum = 0;
  let abs = 0;
  for (const v of polar) {
    sum += v;
    abs += Math.abs(v);
  }
  const sentiment = round3(Math.max(-1, Math.min(1, sum / (abs + lexicon.calibration.sentiment.smoothing))));
  return { themes, signals, sentiment: sentiment === 0 ? 0 : sentiment };
}
