/** Evidence and scores: lexicon terms and patterns found in a Doc, discounted when negated,
 * hypothetical or about someone else, combined per theme / signal by noisy-OR. Pure. */
import { RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import { LANGUAGES } from './language.js';
import { HEARSAY_REPORT, SUBJECT_HOUSEHOLD, SUBJECT_OTHERS, SUBJECT_SELF, tokenAt, type Doc, type DocToken } from './document.js';
import { stanceKey, targetKey, type CompiledLexicon, type PatternRule, type TermRule } from './rules.js';

export interface Evidence {
  readonly rule: TermRule | PatternRule;
  /** Token range [start, end). */
  readonly start: number;
  readonly end: number;
  /** The client segment (turn) it is in. */
  readonly segment: number;
  readonly negated: boolean;
  readonly hypothetical: boolean;
  /** In a clause placed in a finished past (昔, 以前は, 休む前は). */
  readonly past: boolean;
  /** In a clause under a condition (…たら、辞めるしかない): caps entries marked `conditional`. */
  readonly conditional: boolean;
  readonly aboutOthers: boolean;
  /** Its subject is someone outside the household (友達が, 同僚は), whatever the rule. */
  readonly aboutOutsider: boolean;
  /** In a clause of hearsay or reported speech (らしい, …と聞きました) without the speaker as
   * subject: someone else's news, whatever it is about. */
  readonly hearsay: boolean;
  /** Its hearsay is a report of someone's words (…って言ってくれて, …増やせるって), no marker of
   * news (らしい, みたい). */
  readonly reported: boolean;
  /** Followed in its clause by a denial (大丈夫, 元気, fine), or in a clause a denial pattern
   * marks ("isn't really an issue"). */
  readonly denied: boolean;
  /** In a clause that only echoes a topic as a question (介護ですか？). */
  readonly echo: boolean;
}

/** The word the negation attaches to is the last noun of a compound the term starts (転職願望は
 * ない, 介護問題はない) or of a list the term is in (結婚とか出産とかは…ない, 残業や休日出勤は
 * ない): only nouns and listing particles from the term up to it. */
function inPhraseOf(doc: Doc, end: number, head: number): boolean {
  if (head < end) return false;
  for (let i = end; i <= head; i++) {
    const t = doc.tokens[i] as DocToken;
    if (t.pos !== '名詞' && !(t.pos === '助詞' && t.pos1 === '並立助詞')) return false;
  }
  return true;
}

/** Does the negation at `k` deny the evidence [start, end)? Intent (辞める, 転職): when it
 * attaches to the term (辞めない) or reaches back through a predicate such as 考える
 * (転職は考えていません). A topic (残業, 介護): only with a は between them, attached to the term
 * or to a topic-denying predicate (残業はほとんどない, 上司とは特に問題はない) — 余裕がない and
 * 給料が上がらない are the worry itself. */
function negates(doc: Doc, k: number, start: number, end: number, intent: boolean): boolean {
  const head = doc.negationHead[k] ?? -1;
  const onTerm = (head >= start && head < end) || inPhraseOf(doc, end, head);
  if (intent) return onTerm || (doc.negationReachesBack[k] === 1 && (head < 0 || head >= end));
  return (doc.prevTopic[k] ?? -1) >= end && (onTerm || (doc.negationDeniesTopic[k] === 1 && head >= end));
}

function modifiers(doc: Doc, lexicon: CompiledLexicon, start: number, end: number, intent: boolean): Omit<Evidence, 'rule' | 'start' | 'end'> {
  const clause = doc.clause[start] ?? -1;
  const sameClauseAfter = end < doc.tokens.length && doc.clause[end] === clause;
  let negated = false;
  if (LANGUAGES[lexicon.language].negation === 'after') {
    for (let k = sameClauseAfter ? (doc.nextNegation[end] ?? -1) : -1; k >= 0 && !negated; k = k + 1 < doc.tokens.length && doc.clause[k + 1] === clause ? (doc.nextNegation[k + 1] ?? -1) : -1) {
      negated = negates(doc, k, start, end, intent);
    }
  } else if (intent) {
    // English topics are denied by `denial_patterns` ("isn't an issue"), not by any "not"
    // before them: "not enough time for my kids" is the worry.
    const p = start > 0 && doc.clause[start - 1] === clause ? (doc.prevNegation[start - 1] ?? -1) : -1;
    negated = p >= 0 && start - p <= lexicon.calibration.negation_window;
  }
  // A wish after the term (辞めたい) is the speaker's own, whoever was mentioned before.
  const ownWish = (doc.nextDesire[start] ?? -1) >= 0;
  const segment = (doc.tokens[start] as DocToken).segment;
  if (intent && !ownWish && doc.answerDenial[segment] === 1) negated = true;
  // Brushed off later in the segment (スカウトは来るけど開いてもいない).
  if (intent && !ownWish && start < (doc.dismissal[segment] ?? -1)) negated = true;
  const subject = doc.subjectBefore[start];
  const hearsay = doc.hearsay[clause] !== 0 && subject !== SUBJECT_SELF;
  return {
    segment,
    negated,
    hypothetical: doc.hypothetical[clause] === 1,
    past: doc.past[clause] === 1,
    conditional: doc.conditional[clause] === 1,
    aboutOthers: (subject === SUBJECT_OTHERS || (subject === SUBJECT_HOUSEHOLD && intent)) && !ownWish,
    aboutOutsider: subject === SUBJECT_OTHERS && !ownWish,
    hearsay: hearsay && !ownWish,
    reported: doc.hearsay[clause] === HEARSAY_REPORT,
    // A topic taken as given in the next sentence (…下がって。まあ、それはいいんだ。) is no worry;
    // an intent is not undone by it.
    denied: (sameClauseAfter && (doc.nextDenial[end] ?? -1) >= 0) || (doc.denialMatch[clause] ?? -1) >= end || (!intent && doc.accepted[clause] === 1),
    echo: doc.echo[clause] === 1,
  };
}

/** The speaker's own illness: the health theme and the mental-health signal. */
function isHealth(target: TermRule['target']): boolean {
  return (target.type === 'theme' && target.id === 'health') || (target.type === 'signal' && target.id === 'mental_health_risk');
}

/** The evidence's words are a sign said in passing (`cues.passing_patterns`: "knackered"). */
function passing(doc: Doc, lexicon: CompiledLexicon, start: number, end: number): boolean {
  const re = lexicon.cues.passingPattern;
  const first = doc.tokens[start];
  const last = doc.tokens[end - 1];
  return re !== null && first !== undefined && last !== undefined && re.test(doc.text.slice(first.start, last.end));
}

/** Every term and pattern occurrence, grouped by target (`theme:job_change`, `sentiment`). */
export function collectEvidence(doc: Doc, lexicon: CompiledLexicon): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  const add = (rule: TermRule | PatternRule, start: number, end: number): void => {
    const key = targetKey(rule.target);
    const m = modifiers(doc, lexicon, start, end, rule.intent);
    // An illness said to be over (もう治りました) discounts only what was said of health.
    const recovered = (doc.recovered[doc.clause[start] ?? -1] === 1 || doc.recoveryWords[start] === 1) && isHealth(rule.target);
    // Tiredness said after "Fine, yeah." in the same answer, before it turns ("but"), is said in
    // passing: denied. Only what `passing_patterns` names — crying or anxiety after "I'm fine" is
    // a worry said, and a missed mental-health risk costs more than a false theme.
    const well = isHealth(rule.target) && start < (doc.wellbeingUntil[m.segment] ?? -1) && rule.weight < (lexicon.signals.mental_health_risk.severeWeight ?? 1) && passing(doc, lexicon, start, end);
    const e: Evidence = { rule, start, end, ...m, past: m.past || recovered, denied: m.denied || well };
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
      if (i + len > tokens.length || (rule.pos !== undefined && rule.pos !== first.pos)) continue;
      let ok = true;
      for (let k = 1; k < len && ok; k++) {
        const t = tokens[i + k] as DocToken;
        ok = t.key === rule.keys[k] && t.segment === first.segment;
      }
      if (ok) add(rule, i, i + len);
    }
  }

  suppressNested(out);

  const addPattern = (rule: PatternRule, push: (start: number, end: number) => void): void => {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(doc.text); m !== null; m = rule.re.exec(doc.text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const start = tokenAt(tokens, m.index);
      const last = tokenAt(tokens, m.index + m[0].length - 1);
      if (start >= 0 && last >= start) push(start, last + 1);
    }
  };
  for (const rule of lexicon.patterns) addPattern(rule, (start, end) => add(rule, start, end));
  // Stances (`hedge:retention_risk`…) are kept apart from the evidence: they move its level.
  for (const [key, rules] of lexicon.stances) {
    const list: Evidence[] = [];
    for (const rule of rules) addPattern(rule, (start, end) => list.push({ rule, start, end, ...modifiers(doc, lexicon, start, end, true) }));
    if (list.length > 0) out.set(key, list.sort((a, b) => a.start - b.start));
  }
  return out;
}

