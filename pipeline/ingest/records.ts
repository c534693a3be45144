/** Reads JSONL or CSV input into raw records with their 1-based line numbers, as a stream: the
 * file is decoded chunk by chunk and cut into lines, so memory stays bounded whatever its size.
 * A line that cannot be read (bad JSON, undecodable bytes, longer than MAX_LINE_CHARS, an
 * unreadable CSV row) becomes a reject of that line alone; field validation happens in the
 * callers. */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { InputError, jsonParseProblem, TranscriptError } from '../errors.js';
import { decodeText, type TextEncodingName } from '../transcripts/decode.js';

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

export type ReadItem = { record: RawRecord; reject?: undefined } | { reject: Reject; record?: undefined };

export type InputFormat = 'jsonl' | 'csv';

/** A line (a manifest or companies row) longer than this, in characters, is rejected unread:
 * rows are a few hundred characters, and an endless line must not take the run down. */
export const MAX_LINE_CHARS = 1 << 20;
/** What a reject keeps of an over-long line. */
const MAX_RAW_CHARS = 1000;
/** The encoding is decided from the file's first bytes (the whole file when it is smaller). */
const SAMPLE_BYTES = 64 * 1024;
/** Complete CSV records are parsed in blocks of about this many characters. */
const CSV_BLOCK_CHARS = 64 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;

export function inputFormat(file: string): InputFormat {
  const ext = extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : 'jsonl';
}

/** Rewrites the raw line a reject of an unreadable line keeps (the manifest takes its known names
 * out, ingest/known-names.ts); `header` is the CSV header once read. */
export type ScrubRaw = (raw: string, header: readonly string[] | undefined, cut: boolean) => string;

/** The reason of a line longer than MAX_LINE_CHARS (its raw is its first MAX_RAW_CHARS, cut). */
export const TOO_LONG = `the line is longer than ${MAX_LINE_CHARS} characters`;

/** The whole of a buffer (tests, `batch submit`): the same reader as the stream, fed in chunks. */
export function readRecords(buf: Buffer, file: string, format: InputFormat = inputFormat(file), scrubRaw?: ScrubRaw): ReadResult {
  const out: ReadResult = { records: [], rejects: [] };
  const reader = new RecordReader(file, format, (item) => (item.record ? out.records.push(item.record) : out.rejects.push(item.reject)), scrubRaw);
  reader.start(buf.subarray(0, SAMPLE_BYTES), buf.length <= SAMPLE_BYTES);
  for (let at = 0; at < buf.length; at += READ_CHUNK_BYTES) reader.write(buf.subarray(at, at + READ_CHUNK_BYTES));
  reader.end();
  return out;
}

export interface StreamOptions {
  format?: InputFormat;
  /** Where the bytes come from (default: the file, in 64 KiB chunks). */
  source?: AsyncIterable<Buffer>;
  scrubRaw?: ScrubRaw;
}

/** The records and rejects of a file, in line order (a CSV block's items sorted by line), as
 * the file is read. Throws InputError when the file as a whole cannot be read as text. */
export async function* streamRecords(file: string, opts: StreamOptions = {}): AsyncGenerator<ReadItem> {
  const items: ReadItem[] = [];
  const reader = new RecordReader(file, opts.format ?? inputFormat(file), (item) => items.push(item), opts.scrubRaw);
  const source = opts.source ?? createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  let sample: Buffer[] | undefined = [];
  let sampled = 0;
  for await (const chunk of source) {
    if (!sample) {
      reader.write(chunk);
    } else {
      sample.push(chunk);
      sampled += chunk.length;
      if (sampled < SAMPLE_BYTES) continue;
      const head = Buffer.concat(sample);
      sample = undefined;
      reader.start(head.subarray(0, SAMPLE_BYTES), false);
      reader.write(head);
    }
    yield* items.splice(0);
  }
  if (sample) {
    const head = Buffer.concat(sample);
    reader.start(head, true);
    reader.write(head);
  }
  reader.end();
  yield* items.splice(0);
}

type Emit = (item: ReadItem) => void;

/** Push-based: `start` with the sample, `write` the bytes (from the first), `end`. Emits items
 * synchronously as lines complete. */
class RecordReader {
  private decoder: { write(b: Buffer): string; end(): string | undefined } | undefined;
  private encoding: TextEncodingName = 'utf-8';
  private atStart = true;
  private partial = '';
  private tooLong = false;
  private pendingCR = false;
  private lineNo = 0;
  private readonly lines: LineSink;

