/** Own dev sentences for the redactor (`spoken.dev.jsonl`: spoken numbers, e-mails, handles,
 * era dates, organisations, and ordinary quantities and generic words that must survive):
 * parsing and scoring, shared by `spoken.test.ts` and `scripts/redact-dev.ts`. Written here by
 * hand, never taken from the gold set. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { mergeSpans, type Span } from './spans.js';

export const DevCaseSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['ja', 'en']),
  text: z.string().min(1),
  /** Strings that must be wholly redacted (a surviving character counts as a leak). */
  pii: z.array(z.string().min(1)),
  /** Strings no span may touch. */
  keep: z.array(z.string().min(1)),
});
export type DevCase = z.infer<typeof DevCaseSchema>;

export function readDevCases(file: string): DevCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      const parsed = DevCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new InputError(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid case'}`, { file, line: i + 1, field: parsed.error.issues[0]?.path.join(".") ?? "" });
      const c = parsed.data;
      for (const s of [...c.pii, ...c.keep]) if (!c.text.includes(s)) throw new InputError(`${file}:${i + 1}: "${s}" is not in the text`, { file, line: i + 1, field: 'pii' });
      return [c];
    });
}

export interface DevScore {
  /** PII strings of which some non-space character survived. */
  leaked: string[];
  /** Keep strings that a span touched. */
  overRedacted: string[];
}

/** Scores one case against the spans detected on its text. */
export function scoreDevCase(c: DevCase, spans: readonly Span[]): DevScore {
  const merged = mergeSpans(spans);
  const covered = (i: number): boolean => merged.some((s) => s.start <= i && i < s.end);
  const leaked = c.pii.filter((p) => {
    const at = c.text.indexOf(p);
    for (let i = at; i < at + p.length; i++) if (!/\s/u.test(c.text[i] ?? '') && !covered(i)) return true;
    return false;
  });
  const overRedacted = c.keep.filter((k) => {
    const at = c.text.indexOf(k);
    return merged.some((s) => s.start < at + k.length && at < s.end);
  });
  return { leaked, overRedacted };
}
