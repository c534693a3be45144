/** The manifest's known names (`employee_name`, `consultant_name`) on their way to redaction,
 * without being stored anywhere on the way:
 * - a session carries them sealed (AES-256-GCM under a key derived from the pseudonym key,
 *   which is never stored), so the session records queue mode keeps in its object store, and the
 *   fingerprint in the store, hold no name; only the redact stage opens them. The seal is
 *   deterministic (its IV is a keyed hash of the names, as in SIV), so an unchanged row keeps its
 *   fingerprint and re-runs skip it;
 * - a rejected row keeps its raw line for the operator with the names replaced by `[PERSON]`
 *   (or, when they cannot be found in a line that cannot be parsed, without its raw line). */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { escapeRegExp } from '../redact/literal-search.js';

export const KNOWN_NAME_FIELDS = ['employee_name', 'consultant_name'] as const;
export type KnownNameField = (typeof KNOWN_NAME_FIELDS)[number];

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Keys {
  enc: Buffer;
  mac: Buffer;
}

/** What a seal holds: the manifest's known names (the session record), or the names redaction
 * left standing in a session (`Redacted.spared`, queue mode's redacted object). Each its own key,
 * so one seal is never opened as the other. */
export type SealedNames = 'known' | 'spared' | 'record';
const SEAL_INFO: Record<SealedNames, string> = { known: 'honne known names v1', spared: 'honne spared names v1', record: 'honne session record locations v1' };

const derived = new Map<string, Keys>();

function keysOf(pseudonymKey: string, what: SealedNames): Keys {
  const id = `${what}\u0000${pseudonymKey}`;
  let keys = derived.get(id);
  if (keys === undefined) {
    const bytes = Buffer.from(hkdfSync('sha256', pseudonymKey, 'honne', SEAL_INFO[what], 64));
    keys = { enc: bytes.subarray(0, 32), mac: bytes.subarray(32) };
    derived.set(id, keys);
  }
  return keys;
}

/** The smallest a padded seal holds (bytes of JSON); a longer one is padded to the next power of
 * two. */
export const SEAL_PAD_BYTES = 256;

/** A seal's length is its plaintext's: beside the redacted text it sits with, the length of the
 * spared names says which of the text's words they may be (one kanji or a long name), a
 * record's, how long the file name is that names someone, and the known names', in every batch
 * session record and redacted object, how long the employee's and consultant's names are (a
 * two-kanji name or a long romaji one, beside the department and age band). So every seal is
 * padded with spaces (JSON reads past them) to SEAL_PAD_BYTES or the next power of two. */
function padded(plain: Buffer): Buffer {
  let size = SEAL_PAD_BYTES;
  while (size < plain.length) size *= 2;
  return Buffer.concat([plain, Buffer.alloc(size - plain.length, 0x20)]);
}

/** The names sealed for the session record (`what`: known, the default; spared, for queue mode's
 * redacted object), or undefined when there are none. `unpadded` gives the known names' seal as
 * it was before padding: never stored, only hashed into the session's fingerprint
 * (ingest/manifest.ts), so that sessions stored before keep theirs and are not analysed again. */
