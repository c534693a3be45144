/** TEST-ONLY fault injection. The integration tests start workers through
 * cli/testing/honne-with-faults.ts, which reads HONNE_TEST_FAULTS and installs `faultHook` as the
 * worker's `beforeJob` hook: session stages fail transiently with a given probability, fail
 * permanently for chosen sessions, or run slowly. The production CLI and its config know none
 * of this. */
import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { ConfigError, InputError, TransientError } from '../../pipeline/errors.js';
import { isSessionStage } from '../queues.js';
import type { SessionStage } from '../ids.js';
import type { Stage } from '../schemas.js';
import type { BeforeJob } from '../worker.js';

/** `transient=0.3,permanent=S1|S2,stage=analyze,delayMs=100,seed=7`. */
export const FaultsSchema = z.object({
  /** Probability that an attempt of a session stage fails with a transient error. */
  transient: z.coerce.number().min(0).max(1).default(0),
  /** Session ids whose stage fails with a permanent error. */
  permanent: z.array(z.string()).default([]),
  /** The stage that faults apply to (default: every session stage). */
  stage: z.enum(['transcribe', 'redact', 'analyze']).optional(),
  /** Milliseconds every session stage sleeps (to make batches long enough to interrupt). */
  delayMs: z.coerce.number().int().min(0).default(0),
  seed: z.string().default('0'),
});
export type Faults = z.infer<typeof FaultsSchema>;

/** The faults of HONNE_TEST_FAULTS (undefined when unset or empty). */
export function parseFaults(value: string | undefined): Faults | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const raw: Record<string, unknown> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, v = ''] = part.split('=', 2);
    raw[key!.trim()] = key!.trim() === 'permanent' ? v.split('|').filter(Boolean) : v.trim();
  }
  const parsed = FaultsSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`HONNE_TEST_FAULTS ${why}`, { variable: 'HONNE_TEST_FAULTS' });
  }
  return parsed.data;
}

export async function injectFault(
  faults: Faults | undefined,
  stage: SessionStage,
  job: { id: string; attemptsMade: number },
  sessionId: string,
): Promise<void> {
  if (!faults || (faults.stage && faults.stage !== stage)) return;
  if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
  if (faults.permanent.includes(sessionId)) {
    throw new InputError(`injected permanent fault in ${stage} (HONNE_TEST_FAULTS)`, { sessionId });
  }
  if (faults.transient > 0) {
    // Deterministic per job and attempt, so a test run is reproducible.
    const h = createHash('sha256').update(`${faults.seed}\0${job.id}\0${job.attemptsMade}`).digest().readUInt32BE(0);
    if (h / 0x1_0000_0000 < faults.transient) {
      throw new TransientError(`injected transient fault in ${stage} (HONNE_TEST_FAULTS)`, { sessionId });
    }
  }
}

/** The worker hook that injects `faults` before each session stage's processor. */
export function faultHook(faults: Faults): BeforeJob {
  return (stage: Stage, job: Job) => {
    if (!isSessionStage(stage)) return Promise.resolve();
    const sessionId = (job.data as { sessionId?: unknown } | undefined)?.sessionId;
    return injectFault(faults, stage, { id: job.id ?? '', attemptsMade: job.attemptsMade }, typeof sessionId === 'string' ? sessionId : '');
  };
}
