/** The analysis provider interface. Every analysis step has a local implementation (default,
 * offline) and later an OpenAI one; each result records provider, model and version. */
import { z } from 'zod';
import type { Analysis, Lineage } from '../schemas.js';
import type { TokenizedText } from './tokenizer.js';

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
}

export interface AnalysisProvider {
  readonly lineage: Lineage;
  analyze(input: AnalyzeInput): Promise<Analysis>;
}

/** A versioned prompt (OpenAI) or lexicon (local) a provider runs with, as `NAME@VERSION`
 * (`lexicon@2026.11.1`). Each provider decides which names it knows. */
export const PromptRefSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w.-]*@[\w.-]+$/, 'must look like NAME@VERSION, e.g. lexicon@2026.11.1')
  .transform((s) => {
    const at = s.indexOf('@');
    return { name: s.slice(0, at), version: s.slice(at + 1) };
  });
export type PromptRef = z.infer<typeof PromptRefSchema>;
