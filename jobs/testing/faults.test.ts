import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { InputError, TransientError } from '../../pipeline/errors.js';
import { faultHook, injectFault, parseFaults } from './faults.js';

describe('test-only fault injection', () => {
  const faults = { transient: 0.3, permanent: ['s-bad'], delayMs: 0, seed: '1' };
  it('fails about the given share of attempts, deterministically, and the named sessions permanently', async () => {
    let failed = 0;
    for (let i = 0; i < 1000; i++) {
      await injectFault(faults, 'redact', { id: `j${i}`, attemptsMade: 0 }, 's-1').catch((e: unknown) => {
        expect(e).toBeInstanceOf(TransientError);
        failed++;
      });
    }
    expect(failed).toBeGreaterThan(250);
    expect(failed).toBeLessThan(350);
    await expect(injectFault(faults, 'analyze', { id: 'j', attemptsMade: 0 }, 's-bad')).rejects.toBeInstanceOf(InputError);
    await expect(injectFault({ ...faults, stage: 'analyze' }, 'redact', { id: 'j', attemptsMade: 0 }, 's-bad')).resolves.toBeUndefined();
    await expect(injectFault(undefined, 'redact', { id: 'j', attemptsMade: 0 }, 's-bad')).resolves.toBeUndefined();
  });

  it('reads HONNE_TEST_FAULTS, and rejects a bad value naming the variable', () => {
    expect(parseFaults('transient=0.3,permanent=s-1|s-2,stage=analyze,seed=9')).toEqual({ transient: 0.3, permanent: ['s-1', 's-2'], stage: 'analyze', delayMs: 0, seed: '9' });
    expect([parseFaults(undefined), parseFaults('')]).toEqual([undefined, undefined]);
    expect(() => parseFaults('transient=2')).toThrow(/HONNE_TEST_FAULTS transient/);
  });

  it('as a worker hook, faults session stages by the job\'s session and leaves load and report alone', async () => {
    const hook = faultHook({ ...faults, transient: 0 });
    const job = (sessionId: string) => ({ id: 'j', attemptsMade: 0, data: { sessionId } }) as unknown as Job;
    await expect(hook('analyze', job('s-bad'))).rejects.toBeInstanceOf(InputError);
    await expect(hook('analyze', job('s-1'))).resolves.toBeUndefined();
    await expect(hook('load', job('s-bad'))).resolves.toBeUndefined();
  });
});
