/** The PHONE detector's rule (detectors.ts registers it): mobile, landline and international
 * numbers as people write and transcribers spell them. A leaf module, so what cuts a number from a
 * file name or a failure's message (ingest/manifest.ts `withoutContacts`) uses the same rule
 * without loading the detectors. */
import type { Range } from './detector.js';
import { normalizedView, toOriginal } from './normalize.js';
import { execAll } from './regex.js';

/** Dashes people (and speech-to-text) put in numbers, after NFKC. */
export const DASH = '[-‐‑‒–—―−ー]';
/** Between the groups of a phone number: a dash, a space, or ・ (090・1234・5678 as transcribed). */
const SEP = `(?:${DASH}|\\s|・)`;

const PHONE_ALTERNATIVES = [
  // +81 90-1234-5678, +81-3-1234-5678, +81 (0)3 1234 5678, +44 20 7946 0958, +1 555 123 4567
  `\\+\\d{1,3}${SEP}?(?:\\(0\\)${SEP}?)?\\d{1,4}${SEP}?\\d{1,4}${SEP}?\\d{3,4}`,
  // (03)1234-5678, (555) 123-4567
  `\\(0?\\d{1,4}\\)${SEP}?\\d{1,4}${SEP}\\d{4}`,
  // 090-1234-5678, 03-1234-5678, 0120-123-456, 020 7946 0958
  `0\\d{1,4}${SEP}\\d{1,4}${SEP}\\d{3,4}`,
  // 07700 900123
  `0\\d{3,4}${SEP}\\d{6}`,
  // 09012345678, 0312345678
  `0\\d{9,10}`,
  // 555-123-4567, 555.123.4567
  `\\d{3}[-. ]\\d{3}[-. ]\\d{4}`,
];
export const PHONE_RE = new RegExp(`(?<![\\d+])(?:${PHONE_ALTERNATIVES.join('|')})(?!\\d)`, 'gu');

/** A match of PHONE_RE that has a phone number's 10 to 13 digits. */
export const isPhoneNumber = (m: RegExpExecArray): boolean => {
  const digits = m[0].replace(/\D/gu, '').length;
  return digits >= 10 && digits <= 13;
};

/** The phone numbers in `text` by the detector's rule, found in its NFKC view (full-width digits
 * too), as ranges of `text`. */
export function phoneNumbers(text: string): Range[] {
  const view = normalizedView(text);
  return execAll(PHONE_RE, view.text).filter(isPhoneNumber).map((m) => toOriginal(view, m.index, m.index + m[0].length));
}
