/** The configuration check before work starts, against a loopback server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { loadConfig } from '../pipeline/config.js';
import { checkTranscription } from './preflight.js';

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

const cfg = (env: Record<string, string> = {}) => loadConfig({ HONNE_PSEUDONYM_KEY: 'preflight-key-0123456789', OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: server.baseURL, ...env });

describe('checkTranscription', () => {
  it('passes with a key, a diarising model, ffmpeg and a server that answers (even 404)', async () => {
    await expect(checkTranscription(cfg())).resolves.toBeUndefined();
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models', status: 404, headers: { authorization: 'Bearer sk-x' } });
  });

  it('nothing to check without a transcriber', async () => {
    await expect(checkTranscription(cfg({ HONNE_TRANSCRIBER: 'none', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }))).resolves.toBeUndefined();
  });

  it('each problem is a ConfigError naming its variable', async () => {
    const fails = (c: ReturnType<typeof cfg>, o = {}) => checkTranscription(c, o).then(() => undefined, (e: unknown) => e);
    expect(await fails(loadConfig({ HONNE_PSEUDONYM_KEY: 'preflight-key-0123456789', HONNE_TRANSCRIBER: 'openai' }))).toMatchObject({ code: 'CONFIG_INVALID', context: { variable: 'OPENAI_API_KEY' } });
    expect(await fails(cfg({ HONNE_TRANSCRIBE_MODEL: 'gpt-4o-transcribe' }))).toMatchObject({ context: { variable: 'HONNE_TRANSCRIBE_MODEL' }, message: expect.stringMatching(/^HONNE_TRANSCRIBE_MODEL=gpt-4o-transcribe labels no speakers/) as unknown });
    expect(await fails(cfg(), { ffmpeg: 'ffmpeg-not-installed-here' })).toMatchObject({ message: expect.stringMatching(/^ffmpeg-not-installed-here not found on the PATH/) as unknown });
    const gone = await startLoopback();
    await gone.close();
    expect(await fails(cfg({ OPENAI_BASE_URL: gone.baseURL }))).toMatchObject({ context: { variable: 'OPENAI_BASE_URL' }, message: expect.stringContaining('cannot be reached (ECONNREFUSED)') as unknown });
    server.script(faults.status(401, 'invalid_api_key'));
    expect(await fails(cfg())).toMatchObject({ context: { variable: 'OPENAI_API_KEY' }, message: expect.stringContaining('refused the key (HTTP 401)') as unknown });
    server.script(faults.hang());
    expect(await fails(cfg(), { timeoutMs: 300 })).toMatchObject({ context: { variable: 'OPENAI_BASE_URL' }, message: expect.stringContaining('no answer in 0.3 s') as unknown });
  });
});
