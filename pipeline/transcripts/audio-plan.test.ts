import { describe, expect, it } from 'vitest';
import { originalTime, planAudio } from './audio-plan.js';

const opts = { minTrimSec: 2, marginSec: 0.5, maxPieceSec: 1000, overlapSec: 2 };

describe('planAudio', () => {
  it('trims long silences to their margins, keeps short ones, and maps times back', () => {
    // speech 0–10, silence 10–40 (trimmed to 10.5 | 39.5), speech 40–50, silence 50–51 (kept), speech 51–60
    const plan = planAudio(60, [{ start: 10, end: 40 }, { start: 50, end: 51 }], opts)!;
    expect(plan).toEqual({
      kept: [{ start: 0, end: 10.5 }, { start: 39.5, end: 60 }],
      keptSec: 31,
      trimmedSec: 29,
      pieces: [{ startSec: 0, endSec: 60, durationSec: 31, overlapSec: 0, spans: [{ at: 0, from: 0, duration: 10.5 }, { at: 10.5, from: 39.5, duration: 20.5 }] }],
    });
    // the second tone starts 11 s into the piece: 40 s into the recording
    expect(originalTime(plan.pieces[0]!.spans, 11)).toBe(40);
    expect(originalTime(plan.pieces[0]!.spans, 5)).toBe(5);
  });

  it('trims silence at the very start and end, leaving a margin only beside the speech', () => {
    const plan = planAudio(30, [{ start: 0, end: 5 }, { start: 25, end: 30 }], opts)!;
    expect(plan.kept).toEqual([{ start: 4.5, end: 25.5 }]);
    expect(plan.pieces[0]!.spans).toEqual([{ at: 0, from: 4.5, duration: 21 }]);
  });

  it('is null for a recording that is silence throughout', () => {
    expect(planAudio(30, [{ start: 0, end: 30 }], opts)).toBeNull();
    expect(planAudio(0, [], opts)).toBeNull();
  });

  it('cuts pieces no longer than the limit at silences, overlapping by the overlap, covering all kept audio', () => {
    // 100 s of speech with a 1 s pause (not trimmed) ending every 10 s: pauses at 9–10, 19–20, …
    const silences = Array.from({ length: 10 }, (_, i) => ({ start: i * 10 + 9, end: i * 10 + 10 }));
    const plan = planAudio(100, silences, { ...opts, maxPieceSec: 25 })!;
    expect(plan.trimmedSec).toBe(0);
    for (const p of plan.pieces) expect(p.durationSec).toBeLessThanOrEqual(25);
    // each cut is the middle of a pause: 29.5, 49.5, 69.5 (the latest within 25 − 1 s of the piece start)
    expect(plan.pieces.map((p) => [p.startSec, p.endSec, p.overlapSec])).toEqual([
      [0, 20.5, 0],
      [18.5, 40.5, 2],
      [38.5, 60.5, 2],
      [58.5, 80.5, 2],
      [78.5, 100, 2],
    ]);
  });

  it('cuts inside speech when no silence falls in the second half of a piece', () => {
    const plan = planAudio(50, [], { ...opts, maxPieceSec: 20 })!;
    expect(plan.pieces.map((p) => [p.startSec, p.endSec])).toEqual([[0, 20], [18, 38], [36, 50]]);
  });

  it('keeps the time map exact across a trimmed silence inside a later piece', () => {
    const plan = planAudio(100, [{ start: 30, end: 60 }], { ...opts, maxPieceSec: 45 })!;
    // kept: 0–30.5, 59.5–100 (71 s); the cut is the join at kept 30.5 (original 30.5 | 59.5)
    const second = plan.pieces[1]!;
    expect(second.spans).toEqual([{ at: 0, from: 29.5, duration: 1 }, { at: 1, from: 59.5, duration: 40.5 }]);
    expect(originalTime(second.spans, 1.5)).toBe(60);
    expect(plan.pieces[0]!.durationSec + second.durationSec - second.overlapSec).toBe(plan.keptSec);
  });
});
