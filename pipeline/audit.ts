/** The audit trail: what honne did with a store, for a data protection officer's questions
 * ("who ran what when, on which inputs, what was published, what was erased"). Entries carry
 * counts, ids of runs, companies and periods, and hashes of input files: never an employee's
 * id or pseudonym, never text. */
import { z } from 'zod';

export const AUDIT_ACTIONS = ['key_bound', 'key_refused', 'run_started', 'run', 'report', 'erase', 'retention', 'key_rotated', 'survey_import'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const count = z.number().int().nonnegative();

/** What each action records: a registry keyed by the action, so a new action fails to compile
 * until its detail is described. */
export const AUDIT_DETAIL = {
  key_bound: z.object({ demo: z.boolean() }),
  /** A command refused for its key (the one thing a refused command writes): a demo key on a
   * real store, a real key on a demo store, or another key. Never the key or its fingerprint. */
  key_refused: z.object({ reason: z.enum(['demo_key_on_real_store', 'real_key_on_demo_store', 'other_key']) }),
  /** Written before a run reads anything: a run that fails still names its output folder. */
  run_started: z.object({ out: z.string() }),
  run: z.object({
    inputs: z.object({ companies: z.string(), manifest: z.string() }),
    /** Where its reports and operator files went: erasure rewrites the operator files there. */
    out: z.string(),
    processed: count,
    skipped: count,
    erased: count,
    failed: count,
    rejects: count,
    reports: count,
  }),
  report: z.object({
    company_id: z.string(),
    period: z.string(),
    version: count,
    decision: z.enum(['published', 'unchanged', 'held_back']),
    files: count,
  }),
  erase: z.object({ companies: count, sessions: count, queued: count, queue_failures: count, queue_rejects: count, operator_rows: count, cache_entries: count.default(0) }),
  retention: z.object({
    dry_run: z.boolean(),
    /** The lifetimes applied, in days (null: forever). */
    lifetimes: z.record(z.string(), count.nullable()),
    /** Results were deleted for periods before this one (null: results are kept forever). */
    first_kept_period: z.string().nullable(),
    sessions: count,
    periods: count,
    ledger_members: count,
    objects: z.record(z.string(), count),
    operator_files: count,
    operator_rows: count,
    queue_records: count,
    cache_entries: count.default(0),
  }),
  key_rotated: z.object({ pseudonyms: count, manifests: z.array(z.string()) }),
  /** A survey file stored (honne survey import, honne run --survey): its SHA-256 and counts. */
  survey_import: z.object({ file: z.string(), added: count, changed: count, unchanged: count, rejects: count }),
} satisfies Record<AuditAction, z.ZodType>;

export type AuditDetail<A extends AuditAction> = z.infer<(typeof AUDIT_DETAIL)[A]>;

export const AuditEntrySchema = z.object({
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  run_id: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** One entry, its detail checked against the action's schema (a bug, not bad input, if not). */
export function auditEntry<A extends AuditAction>(action: A, detail: AuditDetail<A>, at: Date, runId: string | null = null): AuditEntry {
  return { at: at.toISOString(), action, run_id: runId, detail: AUDIT_DETAIL[action].parse(detail) as Record<string, unknown> };
}
