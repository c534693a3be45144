/** The tokens of a redacted text, without tokenizing it again.
 *
 * Redaction tokenizes each segment's NFKC view once (the 人名 / 組織 detectors need it). Analysis
 * needs the morphemes of the *redacted* text. This module builds them from the first
 * tokenization: the redacted view is the view with every merged span replaced by its placeholder;
 * tokens wholly outside the spans are kept (shifted to their new offsets), tokens that touch a span
 * are dropped, and whatever text they leave uncovered between placeholders and kept tokens (a
 * few characters beside a redaction) is tokenized on its own. Privacy holds by construction:
 * every token returned is a piece of the redacted text (`surface === text.slice(start, end)`),
 * never of what a placeholder replaced. Pure but for the tokenizer call on those gaps. */
import { positionTokens, type JaTokenizer, type PositionedToken, type TokenizedText } from '../analyze/tokenizer.js';
import type { NormalizedView } from './normalize.js';
import { PLACEHOLDERS, type Span } from './spans.js';

/** First index i with arr[i] >= value (arr non-decreasing), or arr.length. */
function lowerBound(arr: Int32Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A merged span of the original text as a range of the view. */
function viewRange(view: NormalizedView, span: Span): { start: number; end: number } {
  if (view.starts === null) return { start: span.start, end: span.end };
  return { start: lowerBound(view.starts, span.start), end: lowerBound(view.starts, span.end) };
}

const BLANK = /^\s*$/u;

/**
 * @param view   the NFKC view the tokens and detectors read
 * @param tokens morphemes of `view.text`, in order
 * @param spans  merged, sorted spans of `view.original` (what `apply` replaced)
 */
export function redactTokens(view: NormalizedView, tokens: readonly PositionedToken[], spans: readonly Span[], tokenizer: JaTokenizer): TokenizedText {
  if (spans.length === 0) return { text: view.text, tokens };
  const ranges = spans.map((s) => viewRange(view, s));

  // The redacted view, and for each kept stretch of the view its shift into the new text.
  const parts: string[] = [];
  const placeholderRanges: Array<{ start: number; end: number }> = [];
  const stretches: Array<{ from: number; to: number; shift: number }> = [];
  let at = 0;
  let length = 0;
  ranges.forEach((r, i) => {
    const kept = view.text.slice(at, r.start);
    stretches.push({ from: at, to: r.start, shift: length - at });
    parts.push(kept);
    length += kept.length;
    const placeholder = PLACEHOLDERS[(spans[i] as Span).kind];
    placeholderRanges.push({ start: length, end: length + placeholder.length });
    parts.push(placeholder);
    length += placeholder.length;
    at = Math.max(at, r.end);
  });
  stretches.push({ from: at, to: view.text.length, shift: length - at });
  parts.push(view.text.slice(at));
  const text = parts.join('');

  // Keep the tokens that lie wholly inside one kept stretch.
  const kept: PositionedToken[] = [];
  let k = 0;
  for (const t of tokens) {
    while (k < stretches.length && (stretches[k]?.to ?? 0) < t.end) k++;
    const s = stretches[k];
    if (s === undefined) break;
    if (t.start >= s.from && t.end <= s.to) kept.push({ token: t.token, start: t.start + s.shift, end: t.end + s.shift });
  }

  // Tokenize what neither a kept token nor a placeholder covers.
  const covered = [...kept, ...placeholderRanges].sort((a, b) => a.start - b.start);
  const out = kept;
  let cursor = 0;
  const fill = (from: number, to: number): void => {
    const gap = text.slice(from, to);
    if (BLANK.test(gap)) return;
    for (const t of positionTokens(tokenizer, gap)) out.push({ token: t.token, start: t.start + from, end: t.end + from });
  };
  for (const c of covered) {
    if (c.start > cursor) fill(cursor, c.start);
    cursor = Math.max(cursor, c.end);
  }
  if (cursor < text.length) fill(cursor, text.length);
  out.sort((a, b) => a.start - b.start);
  return { text, tokens: out };
}
