/** The session manifest: validated rows become Sessions (pseudonymised, period computed,
 * URIs resolved against the manifest's folder, local files confined to the input root); every
 * bad row becomes a reject with its file, line, field and reason, and the good rows go on. `streamManifest` reads a file of any size
 * in bounded memory; `parseManifest` reads a buffer whole. */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { periodOf } from '../period.js';
import { DASH, phoneNumbers } from '../redact/phone.js';
import { caseKey, caseSpellings, caseVariants, foldedId, pseudonymise } from '../pseudonym.js';
import { ManifestRowSchema, type ManifestRow, type Session } from '../schemas.js';
import { memberKey, replaceMembers, unreadWithoutLocations, withoutLocations } from './reject-locations.js';
import { decodeEscapes, KNOWN_NAME_FIELDS, misspelledNameField, namePieces, repeatedNameField, scrubKnownNames, scrubReason, sealKnownNames, WITHHELD } from './known-names.js';
import { groupNamed, kanaFullName, romajiFullName, spokenNameTest } from './spoken-names.js';
import { readRecords, streamRecords, type RawRecord, type Reject, type ScrubRaw, type StreamOptions } from './records.js';
import { validateRecord } from './validate.js';

export interface ManifestDeps {
  companyIds: ReadonlySet<string>;
  pseudonymKey: string;
  /** Why a local file under `root` may not be used, or undefined (validate.ts: checkSourceFile);
   * passed in so the check stays testable. */
  checkFile: (path: string, root: string) => string | undefined;
  /** The folder every local file must resolve under (HONNE_INPUT_ROOT); default: the manifest's. */
  inputRoot?: string;
  /** Part of every session's fingerprint: the analysis lineage (provider/model/version) and the
   * content hash of the prompt or lexicon for the session's language (`sessionAnalysisVersion`,
   * ingest.ts); a plain string applies to every session. */
  analysisVersion: string | ((language: 'ja' | 'en') => string);
  /** Pseudonyms of the employees in the store or erased from it, where there is one (`honne run`): an id
   * whose own pseudonym is not among them but its lower- or upper-case spelling's is, is refused
   * (`F0` stored by an earlier manifest, `f0` now). */
  storedEmployees?: ReadonlySet<string>;
  /** The store's case keys (pseudonym.ts `caseKey`), each with the pseudonyms stored under it: a
   * row whose case key is there under another pseudonym is an id in another mix of letter cases
   * (`EMP-long-ID` beside a stored `Emp-Long-Id`), however many letters it has. */
  storedCases?: ReadonlyMap<string, ReadonlySet<string>>;
  /** `batch submit`, where the store is not read: each session carries its id's other letter
   * cases as pseudonyms (`Session.employee_variants`) for the load to look up. */
  caseVariants?: boolean;
}

export interface ManifestResult {
  sessions: Session[];
  rejects: Reject[];
}

/** Resolves a recording or transcript location: `s3://…` stays as is, `file://…` and plain
 * paths become absolute paths (relative ones against the manifest's folder). */
