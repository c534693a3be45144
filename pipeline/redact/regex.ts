/** Regular-expression helpers the detectors share. */
import type { PositionedToken } from '../analyze/tokenizer.js';
import type { DetectInput, Detector, Range } from './detector.js';

/** All matches of a global regex. Regexes are module-level and shared; detection is synchronous,
 * so resetting lastIndex here is safe. */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** The range of a named group (regex with the `d` flag), or null when it did not take part. */
export function group(m: RegExpExecArray, name: string): Range | null {
  const r = m.indices?.groups?.[name];
  return r === undefined ? null : { start: r[0], end: r[1] };
}

/** The ranges of one named group over every match of `re` (matches without it are skipped);
 * with `hint`, none unless that cheap test passes on the text first. */
export function groupsOf(re: RegExp, text: string, name: string, hint?: RegExp): Range[] {
  if (hint !== undefined && !hint.test(text)) return [];
  return execAll(re, text).flatMap((m) => group(m, name) ?? []);
}

/** Runs a detector only on text where a cheap test passes (a digit, an @, a suffix): most
 * segments of a session hold none, and the detectors' patterns are costlier than the test. */
export function when(hint: RegExp, d: Detector): Detector {
  return { source: d.source, find: (input: DetectInput) => (hint.test(input.text) ? d.find(input) : []) };
}

/** Only on text with a digit / a Latin capital (flags `detect` computes once per text). */
export function withDigit(d: Detector): Detector {
  return { source: d.source, find: (input: DetectInput) => (input.hasDigit ? d.find(input) : []) };
}

export function withCapital(d: Detector): Detector {
  return { source: d.source, find: (input: DetectInput) => (input.hasLatinCapital ? d.find(input) : []) };
}

/** A detector that reads the segment's morphemes: none when the text has no tokens. */
export function withTokens(source: string, find: (text: string, tokens: readonly PositionedToken[]) => Range[]): Detector {
  return { source, find: ({ text, tokens }: DetectInput) => (tokens === null ? [] : find(text, tokens)) };
}

/** A company's unit named by its country or region after its Latin name (Acme USA, Sakura
 * Japan, … Europe): the qualifier names the subsidiary too. */
export const LATIN_UNIT_AFTER = /^[\s-](?:USA|U\.S\.A?\.|US|UK|Japan|Europe|EU|Asia(?:\sPacific)?|APAC|America|Americas|International|Global)\b/u;