/** A lexicon term inside a longer term of another target gives way to it: a compound has one
 * meaning (キャリア in セカンドキャリア is retirement, 残業 in 残業代 is pay, 評価 in 評価者 is
 * management). Terms only; patterns are left alone. */
function suppressNested(byTarget: Map<string, Evidence[]>): void {
  const all = [...byTarget.values()].flat().sort((a, b) => a.start - b.start || b.end - a.end);
  const drop = new Set<Evidence>();
  for (let i = 0; i < all.length; i++) {
    const outer = all[i] as Evidence;
    for (let j = i + 1; j < all.length && (all[j] as Evidence).start < outer.end; j++) {
      const inner = all[j] as Evidence;
      if (inner.end <= outer.end && inner.end - inner.start < outer.end - outer.start && targetKey(inner.rule.target) !== targetKey(outer.rule.target)) drop.add(inner);
    }
  }
  if (drop.size === 0) return;
  for (const [key, list] of byTarget) byTarget.set(key, list.filter((e) => !drop.has(e)));
}

/** Overlapping evidence for one target (転職 inside 転職活動) counts once: the longest, the more
 * specific reading (キャリアコンサルタント is a job title, not キャリア), then the strongest. */
function resolveOverlaps(list: readonly Evidence[]): Evidence[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Evidence[] = [];
  for (const e of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && e.start < last.end) {
      const longer = e.end - e.start - (last.end - last.start);
      if (longer > 0 || (longer === 0 && Math.abs(e.rule.weight) > Math.abs(last.rule.weight))) kept[kept.length - 1] = e;
      continue;
    }
    kept.push(e);
  }
  return kept;
}

