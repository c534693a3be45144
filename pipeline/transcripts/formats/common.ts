/** What every transcript format provides, and the pieces the line-based formats share:
 * blocks of lines, cue timings and `NAME: text` speaker prefixes. */
import { TranscriptError } from '../../errors.js';
import type { Segment } from '../../schemas.js';

/** A segment before roles are assigned and empty text is dropped (both done in parse.ts). */
export type RawSegment = Omit<Segment, 'role'>;

export interface FormatHandler {
  /** Name for messages, e.g. "WebVTT". */
  readonly label: string;
  /** File extensions that select this format: lower case, without the dot. */
  readonly extensions: readonly string[];
  /** Whether text from a file with an unknown extension is in this format. Omitted by the
   * fallback format (plain text). */
  readonly sniff?: (text: string) => boolean;
  /** Decoded text (LF line ends, no BOM) to segments; throws TranscriptError naming `file`. */
  readonly parse: (text: string, file: string) => RawSegment[];
}

/** The speaker of text that names none. Its role is client, like every unnamed speaker. */
export const UNKNOWN_SPEAKER = 'unknown';

export interface Line {
  readonly text: string;
  /** 1-based line number in the file. */
  readonly no: number;
}

/** A non-empty run of non-blank lines. */
export type Block = readonly [Line, ...Line[]];

/** Splits text into blocks separated by blank (empty or whitespace-only) lines. */
export function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Line[] = [];
  const flush = (): void => {
    const [first, ...rest] = current;
    if (first) blocks.push([first, ...rest]);
    current = [];
  };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') flush();
    else current.push({ text: line, no: i + 1 });
  });
  flush();
  return blocks;
}

/** The first non-blank line, trimmed ('' when there is none). */
export function firstNonBlankLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/** `[hh:]mm:ss[.fff]`, with `.` or `,` before the fraction: what VTT, SRT and bracketed plain
 * text timestamps look like. */
const TIMESTAMP = /^(?:(\d+):)?([0-5]\d):([0-5]\d)(?:[.,](\d{1,3}))?$/;

/** Seconds, or undefined when `s` is not a timestamp. */
export function parseTimestamp(s: string): number | undefined {
  const m = TIMESTAMP.exec(s.trim());
  if (!m) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0', fraction = ''] = m;
  const millis = Number(fraction.padEnd(3, '0'));
  return (((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + millis) / 1000;
}

/** `start --> end`, optionally followed by cue settings. */
const TIMING_LINE = /^\s*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;

/** Whether a line is meant as a timing line, well-formed or not: it has an arrow or starts
 * with a full `mm:ss.f`-like timestamp. Lines that are not are cue text. */
export function looksLikeTimingLine(line: string): boolean {
  return line.includes('-->') || /^\s*\d+:\d{2}[:.,]\d/.test(line);
}

export interface Timing {
  start: number;
  end: number;
}

/** A subtitle cue: its timing and its text lines as written. */
export interface Cue {
  timing: Timing;
  lines: string[];
}

/** Parses a cue timing line; a malformed one is TRANSCRIPT_UNREADABLE at that line. */
export function parseTimingLine(line: Line, file: string, example: string): Timing {
  const m = TIMING_LINE.exec(line.text);
  const start = m?.[1] === undefined ? undefined : parseTimestamp(m[1]);
  const end = m?.[2] === undefined ? undefined : parseTimestamp(m[2]);
  if (start === undefined || end === undefined) {
    throw new TranscriptError(
      'TRANSCRIPT_UNREADABLE',
      // The line itself is not quoted: it may be transcript text, which never goes into a message.
      `malformed cue timing line (expected e.g. "${example}")`,
      { file, line: line.no },
    );
  }
  if (end < start) {
    throw new TranscriptError('TRANSCRIPT_UNREADABLE', `cue ends (${end}s) before it starts (${start}s)`, {
      file,
      line: line.no,
    });
  }
  return { start, end };
}

/** `NAME: text` or `NAME：text` (full-width colon); the name is at most 40 characters. */
const SPEAKER_PREFIX = /^([^:：]{1,40})[:：](.*)$/;
/** Names that are really the start of a sentence or a time: only digits and punctuation,
 * or containing sentence punctuation. */
const NOT_A_NAME = /^[\d\s.,:]*$|[。、！？!?「」『』]/;

export interface SpeakerTurn {
  speaker: string;
  text: string;
}

/** Splits a leading speaker name off a line; undefined when the line names no speaker. */
export function splitSpeaker(line: string): SpeakerTurn | undefined {
  const m = SPEAKER_PREFIX.exec(line.trim());
  if (!m) return undefined;
  const [, name = '', rest = ''] = m;
  const speaker = name.trim();
  // "https://…" is a URL, not a speaker called "https".
  if (speaker === '' || NOT_A_NAME.test(speaker) || rest.startsWith('//')) return undefined;
  return { speaker, text: rest.trim() };
}

/** Lines of one cue to segments with the cue's timing: a line naming a speaker starts a new
 * segment, any other line continues the current one (the first belongs to `defaultSpeaker`).
 * Lines are trimmed, blank ones dropped, the rest joined with LF. */
export function speakerTurns(lines: readonly string[], timing: Timing, defaultSpeaker: string): RawSegment[] {
  const segments: RawSegment[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const turn = splitSpeaker(line);
    const current = segments.at(-1);
    if (turn) segments.push({ ...timing, speaker: turn.speaker, text: turn.text });
    else if (current) current.text = joinLines(current.text, line);
    else segments.push({ ...timing, speaker: defaultSpeaker, text: line });
  }
  return segments;
}

/** Appends a line of text with LF; empty lines and an empty start add no LF. */
export function joinLines(text: string, line: string): string {
  if (line === '') return text;
  return text === '' ? line : `${text}\n${line}`;
}
