import { describe, expect, it } from 'vitest';
import { looksLikeTimingLine, parseTimestamp, speakerTurns, splitSpeaker, toBlocks } from './common.js';

describe('parseTimestamp', () => {
  it.each([
    ['00:00:01.000', 1],
    ['00:00:01,250', 1.25],
    ['01:02:03.004', 3723.004],
    ['123:00:00.000', 442800],
    ['02:03.5', 123.5],
    ['00:01:02', 62],
    [' 00:00:09.100 ', 9.1],
  ])('%j is %s seconds', (s, seconds) => {
    expect(parseTimestamp(s)).toBe(seconds);
  });

  it.each(['', '1', '00:60.000', '00:00:0x.000', '00:00:01.0000', '0:1:2', '00:00:01.', '-00:00:01.000'])(
    '%j is not a timestamp',
    (s) => {
      expect(parseTimestamp(s)).toBeUndefined();
    },
  );
});

describe('looksLikeTimingLine', () => {
  it.each([
    ['00:00:01.000 --> 00:00:02.000', true],
    ['garbage --> more', true],
    ['00:00:01,000 - 00:00:02,000', true],
    ['10:30に面談', false],
    ['1', false],
    ['田中：はい', false],
  ])('%j → %s', (line, expected) => {
    expect(looksLikeTimingLine(line)).toBe(expected);
  });
});

describe('splitSpeaker', () => {
  it.each([
    ['田中：はい', { speaker: '田中', text: 'はい' }],
    ['田中 ：　はい', { speaker: '田中', text: 'はい' }],
    ['Dr. Sato: ok', { speaker: 'Dr. Sato', text: 'ok' }],
    ['Speaker 1:', { speaker: 'Speaker 1', text: '' }],
    ['A: 10:30 works', { speaker: 'A', text: '10:30 works' }],
  ])('%j → %j', (line, turn) => {
    expect(splitSpeaker(line)).toEqual(turn);
  });

  it.each([
    'no speaker here',
    '10:30に面談',
    ': starts with a colon',
    'https://example.com',
    'つまり、こういうこと：はい',
    'え？そうなの：うん',
    `${'長'.repeat(41)}：text`,
  ])('%j names no speaker', (line) => {
    expect(splitSpeaker(line)).toBeUndefined();
  });
});

describe('speakerTurns', () => {
  it('starts a segment per named line and continues it with unnamed ones', () => {
    expect(speakerTurns(['  はじめに', '', 'A: one', 'more', 'B：two'], { start: 1, end: 2 }, 'unknown')).toEqual([
      { start: 1, end: 2, speaker: 'unknown', text: 'はじめに' },
      { start: 1, end: 2, speaker: 'A', text: 'one\nmore' },
      { start: 1, end: 2, speaker: 'B', text: 'two' },
    ]);
  });
});

describe('toBlocks', () => {
  it('splits at blank and whitespace-only lines, keeping 1-based line numbers', () => {
    expect(toBlocks('\na\nb\n \t\n\nc\n')).toEqual([
      [
        { text: 'a', no: 2 },
        { text: 'b', no: 3 },
      ],
      [{ text: 'c', no: 6 }],
    ]);
  });
});
