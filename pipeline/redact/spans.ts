/** Step two of redaction: replace detected spans with typed placeholders (the anonymizer half
 * of the Presidio split). Pure; spans are checked against the text. */
import { InputError } from '../errors.js';
import type { PiiKind } from '../schemas.js';

/** A detected piece of PII: a half-open UTF-16 range of the original text. */
export interface Span {
  start: number;
  end: number;
  kind: PiiKind;
  /** Which detector found it (e.g. `regex:email`, `kuromoji:人名`); merged spans join theirs
   * with `+`. For debugging and `honne eval`, never shown in reports. */
  source: string;
}

/** The placeholder each kind becomes. Postal codes become `[ADDRESS]`: a postal code is part of
 * an address, and a smaller placeholder vocabulary keeps downstream prompts simple. */
export const PLACEHOLDERS: Record<PiiKind, string> = {
  PERSON: '[PERSON]',
  ORG: '[ORG]',
  EMAIL: '[EMAIL]',
  PHONE: '[PHONE]',
  ADDRESS: '[ADDRESS]',
  POSTAL: '[ADDRESS]',
  ID: '[ID]',
  URL: '[URL]',
  DATE: '[DATE]',
};

/** When overlapping spans of different kinds are merged, the longest span's kind wins; equal
 * lengths are decided by this rank (lower wins): the more specific pattern first. */
const KIND_RANK: Record<PiiKind, number> = {
  EMAIL: 0,
  URL: 1,
  PHONE: 2,
  ID: 3,
  POSTAL: 4,
  DATE: 5,
  ADDRESS: 6,
  ORG: 7,
  PERSON: 8,
};

/** Throws InputError unless every span is an integer range inside the text. */
export function validateSpans(text: string, spans: readonly Span[]): void {
  for (const s of spans) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > text.length || s.start >= s.end) {
      throw new InputError(
        `redaction span ${s.start}..${s.end} (${s.kind}, ${s.source}) is outside the text (length ${text.length}) or empty`,
        { field: 'spans' },
      );
    }
  }
}

function joinSources(a: string, b: string): string {
  if (a === b) return a;
  const parts = new Set([...a.split('+'), ...b.split('+')]);
  return [...parts].join('+');
}

/** Sorts and merges spans: overlapping spans become one (the longest constituent's kind wins),
 * and touching spans with the same placeholder become one (`[PERSON][PERSON]` never appears). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  // Length of the span that decided the current merged span's kind.
  let winnerLength = 0;
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    const overlaps = last !== undefined && s.start < last.end;
    const touchesSame = last !== undefined && s.start === last.end && PLACEHOLDERS[s.kind] === PLACEHOLDERS[last.kind];
    if (last === undefined || (!overlaps && !touchesSame)) {
      merged.push({ ...s });
      winnerLength = s.end - s.start;
      continue;
    }
    const length = s.end - s.start;
    if (length > winnerLength || (length === winnerLength && KIND_RANK[s.kind] < KIND_RANK[last.kind])) {
      last.kind = s.kind;
      winnerLength = length;
    }
    last.end = Math.max(last.end, s.end);
    last.source = joinSources(last.source, s.source);
  }
  return merged;
}

/** Replaces every (merged) span with its kind's placeholder. Throws InputError on a span
 * outside the text. */
export function apply(text: string, spans: readonly Span[]): string {
  validateSpans(text, spans);
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of mergeSpans(spans)) {
    parts.push(text.slice(at, s.start), PLACEHOLDERS[s.kind]);
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
