/** A rejected manifest row's file locations and consultant label, out of what is kept of it
 * (rejects.jsonl, Redis, the terminal). Operators name transcripts and recordings after people
 * (`tx/田中浩_10.vtt`, `s3://rec/Tanaka-Hiroshi.m4a`), a consultant's label is most often their
 * name (松井, Sakurai), and the platform often gives no known name to cut from them; rejects.jsonl
 * outlives the run. They are the fields a batch record keeps sealed (jobs/record-seal.ts). To
 * retry, an operator needs the row, which the reject's file and line find, and the field and
 * reason: so each is replaced by its field's placeholder (`[transcript_uri]`), as a session's
 * failure already replaces its locations (`withoutNamesOrPaths`, pipeline/session.ts). Pure. */
import { decodeEscapes } from './known-names.js';
import { escapeRegExp } from '../redact/literal-search.js';

export const LOCATION_FIELDS = ['transcript_uri', 'recording_uri', 'consultant_speaker'] as const;

export const LOCATIONS_WITHHELD = '(raw line withheld: a file location or consultant label in it could not be cut out, and those may name someone)';

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
  if (present.length === 0) return raw;
  if (raw.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return JSON.stringify({ ...parsed, ...Object.fromEntries(present.map((f) => [f, placeholder(f)])) });
    } catch {
      // read as JSON by the reader, so this does not happen; withheld if it does
    }
    return LOCATIONS_WITHHELD;
  }
  // a CSV value is cut only as a whole cell (a label such as A or CC stands in other cells too)
  let out = raw;
  for (const field of present) {
    const value = typeof record[field] === 'string' ? record[field] : JSON.stringify(record[field]);
    const cell = new RegExp(`(^|,)(?:\\s*${escapeRegExp(value)}\\s*|\\s*"${escapeRegExp(value.replace(/"/g, '""'))}"\\s*)(?=,|$)`, 'gu');
    const cut = out.replace(cell, (_m, before: string) => `${before}${placeholder(field)}`);
    if (cut === out) return LOCATIONS_WITHHELD;
    out = cut;
  }
  return out;
}

/** The raw line of a line that could not be read (too long, broken) without its locations: a CSV
 * line of a file with a location column is withheld (nothing says where its values stand); a JSON
 * line has its location members blanked by pattern, and is withheld when a key is spelled with
 * escapes the pattern cannot see. */
export function unreadWithoutLocations(raw: string, header: readonly string[] | undefined): string {
  if (header !== undefined) return header.some((h) => (LOCATION_FIELDS as readonly string[]).includes(h)) ? LOCATIONS_WITHHELD : raw;
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
