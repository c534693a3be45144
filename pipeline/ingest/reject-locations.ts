/** A rejected manifest row's file locations and consultant label, out of what is kept of it
 * (rejects.jsonl, Redis, the terminal). Operators name transcripts and recordings after people
 * (`tx/田中浩_10.vtt`, `s3://rec/Tanaka-Hiroshi.m4a`), a consultant's label is most often their
 * name (松井, Sakurai), and the platform often gives no known name to cut from them; rejects.jsonl
 * outlives the run. They are the fields a batch record keeps sealed (jobs/record-seal.ts). To
 * retry, an operator needs the row, which the reject's file and line find, and the field and
 * reason: so each is replaced by its field's placeholder (`[transcript_uri]`), as a session's
 * failure already replaces its locations (`withoutNamesOrPaths`, pipeline/session.ts). Pure. */
import { decodeEscapes, KNOWN_NAME_FIELDS } from './known-names.js';
import { escapeRegExp } from '../redact/literal-search.js';
import { ConsultantAssessmentSchema, ManifestRowSchema } from '../schemas.js';

export const LOCATION_FIELDS = ['transcript_uri', 'recording_uri', 'consultant_speaker'] as const;

export const LOCATIONS_WITHHELD = '(raw line withheld: a file location or consultant label in it could not be cut out, and those may name someone)';

/** What a line keeps of a member no manifest field names (`Transcript_URI`, `transcriptUri`,
 * `path`): honne never reads it, so nothing says it is not a file named after someone. */
export const NOT_A_FIELD = '[not a manifest field]';

export const UNREAD_WITHHELD = '(raw line withheld: it could not be read, and a string in it stands in no member: a file location or a name could be there)';

const MANIFEST_FIELDS: ReadonlySet<string> = new Set(Object.keys(ManifestRowSchema.shape));
const ASSESSMENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(ConsultantAssessmentSchema.shape));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const placeholder = (field: string) => `[${field}]`;
const LOCATION_KEY = /"(?:transcript_uri|recording_uri|consultant_speaker)"\s*:/g;
/** A location member of a line JSON cannot read: its value a string (or one cut off at the end of
 * the line), or anything up to the next , or }. */
const LOCATION_MEMBER = /("(transcript_uri|recording_uri|consultant_speaker)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*$|[^,}]*)/g;

/** The raw line of a row that was read (`record`) with each location it has replaced by its
 * placeholder: a JSON line written again (it may spell a path with escapes, or give a field
 * twice), a CSV line with the value cut where it stands (as is, or quoted); a value that cannot
 * be found withholds the line. */
export function withoutLocations(raw: string, record: Record<string, unknown>): string {
  const present = LOCATION_FIELDS.filter((f) => record[f] !== undefined && record[f] !== null && record[f] !== '');
  const unknown = unknownMembers(record);
  const json = raw.trimStart().startsWith('{');
  // a JSON line may give a location twice, the last one empty (`"transcript_uri":""`): written
  // again, it keeps only the last
  const written = json && (decodeEscapes(raw).match(LOCATION_KEY)?.length ?? 0) > 0;
  if (present.length === 0 && unknown.length === 0 && !written) return raw;
  if (json) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isObject(parsed)) return JSON.stringify(withoutUnknown({ ...parsed, ...Object.fromEntries(present.map((f) => [f, placeholder(f)])) }));
    } catch {
      // read as JSON by the reader, so this does not happen; withheld if it does
    }
    return LOCATIONS_WITHHELD;
  }
  // a CSV value is cut only as a whole cell (a label such as A or CC stands in other cells too);
  // an unknown column's value standing in a kept cell as well hides nothing and is left
  const kept = new Set(Object.entries(record).flatMap(([k, v]) => (MANIFEST_FIELDS.has(k) && !(LOCATION_FIELDS as readonly string[]).includes(k) && typeof v === 'string' ? [v] : [])));
  const cuts: [string, string][] = [
    ...present.map((f): [string, string] => [typeof record[f] === 'string' ? record[f] : JSON.stringify(record[f]), placeholder(f)]),
    ...[...new Set(unknown)].filter((v) => !kept.has(v)).map((v): [string, string] => [v, NOT_A_FIELD]),
  ];
  let out = raw;
  for (const [value, with_] of cuts) {
    const cell = new RegExp(`(^|,)(?:\\s*${escapeRegExp(value)}\\s*|\\s*"${escapeRegExp(value.replace(/"/g, '""'))}"\\s*)(?=,|$)`, 'gu');
    const cut = out.replace(cell, (_m, before: string) => `${before}${with_}`);
    if (cut === out) return LOCATIONS_WITHHELD;
    out = cut;
  }
  return out;
}

/** The values (as CSV cells hold them) of the record's members no manifest field names, at the
 * top or inside consultant_assessment. */
function unknownMembers(record: Record<string, unknown>): string[] {
  const values: unknown[] = [];
  for (const [k, v] of Object.entries(record)) {
    if (!MANIFEST_FIELDS.has(k)) values.push(v);
    else if (k === 'consultant_assessment' && isObject(v)) for (const [a, w] of Object.entries(v)) if (!ASSESSMENT_FIELDS.has(a)) values.push(w);
  }
  // a CSV cell is a string; a dotted unknown column is an object of them
  return values.flatMap((v) => (typeof v === 'string' ? [v] : isObject(v) ? Object.values(v).map((w) => (typeof w === 'string' ? w : JSON.stringify(w))) : [JSON.stringify(v)]));
}

