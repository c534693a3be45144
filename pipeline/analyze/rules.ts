/** A lexicon compiled for matching: terms tokenized into key sequences and indexed by their first
 * key, patterns compiled once, cue lists as sets. Built once per provider. */
import { RISK_SIGNALS, THEME_IDS, type RiskSignal, type ThemeId } from '../themes.js';
import { LANGUAGES, englishKey, type Language } from './language.js';
import type { Lexicon, LexiconEntry } from './lexicon.js';
import type { JaTokenizer } from './tokenizer.js';

/** What a piece of evidence counts towards. */
export type Target = { type: 'theme'; id: ThemeId } | { type: 'signal'; id: RiskSignal } | { type: 'sentiment' };

export function targetKey(t: Target): string {
  return t.type === 'sentiment' ? 'sentiment' : `${t.type}:${t.id}`;
}

interface RuleBase {
  /** Identifies the rule for repetition decay (`theme:job_change|転職`). */
  readonly id: string;
  readonly target: Target;
  /** Weight 0–1 (themes, signals) or polarity −1…1 (sentiment). */
  readonly weight: number;
  /** Negation and hypotheticals discount it (always true for sentiment, whose negation flips). */
  readonly intent: boolean;
  readonly discountOthers: boolean;
  /** Discounted when about someone outside the household (`discount_outsiders`). */
  readonly discountOutsiders: boolean;
  readonly deniable: boolean;
  /** Capped under a condition (`conditional`). */
  readonly conditional: boolean;
}

export interface TermRule extends RuleBase {
  readonly keys: readonly string[];
  /** Part of speech of a one-word Japanese term, which the matched word must share: the noun
   * うつ is not the verb うつ (しもうて). Undefined (English, several words): any. */
  readonly pos: string | undefined;
}

export interface PatternRule extends RuleBase {
  readonly re: RegExp;
}

/** A signal's stance patterns (`hedges`, `commitments`, `approaches`): not evidence themselves, they move the
 * level the evidence makes. Rules of weight 0, keyed `hedge:<signal>`, `commitment:<signal>`, `approach:<signal>`. */
export type StanceKind = 'hedge' | 'commitment' | 'approach';
export const STANCE_KINDS: readonly StanceKind[] = ['hedge', 'commitment', 'approach'];

export function stanceKey(kind: StanceKind, signal: RiskSignal): string {
  return `${kind}:${signal}`;
}

export interface CompiledCues {
  readonly negation: ReadonlySet<string>;
  readonly negationExceptions: ReadonlySet<string>;
  readonly hypothetical: ReadonlySet<string>;
  readonly hypotheticalPattern: RegExp | null;
  readonly pastPattern: RegExp | null;
  readonly recoveryPattern: RegExp | null;
  /** Anchored at a segment's start. */
  readonly answerDenialPattern: RegExp | null;
  /** Anchored at a segment's start. */
  readonly wellbeingPattern: RegExp | null;
  readonly contrastPattern: RegExp | null;
  /** Tested against one piece of evidence's whole text. */
  readonly passingPattern: RegExp | null;
  readonly reportsKeepOutsiderTopics: boolean;
  readonly acceptancePattern: RegExp | null;
  readonly conditionalPattern: RegExp | null;
  readonly dismissalPattern: RegExp | null;
  readonly others: ReadonlySet<string>;
  readonly self: ReadonlySet<string>;
  readonly desire: ReadonlySet<string>;
  readonly clauseBreaks: ReadonlySet<string>;
  readonly negationPredicates: ReadonlySet<string>;
  readonly denial: ReadonlySet<string>;
  readonly hearsay: ReadonlySet<string>;
  readonly topicNegationPredicates: ReadonlySet<string>;
  readonly denialPattern: RegExp | null;
  readonly reportingVerbs: ReadonlySet<string>;
  readonly household: ReadonlySet<string>;
}

/** Per theme / signal settings that are not evidence: severity cut for signals, the signal a
 * theme also reads. */
export interface TargetSettings {
  readonly severeWeight: number | undefined;
  readonly fromSignal: RiskSignal | undefined;
}

