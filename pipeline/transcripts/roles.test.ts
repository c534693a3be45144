import { describe, expect, it } from 'vitest';
import { tidySegments } from './parse.js';
import { resolveConsultantSpeaker, speakerRole } from './roles.js';

describe('speakerRole', () => {
  it.each([
    ['consultant', 'consultant'],
    ['Consultant', 'consultant'],
    ['  CONSULTANT ', 'consultant'],
    ['コンサルタント', 'consultant'],
    ['CC', 'consultant'],
    ['cc', 'consultant'],
    ['ＣＣ', 'consultant'],
    ['ｃｃ', 'consultant'],
    ['ｺﾝｻﾙﾀﾝﾄ', 'consultant'],
    ['田中', 'client'],
    ['unknown', 'client'],
    ['A', 'client'],
    ['', 'client'],
    ['consultant 2', 'client'],
    ['CCO', 'client'],
    ['キャリアコンサルタント', 'client'],
  ] as const)('%j is the %s', (label, role) => {
    expect(speakerRole(label)).toBe(role);
  });

  it.each([
    ['A', 'A', 'consultant'],
    ['a', 'A', 'consultant'],
    ['Ａ', 'A', 'consultant'],
    [' 山田 ', '山田', 'consultant'],
    ['B', 'A', 'client'],
    ['田中', '山田', 'client'],
    ['CC', 'A', 'consultant'],
    ['', ' ', 'client'],
  ] as const)('%j with consultant_speaker %j is the %s', (label, consultantSpeaker, role) => {
    expect(speakerRole(label, consultantSpeaker)).toBe(role);
  });
});

describe('consultant_speaker "first"', () => {
  const segments = [
    { start: 0, end: 1, speaker: 'unknown', text: '（雑音）' },
    { start: 1, end: 2, speaker: 'B', text: '   ' },
    { start: 2, end: 3, speaker: 'A', text: 'では始めましょう' },
    { start: 3, end: 4, speaker: 'B', text: '転職を考えています' },
  ];

  it('is the first speaker with text who is not unknown; any other value is itself', () => {
    expect(resolveConsultantSpeaker(segments, 'first', 'unknown')).toBe('A');
    expect(resolveConsultantSpeaker(segments, ' FIRST ', 'unknown')).toBe('A');
    expect(resolveConsultantSpeaker(segments, 'B', 'unknown')).toBe('B');
    expect(resolveConsultantSpeaker(segments, undefined, 'unknown')).toBeUndefined();
    expect(resolveConsultantSpeaker([{ speaker: 'unknown', text: 'x' }], 'first', 'unknown')).toBeUndefined();
  });

  it('assigns roles through tidySegments: a transcription whose first speaker is B', () => {
    const flipped = [segments[3]!, segments[2]!];
    expect(tidySegments(flipped, 'first').map((s) => [s.speaker, s.role])).toEqual([['B', 'consultant'], ['A', 'client']]);
    expect(tidySegments(flipped, 'A').map((s) => [s.speaker, s.role])).toEqual([['B', 'client'], ['A', 'consultant']]);
  });
});
