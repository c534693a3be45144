/** Finding morphemes by offset in a segment's sorted, non-overlapping tokens, by binary search:
 * a detector that looks a token up once per match with `tokens.find` costs matches × tokens, which
 * a long segment built to hurt turns into seconds. */
import type { PositionedToken } from '../analyze/tokenizer.js';

/** Index of the first token that ends after `offset` (tokens.length when none); any tokens
 * sorted by `end` (redaction's morphemes, analysis's `DocToken`s). */
export function firstEndingAfter(tokens: readonly { readonly end: number }[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as { readonly end: number }).end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the token that starts at `offset`, or −1. */
export function tokenAt(tokens: readonly PositionedToken[], offset: number): number {
  const i = firstEndingAfter(tokens, offset);
  return i < tokens.length && (tokens[i] as PositionedToken).start === offset ? i : -1;
}

/** The token that holds the character at `offset` (start ≤ offset < end), if any. */
export function tokenCovering(tokens: readonly PositionedToken[], offset: number): PositionedToken | undefined {
  const t = tokens[firstEndingAfter(tokens, offset)];
  return t !== undefined && t.start <= offset ? t : undefined;
}

/** The token that ends exactly at `offset`, if any. */
export function tokenEndingAt(tokens: readonly PositionedToken[], offset: number): PositionedToken | undefined {
  const t = tokens[firstEndingAfter(tokens, offset - 1)];
  return t !== undefined && t.end === offset ? t : undefined;
}

/** The tokens that overlap a range (start < r.end and end > r.start), in order. */
export function tokensIn(tokens: readonly PositionedToken[], r: { readonly start: number; readonly end: number }): PositionedToken[] {
  const out: PositionedToken[] = [];
  for (let i = firstEndingAfter(tokens, r.start); i < tokens.length && (tokens[i] as PositionedToken).start < r.end; i++) out.push(tokens[i] as PositionedToken);
  return out;
}
