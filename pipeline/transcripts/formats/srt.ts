/** SRT (SubRip): numbered cues, a `hh:mm:ss,fff --> hh:mm:ss,fff` timing line, then text.
 * Speakers come from a leading `NAME:` / `NAME：` of a cue line. */
import { TranscriptError } from '../../errors.js';
import type { Cue, FormatHandler } from './common.js';
import { UNKNOWN_SPEAKER, looksLikeTimingLine, parseTimingLine, speakerTurns, toBlocks } from './common.js';

const EXAMPLE_TIMING = '00:00:01,000 --> 00:00:04,000';
const CUE_NUMBER = /^\s*\d+\s*$/;
/** HTML-like tags (`<i>`, `<font color="…">`) and ASS override codes (`{\an8}`). */
const MARKUP = /<[^>]*>|\{\\[^}]*\}/g;

export const srt: FormatHandler = {
  label: 'SRT',
  extensions: ['srt'],
  sniff: (text) => {
    const [first, second] = toBlocks(text)[0] ?? [];
    return first !== undefined && CUE_NUMBER.test(first.text) && second !== undefined && second.text.includes('-->');
  },
  parse: (text, file) =>
    readCues(text, file).flatMap(({ timing, lines }) =>
      speakerTurns(
        lines.map((line) => line.replace(MARKUP, '')),
        timing,
        UNKNOWN_SPEAKER,
      ),
    ),
};

function readCues(text: string, file: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of toBlocks(text)) {
    const [first, second] = block;
    const previous = cues.at(-1);
    if (CUE_NUMBER.test(first.text)) {
      if (second === undefined) {
        throw new TranscriptError('TRANSCRIPT_UNREADABLE', `cue ${first.text.trim()} has no timing line`, {
          file,
          line: first.no,
        });
      }
      cues.push({ timing: parseTimingLine(second, file, EXAMPLE_TIMING), lines: block.slice(2).map((l) => l.text) });
    } else if (looksLikeTimingLine(first.text)) {
      // Cue number missing: accepted, as most players do.
      cues.push({ timing: parseTimingLine(first, file, EXAMPLE_TIMING), lines: block.slice(1).map((l) => l.text) });
    } else if (previous) {
      // A blank line inside cue text: keep the text with the cue it belongs to.
      previous.lines.push(...block.map((l) => l.text));
    } else {
      throw new TranscriptError('TRANSCRIPT_UNREADABLE', 'expected a cue number followed by a timing line', {
        file,
        line: first.no,
      });
    }
  }
  return cues;
}
