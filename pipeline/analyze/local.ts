/** The local analysis provider: rules and lexicons, no network, deterministic. The default, so
 * the whole product runs offline. Lineage: provider `local`, model `rules`, version = the
 * lexicon files' version. */
import { THEME_IDS, type RiskSignal, type ThemeId } from '../themes.js';
import { AnalysisSchema, type Analysis, type ThemeScore } from '../schemas.js';
import type { AnalysisEvidence, AnalysisProvider, AnalysisResponse, AnalyzeInput } from '../ports/analysis-provider.js';
import { NO_USAGE } from '../usage.js';
import { affirmationRulesOf } from './affirm.js';
import { contentHash } from './content-hash.js';
import { buildDoc, type Doc } from './document.js';
import { extractKeywords } from './keywords.js';
import type { Language } from './language.js';
import { bundledLexicons, type Lexicons } from './lexicon.js';
import { compileLexicon, type CompiledLexicon } from './rules.js';
import { collectEvidence, score, type Evidence, type Scores } from './score.js';
import type { JaTokenizer, TokenizedText } from './tokenizer.js';

export interface LocalProviderDeps {
  tokenizer: JaTokenizer;
  /** Defaults to the current version (`prompts/lexicon/versions.ts`). */
  lexicons?: Lexicons;
  /** Themes below this confidence are left out; defaults to the lexicon's
   * `calibration.theme_min_confidence` (0.5). */
  minThemeConfidence?: number;
  /** Most keywords kept per session (most frequent first). Default 100. */
  maxKeywords?: number;
}

export interface LocalAnalysis {
  analysis: Analysis;
  /** Every theme's confidence, including those under the threshold (for eval and debugging). */
  scores: Scores;
  /** The rules that fired, per theme and signal (the prompt lab's "why"). */
  evidence: AnalysisEvidence;
}

/** `転職 0.60`, `辞める 0.80 negated`: a rule (its term or pattern) with its weight and every
 * discount that applied. */
function describeEvidence(e: Evidence): string {
  const rule = e.rule.id.slice(e.rule.id.indexOf('|') + 1);
  const flags = (['negated', 'hypothetical', 'past', 'conditional', 'aboutOthers', 'hearsay', 'denied', 'echo'] as const).filter((f) => e[f]);
  return [rule, e.rule.weight.toFixed(2), ...flags].join(' ');
}

function localEvidence(found: ReadonlyMap<string, readonly Evidence[]>): AnalysisEvidence {
  const out: AnalysisEvidence = { themes: {}, signals: {} };
  for (const [key, list] of found) {
    const [type, id] = key.split(':') as [string, string];
    if (type === 'theme') out.themes[id as ThemeId] = list.map(describeEvidence);
    else if (type === 'signal') out.signals[id as RiskSignal] = [...(out.signals[id as RiskSignal] ?? []), ...list.map(describeEvidence)];
    // A stance moves the signal's level: listed with its evidence, marked by its kind.
    else if (type === 'hedge' || type === 'commitment' || type === 'approach') out.signals[id as RiskSignal] = [...(out.signals[id as RiskSignal] ?? []), ...list.map((e) => `${type} ${describeEvidence(e)}`)];
  }
  return out;
}

/** Theme evidence of the consultant turns the client said yes to (`AnalyzeInput.affirmed`), each
 * piece's weight times `weight`, placed after the client's own (token and segment indexes shifted
 * past `doc`'s, so no piece overlaps one of the client's). Themes only: no signal, stance or
 * sentiment, and nothing of these turns reaches the keywords. A verbless question (介護ですか？)
 * is no echo here: it is what the client said yes to. The same rule said by the client and
 * affirmed counts as a repeat. */
