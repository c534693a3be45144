/** What a detector is: given the normalised text (and its morphemes), the ranges it finds. A
 * leaf module, so the detector files and the registry (detectors.ts) that lists them do not
 * import each other. */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { CompiledContext } from './context.js';

export interface DetectInput {
  /** NFKC-normalised text. */
  readonly text: string;
  readonly language: 'ja' | 'en';
  /** Morphemes of `text`, when a tokenizer was given and the text contains Japanese. */
  readonly tokens: readonly PositionedToken[] | null;
  readonly context: CompiledContext;
  /** Whether the text has a digit / a Latin capital: detectors that need one skip the rest. */
  readonly hasDigit: boolean;
  readonly hasLatinCapital: boolean;
}

export interface Range {
  start: number;
  end: number;
}

export interface Detector {
  /** Recorded on each span (`Span.source`). */
  readonly source: string;
  find(input: DetectInput): Range[];
}
