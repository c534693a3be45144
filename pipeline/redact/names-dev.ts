/** The own dev set of person names (`names.dev.jsonl`) and how redaction scores on it: a name
 * counts as found only when no part of it survives; a word that must be kept counts as
 * over-redacted when it is gone. Used by `names.test.ts` and `scripts/names-dev.ts`. */
import { z } from 'zod';
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { InputError } from '../errors.js';
import { redactSegments } from './redact.js';

const NameCaseSchema = z.union([
  z.object({ id: z.string(), text: z.string().min(1), names: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ id: z.string(), text: z.string().min(1), keep: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type NameCase = z.infer<typeof NameCaseSchema>;

export function parseNameCases(jsonl: string, file: string): NameCase[] {
  return jsonl.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new InputError(`${file}:${i + 1}: not JSON`, { file, line: i + 1 });
    }
    const parsed = NameCaseSchema.safeParse(raw);
    if (!parsed.success) throw new InputError(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file, line: i + 1, field: parsed.error.issues[0]?.path.join('.') });
    return [parsed.data];
  });
}

export interface NameScore {
  names: { total: number; found: number; recall: number };
  kept: { total: number; wrong: number; rate: number };
  misses: string[];
}

/** Each case is one client segment of its own session, redacted with no speaker names. */
export function scoreNameCases(cases: readonly NameCase[], tokenizer: JaTokenizer): NameScore {
  const score: NameScore = { names: { total: 0, found: 0, recall: 0 }, kept: { total: 0, wrong: 0, rate: 0 }, misses: [] };
  for (const c of cases) {
    const ctx = { language: 'ja' as const, speakerNames: [], tokenizer };
    const out = redactSegments([{ start: 0, end: 1, speaker: 'A', role: 'client', text: c.text }], ctx).segments[0]?.text ?? '';
    if ('names' in c) {
      for (const name of c.names) {
        score.names.total++;
        const leaked = name.split(/[・\s]/u).some((part) => part !== '' && out.includes(part)) || out.includes(name);
        if (leaked) score.misses.push(`leaked ${name}: ${out}`);
        else score.names.found++;
      }
    } else {
      for (const word of c.keep) {
        score.kept.total++;
        if (out.includes(word)) continue;
        score.kept.wrong++;
        score.misses.push(`over-redacted ${word}: ${out}`);
      }
    }
  }
  score.names.recall = score.names.total === 0 ? 1 : score.names.found / score.names.total;
  score.kept.rate = score.kept.total === 0 ? 0 : score.kept.wrong / score.kept.total;
  return score;
}