/** Each occurrence's effective strength, in text order: weight × modifiers × decay^(repeat). */
function strengths(list: readonly Evidence[], lexicon: CompiledLexicon, polarity: boolean): number[] {
  return pieces(list, lexicon, polarity).map((p) => p.s);
}

/** Each occurrence's rule and effective strength, in text order. */
function pieces(list: readonly Evidence[], lexicon: CompiledLexicon, polarity: boolean): Array<{ id: string; s: number; e: Evidence }> {
  const { modifiers: m, sentiment } = lexicon.calibration;
  const seen = new Map<string, number>();
  return resolveOverlaps(list).map((e) => {
    const repeat = seen.get(e.rule.id) ?? 0;
    seen.set(e.rule.id, repeat + 1);
    let s = e.rule.weight * m.repeat_decay ** repeat;
    // Negation was decided per kind of rule (intent or topic) in `negates`; a hypothetical
    // (もし…たら, "if I ever") is no worry yet, whatever it is about; an echoed prompt says nothing.
    if (e.negated) s *= polarity ? sentiment.negation : m.negation;
    if (e.hypothetical) s *= m.hypothetical;
    if (e.past) s *= m.past;
    if (e.conditional && e.rule.conditional) s = Math.min(s, m.conditional);
    // Care, children, family events (`discount_outsiders`) are judged by whose they are, not by
    // being reported: the care manager's words about the speaker's mother (…増やせるって) are the
    // speaker's care. News (らしい, みたい) is still someone else's.
    if ((e.aboutOthers && e.rule.discountOthers) || (e.aboutOutsider && e.rule.discountOutsiders) || (e.hearsay && !(e.reported && e.rule.discountOutsiders && lexicon.cues.reportsKeepOutsiderTopics))) s *= m.others;
    if (e.denied && e.rule.deniable) s *= m.negation;
    if (e.echo) s *= m.negation;
    return { id: e.rule.id, s, e };
  });
}

/** A weak word said again and again (キャリア, 上司, 将来 in a long session) is not a worry by
 * itself: when every piece of a theme's evidence is one rule weaker than the threshold, the
 * confidence stays just under it. A second rule, or one strong enough alone, passes. */
