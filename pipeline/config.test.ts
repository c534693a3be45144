import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { DEMO_PSEUDONYM_KEY, loadConfig, redactUrl } from './config.js';

const key = 'a-real-secret-of-enough-length';

describe('loadConfig', () => {
  it('applies the embedded defaults', () => {
    const c = loadConfig({ HONNE_PSEUDONYM_KEY: key });
    expect({ k: c.k, min: c.benchmarkMinCompanies, provider: c.provider, demo: c.demoKey }).toEqual({
      k: 5,
      min: 5,
      provider: 'local',
      demo: false,
    });
    expect(c.storePath.endsWith('data/honne.duckdb')).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('requires the pseudonym key outside the demo and marks the demo key', () => {
    expect(() => loadConfig({})).toThrow(/HONNE_PSEUDONYM_KEY is required/);
    const demo = loadConfig({}, { demo: true });
    expect(demo.pseudonymKey).toBe(DEMO_PSEUDONYM_KEY);
    expect(demo.demoKey).toBe(true);
    expect(() => loadConfig({ HONNE_PSEUDONYM_KEY: DEMO_PSEUDONYM_KEY })).toThrow(/public demo key/);
  });

  it.each([
    ['HONNE_K', '2', /HONNE_K must be at least 3/],
    ['HONNE_K', 'five', /HONNE_K must be a whole number/],
    ['HONNE_BENCHMARK_MIN_COMPANIES', '1', /HONNE_BENCHMARK_MIN_COMPANIES must be at least 3/],
    ['HONNE_PROVIDER', 'gpt', /HONNE_PROVIDER must be "local" or "openai"/],
    ['REDIS_URL', 'not a url', /REDIS_URL/],
    ['HONNE_INPUT_ROOT', '/no/such/folder', /HONNE_INPUT_ROOT must be an existing folder/],
    ['HONNE_INPUT_ROOT', import.meta.filename, /HONNE_INPUT_ROOT must be an existing folder/],
    ['HONNE_MAX_TRANSCRIPT_BYTES', '0', /HONNE_MAX_TRANSCRIPT_BYTES must be at least 1/],
    ['HONNE_MAX_TRANSCRIPT_BYTES', '20MB', /HONNE_MAX_TRANSCRIPT_BYTES must be a whole number/],
    ['HONNE_OBJECTS', 's3://', /HONNE_OBJECTS must be s3:\/\/bucket\/prefix/],
    ['HONNE_OBJECTS', 's3://Bad_Bucket/x', /HONNE_OBJECTS must be s3:\/\/bucket\/prefix/],
    ['HONNE_OBJECTS', 's3://bucket/../x', /HONNE_OBJECTS must be s3:\/\/bucket\/prefix/],
    ['HONNE_OBJECTS', 's3://bucket//x', /HONNE_OBJECTS must be s3:\/\/bucket\/prefix/],
    ['HONNE_OBJECTS', 'gs://bucket/x', /HONNE_OBJECTS must be a folder or s3:\/\/bucket\/prefix/],
    ['HONNE_S3_ENDPOINT', '127.0.0.1 port 9000', /HONNE_S3_ENDPOINT must be a URL/],
    ['HONNE_S3_FORCE_PATH_STYLE', 'yes', /HONNE_S3_FORCE_PATH_STYLE must be "true" or "false"/],
    ['HONNE_AUDIO_MAX_PIECE_BYTES', '5000', /HONNE_AUDIO_MAX_PIECE_BYTES must be at least 100000/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    let caught: unknown;
    try {
      loadConfig({ HONNE_PSEUDONYM_KEY: key, [variable]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).context.variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(message);
  });

  it('cuts recordings into pieces under 25 MB unless told otherwise', () => {
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key }).audioMaxPieceBytes).toBe(25_000_000);
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_AUDIO_MAX_PIECE_BYTES: '1000000' }).audioMaxPieceBytes).toBe(1_000_000);
  });

  it('confines inputs to the manifest folder and caps transcripts at 20 MB unless told otherwise', () => {
    const c = loadConfig({ HONNE_PSEUDONYM_KEY: key });
    expect([c.inputRoot, c.maxTranscriptBytes]).toEqual([undefined, 20 * 1024 * 1024]);
    const set = loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_INPUT_ROOT: import.meta.dirname + '/..', HONNE_MAX_TRANSCRIPT_BYTES: '4096' });
    expect([set.inputRoot, set.maxTranscriptBytes]).toEqual([resolve(import.meta.dirname, '..'), 4096]);
  });

  it('keeps objects in $HONNE_DATA_DIR/objects unless HONNE_OBJECTS names a folder or s3://bucket/prefix', () => {
    const c = loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_DATA_DIR: '/srv/honne' });
    expect(c.objects).toEqual({ kind: 'folder', dir: '/srv/honne/objects' });
    expect(c.s3).toEqual({ endpoint: undefined, forcePathStyle: false });
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_OBJECTS: 'shared/objects' }).objects).toEqual({ kind: 'folder', dir: resolve('shared/objects') });
    const s3 = loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_OBJECTS: 's3://honne-data/prod/objects/', HONNE_S3_ENDPOINT: 'http://127.0.0.1:9000', HONNE_S3_FORCE_PATH_STYLE: 'true' });
    expect([s3.objects, s3.s3]).toEqual([{ kind: 's3', bucket: 'honne-data', prefix: 'prod/objects' }, { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true }]);
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_OBJECTS: 's3://honne-data' }).objects).toEqual({ kind: 's3', bucket: 'honne-data', prefix: '' });
  });

    it('lets flags override the environment', () => {
    const c = loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_K: '7' }, { overrides: { HONNE_K: '9' } });
    expect(c.k).toBe(9);
  });
});