export function sealKnownNames(pseudonymKey: string, names: readonly (string | undefined)[], what: SealedNames = 'known', unpadded = false): string | undefined {
  const present = names.filter((n): n is string => n !== undefined && n !== '');
  if (present.length === 0) return undefined;
  const { enc, mac } = keysOf(pseudonymKey, what);
  const json = Buffer.from(JSON.stringify(present), 'utf8');
  const plain = unpadded && what === 'known' ? json : padded(json);
  const iv = createHmac('sha256', mac).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', enc, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens what `sealKnownNames` sealed. A seal made under another key (or altered) cannot be
 * opened: a configuration error, since every process must share HONNE_PSEUDONYM_KEY. */
export function openKnownNames(pseudonymKey: string, sealed: string, what: SealedNames = 'known'): string[] {
  const [version, payload] = sealed.split('.', 2);
  const bytes = Buffer.from(payload ?? '', 'base64url');
  const fail = () =>
    new ConfigError(`the session's ${what} names cannot be opened: it was ${what === 'known' ? 'ingested' : 'redacted'} under another HONNE_PSEUDONYM_KEY (every process must use the same key)`, {
      variable: 'HONNE_PSEUDONYM_KEY',
    });
  if (version !== VERSION || bytes.length < IV_BYTES + TAG_BYTES) throw fail();
  const { enc, mac } = keysOf(pseudonymKey, what);
  const iv = bytes.subarray(0, IV_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', enc, iv);
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    if (!timingSafeEqual(createHmac('sha256', mac).update(plain).digest().subarray(0, IV_BYTES), iv)) throw fail();
    const names: unknown = JSON.parse(plain.toString('utf8'));
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw fail();
    return names;
  } catch {
    throw fail();
  }
}

const PLACEHOLDER = '[PERSON]';
export const WITHHELD = '(raw line withheld: it may hold a known name, employee_name or consultant_name)';
/** A JSON member holding a known name, its value a string or anything up to the next , or }. */
const JSON_MEMBER = /("(?:employee_name|consultant_name)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|[^,}]*)/g;
const NAME_KEY = /employee_name|consultant_name/g;
/** A string literal, and the colon after it when it is a key. */
const JSON_LITERAL = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

function decodeLiteral(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** JSON's escapes decoded wherever they stand (a line that is not valid JSON as a whole). */
export function decodeEscapes(text: string): string {
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_m, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (simple[e] ?? e),
  );
}

/** The pieces of known names that identify on their own: each part of each spelling (split at
 * anything but a letter or digit), two characters or more, Latin three (as `sessionIdLeak`
 * judges a session id). A file path or another field may spell a name without its space
 * (`tx/鷲尾遥斗_10.vtt`, `Washio_Haruto`), which no whole-name cut finds. */
export function namePieces(names: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const name of names) {
    for (const form of new Set([name, name.normalize('NFKC')])) {
      for (const part of form.split(/[^\p{L}\p{N}\p{M}]+/u)) if (part.length >= (/^[A-Za-z]+$/u.test(part) ? 3 : 2)) pieces.add(part);
    }
  }
  return [...pieces].sort((a, b) => b.length - a.length);
}

/** A reject's reason without the pieces of the record's known names (a path it quotes may spell
 * one: `transcript file not found: …/鷲尾遥斗_10.vtt`). */
export function scrubReason(reason: string, record: Record<string, unknown> | undefined): string {
  const names = KNOWN_NAME_FIELDS.flatMap((f) => (typeof record?.[f] === 'string' ? [record[f]] : []));
  return cutNamePieces(reason, namePieces(names));
}

/** `text` with every piece replaced by `[PERSON]`, in any letter case. */
export function cutNamePieces(text: string, pieces: readonly string[]): string {
  if (pieces.length === 0) return text;
  return text.replace(new RegExp(pieces.map(escapeRegExp).join('|'), 'giu'), PLACEHOLDER);
}

/** A field of the record that is not a known-name field but spells one another way
 * (`employeeName`, `Employee Name`, `employee_name_kana`, `consultant_names`): its name would be
 * neither redacted nor cut from a reject, silently. Keys compared without case, width or
 * separators. */
export function misspelledNameField(record: Record<string, unknown> | undefined): string | undefined {
  if (record === undefined) return undefined;
  const squash = (key: string) => key.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');
  return Object.keys(record).find(
    (key) => !(KNOWN_NAME_FIELDS as readonly string[]).includes(key) && KNOWN_NAME_FIELDS.some((f) => squash(key).startsWith(squash(f))),
  );
}

/** The known-name field a JSON line names more than once (its key as written or escaped), if
 * any. JSON.parse keeps the last of two members: the first name would be neither redacted nor
 * cut out of a rejected line's raw text, so such a line is refused and its raw line withheld. */
export function repeatedNameField(raw: string): KnownNameField | undefined {
  if (!raw.trimStart().startsWith('{')) return undefined;
  const decoded = decodeEscapes(raw);
  return KNOWN_NAME_FIELDS.find((field) => (decoded.match(new RegExp(`"${field}"\\s*:`, 'g'))?.length ?? 0) > 1);
}

/** The raw line of a rejected manifest row without its known names. With the parsed record,
 * every spelling of the names is replaced where it occurs; without (a line that is not valid
 * JSON or CSV), JSON members are blanked by pattern, and a line where a name could still hide is
 * withheld. `csvHeaderHasNames`: the CSV file has a name column (its lines are otherwise opaque). */
export function scrubKnownNames(raw: string, record: Record<string, unknown> | undefined, csvHeaderHasNames = false): string {
  if (record !== undefined) {
    if (repeatedNameField(raw) !== undefined || misspelledNameField(record) !== undefined) return WITHHELD;
    const names: string[] = [];
    for (const field of KNOWN_NAME_FIELDS) {
      const value = record[field];
      if (value === undefined || value === null || value === '') continue;
      // An object or array is written in the line in a shape this cannot reproduce.
      if (typeof value === 'object') return WITHHELD;
      names.push(String(value));
    }
    const cut = (text: string): string => {
      let out = text;
      for (const name of names) {
        const spellings = new Set([name, JSON.stringify(name).slice(1, -1), name.replace(/"/g, '""'), name.trim()]);
        for (const s of [...spellings].filter((x) => x !== '').sort((a, b) => b.length - a.length)) out = out.split(s).join(PLACEHOLDER);
      }
      return out;
    };
    if (names.length === 0) return raw;
    const pieces = namePieces(names);
    // The raw id stays readable, so that erase finds the row by it.
    const id = typeof record.employee_id === 'string' || typeof record.employee_id === 'number' ? String(record.employee_id) : '';
    const cutPieces = (text: string) => (id === '' ? cutNamePieces(text, pieces) : text.split(id).map((t) => cutNamePieces(t, pieces)).join(id));
    // A JSON line may spell a name with escapes (\u9df9, \/): each string literal is cut as
    // JSON.parse reads it, and written back only when it held a name; its pieces are cut in
    // values only (a key stays a key).
    if (raw.trimStart().startsWith('{')) {
      const json = raw.replace(JSON_LITERAL, (match: string, key: string | undefined) => {
        const literal = key === undefined ? match : match.slice(0, -key.length);
        const decoded = decodeLiteral(literal);
        if (decoded === undefined) return literal + (key ?? '');
        const scrubbed = key === undefined ? cutPieces(cut(decoded)) : cut(decoded);
        return (scrubbed === decoded ? literal : JSON.stringify(scrubbed)) + (key ?? '');
      });
      return cut(json);
    }
    return cutPieces(cut(raw));
  }
  if (csvHeaderHasNames) return WITHHELD;
  const keys = raw.match(NAME_KEY)?.length ?? 0;
  // A key written with escapes (employee\u005fname) is a name member the pattern cannot see.
  if ((decodeEscapes(raw).match(NAME_KEY)?.length ?? 0) !== keys) return WITHHELD;
  if (keys === 0) return raw;
  let replaced = 0;
  const names: string[] = [];
  const out = raw.replace(JSON_MEMBER, (member: string, key: string) => {
    replaced += 1;
    names.push(memberValue(member.slice(key.length)));
    return `${key}"${PLACEHOLDER}"`;
  });
  if (replaced !== keys) return WITHHELD;
  // the names' pieces elsewhere in the line too (a file named after the employee: the line is too
  // long or broken, so no record says where they stand), the raw id kept for erase
  const pieces = namePieces(names);
  return out
    .split(ID_MEMBER)
    .map((part, i) => (i % 2 === 1 ? part : cutNamePieces(part, pieces)))
    .join('');
}

/** A JSON member's value as a name: a string literal decoded (a line cut short may end inside
 * it), else the text as written. */
function memberValue(value: string): string {
  const v = value.trim();
  if (!v.startsWith('"')) return v;
  return decodeLiteral(v) ?? decodeEscapes(v.slice(1).replace(/"$/u, ''));
}

/** The raw employee_id member of a JSON line (captured whole, so `split` keeps it apart). */
const ID_MEMBER = /("employee_id"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[^,}]*))/g;
