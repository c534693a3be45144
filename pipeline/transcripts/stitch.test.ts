import { describe, expect, it } from 'vitest';
import { joinAtOverlap, stitchPieces, type PieceTranscript } from './stitch.js';

const seg = (start: number, end: number, text: string, speaker = 'A') => ({ start, end, speaker, text });

describe('stitchPieces', () => {
  it('maps piece times back to the recording across trimmed silences', () => {
    const piece: PieceTranscript = {
      spans: [{ at: 0, from: 0, duration: 10.5 }, { at: 10.5, from: 39.5, duration: 20 }],
      overlapSec: 0,
      segments: [seg(1, 9, 'first'), seg(11, 20, 'after the pause')],
    };
    expect(stitchPieces([piece])).toEqual([seg(1, 9, 'first'), seg(40, 49, 'after the pause')]);
  });

  it('takes each side of the seam from the piece that holds it whole: nothing twice, nothing lost', () => {
    // piece 0: 0–31 s; piece 1 starts at 29 s (2 s overlap, seam at 30 s)
    const pieces: PieceTranscript[] = [
      { spans: [{ at: 0, from: 0, duration: 31 }], overlapSec: 0, segments: [seg(0, 20, 'one'), seg(20.5, 29.8, 'two'), seg(30.2, 31, 'thr')] },
      { spans: [{ at: 0, from: 29, duration: 30 }], overlapSec: 2, segments: [seg(0, 0.8, 'two'), seg(1.2, 5, 'three'), seg(6, 20, 'four')] },
    ];
    expect(stitchPieces(pieces)).toEqual([seg(0, 20, 'one'), seg(20.5, 29.8, 'two'), seg(30.2, 34, 'three'), seg(35, 49, 'four')]);
  });

  it('joins a sentence cut across the seam at the words both pieces heard, keeping the split word whole', () => {
    // The earlier piece ends mid-word ("hel"); the later one starts mid-word ("nk") and holds "hello" whole.
    const pieces: PieceTranscript[] = [
      { spans: [{ at: 0, from: 0, duration: 30 }], overlapSec: 0, segments: [seg(0, 10, 'hello there'), seg(26, 30, 'I think hel')] },
      { spans: [{ at: 0, from: 28, duration: 30 }], overlapSec: 2, segments: [seg(0, 5, 'nk hello world'), seg(6, 10, 'bye', 'B')] },
    ];
    expect(stitchPieces(pieces)).toEqual([seg(0, 10, 'hello there'), seg(26, 33, 'I think hello world'), seg(34, 38, 'bye', 'B')]);
  });

  it('joins Japanese text without spaces', () => {
    const pieces: PieceTranscript[] = [
      { spans: [{ at: 0, from: 0, duration: 30 }], overlapSec: 0, segments: [seg(25, 30, '今日はキャリアの話を')] },
      { spans: [{ at: 0, from: 28, duration: 30 }], overlapSec: 2, segments: [seg(0, 4, 'リアの話をしましょう')] },
    ];
    expect(stitchPieces(pieces)).toEqual([seg(25, 32, '今日はキャリアの話をしましょう')]);
  });

  it('keeps both texts when they share no words (a doubled word beats a lost one)', () => {
    const pieces: PieceTranscript[] = [
      { spans: [{ at: 0, from: 0, duration: 30 }], overlapSec: 0, segments: [seg(25, 30, 'abc def')] },
      { spans: [{ at: 0, from: 28, duration: 30 }], overlapSec: 2, segments: [seg(0, 4, 'xyz uvw')] },
    ];
    expect(stitchPieces(pieces)).toEqual([seg(25, 30, 'abc def'), seg(28, 32, 'xyz uvw')]);
  });
});

describe('joinAtOverlap', () => {
  it('needs a shared run of at least four characters', () => {
    expect(joinAtOverlap('we went to the', 'the park')).toBeNull();
    expect(joinAtOverlap('we went to the par', 'the park')).toBe('we went to the park');
  });
});