  constructor(
    private readonly file: string,
    format: InputFormat,
    emit: Emit,
    scrubRaw?: ScrubRaw,
  ) {
    const out: Emit =
      scrubRaw === undefined ? emit : (item) => emit(item.reject ? { reject: { ...item.reject, raw: scrubRaw(item.reject.raw, this.lines.header, item.reject.reason === TOO_LONG) } } : item);
    this.lines = format === 'csv' ? new CsvSink(file, out) : new JsonlSink(file, out);
  }

  start(sample: Buffer, complete: boolean): void {
    const encoding = sniffEncoding(sample, complete, this.file);
    if (encoding === undefined) return; // empty: no records
    this.encoding = encoding;
    this.decoder = iconv.getDecoder(ICONV_NAME[encoding]);
  }

  write(buf: Buffer): void {
    if (this.decoder) this.text(this.decoder.write(buf));
  }

  end(): void {
    if (!this.decoder) return;
    this.text(this.decoder.end() ?? '');
    if (this.partial !== '' || this.tooLong) this.line(this.partial);
    this.lines.end();
  }

  private text(chunk: string): void {
    let text = chunk;
    if (this.atStart && text !== '') {
      text = text.replace(/^\uFEFF+/, '');
      this.atStart = text === '';
    }
    let from = 0;
    if (this.pendingCR && text !== '') {
      if (text[0] === '\n') from = 1;
      this.pendingCR = false;
    }
    let cr = text.indexOf('\r', from);
    while (from < text.length) {
      let lf = text.indexOf('\n', from);
      if (cr !== -1 && cr < from) cr = text.indexOf('\r', from);
      let next: number; // where the line ends; the terminator is 1 or 2 characters
      let width = 1;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        next = cr;
        if (cr + 1 === text.length) this.pendingCR = true;
        else if (text[cr + 1] === '\n') width = 2;
        lf = -1;
      } else {
        next = lf;
      }
      if (next === -1) {
        this.append(text.slice(from));
        return;
      }
      this.append(text.slice(from, next));
      this.line(this.partial);
      from = next + width;
    }
  }

  private append(s: string): void {
    if (this.tooLong) return;
    if (this.partial.length + s.length > MAX_LINE_CHARS) {
      this.partial = (this.partial + s.slice(0, MAX_RAW_CHARS)).slice(0, MAX_RAW_CHARS);
      this.tooLong = true;
      return;
    }
    this.partial += s;
  }

  private line(text: string): void {
    this.lineNo += 1;
    const line = this.lineNo;
    const tooLong = this.tooLong;
    this.partial = '';
    this.tooLong = false;
    if (tooLong) {
      this.lines.bad({ file: this.file, line, reason: TOO_LONG, raw: `${text}…` });
    } else if (text.includes('\uFFFD')) {
      const name = this.encoding === 'shift_jis' ? 'Shift_JIS' : this.encoding.startsWith('utf-16') ? 'UTF-16' : 'UTF-8';
      this.lines.bad({ file: this.file, line, reason: `the line has bytes that are not valid ${name}; save the file as UTF-8`, raw: text });
    } else {
      this.lines.line(line, text);
    }
  }
}

const ICONV_NAME: Record<TextEncodingName, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  shift_jis: 'shift_jis',
};

/** The encoding of the file from its first bytes, by the transcripts' rules (BOM, UTF-16
 * without BOM, strict UTF-8, else Shift_JIS). A sample that is mostly UTF-8 with a few
 * undecodable lines reads as UTF-8: those lines are rejected one by one. Undefined when the
 * file is empty or blank. */
function sniffEncoding(sample: Buffer, complete: boolean, file: string): TextEncodingName | undefined {
  const head = complete ? sample : cutAtLineEnd(sample);
  try {
    return decodeText(head, file).encoding;
  } catch (err) {
    if (err instanceof TranscriptError && err.code === 'TRANSCRIPT_EMPTY') return complete ? undefined : 'utf-8';
    if (err instanceof TranscriptError && err.code === 'TRANSCRIPT_UNREADABLE' && mostlyUtf8(head)) return 'utf-8';
    throw new InputError(`cannot read ${file} as text: ${err instanceof Error ? err.message : String(err)}`, { file }, { cause: err });
  }
}

