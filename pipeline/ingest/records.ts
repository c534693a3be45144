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
 * objects; empty cells are treated as absent. A row csv-parse cannot read becomes a reject;
 * an unclosed quote (which would swallow the rest of the file) rejects its own line and
 * reading resumes on the next one. */
function readCsv(text: string, file: string): ReadResult {
  const records: RawRecord[] = [];
  const rejects: Reject[] = [];
  const lines = text.split('\n');
  let header: string[] | undefined;
  let from = 1; // the 1-based line this pass starts at
  while (from <= lines.length) {
    const chunk = lines.slice(from - 1).join('\n');
    let broken: { line: number; reason: string } | undefined;
    const rows = parseCsv(chunk, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (err, raw) => {
        if (broken) return undefined;
        // The unreadable record runs to the end of the chunk when a quote never closes.
        const offset = raw !== undefined && chunk.endsWith(raw) ? chunk.length - raw.length : undefined;
        const line = offset !== undefined ? from + (chunk.slice(0, offset).match(/\n/g)?.length ?? 0) : from - 1 + Number(err?.lines ?? 1);
        broken = { line, reason: `unreadable CSV row: ${err?.message.replace(/ at line \d+.*$/, '') ?? 'parse error'}` };
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    for (const { record: cells, info, raw } of rows) {
      const line = from - 1 + info.lines;
      if (broken && line >= broken.line) break;
      const rawLine = raw.replace(/\r?\n$/, '');
      if (!header) {
        header = cells.map((h) => h.trim());
        continue;
      }
      if (cells.length !== header.length) {
        rejects.push({ file, line, reason: `expected ${header.length} columns as in the header, found ${cells.length}`, raw: rawLine });
        continue;
      }
      records.push({ line, raw: rawLine, record: toRecord(header, cells) });
    }
    if (!broken) break;
    rejects.push({ file, line: broken.line, reason: broken.reason, raw: (lines[broken.line - 1] ?? '').replace(/\r$/, '') });
    from = broken.line + 1;
  }
  return { records, rejects };
}

function toRecord(header: string[], cells: string[]): Record<string, unknown> {
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
  return record;
}