describe('redactUrl', () => {
  it('attack: a Redis password given as a query parameter (ioredis logs in with it) is masked as one in the user part is', () => {
    expect(redactUrl('redis://:hunter2pass@localhost:6379')).toBe('redis://:***@localhost:6379');
    for (const url of ['redis://localhost:6379/0?password=hunter2pass&db=1', 'rediss://localhost:6379?sentinelPassword=hunter2pass']) {
      expect(redactUrl(url)).not.toContain('hunter2pass');
    }
    expect(redactUrl('redis://localhost:6379/0?password=hunter2pass&db=1')).toBe('redis://localhost:6379/0?password=***&db=1');
  });
});

describe('transcription settings', () => {
  it('HONNE_TRANSCRIBER is openai when OPENAI_API_KEY is set, else none; an explicit value wins', () => {
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key }).transcriber).toBe('none');
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key, OPENAI_API_KEY: 'sk-x' }).transcriber).toBe('openai');
    expect(loadConfig({ HONNE_PSEUDONYM_KEY: key, OPENAI_API_KEY: 'sk-x', HONNE_TRANSCRIBER: 'none' }).transcriber).toBe('none');
    expect(() => loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_TRANSCRIBER: 'whisper' })).toThrow('HONNE_TRANSCRIBER must be "openai" or "none" (got "whisper")');
  });

  it('model, timeout, retries and prices, with their defaults', () => {
    const d = loadConfig({ HONNE_PSEUDONYM_KEY: key });
    expect([d.transcribeModel, d.openaiTimeoutMs, d.openaiMaxRetries, d.prices]).toEqual(['gpt-4o-transcribe-diarize', 600_000, 2, {}]);
    const c = loadConfig({
      HONNE_PSEUDONYM_KEY: key, HONNE_TRANSCRIBE_MODEL: 'whisper-1', HONNE_OPENAI_TIMEOUT_SEC: '30', HONNE_OPENAI_MAX_RETRIES: '0',
      HONNE_PRICES: '{"whisper-1":{"usdPerAudioMinute":0.004},"gpt-4o-mini":{"usdPerMillionInputTokens":0.1}}',
    });
    expect([c.transcribeModel, c.openaiTimeoutMs, c.openaiMaxRetries, c.prices]).toEqual(['whisper-1', 30_000, 0, { 'whisper-1': { usdPerAudioMinute: 0.004 }, 'gpt-4o-mini': { usdPerMillionInputTokens: 0.1 } }]);
    for (const bad of ['not json', '{"m":{"usdPerMinute":1}}', '{"m":{"usdPerAudioMinute":-1}}']) {
      expect(() => loadConfig({ HONNE_PSEUDONYM_KEY: key, HONNE_PRICES: bad })).toThrow(/^HONNE_PRICES must be JSON such as/);
    }
  });
});
