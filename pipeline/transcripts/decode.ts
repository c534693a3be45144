/** Turns a transcript file's bytes into text: finds the encoding (BOM, UTF-16 without BOM,
 * strict UTF-8, else Shift_JIS), strips the BOM, normalises line ends to LF, and refuses
 * binary and empty files. Pure: the caller reads the file. */
import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { TranscriptError } from '../errors.js';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'shift_jis';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** A file counts as binary above this share of control characters (text has next to none;
 * random bytes have over 10%)… */
const MAX_CONTROL_SHARE = 0.05;
/** …or above this share of undecodable characters (text in an unsupported encoding, such as
 * Latin-1, has fewer; below it the file is unreadable rather than binary). */
const MAX_UNDECODABLE_SHARE = 0.25;
/** A UTF-16 guess without BOM must read as this share of likely text characters. */
const MIN_UTF16_TEXT_SHARE = 0.9;
/** chardet guesses below this confidence are too weak to name in an error message. */
const MIN_HINT_CONFIDENCE = 50;
/** Multibyte encodings whose bytes can also pass as valid Shift_JIS. */
const SHIFT_JIS_RIVALS = new Set(['EUC-JP', 'EUC-KR', 'GB18030', 'Big5']);
/** ISO-2022-JP escape sequences: 7-bit, so valid UTF-8, but not readable as such. */
// eslint-disable-next-line no-control-regex -- matching the ESC control character is the point
const ISO_2022_JP_ESCAPE = /\x1b(?:\$[@B]|\([BJ])/;

const SAVE_AS_UTF8 = 'save it as UTF-8 and try again';

export function decodeText(buf: Buffer, file: string): DecodedText {
  if (buf.length === 0) throw new TranscriptError('TRANSCRIPT_EMPTY', 'the file is empty (0 bytes)', { file });
  const { text, encoding } = decodeBytes(buf, file);
  const normalised = text.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') {
    throw new TranscriptError('TRANSCRIPT_EMPTY', 'the file contains only whitespace', { file });
  }
  if (share(normalised, isControl) > MAX_CONTROL_SHARE) throw binaryError(file);
  return { text: normalised, encoding };
}

function decodeBytes(buf: Buffer, file: string): DecodedText {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) {
    return { text: decodeWithBom(buf.subarray(3), 'utf-8', file), encoding: 'utf-8-bom' };
  }
  if (startsWith(buf, [0xff, 0xfe, 0x00, 0x00]) || startsWith(buf, [0x00, 0x00, 0xfe, 0xff])) {
    throw unsupportedError(file, 'is UTF-32');
  }
  if (startsWith(buf, [0xff, 0xfe])) {
    return { text: decodeWithBom(buf.subarray(2), 'utf-16le', file), encoding: 'utf-16le' };
  }
  if (startsWith(buf, [0xfe, 0xff])) {
    return { text: decodeWithBom(buf.subarray(2), 'utf-16be', file), encoding: 'utf-16be' };
  }
  if (buf.includes(0)) {
    // Text in UTF-16 has a NUL byte beside every ASCII character; text in any other
    // encoding has none.
    const utf16 = guessUtf16(buf);
    if (utf16) return utf16;
    throw binaryError(file);
  }
  const utf8 = tryDecode(buf, 'utf-8');
  if (utf8 !== undefined) {
    if (ISO_2022_JP_ESCAPE.test(utf8)) {
      throw unsupportedError(file, 'is ISO-2022-JP (JIS)');
    }
    return { text: utf8, encoding: 'utf-8' };
  }
  return decodeShiftJis(buf, file);
}

function decodeWithBom(body: Buffer, encoding: 'utf-8' | 'utf-16le' | 'utf-16be', file: string): string {
  const text = tryDecode(body, encoding);
  if (text === undefined) {
    const name = encoding.toUpperCase();
    throw new TranscriptError(
      'TRANSCRIPT_UNREADABLE',
      `the file starts with a ${name} byte-order mark but is not valid ${name}`,
      { file },
    );
  }
  return text;
}

