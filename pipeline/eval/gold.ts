/** Gold sets: a folder with `cases.jsonl` (one labelled case per line) and the transcripts beside
 * it, in the shape the product spec defines. Parsed here, at the edge, with line numbers. */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { RISK_LEVELS, THEME_IDS } from '../themes.js';

export const GOLD_SPLITS = ['dev', 'test', 'blind'] as const;
export type GoldSplit = (typeof GOLD_SPLITS)[number];

export const GoldLabelsSchema = z.object({
  themes: z.array(z.enum(THEME_IDS)),
  retention_risk: z.enum(RISK_LEVELS),
  mental_health_risk: z.enum(RISK_LEVELS),
  /** Exact strings of the transcript's speech that must not survive redaction. */
  pii: z.array(z.string().min(1)).default([]),
});
export type GoldLabels = z.infer<typeof GoldLabelsSchema>;

/** One case. The spec's fields, plus optional extras honne's own gold set uses: `split` (tune on
 * dev, report on test), `company_name` and `company_aliases` (the session's company and its
 * other spellings), `employee_name` and `consultant_name` (the names the platform knows; all four
 * redacted as in `honne run`), and descriptive `format`, `encoding`, `traps`. Unknown fields are
 * allowed and ignored. */
export const GoldCaseSchema = z.object({
  id: z.string().trim().min(1),
  language: z.enum(['ja', 'en']).default('ja'),
  /** Path relative to the gold folder, in any accepted transcript format. */
  transcript: z.string().trim().min(1),
  consultant_speaker: z.string().trim().min(1).optional(),
  labels: GoldLabelsSchema,
  split: z.enum(GOLD_SPLITS).optional(),
  company_name: z.string().trim().min(1).optional(),
  company_aliases: z.array(z.string().trim().min(2, 'each alias needs at least 2 characters')).optional(),
  employee_name: z.string().trim().min(1).optional(),
  consultant_name: z.string().trim().min(1).optional(),
  format: z.string().optional(),
  encoding: z.string().optional(),
  traps: z.array(z.string()).optional(),
});
export type GoldCase = z.infer<typeof GoldCaseSchema>;

/** A parsed case with the line it came from (for messages). */
export interface GoldEntry {
  line: number;
  case: GoldCase;
}

/** One line of a JSON-lines file through a schema: bad JSON or a bad field is an InputError
 * naming file, line and field. */
export function parseJsonLine<T>(raw: string, schema: z.ZodType<T>, at: { file: string; line: number }, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new InputError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, at, { cause: err });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? what, { ...at, field: issue?.path.join('.') }, { cause: parsed.error });
  }
  return parsed.data;
}

/** Parses `cases.jsonl`. Every problem is an InputError naming file, line and field; duplicate
 * ids are rejected (per-case results are keyed by id). Blank lines are skipped. */
export function parseGoldCases(text: string, file: string): GoldEntry[] {
  const out: GoldEntry[] = [];
  const seen = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      const c = parseJsonLine(raw, GoldCaseSchema, { file, line }, 'invalid gold case');
      const first = seen.get(c.id);
      if (first !== undefined) throw new InputError(`duplicate case id "${c.id}" (first on line ${first})`, { file, line, field: 'id' });
      seen.set(c.id, line);
      out.push({ line, case: c });
    });
  if (out.length === 0) throw new InputError('the gold set has no cases', { file });
  return out;
}

/** The cases of one split (all cases when no split is asked for). */
export function selectSplit(entries: readonly GoldEntry[], split: GoldSplit | undefined): GoldEntry[] {
  return split === undefined ? [...entries] : entries.filter((e) => e.case.split === split);
}