export function resolveUri(uri: string, baseDir: string): string {
  if (/^s3:\/\//i.test(uri)) return uri;
  if (/^file:\/\//i.test(uri)) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : resolve(baseDir, uri);
}

export function isLocal(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

/** A reject of a line that could not be read keeps no known name and no file location. A line
 * too long to read is kept cut: a known name after the cut cannot be looked for in what comes
 * before it (a department 森本チーム, an id kaede-m), so unless what is kept holds both name
 * members, a JSON line keeps only its keys and its ids (`cutLineKept`), a CSV line with a name
 * column nothing. */
const scrubUnreadLine: ScrubRaw = (raw, header, cut) => {
  const kept = unreadWithoutLocations(raw, header);
  const namesUnseen = header === undefined ? !KNOWN_NAME_FIELDS.every((f) => decodeEscapes(raw).includes(`"${f}"`)) : header.some((h) => (KNOWN_NAME_FIELDS as readonly string[]).includes(h));
  if (cut && namesUnseen) return header === undefined && kept.startsWith('{') ? cutLineKept(kept) : CUT_WITHHELD;
  return scrubKnownNames(
    kept,
    undefined,
    header !== undefined && (header.some((h) => (KNOWN_NAME_FIELDS as readonly string[]).includes(h)) || misspelledNameField(Object.fromEntries(header.map((h) => [h, '']))) !== undefined),
  );
};

/** The members of a cut JSON line whose values it keeps: the raw id (erase finds the row by it),
 * the company and the time (machines' values). */
const KEPT_WHEN_CUT: ReadonlySet<string> = new Set(['employee_id', 'company_id', 'started_at']);
const CUT_VALUE = '[not kept: the line was cut]';

/** A cut JSON line (strays already taken out: unreadWithoutLocations) with every member's value
 * but KEPT_WHEN_CUT's replaced; a key spelled with escapes is read as JSON reads it. */
function cutLineKept(line: string): string {
  return replaceMembers(line, (member, key) => {
    const k = memberKey(key);
    const colon = /^"(?:[^"\\]|\\.)*"\s*:\s*/u.exec(member)![0];
    // an object's value is its own members (consultant_assessment)
    if ((typeof k === 'string' && KEPT_WHEN_CUT.has(k)) || member.slice(colon.length).trim() === '') return member;
    return `${colon}"${CUT_VALUE}"`;
  });
}

export const CUT_WITHHELD = '(raw line withheld: it was cut, and a known name after the cut could not be taken out of what comes before it)';

export function parseManifest(buf: Buffer, file: string, deps: ManifestDeps): ManifestResult {
  const { records, rejects } = readRecords(buf, file, undefined, scrubUnreadLine);
  const check = manifestChecker(file, deps);
  const sessions: Session[] = [];
  for (const rec of records) {
    const item = check(rec);
    if (item.session) sessions.push(item.session);
    else rejects.push(item.reject);
  }
  return { sessions, rejects: rejects.sort((a, b) => a.line - b.line) };
}

export type ManifestItem = { session: Session; reject?: undefined } | { reject: Reject; session?: undefined };

/** The manifest as a stream of sessions and rejects, in line order, as the file is read: only
 * the session ids seen so far are kept (for the duplicate check). */
export async function* streamManifest(file: string, deps: ManifestDeps, opts: StreamOptions = {}): AsyncGenerator<ManifestItem> {
  const check = manifestChecker(file, deps);
  for await (const item of streamRecords(file, { ...opts, scrubRaw: scrubUnreadLine })) yield item.record ? check(item.record) : { reject: item.reject };
}

/** Checks one record after another; remembers the line of every session_id it has seen, and
 * each company's employee ids as first spelled (by `foldedId`). */
function manifestChecker(file: string, deps: ManifestDeps): (rec: RawRecord) => ManifestItem {
  const baseDir = dirname(resolve(file));
  const root = deps.inputRoot !== undefined ? resolve(deps.inputRoot) : baseDir;
  const seen = new Map<string, number>();
  const spelled = new Map<string, { id: string; line: number }>();
  return (rec) => {
    const v = validateRecord(ManifestRowSchema, rec, file);
    if (!v.ok) return { reject: { ...v.reject, reason: scrubReason(v.reject.reason, rec.record), raw: scrubKnownNames(withoutLocations(v.reject.raw, rec.record), rec.record) } };
    const row = v.value;
    // files are named after people: neither the reason nor the line kept holds a location (the
    // file and line find the row), nor a contact or known name left elsewhere
    const reject = (field: string, reason: string): ManifestItem => ({
      reject: { file, line: rec.line, field, reason: withoutContacts(scrubReason(reason, rec.record)), raw: scrubKnownNames(withoutLocations(rec.raw, rec.record), rec.record) },
    });
    const repeated = repeatedNameField(rec.raw);
    if (repeated !== undefined) return { reject: { file, line: rec.line, field: repeated, reason: 'is given twice in the line: only one of them would be redacted', raw: WITHHELD } };
    const misspelled = misspelledNameField(rec.record);
    if (misspelled !== undefined) {
      return { reject: { file, line: rec.line, field: misspelled, reason: 'is no field of the manifest: known names go in employee_name or consultant_name (several spellings separated by |), else they are never redacted as names', raw: WITHHELD } };
    }
    const leak = storedFieldLeak(row);
    if (leak?.kind === 'employee_id') return reject(leak.field, `holds the employee_id: ${leak.field} is stored in the clear (the employee_id never is), so use a value without it`);
    if (leak?.kind === 'name') {
      return { reject: { file, line: rec.line, field: leak.field, reason: `holds a part of employee_name or consultant_name: ${leak.field} is stored in the clear, so use a value without it`, raw: WITHHELD } };
    }
    const contact = TEXT_FIELDS.find((f) => holdsContactOrDate(row[f]));
    if (contact !== undefined) {
      // the line is withheld: it holds the contact or birth date, and rejects.jsonl outlives the run
      return { reject: { file, line: rec.line, field: contact, reason: `holds a calendar date, an e-mail address or a phone number: ${contact} is a reporting segment stored in the clear beside the pseudonym (a birth date would tell who it is), so use a band or a group`, raw: WITHHELD } };
    }
    // a booking system's id built from how to reach the employee, a consultant known by their own
    // address or number: stored and logged in the clear
    const contactId = ID_FIELDS.find((f) => holdsContact(row[f]));
    if (contactId !== undefined) {
      return { reject: { file, line: rec.line, field: contactId, reason: `holds an e-mail address or a phone number: ${contactId} is stored and logged in the clear and outlives erasure's pseudonym search, so use a value without it`, raw: WITHHELD } };
    }
    // a name the platform was not given: the session id is stored and logged in the clear
    if (romajiFullName(row.session_id) || kanaFullName(row.session_id)) {
      return { reject: { file, line: rec.line, field: 'session_id', reason: 'looks like a person\'s name in romaji or kana (a surname beside a given name): session_id is stored in the clear, so use a value without it', raw: WITHHELD } };
    }
    const first = seen.get(row.session_id);
    if (first !== undefined) return reject('session_id', `duplicate session_id "${row.session_id}" (first seen on line ${first})`);
    seen.set(row.session_id, rec.line);
    if (!deps.companyIds.has(row.company_id)) return reject('company_id', `unknown company_id "${row.company_id}" (not in the companies file)`);
    // F0 and f0: one person under two pseudonyms would count twice towards k
    const person = `${row.company_id}\u0000${foldedId(row.employee_id)}`;
    const earlier = spelled.get(person);
    if (earlier !== undefined && earlier.id !== row.employee_id) {
      return reject('employee_id', `differs only by letter case from the employee_id of line ${earlier.line}: one employee would count as two towards k, so write it as there`);
    }
    if (earlier === undefined && storedInAnotherCase(row, deps)) {
      return reject('employee_id', 'differs only by letter case from an employee_id already in the store or erased from it: one employee would count as two towards k (or come back after erasure), so write it as it was written before');
    }
    const transcript = row.transcript_uri ? resolveUri(row.transcript_uri, baseDir) : undefined;
    const recording = row.recording_uri ? resolveUri(row.recording_uri, baseDir) : undefined;
    const problem = transcript && isLocal(transcript) ? deps.checkFile(transcript, root) : undefined;
    if (problem) return reject('transcript_uri', `transcript file ${problem}: [transcript_uri]`);
    const recProblem = !transcript && recording && isLocal(recording) ? deps.checkFile(recording, root) : undefined;
    if (recProblem) return reject('recording_uri', `recording file ${recProblem}: [recording_uri]`);
    // A transcriber's diarisation labels speakers A, B, … and says nothing of who is who: without
    // it every word, the consultant's too, would count as the employee's.
    if (!transcript && row.consultant_speaker === undefined) {
      return reject('consultant_speaker', 'a session with only a recording needs consultant_speaker: the consultant\'s label in the diarised transcription ("A" spoke first, "B" second) or "first"');
    }
    // the spelling that counts is an accepted row's: a rejected line (a missing file, a typo)
    // must not turn the employee's good rows away
    if (earlier === undefined) spelled.set(person, { id: row.employee_id, line: rec.line });
    return { session: toSession(row, { transcript, recording, file, line: rec.line, root }, deps) };
  };
}

/** Is the row's id new to the store while the id in another letter case is there? Found by its
 * case key among the stored ones (any mix, any length); and for sessions stored before case keys,
 * every mix of cases is tried (`Emp-f0` beside a stored `EMP-F0`), up to MIXED_CASE_LETTERS
 * letters; an id of more letters, its lower- and upper-case spellings only (`caseSpellings`). */
function storedInAnotherCase(row: ManifestRow, deps: ManifestDeps): boolean {
  const stored = deps.storedEmployees;
  const pid = pseudonymise(deps.pseudonymKey, row.company_id, row.employee_id);
  if (stored?.has(pid)) return false;
  const sameCase = deps.storedCases?.get(caseKey(deps.pseudonymKey, row.company_id, row.employee_id));
  if (sameCase !== undefined && [...sameCase].some((p) => p !== pid)) return true;
  if (stored === undefined || stored.size === 0) return false;
  const others = caseSpellings(row.employee_id).filter((id) => id !== row.employee_id);
  return others.some((id) => stored.has(pseudonymise(deps.pseudonymKey, row.company_id, id)));
}

/** The fields a session row keeps in the clear (the store, the queue's job records, the
 * operator files): ids, built by machines, and free text a person wrote (a department: 千葉支店
 * may share a word with a consultant named 千葉). */
const ID_FIELDS = ['session_id', 'consultant_id'] as const;
const TEXT_FIELDS = ['department', 'age_band', 'gender'] as const;

/** Does a field kept in the clear hold the employee's raw id or a name the platform knows?
 * Erasure finds rows by pseudonym: a value built from a person would stay readable. An id holds
 * it as a whole piece between separators (`EMP50-2026-10-01`, not the 1 inside `s-0001`), a
 * name's part anywhere (two characters or more; Latin three: `kenjiito-01`) or a whole name over
 * any separator (`森_誠-01` beside 森 誠). Free text holds the
 * employee id as a whole piece (three characters or more: not the 2 of `Sales 2`), a name's part
 * as its whole value, a whole name (its parts in order, spaced or not), a Latin part as a whole word (not Rin in Engineering), or
 * a part a group word follows (佐藤チーム, Sato team); each also in the name's romaji and kana
 * readings (spoken-names.ts: kiritani-kanata, キリタニ班 beside 桐谷 奏多). */
function storedFieldLeak(row: ManifestRow): { field: string; kind: 'employee_id' | 'name' } | undefined {
  const employeeId = row.employee_id.normalize('NFKC').trim();
  const spellings = [row.employee_name, row.consultant_name].flatMap((name) => (name === undefined ? [] : name.normalize('NFKC').toLowerCase().split('|')));
  const parts = namePieces(spellings);
  const wholeNames = spellings.map((sp) => sp.replace(/[\s・･]+/gu, '')).filter((n) => n.length >= 2);
  const pieces = (v: string) => v.split(/[^\p{L}\p{N}]+/u);
  const holdsId = (v: string) => between(v, employeeId);
  const spoken = spokenNameTest([row.employee_name, row.consultant_name].flatMap((name) => (name === undefined ? [] : name.split('|'))));
  for (const field of ID_FIELDS) {
    const value = row[field].normalize('NFKC');
    if (holdsId(value)) return { field, kind: 'employee_id' };
    const lower = value.toLowerCase();
    // a whole name not in Latin letters (those are read above), its parts joined in order over
    // any separator (森誠, 森_誠 beside 森 誠: one-kanji parts are no pieces alone)
    const joined = lower.replace(/[^\p{L}\p{N}\p{M}]+/gu, '');
    const heldWhole = wholeNames.some((n) => !/^[a-z]+$/u.test(n) && joined.includes(n.replace(/[^\p{L}\p{N}\p{M}]+/gu, '')));
    if (parts.some((part) => lower.includes(part)) || heldWhole || spoken(value, 'id')) return { field, kind: 'name' };
  }
  for (const field of TEXT_FIELDS) {
    const value = row[field]?.normalize('NFKC');
    if (value === undefined) continue;
    if (employeeId.length >= 3 && holdsId(value)) return { field, kind: 'employee_id' };
    const lower = value.toLowerCase();
    const words = new Set(pieces(lower));
    if (parts.includes(lower.trim()) || wholeNames.some((n) => lower.replace(/[\s・･]+/gu, '').includes(n))) return { field, kind: 'name' };
    for (const part of parts) {
      if (/^[a-z]+$/u.test(part) ? words.has(part) : groupNamed(lower, part)) return { field, kind: 'name' };
    }
    if (spoken(value, 'text')) return { field, kind: 'name' };
  }
  return undefined;
}

/** A calendar date with its day (1985-04-12, 1985/4/12, 1985年4月12日, 昭和60年4月12日), an
 * e-mail address, or a phone number (090-1234-5678, +81 3 5541 0000, ten digits or more): no
 * segment of a report is one, and beside a pseudonym each tells who it is. A year or a band
 * (`1985`, `40-49`, `2026年度入社`) is not judged. */
const CONTACT_OR_DATE = [
  /(?:\d{4}|(?:明治|大正|昭和|平成|令和)\s*(?:\d{1,2}|元))\s*(?:[-/.]\s*\d{1,2}\s*[-/.]|年\s*\d{1,2}\s*月)\s*\d{1,2}(?!\d)/u,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u,
  /(?:\+\d[\d\s-]{8,}\d|(?<!\d)0\d{1,4}[\s-]\d{1,4}[\s-]\d{3,4}(?!\d)|(?<!\d)\d{10,}(?!\d))/u,
];

function holdsContactOrDate(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.normalize('NFKC');
  return CONTACT_OR_DATE.some((re) => re.test(v));
}

/** An e-mail address or a phone number inside an id. Ids are built by machines from dates,
 * times and counters, so only what no such part looks like: an address, an international number
 * (`+81 …`) or a Japanese mobile number (070/080/090 and eight digits, with or without hyphens;
 * not any ten digits, which a timestamp has, nor 0 and two groups, which `C001-0001-0001` has). */
const ID_CONTACT = [
  CONTACT_OR_DATE[1]!,
  /\+\d[\d\s-]{8,}\d/u,
  // hyphens, spaces or dots (090.1234.5678) between the groups
  /(?<!\d)0[789]0[\s.-]?\d{4}[\s.-]?\d{4}(?!\d)/u,
];

/** Between a number's groups, as ids and file names write them: an underscore, a dot, a slash,
 * parentheses (03(5541)0000) or any dash (‐, –, −, ー), each read as a hyphen. One character for
 * one, so a match in the folded text is at the same place in the text. */
const GROUP_SEPARATOR = new RegExp(`${DASH}|[_./()（）／＿．]`, 'gu');
const phoneGroups = (text: string): string => text.replace(GROUP_SEPARATOR, '-');

function holdsContact(id: string): boolean {
  // an address's @ percent-encoded, as a URL-built id carries it (t.yamada%40corp.example)
  const v = id.normalize('NFKC').replace(/%40/giu, '@');
  const [email, ...phones] = ID_CONTACT;
  return email!.test(v) || phones.some((re) => re.test(phoneGroups(v)));
}

/** `text` (a failure's message, a file path) with the e-mail addresses and phone numbers an id or
 * a file name may hold replaced by placeholders: operators name files after people
 * (`t.yamada@corp.example.vtt`, `memo_03-5541-0000.txt`), and a message is printed, logged and
 * kept. Phone numbers by the id rule (mobile numbers in dotted groups too) and by redaction's
 * phone detector (landlines: `(06)…`, `0422-…`; so also a machine id of a number's shape,
 * `C001-0001-0001`, in a file name: the session id beside it still names the session). */
export function withoutContacts(text: string): string {
  const [email, ...phones] = ID_CONTACT.map((re) => new RegExp(re.source, 'gu'));
  // a file URI's escapes (memo%2003%205541%200000.txt) and a full-width ＠ read as what they spell
  let out = text.replace(/%(?:40|2[0DEF]|28|29|5F)/giu, (e) => decodeURIComponent(e)).replace(/＠/gu, '@').replace(email!, '[EMAIL]');
  // the groups of a number over any separator (memo_03_5541_0000, 03(5541)0000): found in the
  // folded text, cut from the text at the same places
  const cuts = (ranges: { start: number; end: number }[]) => {
    for (const r of ranges.sort((a, b) => b.start - a.start)) out = `${out.slice(0, r.start)}[PHONE]${out.slice(r.end)}`;
  };
  for (const re of phones) cuts([...phoneGroups(out).matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length })));
  cuts(phoneNumbers(phoneGroups(out)));
  return out;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Does `text` hold `id` between separators or the ends, whatever the id holds itself
 * (E-ERASE-1 in s-E-ERASE-1-2; not E1 in E10)? Without a RegExp per row: a Unicode class
 * compiled for every row of a large manifest costs a millisecond each. */
