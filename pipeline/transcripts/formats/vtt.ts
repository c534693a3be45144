/** WebVTT: a `WEBVTT` header, then cues (optional identifier, `[hh:]mm:ss.fff --> …` timing
 * line, text). Speakers come from `<v NAME>` voice tags, else from a leading `NAME:`. */
import { TranscriptError } from '../../errors.js';
import type { Block, Cue, FormatHandler, RawSegment } from './common.js';
import {
  UNKNOWN_SPEAKER,
  firstNonBlankLine,
  joinLines,
  looksLikeTimingLine,
  parseTimingLine,
  speakerTurns,
  toBlocks,
} from './common.js';

const HEADER = /^WEBVTT(?:[ \t].*)?$/;
/** Blocks that carry no speech. */
const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;
const EXAMPLE_TIMING = '00:00:01.000 --> 00:00:04.000';
/** `<v NAME>` or `<v.class1.class2 NAME>`; group 1 is the name (absent for a bare `<v>`). */
const VOICE_TAG = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>/g;
const ANY_TAG = /<[^>]*>/g;
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

export const vtt: FormatHandler = {
  label: 'WebVTT',
  extensions: ['vtt'],
  sniff: (text) => HEADER.test(firstNonBlankLine(text)),
  parse: (text, file) => readCues(text, file).flatMap(cueSegments),
};

function readCues(text: string, file: string): Cue[] {
  const [header, ...blocks] = toBlocks(text);
  checkHeader(header, file);
  const cues: Cue[] = [];
  for (const block of blocks) {
    const [first, second] = block;
    if (SKIPPED_BLOCK.test(first.text)) continue;
    // The timing line is the first line, or the second after a cue identifier.
    const timingLine = [first, second].find((line) => line !== undefined && looksLikeTimingLine(line.text));
    const previous = cues.at(-1);
    if (timingLine) {
      const timing = parseTimingLine(timingLine, file, EXAMPLE_TIMING);
      cues.push({ timing, lines: block.filter((line) => line.no > timingLine.no).map((line) => line.text) });
    } else if (previous) {
      // A blank line inside cue text: keep the text with the cue it belongs to.
      previous.lines.push(...block.map((line) => line.text));
    } else {
      throw new TranscriptError('TRANSCRIPT_UNREADABLE', `expected a cue timing line such as "${EXAMPLE_TIMING}"`, {
        file,
        line: (second ?? first).no,
      });
    }
  }
  return cues;
}

function checkHeader(header: Block | undefined, file: string): void {
  const [first, ...rest] = header ?? [];
  if (!first || !HEADER.test(first.text.trim())) {
    throw new TranscriptError('TRANSCRIPT_UNREADABLE', 'a WebVTT file must start with a "WEBVTT" line', {
      file,
      line: first?.no ?? 1,
    });
  }
  const cueInHeader = rest.find((line) => line.text.includes('-->'));
  if (cueInHeader) {
    const message = 'a blank line must separate the "WEBVTT" header from the first cue';
    throw new TranscriptError('TRANSCRIPT_UNREADABLE', message, { file, line: cueInHeader.no });
  }
}

/** A cue's text split at voice tags: each `<v NAME>` span is one segment; text outside voice
 * spans takes its speaker from a leading `NAME:`, else is `unknown`. */
function cueSegments({ timing, lines }: Cue): RawSegment[] {
  const payload = lines.join('\n');
  const voices = [...payload.matchAll(VOICE_TAG)];
  const spans: { speaker: string | undefined; text: string }[] = [
    { speaker: undefined, text: payload.slice(0, voices[0]?.index ?? payload.length) },
    ...voices.map((voice, i) => ({
      speaker: voice[1]?.trim() || undefined,
      text: payload.slice(voice.index + voice[0].length, voices[i + 1]?.index ?? payload.length),
    })),
  ];
  return spans.flatMap(({ speaker, text }) => {
    const plain = cleanText(text).split('\n');
    if (speaker === undefined) return speakerTurns(plain, timing, UNKNOWN_SPEAKER);
    return [{ ...timing, speaker, text: plain.map((line) => line.trim()).reduce(joinLines, '') }];
  });
}

/** Removes markup (`<c>`, `<i>`, `</v>`, inline timestamps …) and decodes character references. */
function cleanText(text: string): string {
  return text.replace(ANY_TAG, '').replace(ENTITY, (entity, dec?: string, hex?: string, name?: string) => {
    const cp = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (cp === undefined) return NAMED_ENTITIES[name?.toLowerCase() ?? ''] ?? entity;
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : entity;
  });
}