/** A JSON row with each member no manifest field names given NOT_A_FIELD (its key stays: the
 * operator sees the misspelling). */
function withoutUnknown(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => {
      if (!MANIFEST_FIELDS.has(k)) return [k, NOT_A_FIELD];
      if (k === 'consultant_assessment' && isObject(v)) return [k, Object.fromEntries(Object.entries(v).map(([a, w]) => [a, ASSESSMENT_FIELDS.has(a) ? w : NOT_A_FIELD]))];
      return [k, v];
    }),
  );
}

/** A member of a JSON line: its key, and its value a string (or one cut off at the end of the
 * line) or anything up to the next , { } or quote. */
const ANY_MEMBER = /"((?:[^"\\]|\\.)*)"\s*:\s*(?:"(?:[^"\\]|\\.)*(?:"|$)|[^,{}"]*)/g;

/** A member's key as JSON.parse reads it (escapes decoded), undefined when it cannot. */
export function memberKey(key: string): unknown {
  try {
    return JSON.parse(`"${key}"`) as unknown;
  } catch {
    return undefined;
  }
}

/** `line` with each member (as ANY_MEMBER finds it) replaced by what `f` gives for it. */
export function replaceMembers(line: string, f: (member: string, key: string, at: number) => string): string {
  return line.replace(ANY_MEMBER, (member: string, key: string, at: number) => f(member, key, at));
}

/** What a broken line keeps of text it holds without quotes (`"department":森本 楓,`, `, Morimoto
 * Kaede}`): a name written without them is still a name, and JSON gives it no member to judge. */
export const UNQUOTED = '[unquoted text]';

/** A JSON literal a broken line may hold unquoted (a number, true, false, null), or nothing. */
const LITERAL = /^\s*(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)?\s*$/u;
/** Text between members that is neither JSON's punctuation nor a literal. */
const STRAY = /[^\s{}[\],:]+(?:\s+[^\s{}[\],:]+)*/gu;
const unquoted = (text: string) => text.replace(STRAY, (t) => (LITERAL.test(t) ? t : UNQUOTED));

/** An unread JSON line with the value of each member no manifest field names (as JSON.parse
 * reads its key: `"Transcript_URI"`, `"path"`) given NOT_A_FIELD, and unquoted text (a value or
 * a stray, not a literal) given UNQUOTED; undefined when the line is no start of an object or
 * holds a string outside a member (the second line of a member split over two, an array), which
 * says nothing of what it is. */
function unknownMembersBlanked(raw: string): string | undefined {
  if (!raw.trimStart().startsWith('{')) return undefined;
  let residue = '';
  let last = 0;
  let out = '';
  replaceMembers(raw, (member, key, at) => {
    residue += raw.slice(last, at);
    out += unquoted(raw.slice(last, at));
    last = at + member.length;
    out += blankedMember(member, key);
    return member;
  });
  residue += raw.slice(last);
  out += unquoted(raw.slice(last));
  return residue.includes('"') ? undefined : out;
}

/** One member of a broken line as kept: its value NOT_A_FIELD under a key no manifest field
 * names, an unquoted value that is no literal UNQUOTED. */
function blankedMember(member: string, key: string): string {
  const k = memberKey(key);
  const colon = /^"(?:[^"\\]|\\.)*"\s*:\s*/u.exec(member)![0];
  const value = member.slice(colon.length);
  // the raw id stays however written: erase finds the rejected row by it; a known name's value is
  // left to scrubKnownNames, which cuts it and its pieces elsewhere in the line (森本チーム)
  if (k === 'employee_id' || (KNOWN_NAME_FIELDS as readonly unknown[]).includes(k)) return member;
  if (typeof k === 'string' && (MANIFEST_FIELDS.has(k) || ASSESSMENT_FIELDS.has(k))) return value.startsWith('"') || LITERAL.test(value) ? member : `${colon}${UNQUOTED}`;
  // the value of an object member is its own members, blanked one by one
  return /:\s*$/u.test(member) ? member : `"${key}":"${NOT_A_FIELD}"`;
}

/** The raw line of a line that could not be read (too long, broken) without its locations: a CSV
 * line of a file with a location column, or a column no manifest field names, is withheld
 * (nothing says where its values stand); a JSON line has its location members blanked by
 * pattern (and a member no manifest field names, NOT_A_FIELD), and is withheld when a key is
 * spelled with escapes the pattern cannot see, or a string stands outside a member. */
export function unreadWithoutLocations(raw: string, header: readonly string[] | undefined): string {
  if (header !== undefined) {
    const unknown = header.some((h) => h !== '' && !MANIFEST_FIELDS.has(h.split('.')[0]!));
    return unknown || header.some((h) => (LOCATION_FIELDS as readonly string[]).includes(h)) ? LOCATIONS_WITHHELD : raw;
  }
  const blanked = unknownMembersBlanked(raw);
  if (blanked === undefined) return UNREAD_WITHHELD;
  raw = blanked;
  const keys = raw.match(LOCATION_KEY)?.length ?? 0;
  if ((decodeEscapes(raw).match(LOCATION_KEY)?.length ?? 0) !== keys) return LOCATIONS_WITHHELD;
  if (keys === 0) return raw;
  let replaced = 0;
  const out = raw.replace(LOCATION_MEMBER, (_m, key: string, field: string) => {
    replaced += 1;
    return `${key}"${placeholder(field)}"`;
  });
  return replaced === keys ? out : LOCATIONS_WITHHELD;
}
