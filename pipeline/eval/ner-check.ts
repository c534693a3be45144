/** The independent name check (`npm run check:names`): sentences from a public corpus whose
 * named entities someone else labelled — persons, which redaction must remove, and products,
 * events and works, which must survive — scored against what redaction made of them. Pure:
 * parsing with line numbers, and scoring from the original and the redacted sentence.
 * Figures only; the sentences are never printed, so nobody tunes on them. */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { PLACEHOLDERS } from '../redact/spans.js';
import { parseJsonLine } from './gold.js';
import { escapeRegExp } from './leaks.js';

export const KEPT_LABELS = ['PERSON', 'PRODUCT', 'EVENT', 'WORK_OF_ART'] as const;
export type CheckLabel = (typeof KEPT_LABELS)[number];
/** Names that are neither a person nor an organisation: redacting them is over-redaction. */
export const MUST_SURVIVE: readonly CheckLabel[] = ['PRODUCT', 'EVENT', 'WORK_OF_ART'];

const NameSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  label: z.enum(KEPT_LABELS),
  /** PERSON only: a title or honorific follows (さん, 氏, 監督): the easy case. */
  titled: z.boolean().optional(),
});

export const CheckSentenceSchema = z
  .object({ id: z.string().min(1), text: z.string().min(1), names: z.array(NameSchema).min(1) })
  .refine((s) => s.names.every((n) => n.start < n.end && n.end <= s.text.length), { message: 'a name lies outside its sentence', path: ['names'] });
export type CheckSentence = z.infer<typeof CheckSentenceSchema>;

/** The vendored corpus keeps its own split in each id (`train-00042`, `dev-…`, `test-…`):
 * `train` sentences are the public tuning set (read them, learn from them, measure on them);
 * `dev` and `test` sentences are the independent check, scored and never read or tuned on. */
export const CHECK_SPLITS = { tuning: ['train'], check: ['dev', 'test'] } as const;
export type CheckSplit = keyof typeof CHECK_SPLITS;

/** The sentences of one side of the split, by id prefix; an id with no known prefix is an
 * error (it would silently fall out of both sides). */
export function selectSplit(sentences: readonly CheckSentence[], split: CheckSplit, file: string): CheckSentence[] {
  const known = Object.values(CHECK_SPLITS).flat() as string[];
  const wanted: readonly string[] = CHECK_SPLITS[split];
  return sentences.filter((s) => {
    const prefix = s.id.split('-')[0] ?? '';
    if (!known.includes(prefix)) throw new InputError(`sentence id ${s.id} has no split prefix (${known.join(', ')})`, { file, field: 'id' });
    return wanted.includes(prefix);
  });
}

/** One sentence per line; every bad line is an InputError naming file, line and field. */
export function parseCheckSentences(text: string, file: string): CheckSentence[] {
  const out: CheckSentence[] = [];
  text.split(/\r?\n/u).forEach((raw, i) => {
    if (raw.trim() !== '') out.push(parseJsonLine(raw, CheckSentenceSchema, { file, line: i + 1 }, 'invalid sentence'));
  });
  if (out.length === 0) throw new InputError('the check set has no sentences', { file });
  return out;
}

const PLACEHOLDER_RE = new RegExp(`(?:${[...new Set(Object.values(PLACEHOLDERS))].map(escapeRegExp).join('|')})`, 'gu');

/** Which characters of `original` redaction replaced, recovered from the redacted text (the
 * original with spans swapped for placeholders); null when the two cannot be aligned. */
export function redactedMask(original: string, redacted: string): boolean[] | null {
  const literals = redacted.split(PLACEHOLDER_RE);
  if (literals.length === 1) return redacted === original ? new Array<boolean>(original.length).fill(false) : null;
  const m = new RegExp(`^${literals.map(escapeRegExp).join('([\\s\\S]+?)')}$`, 'du').exec(original);
  if (m?.indices === undefined) return null;
  const mask = new Array<boolean>(original.length).fill(false);
  for (const range of m.indices.slice(1)) {
    if (range === undefined) continue;
    for (let k = range[0]; k < range[1]; k++) mask[k] = true;
  }
  return mask;
}

