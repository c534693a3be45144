/** Reads JSONL or CSV input into raw records with their 1-based line numbers. A line that
 * cannot be read becomes a reject here; field validation happens in the callers. */
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, TranscriptError } from '../errors.js';
import { decodeText } from '../transcripts/decode.js';

export interface RawRecord {
  line: number;
  raw: string;
  record: Record<string, unknown>;
}

export interface Reject {
  file: string;
  line: number;
  field?: string;
  reason: string;
  raw: string;
}

export interface ReadResult {
  records: RawRecord[];
  rejects: Reject[];
}

export type InputFormat = 'jsonl' | 'csv';

export function inputFormat(file: string): InputFormat {
  const ext = extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : 'jsonl';
}

export function readRecords(buf: Buffer, file: string, format: InputFormat = inputFormat(file)): ReadResult {
  let text: string;
  try {
    text = decodeText(buf, file).text;
  } catch (err) {
    if (err instanceof TranscriptError && err.code === 'TRANSCRIPT_EMPTY') return { records: [], rejects: [] };
    throw new InputError(`cannot read ${file} as text: ${err instanceof Error ? err.message : String(err)}`, { file }, { cause: err });
  }
  return format === 'csv' ? readCsv(text, file) : readJsonl(text, file);
}

function readJsonl(text: string, file: string): ReadResult {
  const records: RawRecord[] = [];
  const rejects: Reject[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      rejects.push({ file, line, reason: `invalid JSON: ${(err as Error).message}`, raw });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      rejects.push({ file, line, reason: 'each line must be one JSON object', raw });
      return;
    }
    records.push({ line, raw, record: value as Record<string, unknown> });
  });
  return { records, rejects };
}

/** CSV with a header row. Dotted headers (`consultant_assessment.retention_risk`) build nested
 * objects; empty cells are treated as absent. */
function readCsv(text: string, file: string): ReadResult {
  const records: RawRecord[] = [];
  const rejects: Reject[] = [];
  const rows = parseCsv(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  const header = rows[0]?.record.map((h) => h.trim());
  if (!header) return { records, rejects };
  for (const { record: cells, info, raw } of rows.slice(1)) {
    const line = info.lines;
    const rawLine = raw.replace(/\r?\n$/, '');
    if (cells.length !== header.length) {
      rejects.push({
        file,
        line,
        reason: `expected ${header.length} columns as in the header, found ${cells.length}`,
        raw: rawLine,
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const cell = cells[i] ?? '';
      if (cell.trim() === '') return;
      const dot = name.indexOf('.');
      if (dot > 0) {
        const parent = name.slice(0, dot);
        const nested = (record[parent] ??= {}) as Record<string, unknown>;
        nested[name.slice(dot + 1)] = cell;
      } else {
        record[name] = cell;
      }
    });
    records.push({ line, raw: rawLine, record });
  }
  return { records, rejects };
}
