/** Speaker labels across the pieces of one recording. Diarisation labels speakers per upload
 * (`A`, `B`, … in the order they first speak), so piece 2's `A` need not be piece 1's. Two
 * means, in this order:
 * 1. **Known speakers.** From the second piece on, the speakers heard so far are sent as
 *    `known_speaker_names` (`speaker_A`, …) with a 2–10 s sample of each voice from an earlier
 *    piece (`known_speaker_references`); the model then answers with those names.
 * 2. **The overlap.** A label that comes back without a known name (a server that ignores known
 *    speakers, a voice without a sample) is matched to the earlier speaker whose segments share
 *    the most time with its segments in the overlap both pieces hold (the same words, heard
 *    twice); with no shared time, the one earlier speaker left unclaimed when it is the only one
 *    (a 1on1 has two); otherwise it is a new speaker (the next free letter).
 * Pure. */
import type { TranscribedSegment } from '../../pipeline/transcripts/stitch.js';

/** How a known speaker is named to the model: never a label the model makes up itself. */
export const KNOWN_PREFIX = 'speaker_';
export const knownName = (label: string) => `${KNOWN_PREFIX}${label}`;

/** A piece's segments with times on the recording's clock (for the overlap). */
export interface TimedSegment {
  start: number | null;
  end: number | null;
  speaker: string;
}

/** The piece's labels mapped to the recording's: `earlier` are the recording's segments so far
 * (relabelled), `overlap` the recording-time range both pieces hold. */
export function matchLabels(piece: readonly TimedSegment[], earlier: readonly TimedSegment[], overlap: { start: number; end: number }): Map<string, string> {
  const mapping = new Map<string, string>();
  const used = new Set(earlier.map((s) => s.speaker));
  for (const s of piece) if (s.speaker.startsWith(KNOWN_PREFIX)) mapping.set(s.speaker, s.speaker.slice(KNOWN_PREFIX.length));
  const unknown = [...new Set(piece.map((s) => s.speaker))].filter((l) => !mapping.has(l));
  if (unknown.length === 0) return mapping;

  // shared seconds inside the overlap, per (this piece's label, earlier label)
  const shared = new Map<string, Map<string, number>>();
  const clip = (s: TimedSegment) => (s.start === null || s.end === null ? null : { a: Math.max(s.start, overlap.start), b: Math.min(s.end, overlap.end) });
  for (const s of piece) {
    if (!unknown.includes(s.speaker)) continue;
    const x = clip(s);
    if (x === null || x.b <= x.a) continue;
    for (const e of earlier) {
      const y = clip(e);
      if (y === null) continue;
      const t = Math.min(x.b, y.b) - Math.max(x.a, y.a);
      if (t <= 0) continue;
      const row = shared.get(s.speaker) ?? new Map<string, number>();
      row.set(e.speaker, (row.get(e.speaker) ?? 0) + t);
      shared.set(s.speaker, row);
    }
  }
  const claimed = new Set(mapping.values());
  const pairs = [...shared].flatMap(([l, row]) => [...row].map(([g, t]) => ({ l, g, t }))).sort((p, q) => q.t - p.t);
  for (const { l, g } of pairs) {
    if (mapping.has(l) || claimed.has(g)) continue;
    mapping.set(l, g);
    claimed.add(g);
  }
  const left = unknown.filter((l) => !mapping.has(l));
  const free = [...used].filter((g) => !claimed.has(g));
  if (left.length === 1 && free.length === 1) {
    mapping.set(left[0]!, free[0]!);
    return mapping;
  }
  for (const l of left) {
    const label = nextLabel(new Set([...used, ...mapping.values()]));
    mapping.set(l, label);
  }
  return mapping;
}

/** `A`…`Z`, then `S27`, `S28`, …: the first not taken. */
export function nextLabel(taken: ReadonlySet<string>): string {
  for (let i = 0; ; i++) {
    const label = i < 26 ? String.fromCharCode(65 + i) : `S${i + 1}`;
    if (!taken.has(label)) return label;
  }
}

/** For each speaker without a voice sample yet, its longest segment of at least 2 s in the piece
 * (piece time), cut to at most 8 s around its middle: where to take the sample from. */
export function sampleSpans(segments: readonly TranscribedSegment[], have: ReadonlySet<string>): Map<string, { from: number; duration: number }> {
  const best = new Map<string, { from: number; duration: number; length: number }>();
  for (const s of segments) {
    if (have.has(s.speaker) || s.start === null || s.end === null) continue;
    const length = s.end - s.start;
    if (length < 2 || length <= (best.get(s.speaker)?.length ?? 0)) continue;
    const duration = Math.min(8, length);
    best.set(s.speaker, { from: s.start + (length - duration) / 2, duration, length });
  }
  return new Map([...best].map(([k, { from, duration }]) => [k, { from, duration }]));
}