function alone(list: ReadonlyArray<{ id: string; s: number }>, threshold: number): boolean {
  const first = list[0];
  return first !== undefined && list.every((p) => p.id === first.id && p.s < threshold);
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

/** A stance the speaker takes themself: not hypothetical, someone else's or hearsay. Negation
 * is left to the patterns: a hedge is often one (まだ決めてない, "haven't applied"). */
function ownStance(e: Evidence): boolean {
  return !e.hypothetical && !e.aboutOthers && !e.hearsay && !e.echo;
}

/** Moves a signal's score by what the speaker says of their own stance. A commitment in the
 * segment of a piece of own evidence or in the next one (辞めようと思ってて。/ 決めました。) makes
 * it high; otherwise a hedge (まだ決めてない, "just looking") with any own evidence, or with an
 * approach (うちに来ないかって), makes it medium, whichever side of medium the evidence alone was on. */
function stanceScore(s: number, found: ReadonlyArray<{ s: number; e: Evidence }>, evidence: ReadonlyMap<string, readonly Evidence[]>, id: RiskSignal, lexicon: CompiledLexicon): number {
  const { risk_levels: cuts, stance_support: support, stance_fact: fact } = lexicon.calibration;
  const hedges = (evidence.get(stanceKey('hedge', id)) ?? []).filter(ownStance);
  // A step said not yet taken (まだ応募してない, "haven't applied") is negated only by the hedge:
  // it still names the step being weighed.
  const hedged = (e: Evidence): boolean => e.negated && !e.aboutOthers && !e.hypothetical && !e.hearsay && hedges.some((h) => e.start < h.end && h.start < e.end);
  // A denied piece (転職は考えてない) supports no stance: 迷ってる is then about something else.
  const own = found.filter((p) => (p.s >= support && !p.e.negated) || (hedged(p.e) && p.e.rule.weight >= support));
  // An approach (someone asking the speaker over) says what the hedge is about, whoever spoke.
  const approached = hedges.length > 0 && (evidence.get(stanceKey('approach', id)) ?? []).some((e) => !e.hypothetical && !e.echo);
  if (own.length === 0 && !approached) return s;
  // A decision under a condition ("if nothing changes, I've decided…") is not yet taken.
  const committed = (evidence.get(stanceKey('commitment', id)) ?? []).filter((c) => ownStance(c) && !c.conditional);
  if (committed.some((c) => own.some((p) => p.e.segment === c.segment || p.e.segment === c.segment - 1))) return Math.max(s, cuts.high);
  if (hedges.length > 0) {
    const lifted = Math.max(s, cuts.medium);
    return own.some((p) => p.s >= fact) ? lifted : Math.min(lifted, round3(cuts.high - 0.001));
  }
  return s;
}

export function score(evidence: ReadonlyMap<string, readonly Evidence[]>, lexicon: CompiledLexicon): Scores {
  const { risk_levels: cuts, theme_min_confidence: themeMin } = lexicon.calibration;
  const signals = Object.fromEntries(
    RISK_SIGNALS.map((id) => {
      const found = pieces(evidence.get(`signal:${id}`) ?? [], lexicon, false);
      const values = found.map((p) => p.s);
      let s = round3(noisyOr(values));
      // High needs one strong piece of evidence; weak ones together stay under the high cut.
      const severe = lexicon.signals[id].severeWeight;
      if (severe !== undefined && !values.some((v) => v >= severe)) s = Math.min(s, round3(cuts.high - 0.001));
      s = stanceScore(s, found, evidence, id, lexicon);
      return [id, { score: s, level: riskLevel(s, lexicon) }];
    }),
  ) as Record<RiskSignal, { score: number; level: RiskLevel }>;
  const themes = Object.fromEntries(
    THEME_IDS.map((id) => {
      const found = pieces(evidence.get(`theme:${id}`) ?? [], lexicon, false).filter((p) => p.s > 0);
      const values = found.map((p) => p.s);
      // A theme that reads a signal: the signal's medium cut-off meets the theme threshold. A
      // signal under medium adds nothing: a few weak words (疲れ, しんどい) counted twice, once
      // as the theme and once through the signal, made a theme of what is no worry.
      const from = lexicon.themes[id].fromSignal;
      const fromSignal = from === undefined || signals[from].score < cuts.medium ? 0 : Math.min(1, (signals[from].score * themeMin) / cuts.medium);
      if (fromSignal > 0) values.push(fromSignal);
      const confidence = round3(noisyOr(values));
      return [id, fromSignal === 0 && alone(found, themeMin) ? Math.min(confidence, round3(themeMin - 0.001)) : confidence];
    }),
  ) as Record<ThemeId, number>;
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
