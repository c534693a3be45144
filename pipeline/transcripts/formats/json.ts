/** JSON transcripts: ours (`{ "segments": [ { start, end, speaker, text } ] }`) and OpenAI's
 * `verbose_json` (segments without speakers, or only a top-level `text`) and `diarized_json`
 * (segments with speakers "A", "B", …). One lenient schema covers all three. */
import { z } from 'zod';
import { jsonParseProblem, TranscriptError } from '../../errors.js';
import type { FormatHandler, RawSegment } from './common.js';
import { UNKNOWN_SPEAKER } from './common.js';

const seconds = z.number().nonnegative().nullable().optional();

const JsonSegmentSchema = z
  .object({
    start: seconds,
    end: seconds,
    speaker: z.string().nullable().optional(),
    text: z.string(),
  })
  .refine((s) => s.start == null || s.end == null || s.end >= s.start, {
    message: 'segment ends before it starts',
    path: ['end'],
  });

const JsonTranscriptSchema = z
  .object({
    segments: z.array(JsonSegmentSchema).optional(),
    text: z.string().optional(),
  })
  .refine((t) => t.segments !== undefined || t.text !== undefined, {
    message: 'expected a "segments" array or a "text" string',
  });
type JsonTranscript = z.infer<typeof JsonTranscriptSchema>;

export const json: FormatHandler = {
  label: 'JSON',
  extensions: ['json'],
  sniff: (text) => text.trimStart().startsWith('{'),
  parse: (text, file) => toSegments(validate(readJson(text, file), file)),
};

function readJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    const context = { file, line: errorLine(text, detail) };
    // V8 quotes the text around the error: transcript text, kept out of the message.
    throw new TranscriptError('TRANSCRIPT_UNREADABLE', `not valid JSON: ${jsonParseProblem(err)}`, context);
  }
}

/** The 1-based line a JSON.parse message points at: "(line 4 column 3)" in newer V8,
 * "at position 49" in older. */
function errorLine(text: string, detail: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(detail)?.[1];
  if (line !== undefined) return Number(line);
  const position = /at position (\d+)/.exec(detail)?.[1];
  return position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
}

function validate(data: unknown, file: string): JsonTranscript {
  const result = JsonTranscriptSchema.safeParse(data);
  if (result.success) return result.data;
  const [issue, ...more] = result.error.issues;
  const field = issue && issue.path.length > 0 ? jsonPath(issue.path) : undefined;
  const others = more.length > 0 ? ` (and ${more.length} more problem${more.length === 1 ? '' : 's'})` : '';
  throw new TranscriptError(
    'TRANSCRIPT_UNREADABLE',
    `not a transcript JSON: ${issue?.message ?? 'invalid'}${others}`,
    { file, field },
    { cause: result.error },
  );
}

/** `segments[2].start` */
function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function toSegments(transcript: JsonTranscript): RawSegment[] {
  const { segments = [], text } = transcript;
  // verbose_json without segments (or with an empty list) still carries the full text.
  if (segments.length === 0 && text !== undefined) return [{ start: null, end: null, speaker: UNKNOWN_SPEAKER, text }];
  return segments.map((s) => ({
    start: s.start ?? null,
    end: s.end ?? null,
    speaker: s.speaker?.trim() || UNKNOWN_SPEAKER,
    text: s.text,
  }));
}