export interface CompiledLexicon {
  readonly language: Language;
  readonly version: string;
  readonly calibration: Lexicon['calibration'];
  readonly cues: CompiledCues;
  /** Term rules by their first key. */
  readonly terms: ReadonlyMap<string, readonly TermRule[]>;
  readonly patterns: readonly PatternRule[];
  /** Per `stanceKey`: the signal's hedge or commitment patterns. */
  readonly stances: ReadonlyMap<string, readonly PatternRule[]>;
  readonly stopwords: ReadonlySet<string>;
  /** What keywords may always be, whatever the keyword rule says: the key sequences of every
   * theme, signal and sentiment term (joined by a space) and `keyword_allow`. */
  readonly keywordVocabulary: ReadonlySet<string>;
  readonly themes: Readonly<Record<ThemeId, TargetSettings>>;
  readonly signals: Readonly<Record<RiskSignal, TargetSettings>>;
}

function termTokens(language: Language, term: string, tokenizer: JaTokenizer): Array<{ key: string; pos: string }> {
  const rules = LANGUAGES[language];
  return rules.tokenize(rules.normalize(term), tokenizer);
}

function termKeys(language: Language, term: string, tokenizer: JaTokenizer): string[] {
  return termTokens(language, term, tokenizer).map((t) => t.key);
}

function cueKey(language: Language, word: string): string {
  return language === 'en' ? englishKey(word) : word.normalize('NFKC');
}

function settings(entry: LexiconEntry): TargetSettings {
  return { severeWeight: entry.severe_weight, fromSignal: entry.from_signal };
}

