import { describe, expect, it } from 'vitest';
import { speakerRole } from './roles.js';

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
