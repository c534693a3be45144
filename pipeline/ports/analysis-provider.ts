/** The analysis provider port: one session's redacted client speech → an `Analysis`, with what
 * the call used. Every analysis step has a local implementation (default, offline,
 * pipeline/analyze/local.ts) and later an OpenAI one (adapters/openai/); each result records
 * provider, model and version. Interfaces only: stages import this, never an adapter. */
import type { TokenizedText } from '../analyze/tokenizer.js';
import type { Analysis, Lineage, Usage } from '../schemas.js';
import type { RiskSignal, ThemeId } from '../themes.js';

export interface AnalyzeInput {
  sessionId: string;
  language: 'ja' | 'en';
  /** The client's (employee's) speech, already redacted, one entry per segment. */
  client: string[];
  /** Optional, parallel to `client`: the morphemes of each redacted segment from redaction's
   * tokenization (`TokenizedText.text` is the NFKC form of the segment). Providers that tokenize
   * use them instead of tokenizing again; an entry that is null or does not match its segment is
   * tokenized as usual. Never tokens of unredacted text. */
  tokens?: Array<TokenizedText | null>;
  /** Consultant turns, already redacted, that the client answered with a plain yes (そう、それ
   * なんです, "Exactly.": `affirmedTurns`, pipeline/analyze/affirm.ts): the worry the consultant
   * named is the client's too. A provider may count their theme evidence, below the client's own
   * words; never keywords, never a risk level. Local provider only: the OpenAI prompt does not
   * read them. */
  affirmed?: string[];
  /** Words that are no keyword of this session whatever the rules say: names redaction found in
   * it and left standing in a word's context (`Redacted.spared`: 桜の件で beside 桜さん). */
  notKeywords?: string[];
  /** The employee's pseudonym, whose speech this is: a provider that caches model answers files
   * them under it, so `honne erase` finds them. Never sent anywhere. */
  owner?: string;
  /** `honne eval --repeat`: the repeat number (absent or 0: the answer every run shares). A
   * provider that caches keeps one answer per sample, so repeats show the model's variance. */
  sample?: number;
  /** Answers a batch API already gave (`BatchAnalysis`, pipeline/ports/batch-analysis.ts), keyed by
   * the request's key (`ProviderRequest.key`). The provider checks each as it checks a fresh
   * answer and counts its usage at the batch price; a request without one, or whose answer
   * is an error or unusable, is asked synchronously. */
  answered?: Readonly<Record<string, BatchAnswer>>;
}

/** A batch API's answer to one request: its response body, or why there is none. */
export type BatchAnswer = { response: unknown } | { error: string };

/** A request the provider would send for a session, as a batch API takes it: its key (the
 * model cache's: the same request is the same answer) and the body of the synchronous call. */
export interface ProviderRequest {
  key: string;
  body: unknown;
}

/** Why the provider answered as it did, per theme and signal: the quotes a model gave (of the
 * redacted text). For the prompt lab (`honne eval`) only: never stored with a result, never in a
 * report. */
export interface AnalysisEvidence {
  themes: Partial<Record<ThemeId, string[]>>;
  signals: Partial<Record<RiskSignal, string[]>>;
}

/** A provider's answer: the analysis (parsed with `AnalysisSchema` by the stage) and what the
 * call used (tokens, audio seconds, cost; `cached` when a cache answered without a call). */
export interface AnalysisResponse {
  analysis: Analysis;
  usage: Usage;
  evidence?: AnalysisEvidence;
}

export interface AnalysisProvider {
  readonly lineage: Lineage;
  /** The content hash (hex SHA-256) of everything versioned that decides this provider's answer
   * for a session in `language`: the lexicon file of that language, or the prompt's template,
   * output schema and parameters. Stored with each result and part of each session's
   * fingerprint, so a changed prompt or lexicon re-analyses exactly the sessions it affects. */
  promptHash(language: 'ja' | 'en'): string;
  analyze(input: AnalyzeInput): Promise<AnalysisResponse>;
  /** A model provider's requests for `input` that its cache cannot answer (none when it can
   * answer them all), for a batch API; `analyze` with their answers (`answered`) then gives the
   * result. Absent: the provider has nothing to batch (the local one). */
  batchRequests?(input: AnalyzeInput): Promise<ProviderRequest[]>;
}
