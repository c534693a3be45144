/** TEST-ONLY fault injection (HONNE_TEST_FAULTS, read once with the queue config). It lets the
 * integration tests make session stages fail transiently with a given probability, fail
 * permanently for chosen sessions, or run slowly. Unset in every real deployment. */
import { createHash } from 'node:crypto';
import { InputError, TransientError } from '../pipeline/errors.js';
import type { Faults } from './config.js';
import type { SessionStage } from './ids.js';

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
