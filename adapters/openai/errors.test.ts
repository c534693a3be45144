/** The SDK's errors as honne's, with the real client against the loopback server: what a retry
 * can mend is transient, a refused key a configuration error, the rest permanent; no message
 * holds a body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ProviderError, RateLimitedError, TransientError } from '../../pipeline/errors.js';
import { createOpenAiClient } from './client.js';
import { fromOpenAiError } from './errors.js';
import { faults, startLoopback, type Loopback } from './testing/loopback.js';

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback({ routes: { 'POST /v1/audio/transcriptions': () => ({ kind: 'json', body: { text: 'ok' } }) } });
});
afterAll(() => server.close());

const client = (overrides: { timeoutMs?: number; maxRetries?: number } = {}) =>
  createOpenAiClient({ openaiApiKey: 'sk-test', openaiBaseUrl: server.baseURL, openaiTimeoutMs: overrides.timeoutMs ?? 5000, openaiMaxRetries: overrides.maxRetries ?? 0 }, 'the test');

/** One transcription call's failure, mapped. */
async function failure(over?: { timeoutMs?: number; maxRetries?: number }): Promise<Error> {
  const file = new File([Buffer.from('SECRET AUDIO BYTES')], 'a.mp3', { type: 'audio/mpeg' });
  try {
    await client(over).audio.transcriptions.create({ file, model: 'whisper-1' });
  } catch (err) {
    return fromOpenAiError(err, { what: 'transcription', server: '127.0.0.1', sessionId: 's-1' });
  }
  throw new Error('the call did not fail');
}

describe('fromOpenAiError', () => {
  it('429 and 500 are transient, with status, code and request id, and the session; a 429 carries the wait it asked for', async () => {
    server.script(faults.rateLimited(3));
    const rate = await failure();
    expect(rate).toBeInstanceOf(TransientError);
    expect(rate).toBeInstanceOf(RateLimitedError);
    expect(rate).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 3000, context: { sessionId: 's-1' } });
    expect(rate.message).toMatch(/^transcription at 127\.0\.0\.1 was rate limited \(HTTP 429 rate_limit_exceeded, request req_loopback_\d+\)/);
    server.script(faults.status(429, 'rate_limit_exceeded', { 'retry-after-ms': '1250', 'retry-after': '2' }));
    expect(await failure()).toMatchObject({ retryAfterMs: 1250 });
    // no wait mends a used-up quota: a configuration error, not a rate limit the queue would wait out forever
    server.script(faults.status(429, 'insufficient_quota'));
    expect(await failure()).toMatchObject({ code: 'CONFIG_INVALID', retryable: false, context: { variable: 'OPENAI_API_KEY' } });
    server.script(faults.serverError());
    expect(await failure()).toMatchObject({ code: 'TRANSIENT', message: expect.stringMatching(/HTTP 500 server_error/) as unknown });
  });

  it('401 and 403 are configuration errors naming OPENAI_API_KEY', async () => {
    for (const status of [401, 403]) {
      server.script(faults.status(status, 'invalid_api_key'));
      const err = await failure();
      expect(err).toBeInstanceOf(ConfigError);
      expect(err).toMatchObject({ retryable: false, context: { variable: 'OPENAI_API_KEY' }, message: expect.stringContaining('check OPENAI_API_KEY') as unknown });
    }
  });

  it('400, 404 and 422 are permanent (PROVIDER_REJECTED); a malformed body is PROVIDER_INVALID_OUTPUT', async () => {
    for (const status of [400, 404, 422]) {
      server.script(faults.status(status, 'invalid_value'));
      const err = await failure();
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ code: 'PROVIDER_REJECTED', retryable: false });
    }
    server.script(faults.malformed());
    const err = await failure();
    expect(err).toMatchObject({ code: 'PROVIDER_INVALID_OUTPUT', retryable: false });
    expect(err.message).not.toContain('unterminated');
  });

  it('a server that never answers is the client timeout, transient; a dropped connection too', async () => {
    server.script(faults.hang());
    expect(await failure({ timeoutMs: 200 })).toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('timed out') as unknown });
    server.script(faults.drop());
    expect(await failure()).toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('could not connect') as unknown });
  });

  it('no message holds the body the server sent (an error body may quote the request)', async () => {
    server.script({ kind: 'json', status: 400, body: { error: { message: 'bad audio: SECRET AUDIO BYTES said 山田さん', type: 'x', code: 'has spaces in it' } } });
    const err = await failure();
    expect(err.message).not.toMatch(/SECRET|山田|spaces/);
    expect(err.message).toMatch(/HTTP 400, request req_loopback_\d+/);
  });

  it('the loopback server recorded each upload whole, fields and file', () => {
    const last = server.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', path: '/v1/audio/transcriptions', fields: { model: 'whisper-1' }, status: 400 });
    expect(last.files.map((f) => [f.field, f.name, f.bytes.toString()])).toEqual([['file', 'a.mp3', 'SECRET AUDIO BYTES']]);
  });

  it('without a key the client is not made: a configuration error naming OPENAI_API_KEY', () => {
    expect(() => createOpenAiClient({ openaiApiKey: undefined, openaiBaseUrl: undefined, openaiTimeoutMs: 1000, openaiMaxRetries: 0 }, 'HONNE_TRANSCRIBER=openai')).toThrow(
      expect.objectContaining({ message: 'HONNE_TRANSCRIBER=openai needs OPENAI_API_KEY (a server of your own that takes no key: set any value)', context: { variable: 'OPENAI_API_KEY' } }) as Error,
    );
  });
});

describe('the loopback rate limit', () => {
  it('answers 429 with Retry-After past the limit in the window, and counts them', async () => {
    const limited = await startLoopback({ rateLimit: { perWindow: 2, windowMs: 60_000 }, routes: { 'POST /v1/audio/transcriptions': () => ({ kind: 'json', body: { text: 'ok' } }) } });
    try {
      const statuses: Array<[number, string | null]> = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${limited.baseURL}/audio/transcriptions`, { method: 'POST', body: new FormData() });
        statuses.push([r.status, r.headers.get('retry-after')]);
      }
      expect(statuses.map(([s]) => s)).toEqual([200, 200, 429]);
      expect(Number(statuses[2]![1])).toBeGreaterThanOrEqual(59);
      expect(limited.limited).toBe(1);
    } finally {
      await limited.close();
    }
  });
});
