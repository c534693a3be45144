import { createHmac } from 'node:crypto';

/** Keyed pseudonym of an employee: HMAC-SHA256 over company id and employee id (ids are only
 * unique within a client company). The raw id never reaches the store. */
export function pseudonymise(key: string, companyId: string, employeeId: string): string {
  return createHmac('sha256', key).update(`${companyId}\u0000${employeeId}`).digest('hex');
}

/** An employee id as one person is known by, however it was typed: compatibility forms
 * (full-width Ｅ１２３) folded by NFKC, invisible and control characters dropped. The manifest
 * accepts only ids already in this form (schemas.ts), so it is what their pseudonyms are made
 * of; erasure also looks for it, since a request or a rejected row may spell the id otherwise. */
export function oneSpelling(id: string): string {
  return id.normalize('NFKC').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
}

/** An id as ids are told apart: its one spelling, letter case folded. Ids that differ only by
 * case (`F0`, `f0`) are one person's: a manifest that gives a company's id a second such spelling
 * has the row refused (ingest/manifest.ts), and erasure finds either. The pseudonym itself is made
 * of the id as written (folding it would give every stored employee whose id has a lower-case
 * letter a new pseudonym, and count them twice over a window that spans the change). */
export function foldedId(id: string): string {
  return oneSpelling(id).toLowerCase();
}

/** An employee's case key: a keyed hash, as the pseudonym is, of the id with its letter case
 * folded (`foldedId`). Every spelling of one person's id has the same one, however many letters
 * it has, so the store keeps it beside the pseudonym (`sessions.employee_case`) and an id in
 * another mix of cases is found by one look-up (ingest refuses it; erase finds its sessions)
 * where trying every mix (`caseSpellings`) stops at MIXED_CASE_LETTERS. Its own label: it is
 * never equal to a pseudonym, and gives no more than the pseudonym does without the key. */
export function caseKey(key: string, companyId: string, employeeId: string): string {
  return createHmac('sha256', key).update(`honne employee case v1\u0000${companyId}\u0000${foldedId(employeeId)}`).digest('hex');
}

/** How many letters an id may have for `caseSpellings` to give every mix of their cases (2^10
 * spellings); an id with more gets its lower- and upper-case spellings only. */
export const MIXED_CASE_LETTERS = 10;

/** An id in every letter case it could have been written in: `EMP-F0`, `Emp-f0`, `emp-F0`… (an
 * id of more than MIXED_CASE_LETTERS letters: as written, in lower and in upper case). */
export function caseSpellings(id: string): string[] {
  const chars = [...id].map((c) => [...new Set([c, c.toLowerCase(), c.toUpperCase()])]);
  if (chars.filter((o) => o.length > 1).length > MIXED_CASE_LETTERS) return [...new Set([id, id.toLowerCase(), id.toUpperCase()])];
  let out = [''];
  for (const options of chars) out = out.flatMap((head) => options.map((c) => head + c));
  return [...new Set(out)];
}

/** How many hex characters of a pseudonym `caseVariants` keeps: 64 bits, so that a store's
 * pseudonyms meet a variant by chance about never (a million of them against 1023 variants: one
 * in 10^10), while a batch's session record of a ten-letter id stays some 19 kB. */
export const VARIANT_CHARS = 16;

/** The pseudonyms (their first VARIANT_CHARS characters) of the id in every other letter case
 * `caseSpellings` gives. A batch carries them on each session (`Session.employee_variants`),
 * made where the raw id is, so that its load, which has no raw id, finds an employee stored
 * before case keys under another mix of cases (their sessions have no case key to meet). */
export function caseVariants(key: string, companyId: string, employeeId: string): string[] {
  return caseSpellings(employeeId)
    .filter((id) => id !== employeeId)
    .map((id) => pseudonymise(key, companyId, id).slice(0, VARIANT_CHARS));
}

/** The spellings `honne erase --employee ID` looks for: as typed (trimmed; a store made before
 * ids were checked may hold it), as one spelling, and that in every letter case (a later
 * manifest may have given the id another case, `Emp-f0` beside `EMP-F0`: `caseSpellings`). */
export function employeeIdSpellings(id: string): string[] {
  const one = oneSpelling(id);
  return [...new Set([id.trim(), ...caseSpellings(one)])];
}

/** What a store keeps of the key that built it (adapters/duckdb/store.ts checks it on open): a
 * keyed hash of a fixed label, which tells keys apart and gives nothing of the key away. */
export function keyFingerprint(key: string): string {
  return createHmac('sha256', key).update('honne pseudonym key fingerprint v1').digest('hex');
}

/** How a command binds the store: the key's fingerprint, and whether it is the public demo key. */
export interface KeyBinding {
  fingerprint: string;
  demo: boolean;
}

export function keyBinding(cfg: { pseudonymKey: string; demoKey: boolean }): KeyBinding {
  return { fingerprint: keyFingerprint(cfg.pseudonymKey), demo: cfg.demoKey };
}
