/** Plain text: `NAME: text` / `NAME：text` lines, each optionally led by a `[hh:mm:ss]`
 * timestamp. A line naming no speaker continues the previous segment. */
import type { FormatHandler, RawSegment } from './common.js';
import { UNKNOWN_SPEAKER, joinLines, parseTimestamp, splitSpeaker } from './common.js';

const LEADING_TIMESTAMP = /^\[([^\]]*)\]\s*/;

export const text: FormatHandler = {
  label: 'plain text',
  extensions: ['txt'],
  // No sniff: plain text is the fallback for content no other format claims.
  parse: (content) => {
    const segments: RawSegment[] = [];
    for (const raw of content.split('\n')) {
      const { start, rest } = splitTimestamp(raw.trim());
      if (rest === '') continue;
      const turn = splitSpeaker(rest);
      const current = segments.at(-1);
      if (turn) segments.push({ start, end: null, speaker: turn.speaker, text: turn.text });
      else if (current) current.text = joinLines(current.text, rest);
      else segments.push({ start, end: null, speaker: UNKNOWN_SPEAKER, text: rest });
    }
    return segments;
  },
};

/** A leading `[00:01:02]` becomes the start time; brackets holding anything else stay text. */
function splitTimestamp(line: string): { start: number | null; rest: string } {
  const m = LEADING_TIMESTAMP.exec(line);
  const start = m?.[1] === undefined ? undefined : parseTimestamp(m[1]);
  if (m === null || start === undefined) return { start: null, rest: line };
  return { start, rest: line.slice(m[0].length) };
}