function affirmedEvidence(affirmed: readonly string[], doc: Doc, lexicon: CompiledLexicon, tokenizer: JaTokenizer, weight: number): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  if (affirmed.length === 0 || weight <= 0) return out;
  const asked = buildDoc(affirmed, lexicon, tokenizer);
  const shift = doc.tokens.length;
  const segments = (doc.tokens[shift - 1]?.segment ?? -1) + 1;
  for (const [key, list] of collectEvidence(asked, lexicon)) {
    if (!key.startsWith('theme:')) continue;
    // A question the client says yes to (介護ですか？) is no echo: its theme is what was affirmed.
    out.set(key, list.map((e) => ({ ...e, echo: false, rule: { ...e.rule, weight: e.rule.weight * weight }, start: e.start + shift, end: e.end + shift, segment: e.segment + segments })));
  }
  return out;
}

/** Analyses one session's redacted client speech with a compiled lexicon. Pure; uses one
 * tokenization for themes, signals and keywords: redaction's (`pretokenized`, parallel to
 * `client`) where given, else its own. `affirmed`: redacted consultant turns the client said yes
 * to, whose theme evidence counts by `affirmedWeight` (default the lexicon's
 * `calibration.affirmed_weight`). */
export function analyzeLocally(
  client: readonly string[],
  lexicon: CompiledLexicon,
  tokenizer: JaTokenizer,
  options: { minThemeConfidence: number; maxKeywords: number; affirmedWeight?: number },
  pretokenized?: ReadonlyArray<TokenizedText | null>,
  notKeywords: ReadonlySet<string> = new Set(),
  affirmed: readonly string[] = [],
): LocalAnalysis {
  const doc = buildDoc(client, lexicon, tokenizer, pretokenized);
  const found = collectEvidence(doc, lexicon);
  for (const [key, list] of affirmedEvidence(affirmed, doc, lexicon, tokenizer, options.affirmedWeight ?? lexicon.calibration.affirmed_weight)) found.set(key, [...(found.get(key) ?? []), ...list]);
  const scores = score(found, lexicon);
  const themes: ThemeScore[] = THEME_IDS.filter((id) => scores.themes[id] >= options.minThemeConfidence)
    .map((theme) => ({ theme, confidence: scores.themes[theme] }))
    .sort((a, b) => b.confidence - a.confidence);
  const analysis = AnalysisSchema.parse({
    themes,
    keywords: extractKeywords(doc, lexicon, options.maxKeywords, notKeywords),
    retention_risk: scores.signals.retention_risk,
    mental_health_risk: scores.signals.mental_health_risk,
    sentiment: scores.sentiment,
  });
  return { analysis, scores, evidence: localEvidence(found) };
}

/** The local provider's prompt hash for a language: the lexicon's content hash, and — for a
 * lexicon that reads affirmed turns — the rules that pick them (affirm.ts), which are code, so a
 * change of either re-analyses the sessions. What a submitting process records is this. */
export function localPromptHash(lexicons: Lexicons, language: Language): string {
  return lexicons[language].calibration.affirmed_weight > 0 ? contentHash([lexicons.hashes[language], affirmationRulesOf(language)]) : lexicons.hashes[language];
}

export function createLocalProvider(deps: LocalProviderDeps): AnalysisProvider {
  const lexicons = deps.lexicons ?? bundledLexicons();
  const compiled: Record<Language, CompiledLexicon> = {
    ja: compileLexicon(lexicons.ja, deps.tokenizer),
    en: compileLexicon(lexicons.en, deps.tokenizer),
  };
  return {
    lineage: { provider: 'local', model: 'rules', version: lexicons.version },
    promptHash: (language) => localPromptHash(lexicons, language),
    analyze(input: AnalyzeInput): Promise<AnalysisResponse> {
      const lexicon = compiled[input.language];
      const options = {
        minThemeConfidence: deps.minThemeConfidence ?? lexicon.calibration.theme_min_confidence,
        maxKeywords: deps.maxKeywords ?? 100,
      };
      // Errors (a schema violation would be a bug) reject the promise rather than throw. No
      // outside call: nothing used, nothing cached.
      return Promise.resolve().then(() => {
        const { analysis, evidence } = analyzeLocally(input.client, lexicon, deps.tokenizer, options, input.tokens, new Set(input.notKeywords), input.affirmed);
        return { analysis, evidence, usage: NO_USAGE };
      });
    },
  };
}
