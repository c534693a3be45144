import { describe, expect, it } from 'vitest';
import { matchLabels, nextLabel, sampleSpans } from './speakers.js';

const seg = (speaker: string, start: number, end: number) => ({ speaker, start, end });
const overlap = { start: 100, end: 102 };

describe('matchLabels', () => {
  it('known names come back as the recording\'s labels', () => {
    expect(matchLabels([seg('speaker_B', 101, 105), seg('speaker_A', 106, 110)], [seg('A', 90, 95), seg('B', 96, 101.5)], overlap)).toEqual(
      new Map([['speaker_B', 'B'], ['speaker_A', 'A']]),
    );
  });

  it('an unnamed label is the earlier speaker it shares the most overlap time with; the other one is the one left', () => {
    // this piece's A speaks in the overlap where the recording's B did: A is B, and its B the remaining A
    const m = matchLabels([seg('A', 100, 101.4), seg('B', 103, 108)], [seg('A', 90, 98), seg('B', 99, 101.5)], overlap);
    expect(m).toEqual(new Map([['A', 'B'], ['B', 'A']]));
  });

  it('several unmatched voices are new speakers, with the next free letters', () => {
    const m = matchLabels([seg('A', 103, 104), seg('B', 104, 105)], [seg('A', 90, 95), seg('B', 96, 98), seg('C', 98, 99)], overlap);
    expect(m).toEqual(new Map([['A', 'D'], ['B', 'E']]));
  });
});

describe('nextLabel and sampleSpans', () => {
  it('letters, then S27…', () => {
    expect(nextLabel(new Set(['A', 'B']))).toBe('C');
    expect(nextLabel(new Set(Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i))))).toBe('S27');
  });

  it('each new speaker\'s longest segment of 2 s or more, at most 8 s from its middle', () => {
    const segments = [
      { start: 0, end: 1.5, speaker: 'A', text: 'x' },
      { start: 2, end: 14, speaker: 'A', text: 'x' },
      { start: 14, end: 17, speaker: 'B', text: 'x' },
      { start: 17, end: 30, speaker: 'C', text: 'x' },
    ];
    expect(sampleSpans(segments, new Set(['C']))).toEqual(new Map([['A', { from: 4, duration: 8 }], ['B', { from: 14, duration: 3 }]]));
  });
});
