/** The analysis provider interface. Every analysis step has a local implementation (default,
 * offline) and later an OpenAI one; each result records provider, model and version. */
import type { Analysis, Lineage } from '../schemas.js';

export interface AnalyzeInput {
  sessionId: string;
  language: 'ja' | 'en';
  /** The client's (employee's) speech, already redacted, one entry per segment. */
  client: string[];
}

export interface AnalysisProvider {
  readonly lineage: Lineage;
  analyze(input: AnalyzeInput): Promise<Analysis>;
}
