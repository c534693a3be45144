/** Planning audio preparation, pure: from a recording's length and the silences ffmpeg found,
 * which stretches to keep (long silences trimmed, short margins left around speech) and where to
 * cut the kept audio into pieces (at silences, with an overlap). The ffmpeg adapter runs the
 * plan. Times are rounded to a 10 ms grid, so the cut audio and the time map agree exactly. */
import type { AudioSpan } from '../ports/audio.js';

export interface Interval {
  start: number;
  end: number;
}

export interface PlanOptions {
  /** Silences at least this long are trimmed (seconds). */
  minTrimSec: number;
  /** Seconds of each trimmed silence left beside the speech on either side. */
  marginSec: number;
  /** The longest piece, in seconds of audio (from the upload limit and the bitrate). */
  maxPieceSec: number;
  /** Seconds each piece shares with the next one, centred on the cut. */
  overlapSec: number;
}

export interface PlannedPiece {
  /** Where the piece starts and ends in the original recording. */
  startSec: number;
  endSec: number;
  durationSec: number;
  overlapSec: number;
  spans: AudioSpan[];
}

export interface AudioPlan {
  /** Stretches of the recording kept, in order. */
  kept: Interval[];
  keptSec: number;
  trimmedSec: number;
  pieces: PlannedPiece[];
}

const GRID = 100; // ticks per second: 10 ms
const tick = (sec: number) => Math.round(sec * GRID);
const sec = (ticks: number) => ticks / GRID;

/** The plan, or null when the silences cover the whole recording (nothing to transcribe). */
export function planAudio(durationSec: number, silences: readonly Interval[], opts: PlanOptions): AudioPlan | null {
  const total = tick(durationSec);
  const margin = tick(opts.marginSec);
  const sorted = silences
    .map((s) => ({ start: Math.max(0, tick(s.start)), end: Math.min(total, tick(s.end)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const silent = sorted.reduce((n, s) => n + s.end - s.start, 0);
  if (total <= 0 || silent >= total - 1) return null;

  // Trimmed: a long silence less its margins (none before the recording's start or after its end).
  const cuts = sorted
    .filter((s) => s.end - s.start >= tick(opts.minTrimSec))
    .map((s) => ({ start: s.start === 0 ? 0 : s.start + margin, end: s.end === total ? total : s.end - margin }))
    .filter((c) => c.end > c.start);
  const kept: Interval[] = [];
  let at = 0;
  for (const c of cuts) {
    if (c.start > at) kept.push({ start: at, end: c.start });
    at = Math.max(at, c.end);
  }
  if (at < total) kept.push({ start: at, end: total });
  const keptTicks = kept.reduce((n, k) => n + k.end - k.start, 0);

  // Where cutting the kept audio hurts no word: the joins of kept stretches (a trimmed silence)
  // and the middles of the silences left in, in kept time.
  const toKept = keptClock(kept);
  const joins = kept.slice(1).map((k) => toKept(k.start)).filter((t): t is number => t !== null);
  const inner = sorted.map((s) => toKept(Math.round((s.start + s.end) / 2))).filter((t): t is number => t !== null);
  const candidates = [...new Set([...joins, ...inner])].sort((a, b) => a - b);

  const maxPiece = tick(opts.maxPieceSec);
  const half = Math.floor(tick(opts.overlapSec) / 2);
  if (maxPiece <= 4 * half) throw new RangeError(`pieces of ${opts.maxPieceSec} s cannot hold an overlap of ${opts.overlapSec} s`);
  const bounds: Interval[] = [];
  let start = 0;
  while (keptTicks - start > maxPiece) {
    const latest = start + maxPiece - half;
    // The latest silence in the second half of the piece; else a hard cut (the overlap and the
    // stitching's text match keep the word it splits).
    const cut = candidates.filter((c) => c <= latest && c >= start + maxPiece / 2).pop() ?? latest;
    bounds.push({ start, end: cut + half });
    start = cut - half;
  }
  bounds.push({ start, end: keptTicks });

  const pieces = bounds.map((b, i) => {
    const spans = spansOf(kept, b);
    const first = spans[0]!;
    const last = spans[spans.length - 1]!;
    return {
      startSec: first.from,
      endSec: Number((last.from + last.duration).toFixed(2)),
      durationSec: sec(b.end - b.start),
      overlapSec: i === 0 ? 0 : sec(2 * half),
      spans,
    };
  });
  return { kept: kept.map((k) => ({ start: sec(k.start), end: sec(k.end) })), keptSec: sec(keptTicks), trimmedSec: sec(total - keptTicks), pieces };
}

/** Original ticks → kept ticks (null inside a trimmed stretch). */
function keptClock(kept: readonly Interval[]): (t: number) => number | null {
  return (t) => {
    let before = 0;
    for (const k of kept) {
      if (t >= k.start && t <= k.end) return before + t - k.start;
      before += k.end - k.start;
    }
    return null;
  };
}

/** The original stretches under kept-time [b.start, b.end), as spans of the piece. */
function spansOf(kept: readonly Interval[], b: Interval): AudioSpan[] {
  const spans: AudioSpan[] = [];
  let keptAt = 0;
  for (const k of kept) {
    const len = k.end - k.start;
    const from = Math.max(b.start, keptAt);
    const to = Math.min(b.end, keptAt + len);
    if (to > from) spans.push({ at: sec(from - b.start), from: sec(k.start + from - keptAt), duration: sec(to - from) });
    keptAt += len;
  }
  return spans;
}

/** A time in a piece (seconds) → the same moment in the original recording. */
export function originalTime(spans: readonly AudioSpan[], t: number): number {
  let span = spans[0];
  for (const s of spans) {
    if (t >= s.at) span = s;
    else break;
  }
  if (span === undefined) return t;
  return span.from + Math.min(Math.max(t - span.at, 0), span.duration);
}
