import { describe, expect, it } from 'vitest';
import type { Config } from '../pipeline/config.js';
import { loadQueueConfig } from './config.js';
import { concurrencyOf, limiterOptions, NO_LIMIT, rateLimitOf, rateLimitPauseMs, tokenLimitOf } from './queues.js';

// HONNE_TRANSCRIBER=openai comes with the OpenAI transcriber (issue #14); a provider name here.
const openai = { provider: 'openai', transcriber: 'openai' as Config['transcriber'] } as const;
const local = { provider: 'local', transcriber: 'none' } as const;
const limits = (v: string) => loadQueueConfig({ HONNE_RATE_LIMITS: v });

describe('rate limits per queue', () => {
  it("takes a queue's own entry first, then its provider's; a limit of 0 is none", () => {
    const qc = limits('openai=500,transcribe=50/10s');
    expect(rateLimitOf('transcribe', openai, qc)).toEqual({ max: 50, durationMs: 10_000 });
    expect(rateLimitOf('analyze', openai, qc)).toEqual({ max: 500, durationMs: 60_000 });
    expect(rateLimitOf('transcribe', openai, limits('openai=500'))).toEqual({ max: 500, durationMs: 60_000 });
    expect(rateLimitOf('analyze', openai, limits('openai=0'))).toBeNull();
    // `none` transcribes nothing and the local provider calls nothing: no provider limit applies
    expect([rateLimitOf('transcribe', local, limits('openai=500')), rateLimitOf('analyze', local, limits('openai=500'))]).toEqual([null, null]);
    expect(rateLimitOf('redact', openai, qc)).toBeNull();
    expect(rateLimitOf('store', openai, limits('store=1'))).toBeNull();
  });

  it("reads the analysis token limit from analyze.tokens, else the provider's NAME.tokens; it is no job limit", () => {
    const qc = limits('openai=500,openai.tokens=200000,transcribe.tokens=9');
    expect(tokenLimitOf(openai, qc)).toEqual({ max: 200_000, durationMs: 60_000 });
    expect(tokenLimitOf(openai, limits('openai.tokens=200000,analyze.tokens=30000/10s'))).toEqual({ max: 30_000, durationMs: 10_000 });
    expect([tokenLimitOf(openai, limits('openai=500')), tokenLimitOf(openai, limits('openai.tokens=0')), tokenLimitOf(local, qc)]).toEqual([null, null, null]);
    // BullMQ's limiter still counts requests only
    expect(rateLimitOf('analyze', openai, qc)).toEqual({ max: 500, durationMs: 60_000 });
    expect(rateLimitOf('analyze', openai, limits('openai.tokens=200000'))).toBeNull();
  });

  it('gives every session queue a limiter (BullMQ pauses a queue after a 429 only for a Worker that has one), the store queue none', () => {
    const qc = limits('transcribe=50/10s');
    expect(limiterOptions('transcribe', openai, qc)).toEqual({ limiter: { max: 50, duration: 10_000 } });
    expect(limiterOptions('redact', openai, qc)).toEqual({ limiter: { max: NO_LIMIT.max, duration: NO_LIMIT.durationMs } });
    expect(limiterOptions('store', openai, qc)).toEqual({});
  });

  it("pauses after a 429 as long as the provider asked, else the first retry delay, at most the backoff cap", () => {
    const qc = { backoffMs: 2_000, backoffMaxMs: 120_000 };
    expect([1_500, undefined, 0, Number.NaN, 3_600_000, 0.4].map((ms) => rateLimitPauseMs(ms, qc))).toEqual([1_500, 2_000, 2_000, 2_000, 120_000, 1]);
  });

  it('runs the store queue one job at a time, transcribe at its own concurrency when set', () => {
    expect(['transcribe', 'redact', 'analyze', 'store'].map((q) => concurrencyOf(q as 'store', { concurrency: 4, transcribeConcurrency: 16 }))).toEqual([16, 4, 4, 1]);
    expect(concurrencyOf('transcribe', { concurrency: 4, transcribeConcurrency: null })).toBe(4);
  });
});
