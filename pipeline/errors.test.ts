import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, InputError, RateLimitedError, retryable, SourceError, StoreLockedError, TranscriptError, TransientError } from './errors.js';

describe('retryable: the one rule for whether a retry can help', () => {
  it('follows our errors, calls a schema violation permanent, and knows nothing of other errors', () => {
    const zod = z.object({ a: z.string() }).safeParse({}).error;
    expect([
      new InputError('bad row'),
      new TranscriptError('TRANSCRIPT_EMPTY', 'empty'),
      new SourceError('SOURCE_NOT_FOUND', 'gone'),
      new ConfigError('bad'),
      zod,
      new TransientError('429'),
      new StoreLockedError('locked'),
      new Error('ECONNRESET'),
      'a string',
    ].map(retryable)).toEqual([false, false, false, false, false, true, true, undefined, undefined]);
  });

  it('counts a rate limit (429) as transient, keeping how long the provider asked to wait', () => {
    const err = new RateLimitedError('429 from the transcription API', { sessionId: 's-1' }, { retryAfterMs: 1500 });
    expect(err).toBeInstanceOf(TransientError);
    expect([retryable(err), err.code, err.retryAfterMs, err.name]).toEqual([true, 'RATE_LIMITED', 1500, 'RateLimitedError']);
    expect(new RateLimitedError('429').retryAfterMs).toBeUndefined();
  });
});