export interface Rate {
  /** Names counted. */
  total: number;
  /** Persons: every character redacted. Must-survive names: at least one character redacted. */
  hit: number;
  rate: number | null;
}

export interface NameCheckReport {
  sentences: number;
  /** Sentences whose redacted text could not be aligned with the original (counted as
   * nothing redacted). */
  unaligned: number;
  persons: Rate & {
    /** Some characters redacted, not all: a part of the name survives (counted as missed). */
    partial: number;
    /** Persons without a title or honorific after them, and with one. */
    untitled: Rate;
    titled: Rate;
  };
  /** Share of must-survive names wrongly redacted, in all and per label. */
  over_redaction: Rate & { per_label: Record<string, Rate> };
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;
const rate = (hit: number, total: number): Rate => ({ total, hit, rate: total === 0 ? null : round4(hit / total) });

/** Scores redacted sentences (same order as `sentences`). */
export function scoreNameCheck(sentences: readonly CheckSentence[], redacted: readonly string[]): NameCheckReport {
  return scoreNameMasks(
    sentences,
    sentences.map((s, i) => redactedMask(s.text, redacted[i] ?? s.text)),
  );
}

/** Scores which characters of each sentence were redacted (null: could not be aligned, counted
 * as nothing redacted); `scripts/train-names.ts` scores its cross-validation folds with it. */
export function scoreNameMasks(sentences: readonly CheckSentence[], masks: ReadonlyArray<readonly boolean[] | null>): NameCheckReport {
  let unaligned = 0;
  let partial = 0;
  const count = (): { total: number; hit: number } => ({ total: 0, hit: 0 });
  const titled = count();
  const untitled = count();
  const over = new Map(MUST_SURVIVE.map((l) => [l, count()]));
  sentences.forEach((s, i) => {
    const mask = masks[i] ?? null;
    if (mask === null) unaligned++;
    for (const n of s.names) {
      const covered = mask === null ? 0 : mask.slice(n.start, n.end).filter(Boolean).length;
      const c = n.label === 'PERSON' ? (n.titled === true ? titled : untitled) : over.get(n.label);
      if (c === undefined) continue;
      c.total++;
      // A person counts when every character is gone; a must-survive name when any is.
      if (n.label === 'PERSON' ? covered === n.end - n.start : covered > 0) c.hit++;
      else if (n.label === 'PERSON' && covered > 0) partial++;
    }
  });
  const sum = (xs: Iterable<{ total: number; hit: number }>) => [...xs].reduce((a, x) => ({ total: a.total + x.total, hit: a.hit + x.hit }), count());
  const persons = sum([titled, untitled]);
  const overAll = sum(over.values());
  return {
    sentences: sentences.length,
    unaligned,
    persons: { ...rate(persons.hit, persons.total), partial, untitled: rate(untitled.hit, untitled.total), titled: rate(titled.hit, titled.total) },
    over_redaction: { ...rate(overAll.hit, overAll.total), per_label: Object.fromEntries([...over].map(([l, x]) => [l, rate(x.hit, x.total)])) },
  };
}

/** The report as text (`npm run check:names` without `--json`). */
export function renderNameCheck(r: NameCheckReport, source: string): string {
  const pct = (x: Rate): string => (x.rate === null ? '–' : `${(x.rate * 100).toFixed(1)} %`);
  const lines = [
    `Independent name check — ${source} (${r.sentences} sentences)`,
    `  person-name recall      ${pct(r.persons)} (${r.persons.hit}/${r.persons.total} fully redacted; ${r.persons.partial} partly)`,
    `    without a title       ${pct(r.persons.untitled)} (${r.persons.untitled.hit}/${r.persons.untitled.total})`,
    `    with a title          ${pct(r.persons.titled)} (${r.persons.titled.hit}/${r.persons.titled.total})`,
    `  over-redaction          ${pct(r.over_redaction)} (${r.over_redaction.hit}/${r.over_redaction.total} must-survive names redacted)`,
    ...Object.entries(r.over_redaction.per_label).map(([l, x]) => `    ${l.padEnd(22)}${pct(x)} (${x.hit}/${x.total})`),
  ];
  if (r.unaligned > 0) lines.push(`  ${r.unaligned} sentence(s) could not be aligned with their redaction (counted as nothing redacted)`);
  return lines.join('\n');
}
