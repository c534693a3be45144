/** Redaction: `detect(text, ctx) → Span[]`, then `apply(text, spans) → text` (Presidio's
 * analyzer/anonymizer split). Both are pure; the tokenizer comes in through the context. */
import { PiiKindSchema, type Segment } from '../schemas.js';
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { compileContext, type RedactContext } from './context.js';
import { DETECTORS, type DetectInput, type PositionedToken } from './detectors.js';
import { normalizedView, toOriginal } from './normalize.js';
import { apply, mergeSpans, type Span } from './spans.js';

export type { RedactContext } from './context.js';
export { apply, mergeSpans, validateSpans, PLACEHOLDERS, type Span } from './spans.js';

const PII_KINDS = PiiKindSchema.options;
const HAS_JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** kuromoji tokens with their offsets in `text` (its word_position is not reliable across
 * surrogate pairs, so offsets are found by scanning). */
export function positionTokens(tokenizer: JaTokenizer, text: string): PositionedToken[] {
  const out: PositionedToken[] = [];
  let cursor = 0;
  for (const token of tokenizer.tokenize(text)) {
    const at = text.indexOf(token.surface_form, cursor);
    if (at < 0) continue;
    cursor = at + token.surface_form.length;
    out.push({ token, start: at, end: cursor });
  }
  return out;
}

/** Finds the PII in `text`: spans of the original text, sorted, possibly overlapping (apply
 * merges them). Detection runs on the NFKC view; offsets are mapped back. */
export function detect(text: string, ctx: RedactContext): Span[] {
  if (text === '') return [];
  const view = normalizedView(text);
  const tokens = ctx.tokenizer !== undefined && HAS_JAPANESE.test(view.text) ? positionTokens(ctx.tokenizer, view.text) : null;
  const input: DetectInput = { text: view.text, language: ctx.language, tokens, context: compileContext(ctx) };
  const spans: Span[] = [];
  for (const kind of PII_KINDS) {
    for (const detector of DETECTORS[kind]) {
      for (const r of detector.find(input)) {
        const { start, end } = toOriginal(view, r.start, r.end);
        if (end > start) spans.push({ start, end, kind, source: detector.source });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Redacts one text; returns the text and how many (merged) spans were replaced. */
export function redactText(text: string, ctx: RedactContext): { text: string; redactions: number } {
  const spans = mergeSpans(detect(text, ctx));
  return { text: apply(text, spans), redactions: spans.length };
}

/** Redacts the text of every segment (client and consultant). Speaker labels are left alone:
 * the caller drops client labels before anything is stored. */
export function redactSegments(segments: readonly Segment[], ctx: RedactContext): { segments: Segment[]; redactions: number } {
  let redactions = 0;
  const out = segments.map((segment) => {
    const r = redactText(segment.text, ctx);
    redactions += r.redactions;
    return { ...segment, text: r.text };
  });
  return { segments: out, redactions };
}