export function compileLexicon(lexicon: Lexicon, tokenizer: JaTokenizer): CompiledLexicon {
  const language = lexicon.language;
  const flags = LANGUAGES[language].patternFlags;
  // Several spellings can reach the same key sequence (skill / skills): keep the strongest.
  const byKeys = new Map<string, TermRule>();
  const patterns: PatternRule[] = [];

  const addTerms = (target: Target, terms: Record<string, number>, intent: boolean, discountOthers: boolean, deniable = false, discountOutsiders = false, conditional = false): void => {
    for (const [term, weight] of Object.entries(terms)) {
      const tokens = termTokens(language, term, tokenizer);
      const keys = tokens.map((t) => t.key);
      if (keys.length === 0) continue;
      const pos = language === 'ja' && tokens.length === 1 ? tokens[0]?.pos : undefined;
      const id = `${targetKey(target)}|${keys.join(' ')}`;
      const existing = byKeys.get(id);
      if (existing === undefined || Math.abs(weight) > Math.abs(existing.weight)) {
        byKeys.set(id, { id, target, weight, intent, discountOthers, discountOutsiders, deniable, conditional, keys, pos });
      }
    }
  };
  const addPatterns = (target: Target, source: Record<string, number>, intent: boolean, discountOthers: boolean, deniable = false, discountOutsiders = false, conditional = false): void => {
    for (const [pattern, weight] of Object.entries(source)) {
      const re = new RegExp(pattern, flags);
      patterns.push({ id: `${targetKey(target)}|/${pattern}/`, target, weight, intent, discountOthers, discountOutsiders, deniable, conditional, re });
    }
  };
  const addEntry = (target: Target, entry: LexiconEntry): void => {
    addTerms(target, entry.terms, entry.intent, entry.discount_others, entry.deniable, entry.discount_outsiders, entry.conditional);
    addPatterns(target, entry.patterns, entry.intent, entry.discount_others, entry.deniable, entry.discount_outsiders, entry.conditional);
  };

  for (const id of THEME_IDS) addEntry({ type: 'theme', id }, lexicon.themes[id]);
  for (const id of RISK_SIGNALS) addEntry({ type: 'signal', id }, lexicon.signals[id]);
  const stances = new Map<string, PatternRule[]>();
  for (const id of RISK_SIGNALS) {
    const entry = lexicon.signals[id];
    for (const kind of STANCE_KINDS) {
      const sources = kind === 'hedge' ? entry.hedges : kind === 'commitment' ? entry.commitments : entry.approaches;
      if (sources.length === 0) continue;
      const key = stanceKey(kind, id);
      stances.set(
        key,
        sources.map((pattern) => ({ id: `${key}|/${pattern}/`, target: { type: 'signal', id }, weight: 0, intent: true, discountOthers: true, discountOutsiders: false, deniable: false, conditional: false, re: new RegExp(pattern, flags) })),
      );
    }
  }
  addTerms({ type: 'sentiment' }, lexicon.sentiment.terms, true, false);
  addPatterns({ type: 'sentiment' }, lexicon.sentiment.patterns, true, false);

  const terms = new Map<string, TermRule[]>();
  for (const rule of byKeys.values()) {
    const first = rule.keys[0] as string;
    const list = terms.get(first);
    if (list === undefined) terms.set(first, [rule]);
    else list.push(rule);
  }

  const set = (words: readonly string[]): ReadonlySet<string> => new Set(words.map((w) => cueKey(language, w)));
  const keywordVocabulary = new Set([...byKeys.values()].map((r) => r.keys.join(' ')));
  for (const w of lexicon.keyword_allow) keywordVocabulary.add(termKeys(language, w, tokenizer).join(' '));
  const { cues } = lexicon;
  return {
    language,
    version: lexicon.version,
    calibration: lexicon.calibration,
    cues: {
      negation: set(cues.negation),
      negationExceptions: set(cues.negation_exceptions),
      hypothetical: set(cues.hypothetical),
      hypotheticalPattern: cues.hypothetical_patterns.length === 0 ? null : new RegExp(cues.hypothetical_patterns.join('|'), flags),
      pastPattern: cues.past_patterns.length === 0 ? null : new RegExp(cues.past_patterns.join('|'), flags),
      recoveryPattern: cues.recovery_patterns.length === 0 ? null : new RegExp(cues.recovery_patterns.join('|'), flags),
      answerDenialPattern: cues.answer_denial_patterns.length === 0 ? null : new RegExp(`^(?:${cues.answer_denial_patterns.join('|')})`, flags.replace('g', '')),
      wellbeingPattern: cues.wellbeing_patterns.length === 0 ? null : new RegExp(`^(?:${cues.wellbeing_patterns.join('|')})`, flags.replace('g', '')),
      contrastPattern: cues.contrast_patterns.length === 0 ? null : new RegExp(cues.contrast_patterns.join('|'), flags),
      passingPattern: cues.passing_patterns.length === 0 ? null : new RegExp(cues.passing_patterns.join('|'), flags.replace('g', '')),
      reportsKeepOutsiderTopics: cues.reports_keep_outsider_topics,
      conditionalPattern: cues.conditional_patterns.length === 0 ? null : new RegExp(cues.conditional_patterns.join('|'), flags),
      dismissalPattern: cues.dismissal_patterns.length === 0 ? null : new RegExp(cues.dismissal_patterns.join('|'), flags),
      acceptancePattern: cues.acceptance_patterns.length === 0 ? null : new RegExp(cues.acceptance_patterns.join('|'), flags),
      others: set(cues.others),
      self: set(cues.self),
      desire: set(cues.desire),
      clauseBreaks: set(cues.clause_breaks),
      negationPredicates: set(cues.negation_predicates),
      denial: set(cues.denial),
      hearsay: set(cues.hearsay),
      topicNegationPredicates: set(cues.topic_negation_predicates),
      denialPattern: cues.denial_patterns.length === 0 ? null : new RegExp(cues.denial_patterns.join('|'), flags),
      reportingVerbs: set(cues.reporting_verbs),
      household: set(cues.household),
    },
    terms,
    patterns,
    stances,
    themes: Object.fromEntries(THEME_IDS.map((id) => [id, settings(lexicon.themes[id])])) as Record<ThemeId, TargetSettings>,
    signals: Object.fromEntries(RISK_SIGNALS.map((id) => [id, settings(lexicon.signals[id])])) as Record<RiskSignal, TargetSettings>,
    stopwords: new Set(lexicon.stopwords.map((w) => (language === 'en' ? w.toLowerCase() : w.normalize('NFKC')))),
    keywordVocabulary,
  };
}
