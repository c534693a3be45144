/** Redaction's morphemes of the redacted client segments, compact, for the redact job to hand
 * to the analyze job through the object store (as `honne run` hands them over in memory), so
 * the analyze job does not tokenize the session again.
 *
 * Only what analysis reads is kept (pipeline/analyze/language.ts `rawToken`): per morpheme its
 * range in the redacted text, pos, pos_detail_1, pos_detail_2, basic_form and whether it is a
 * known word; the surface is the text's slice. Strings go into one table per session; each
 * segment is a flat integer array, 7 per morpheme. The text is stored only when it is not the
 * segment's normalised redacted text (otherwise rebuilt from the segment). Privacy: these are
 * morphemes of the REDACTED text only (`redact/tokens.ts`); they hold nothing a placeholder
 * replaced. */
import { z } from 'zod';
import type { JaToken, PositionedToken, TokenizedText } from '../pipeline/analyze/tokenizer.js';

/** Integers per morpheme: start, end, pos, pos_detail_1, pos_detail_2, basic_form (string
 * table indexes), known (1 / 0). */
const WIDTH = 7;

export interface CompactTokens {
  /** The string table of every segment's morphemes. */
  strings: string[];
  /** Per segment (same order as the segments): null, or the morphemes; `text` only when it
   * differs from the normalised segment text. */
  segments: Array<{ text?: string; m: number[] } | null>;
}

function isCompactTokens(v: unknown): v is CompactTokens {
  if (typeof v !== 'object' || v === null) return false;
  const { strings, segments } = v as Record<string, unknown>;
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) return false;
  if (!Array.isArray(segments)) return false;
  const n = strings.length;
  for (const s of segments as unknown[]) {
    if (s === null) continue;
    if (typeof s !== 'object') return false;
    const { text, m } = s as Record<string, unknown>;
    if (text !== undefined && typeof text !== 'string') return false;
    if (!Array.isArray(m) || m.length % WIDTH !== 0) return false;
    for (let i = 0; i < m.length; i += WIDTH) {
      for (let j = 0; j < WIDTH; j++) if (!Number.isInteger(m[i + j]) || (m[i + j] as number) < 0) return false;
      for (let j = 2; j < 6; j++) if ((m[i + j] as number) >= n) return false;
      if ((m[i] as number) > (m[i + 1] as number)) return false;
    }
  }
  return true;
}

export const CompactTokensSchema = z.custom<CompactTokens>(isCompactTokens, { message: 'malformed redacted tokens' });

/** Encodes redaction's tokens (`Redacted.tokens`); `normalized[i]` is segment i's redacted text
 * as analysis normalises it. */
export function encodeTokens(tokens: ReadonlyArray<TokenizedText | null>, normalized: (i: number) => string): CompactTokens {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const segments = tokens.map((t, i) => {
    if (t === null) return null;
    const m: number[] = [];
    for (const { token, start, end } of t.tokens) {
      m.push(start, end, id(token.pos), id(token.pos_detail_1), id(token.pos_detail_2), id(token.basic_form), token.word_type === 'KNOWN' ? 1 : 0);
    }
    return t.text === normalized(i) ? { m } : { text: t.text, m };
  });
  return { strings, segments };
}

/** The tokens back, as analysis reads them (fields it does not read are '*'). A morpheme whose
 * range falls outside its text makes the whole segment null: analysis then tokenizes it. */
export function decodeTokens(c: CompactTokens, normalized: (i: number) => string): Array<TokenizedText | null> {
  const s = c.strings;
  return c.segments.map((seg, i) => {
    if (seg === null) return null;
    const text = seg.text ?? normalized(i);
    const out: PositionedToken[] = [];
    const m = seg.m;
    for (let k = 0; k < m.length; k += WIDTH) {
      const start = m[k] as number;
      const end = m[k + 1] as number;
      if (end > text.length) return null;
      const token: JaToken = {
        surface_form: text.slice(start, end),
        word_position: start + 1,
        pos: s[m[k + 2] as number] as string,
        pos_detail_1: s[m[k + 3] as number] as string,
        pos_detail_2: s[m[k + 4] as number] as string,
        pos_detail_3: '*',
        conjugated_form: '*',
        basic_form: s[m[k + 5] as number] as string,
        word_type: m[k + 6] === 1 ? 'KNOWN' : 'UNKNOWN',
      };
      out.push({ token, start, end });
    }
    return { text, tokens: out };
  });
}