/** The sample up to its last line end, so no character is cut in two. */
function cutAtLineEnd(sample: Buffer): Buffer {
  const utf16 = sample.includes(0) || (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  if (!utf16) {
    const lf = sample.lastIndexOf(0x0a);
    return lf > 0 ? sample.subarray(0, lf + 1) : sample;
  }
  for (let i = sample.length - 2 - (sample.length % 2); i > 0; i -= 2) {
    if ((sample[i] === 0x0a && sample[i + 1] === 0) || (sample[i] === 0 && sample[i + 1] === 0x0a)) return sample.subarray(0, i + 2);
  }
  return sample.subarray(0, sample.length - (sample.length % 2));
}

/** Whether most non-blank lines of the sample are valid UTF-8 (and there is no NUL). */
function mostlyUtf8(sample: Buffer): boolean {
  if (sample.includes(0)) return false;
  const strict = new TextDecoder('utf-8', { fatal: true });
  let good = 0;
  let bad = 0;
  let from = 0;
  while (from < sample.length) {
    const lf = sample.indexOf(0x0a, from);
    const end = lf === -1 ? sample.length : lf;
    const line = sample.subarray(from, end);
    if (line.some((b) => b > 0x20)) {
      try {
        strict.decode(line);
        good += 1;
      } catch {
        bad += 1;
      }
    }
    from = end + 1;
  }
  return good > bad;
}

interface LineSink {
  /** The CSV header once read. */
  readonly header?: readonly string[] | undefined;
  line(line: number, text: string): void;
  /** A line that cannot be read. */
  bad(reject: Reject): void;
  end(): void;
}

class JsonlSink implements LineSink {
  constructor(
    private readonly file: string,
    private readonly emit: Emit,
  ) {}

  line(line: number, raw: string): void {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      this.emit({ reject: { file: this.file, line, reason: `invalid JSON: ${jsonParseProblem(err)}`, raw } });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.emit({ reject: { file: this.file, line, reason: 'each line must be one JSON object', raw } });
      return;
    }
    this.emit({ record: { line, raw, record: value as Record<string, unknown> } });
  }

  bad(reject: Reject): void {
    this.emit({ reject });
  }

  end(): void {}
}

/** CSV with a header row. Dotted headers (`consultant_assessment.retention_risk`) build nested
 * objects; empty cells are treated as absent. Lines are gathered into blocks that end between
 * records (an even number of quotes so far: a quoted cell may span lines), and each block is
 * parsed with csv-parse. A quote that never closes rejects its own line and reading resumes on
 * the next one; it holds at most MAX_LINE_CHARS of lines before its block is cut. */
class CsvSink implements LineSink {
  header: string[] | undefined;
  private repeated: string | undefined;
  private block: string[] = [];
  private blockLine = 0;
  private blockChars = 0;
  private open = false;

  constructor(
    private readonly file: string,
    private readonly emit: Emit,
  ) {}

  line(line: number, text: string): void {
    if (this.block.length === 0) this.blockLine = line;
    this.block.push(text);
    this.blockChars += text.length + 1;
    if (text.includes('"') && (text.split('"').length - 1) % 2 === 1) this.open = !this.open;
    if (this.open ? this.blockChars > CSV_BLOCK_CHARS + MAX_LINE_CHARS : this.blockChars >= CSV_BLOCK_CHARS) this.flush();
  }

  bad(reject: Reject): void {
    this.flush();
    this.emit({ reject });
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.block.length === 0) return;
    const items: ReadItem[] = [];
    this.parseBlock(this.block, this.blockLine, items);
    items.sort((a, b) => (a.record ?? a.reject).line - (b.record ?? b.reject).line);
    for (const item of items) this.emit(item);
    this.block = [];
    this.blockChars = 0;
    this.open = false;
  }

  private parseBlock(lines: string[], firstLine: number, out: ReadItem[]): void {
    const file = this.file;
    let from = 1; // the 1-based line of the block this pass starts at
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
        const local = from - 1 + info.lines;
        if (broken && local >= broken.line) break;
        const line = firstLine - 1 + local;
        const rawLine = raw.replace(/\r?\n$/, '');
        if (!this.header) {
          this.header = cells.map((h) => h.trim());
          this.repeated = this.header.find((h, i) => h !== '' && this.header!.indexOf(h) !== i);
          continue;
        }
        // A column named twice: a record keeps one of the two values, the line both.
        if (this.repeated !== undefined) {
          out.push({ reject: { file, line, field: this.repeated, reason: `the header names column "${this.repeated}" twice: which one holds the value is ambiguous`, raw: rawLine } });
          continue;
        }
        if (cells.length !== this.header.length) {
          out.push({ reject: { file, line, reason: `expected ${this.header.length} columns as in the header, found ${cells.length}`, raw: rawLine } });
          continue;
        }
        out.push({ record: { line, raw: rawLine, record: toRecord(this.header, cells) } });
      }
      if (!broken) break;
      out.push({ reject: { file, line: firstLine - 1 + broken.line, reason: broken.reason, raw: lines[broken.line - 1] ?? '' } });
      from = broken.line + 1;
    }
  }
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
