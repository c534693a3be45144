import { describe, expect, it } from 'vitest';
import { LOCK_DURATION_MS, loadQueueConfig, STALLED_INTERVAL_MS } from './config.js';

describe('loadQueueConfig', () => {
  it('applies the defaults: one stalled interval for every worker', () => {
    const c = loadQueueConfig({});
    expect(c).toEqual({
      prefix: 'honne',
      stalledIntervalMs: STALLED_INTERVAL_MS,
      lockDurationMs: LOCK_DURATION_MS,
      maxStalledCount: 2,
      attempts: 5,
      backoffMs: 2000,
      backoffMaxMs: 120_000,
      storeAttempts: 30,
      rateLimits: {},
      transcribeConcurrency: null,
      keepCompletedS: 14 * 24 * 3600,
      loadGroupSessions: 500,
      loadChunk: 100,
      retentionEveryMs: 24 * 3600 * 1000,
      redisUnreachableMs: 60_000,
      stopTimeoutMs: 30_000,
      logFormat: 'json',
      openaiBatch: false,
      openaiBatchPollMs: 60_000,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('rejects HONNE_LOG_FORMAT=yaml naming the variable and the choices', () => {
    expect(() => loadQueueConfig({ HONNE_LOG_FORMAT: 'yaml' })).toThrow(/HONNE_LOG_FORMAT must be "json" or "pretty"/);
  });

  it('reads rate limits per provider or queue, per minute unless a window is given', () => {
    const c = loadQueueConfig({ HONNE_RATE_LIMITS: 'openai=500, local=0, transcribe=50/10s, analyze=3/1m, redact=5/250ms', HONNE_TRANSCRIBE_CONCURRENCY: '16' });
    expect(c.rateLimits).toEqual({
      openai: { max: 500, durationMs: 60_000 },
      local: { max: 0, durationMs: 60_000 },
      transcribe: { max: 50, durationMs: 10_000 },
      analyze: { max: 3, durationMs: 60_000 },
      redact: { max: 5, durationMs: 250 },
    });
    expect(c.transcribeConcurrency).toBe(16);
    expect(Object.isFrozen(c.rateLimits['openai'])).toBe(true);
  });

  it('reads HONNE_OPENAI_BATCH (1/true) and its poll interval; refuses another value naming the variable', () => {
    expect(loadQueueConfig({ HONNE_OPENAI_BATCH: 'true', HONNE_OPENAI_BATCH_POLL_MS: '500' })).toMatchObject({ openaiBatch: true, openaiBatchPollMs: 500 });
    expect(loadQueueConfig({ HONNE_OPENAI_BATCH: '1' }).openaiBatch).toBe(true);
    expect(() => loadQueueConfig({ HONNE_OPENAI_BATCH: 'yes' })).toThrow(/HONNE_OPENAI_BATCH/);
  });

  it('knows nothing of the tests\' fault injection: HONNE_TEST_FAULTS, even invalid, changes nothing', () => {
    expect(loadQueueConfig({ HONNE_TEST_FAULTS: 'transient=2,permanent=s-1' })).toEqual(loadQueueConfig({}));
  });

  it.each([
    ['HONNE_QUEUE_PREFIX', 'a:b', /HONNE_QUEUE_PREFIX letters, digits/],
    ['HONNE_ATTEMPTS', '0', /HONNE_ATTEMPTS must be at least 1/],
    ['HONNE_LOAD_CHUNK', '0', /HONNE_LOAD_CHUNK must be at least 1/],
    ['HONNE_RATE_LIMITS', 'openai', /HONNE_RATE_LIMITS "openai" is not name=requests_per_minute \(or name=requests\/10s, name.tokens=tokens_per_minute\)/],
    ['HONNE_RATE_LIMITS', 'openai.words=5', /HONNE_RATE_LIMITS "openai.words=5" is not/],
    ['HONNE_RATE_LIMITS', 'transcribe=50/0s', /HONNE_RATE_LIMITS "transcribe=50\/0s" is not name=requests_per_minute/],
    ['HONNE_RATE_LIMITS', 'transcribe=50/10h', /HONNE_RATE_LIMITS "transcribe=50\/10h" is not/],
    ['HONNE_TRANSCRIBE_CONCURRENCY', '0', /HONNE_TRANSCRIBE_CONCURRENCY must be at least 1/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    expect(() => loadQueueConfig({ [variable]: value })).toThrow(message);
  });
});
