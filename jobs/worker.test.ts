import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, StoreLockedError, TranscriptError, TransientError } from '../pipeline/errors.js';
import type { Failure } from './schemas.js';
import { stageOf } from './queues.js';
import { isPermanent, logSafe } from './worker.js';

describe('error classes in the queue', () => {
  it('fails permanent errors at once and retries transient and unknown ones', () => {
    const zod = z.object({ a: z.string() }).safeParse({}).error;
    expect([
      new InputError('bad row'),
      new TranscriptError('TRANSCRIPT_EMPTY', 'empty'),
      zod,
      new UnrecoverableError('x'),
      new TransientError('429'),
      new StoreLockedError('locked'),
      new Error('ECONNRESET'),
    ].map(isPermanent)).toEqual([true, true, true, true, false, false, false]);
  });

  it('keeps reasons and file names (which may quote the transcript or name the employee) out of log lines', () => {
    const f: Failure = {
      id: 's-1', stage: 'transcribe', companyId: 'C1', code: 'TRANSCRIPT_UNREADABLE', retryable: false,
      reason: 'not valid JSON: Unexpected token "山田さんが"', attempts: 1, file: '/t/yamada-hanako.json', line: 3, jobId: 'j', at: 'now',
    };
    expect(logSafe(f)).toEqual({ line: 3 });
    expect(logSafe({ ...f, code: 'SOURCE_NOT_FOUND', reason: 'file not found: /t/yamada-hanako.json', line: undefined })).toEqual({});
  });

  it('names the stage of a store job by its name', () => {
    expect([stageOf('store', { name: 'load' }), stageOf('store', { name: 'report' }), stageOf('redact', { name: 'redact' })]).toEqual(['load', 'report', 'redact']);
  });
});
