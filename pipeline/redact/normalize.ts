/** An NFKC-normalised view of a text that remembers where each character came from.
 *
 * Detectors run on the normalised text (full-width digits and Latin become ASCII, half-width
 * katakana becomes full-width, ㈱ becomes (株)), and their spans are mapped back to the original
 * text, so redaction replaces exactly the original characters and leaves the rest untouched.
 *
 * The view normalises one cluster at a time (a code point with the combining marks that follow
 * it, e.g. ｶ + ﾞ), so every output character maps to the original cluster it came from. */

export interface NormalizedView {
  readonly original: string;
  /** The NFKC text detectors read. */
  readonly text: string;
  /** For each UTF-16 unit of `text`: the start (in `original`) of the cluster it came from;
   * `null` when `text === original` (identity mapping). */
  readonly starts: Int32Array | null;
  /** For each UTF-16 unit of `text`: the end (in `original`) of its cluster. */
  readonly ends: Int32Array | null;
}

/** Code points that NFKC leaves alone and that never start a composition: ASCII, the common
 * Japanese punctuation, hiragana, full-width katakana and the CJK unified ideographs. */
function isStable(cp: number): boolean {
  return (
    cp < 0x80 ||
    (cp >= 0x3001 && cp <= 0x3002) ||
    (cp >= 0x300c && cp <= 0x300f) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    cp === 0x30fc ||
    (cp >= 0x4e00 && cp <= 0x9fff)
  );
}

/** Combining marks that attach to the previous code point (accents, kana voicing marks). */
function isCombining(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    cp === 0x3099 ||
    cp === 0x309a ||
    cp === 0xff9e ||
    cp === 0xff9f ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

export function normalizedView(original: string): NormalizedView {
  const whole = original.normalize('NFKC');
  if (whole === original) return { original, text: original, starts: null, ends: null };

  const out: string[] = [];
  // Output can be longer than the input (㍿ → 株式会社); grow the maps when needed.
  let starts = new Int32Array(original.length + 16);
  let ends = new Int32Array(original.length + 16);
  let n = 0;
  const push = (piece: string, from: number, to: number): void => {
    if (n + piece.length > starts.length) {
      const size = Math.max(starts.length * 2, n + piece.length);
      const s2 = new Int32Array(size);
      const e2 = new Int32Array(size);
      s2.set(starts);
      e2.set(ends);
      starts = s2;
      ends = e2;
    }
    for (let k = 0; k < piece.length; k++) {
      starts[n] = from;
      ends[n] = to;
      n++;
    }
    out.push(piece);
  };

  let i = 0;
  while (i < original.length) {
    const cp = original.codePointAt(i) ?? 0;
    let j = i + (cp > 0xffff ? 2 : 1);
    // Extend the cluster over following combining marks.
    while (j < original.length) {
      const next = original.codePointAt(j) ?? 0;
      if (!isCombining(next)) break;
      j += next > 0xffff ? 2 : 1;
    }
    const cluster = original.slice(i, j);
    push(j === i + 1 && isStable(cp) ? cluster : cluster.normalize('NFKC'), i, j);
    i = j;
  }
  return { original, text: out.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** Maps a half-open range of `view.text` to the smallest range of `view.original` covering it. */
export function toOriginal(view: NormalizedView, start: number, end: number): { start: number; end: number } {
  if (view.starts === null || view.ends === null) return { start, end };
  if (end <= start) {
    const at = start < view.starts.length ? (view.starts[start] ?? view.original.length) : view.original.length;
    return { start: at, end: at };
  }
  return { start: view.starts[start] ?? view.original.length, end: view.ends[end - 1] ?? view.original.length };
}