function between(text: string, id: string): boolean {
  if (id === '') return false;
  for (let at = text.indexOf(id); at !== -1; at = text.indexOf(id, at + 1)) {
    const before = text.codePointAt(at - 1 < 0 ? 0 : at - 1);
    const after = text.codePointAt(at + id.length);
    const edge = (cp: number | undefined) => cp === undefined || !LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
    if ((at === 0 || edge(before)) && edge(after)) return true;
  }
  return false;
}

function toSession(
  row: ManifestRow,
  where: { transcript: string | undefined; recording: string | undefined; file: string; line: number; root: string },
  deps: ManifestDeps,
): Session {
  const employee_pid = pseudonymise(deps.pseudonymKey, row.company_id, row.employee_id);
  const { employee_id: _raw, employee_name, consultant_name, ...rest } = row;
  const known_names = sealKnownNames(deps.pseudonymKey, [employee_name, consultant_name]);
  const session: Omit<Session, 'fingerprint' | 'source'> = {
    ...rest,
    ...(known_names !== undefined ? { known_names } : {}),
    employee_pid,
    period: periodOf(row.started_at),
    recording_uri: where.recording,
    transcript_uri: where.transcript,
  };
  // The fingerprint hashes the known names' seal as it was before seals were padded (the same
  // names give the same one): a stored session keeps its fingerprint and is not analysed again.
  const hashed = known_names === undefined ? session : { ...session, known_names: sealKnownNames(deps.pseudonymKey, [employee_name, consultant_name], 'known', true) };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(canonical({ ...hashed, analysis: typeof deps.analysisVersion === 'string' ? deps.analysisVersion : deps.analysisVersion(session.language) })))
    .digest('hex');
  const employee_case = caseKey(deps.pseudonymKey, row.company_id, row.employee_id);
  const variants = deps.caseVariants === true ? { employee_variants: variantsOf(deps.pseudonymKey, row.company_id, row.employee_id) } : {};
  return { ...session, fingerprint, employee_case, ...variants, source: { file: where.file, line: where.line, root: where.root } };
}

/** `caseVariants` of the last employees: a manifest repeats an id on each of its sessions, and a
 * ten-letter one costs 1023 HMACs. Emptied when full. */
const VARIANTS_MAX = 1024;
let recentVariants = new Map<string, string[]>();

function variantsOf(key: string, companyId: string, employeeId: string): string[] {
  const at = `${companyId}\u0000${employeeId}`;
  let v = recentVariants.get(at);
  if (v === undefined) {
    v = caseVariants(key, companyId, employeeId);
    if (recentVariants.size >= VARIANTS_MAX) recentVariants = new Map();
    recentVariants.set(at, v);
  }
  return v;
}

/** JSON with sorted keys and no undefined values, so equal rows hash equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
