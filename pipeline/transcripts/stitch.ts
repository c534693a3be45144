/** Stitching the transcripts of a recording's pieces (pipeline/ports/audio.ts) into one, pure.
 *
 * 1. Every time goes back to the original recording through the piece's spans, so trimmed
 *    silences reappear as gaps between segments.
 * 2. Each seam is the middle of the overlap two neighbouring pieces share (pieces are cut at a
 *    silence, so usually nothing is said there). From the earlier piece the segments that start
 *    before the seam are kept; from the later one those that end after it. Each word of the
 *    overlap then comes from the piece that holds it whole.
 * 3. A segment may still run across the seam in both pieces (a cut inside speech), or the earlier
 *    piece's last segment may reach into the later piece's first: then the two texts are joined
 *    at their longest common run of characters (at least MIN_MATCH, so it works without spaces
 *    for Japanese), which drops the words said twice and keeps a word split at a seam whole.
 *    Without such a run both are kept: a doubled word is a smaller harm than a lost one. */
import type { AudioSpan } from '../ports/audio.js';
import type { Transcription } from '../schemas.js';
import { originalTime } from './audio-plan.js';

export type TranscribedSegment = Transcription['segments'][number];

export interface PieceTranscript {
  spans: readonly AudioSpan[];
  overlapSec: number;
  /** The piece's segments, times in seconds from the piece's start. */
  segments: readonly TranscribedSegment[];
}

/** The shortest run of characters two texts must share to be joined there. */
export const MIN_MATCH = 4;
/** How far into each text a shared run is looked for (an overlap of a few seconds of speech). */
const WINDOW = 300;

export function stitchPieces(pieces: readonly PieceTranscript[]): TranscribedSegment[] {
  const out: TranscribedSegment[] = [];
  pieces.forEach((piece, i) => {
    const segments = piece.segments.map((s) => ({
      ...s,
      start: s.start === null ? null : round(originalTime(piece.spans, s.start)),
      end: s.end === null ? null : round(originalTime(piece.spans, s.end)),
    }));
    if (i === 0) {
      out.push(...segments);
      return;
    }
    const seam = originalTime(piece.spans, piece.overlapSec / 2);
    while (out.length > 0 && (out[out.length - 1]!.start ?? -Infinity) >= seam) out.pop();
    const later = segments.filter((s) => s.end === null || s.end > seam);
    const a = out[out.length - 1];
    const b = later[0];
    if (a !== undefined && b !== undefined && a.end !== null && b.start !== null && a.end > b.start) {
      const text = joinAtOverlap(a.text, b.text);
      if (text !== null) {
        out[out.length - 1] = { ...a, end: b.end, text };
        later.shift();
      }
    }
    out.push(...later);
  });
  return out;
}

/** `a` then `b`, joined at the longest run of characters that ends `a`'s tail and begins
 * `b`'s head (within WINDOW characters of the join), said once; null when none is MIN_MATCH long. */
export function joinAtOverlap(a: string, b: string): string | null {
  const tailFrom = Math.max(0, a.length - WINDOW);
  const tail = a.slice(tailFrom);
  const head = b.slice(0, WINDOW);
  // Longest common substring, by dynamic programming over the two windows.
  let best = { length: 0, endA: 0, endB: 0 };
  let prev = new Array<number>(head.length + 1).fill(0);
  for (let i = 1; i <= tail.length; i++) {
    const row = new Array<number>(head.length + 1).fill(0);
    for (let j = 1; j <= head.length; j++) {
      if (tail[i - 1] === head[j - 1]) {
        row[j] = prev[j - 1]! + 1;
        if (row[j]! > best.length) best = { length: row[j]!, endA: i, endB: j };
      }
    }
    prev = row;
  }
  if (best.length < MIN_MATCH) return null;
  return a.slice(0, tailFrom + best.endA) + b.slice(best.endB);
}

const round = (t: number) => Math.round(t * 1000) / 1000;
