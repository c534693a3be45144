/** Transcript bytes to a `Transcript`: decode, pick the format (by extension, else by
 * content), parse with that format's handler, then tidy segments and assign speaker roles. */
import { extname } from 'node:path';
import { TranscriptError } from '../errors.js';
import { TranscriptFormatSchema } from '../schemas.js';
import type { Segment, Transcript, TranscriptFormat } from '../schemas.js';
import { decodeText } from './decode.js';
import type { FormatHandler, RawSegment } from './formats/common.js';
import { UNKNOWN_SPEAKER } from './formats/common.js';
import { json } from './formats/json.js';
import { srt } from './formats/srt.js';
import { text } from './formats/text.js';
import { vtt } from './formats/vtt.js';
import { resolveConsultantSpeaker, speakerRole } from './roles.js';

/** One handler per format; a format added to TranscriptFormatSchema fails to compile until
 * it has one here. */
const FORMATS: Record<TranscriptFormat, FormatHandler> = { vtt, srt, json, text };

/** What content sniffing falls back to when no handler claims the text. */
const FALLBACK_FORMAT: TranscriptFormat = 'text';

export interface ParseOptions {
  /** Where the bytes came from: picks the format by extension and names the file in errors. */
  file: string;
  /** The session's `consultant_speaker`: this label is the consultant too. */
  consultantSpeaker?: string;
}

export function parseTranscript(buf: Buffer, opts: ParseOptions): Transcript {
  const { file, consultantSpeaker } = opts;
  const { text: content, encoding } = decodeText(buf, file);
  const format = detectFormat(file, content);
  const segments = tidySegments(FORMATS[format].parse(content, file), consultantSpeaker);
  if (segments.length === 0) {
    throw new TranscriptError('TRANSCRIPT_EMPTY', `the ${FORMATS[format].label} transcript contains no speech`, {
      file,
    });
  }
  return { format, encoding, segments };
}

/** By file extension (case-insensitive) when known, else by sniffing the decoded text. */
export function detectFormat(file: string, content: string): TranscriptFormat {
  const extension = extname(file).slice(1).toLowerCase();
  const formats = TranscriptFormatSchema.options;
  return (
    formats.find((f) => FORMATS[f].extensions.includes(extension)) ??
    formats.find((f) => FORMATS[f].sniff?.(content) === true) ??
    FALLBACK_FORMAT
  );
}

/** Segments as a transcript file or a transcriber gives them, tidied and with their roles. */
export function tidySegments(raw: readonly RawSegment[], consultantSpeaker: string | undefined): Segment[] {
  const consultant = resolveConsultantSpeaker(raw, consultantSpeaker, UNKNOWN_SPEAKER);
  return raw.flatMap((r) => tidy(r, consultant));
}

/** Control characters other than tab and line breaks. A file holding them raw is refused as
 * binary, but a JSON string or a transcriber can carry them escaped (\u0000): kuromoji throws on
 * a NUL, and none of them is speech, so each becomes a space. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu;
/** Half of a surrogate pair without its other half (JSON can escape one: \ud83d): kuromoji
 * throws on it too; it becomes U+FFFD, as a decoder would make it. */
const LONE_SURROGATE = /\p{Cs}/gu;

const clean = (s: string): string => s.replace(CONTROL, ' ').replace(LONE_SURROGATE, '\uFFFD');

/** Trims text and speaker (an empty speaker is `unknown`), blanks control characters and lone
 * surrogates, assigns the role, and drops segments without text. */
function tidy(raw: RawSegment, consultantSpeaker: string | undefined): Segment[] {
  const text = clean(raw.text).trim();
  if (text === '') return [];
  const speaker = clean(raw.speaker).trim() || UNKNOWN_SPEAKER;
  return [{ start: raw.start, end: raw.end, speaker, role: speakerRole(speaker, consultantSpeaker), text }];
}