/** Strict decoding: undefined when a byte sequence is invalid in that encoding. */
function tryDecode(buf: Buffer, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): string | undefined {
  // Node's TextDecoder always has UTF-16LE; UTF-16BE needs full ICU, so swap the bytes instead.
  const bytes = encoding === 'utf-16be' ? swapBytes(buf) : buf;
  if (bytes === undefined) return undefined;
  const label = encoding === 'utf-8' ? 'utf-8' : 'utf-16le';
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function swapBytes(buf: Buffer): Buffer | undefined {
  if (buf.length % 2 !== 0) return undefined;
  return Buffer.from(buf).swap16();
}

/** Both byte orders are tried. A reading qualifies when it has no control characters at all
 * (this is a guess) and mostly likely text characters; of two, the one with more line feeds
 * wins (read in the wrong order, LF is U+0A00, which is unassigned), then the one with more
 * ASCII. Kana and kanji cannot decide: read in the wrong order they are often kana and kanji. */
function guessUtf16(buf: Buffer): DecodedText | undefined {
  const readings = (['utf-16le', 'utf-16be'] as const).flatMap((encoding) => {
    const text = tryDecode(buf, encoding);
    if (text === undefined || share(text, isControl) > 0 || share(text, isLikelyText) < MIN_UTF16_TEXT_SHARE) return [];
    return [{ text, encoding, lineFeeds: count(text, (ch) => ch === '\n'), ascii: count(text, isAscii) }];
  });
  const [best] = readings.sort((a, b) => b.lineFeeds - a.lineFeeds || b.ascii - a.ascii);
  return best && { text: best.text, encoding: best.encoding };
}

function decodeShiftJis(buf: Buffer, file: string): DecodedText {
  const text = iconv.decode(buf, 'shift_jis');
  const matches = analyse(buf);
  const confidence = (name: string): number => matches.find((m) => m.name === name)?.confidence ?? 0;
  if (!text.includes('\uFFFD')) {
    // Bytes of EUC-JP and other CJK encodings often pass as Shift_JIS too; chardet tells them apart.
    const rival = matches.find((m) => SHIFT_JIS_RIVALS.has(m.name) && m.confidence > confidence('Shift_JIS'));
    if (rival === undefined) return { text, encoding: 'shift_jis' };
    throw unsupportedError(file, `looks like ${rival.name}`);
  }
  if (share(text, isControl) > MAX_CONTROL_SHARE || share(text, isUndecodable) > MAX_UNDECODABLE_SHARE) {
    throw binaryError(file);
  }
  const invalid = count(text, isUndecodable);
  const hint = matches.find((m) => m.confidence >= MIN_HINT_CONFIDENCE);
  const details = [
    `${invalid} undecodable byte sequence${invalid === 1 ? '' : 's'}`,
    ...(hint ? [`it looks like ${hint.name}`] : []),
  ];
  throw new TranscriptError(
    'TRANSCRIPT_UNREADABLE',
    `the file is not valid UTF-8, UTF-16 or Shift_JIS (${details.join('; ')}); ${SAVE_AS_UTF8}`,
    { file },
  );
}

function unsupportedError(file: string, what: string): TranscriptError {
  const message = `the file ${what}, which is not supported; ${SAVE_AS_UTF8}`;
  return new TranscriptError('TRANSCRIPT_UNREADABLE', message, { file });
}

function binaryError(file: string): TranscriptError {
  return new TranscriptError(
    'TRANSCRIPT_BINARY',
    'the file is binary, not text (an audio recording or an image?)',
    { file },
  );
}

function startsWith(buf: Buffer, prefix: readonly number[]): boolean {
  return buf.length >= prefix.length && prefix.every((byte, i) => buf[i] === byte);
}

function count(text: string, test: (ch: string) => boolean): number {
  let n = 0;
  for (const ch of text) if (test(ch)) n += 1;
  return n;
}

/** Share of the code points in `text` that pass `test`. */
function share(text: string, test: (ch: string) => boolean): number {
  const total = [...text].length;
  return total === 0 ? 0 : count(text, test) / total;
}

/** Control characters text files do not contain: C0 other than tab, LF, CR and form feed,
 * DEL and C1, and the non-characters U+FFFE and U+FFFF. */
function isControl(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f') return false;
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffe || cp === 0xffff;
}

/** What iconv-lite puts in place of a byte sequence it cannot decode. */
function isUndecodable(ch: string): boolean {
  return ch === '\uFFFD';
}

function isAscii(ch: string): boolean {
  return (ch.codePointAt(0) ?? 0x80) < 0x80;
}

/** ASCII and Latin-1, general punctuation, CJK symbols, kana and ideographs (with extension A),
 * full-width and half-width forms: what transcripts here are written in. */
function isLikelyText(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    cp < 0x100 ||
    (cp >= 0x2000 && cp <= 0x206f) ||
    (cp >= 0x3000 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x9fff) ||
    (cp >= 0xff00 && cp <= 0xffef)
  );
}
