/** Configuration, read once at start-up from the environment into a validated, frozen object
 * (flag > environment > default). A wrong value is a ConfigError naming the variable. */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { checkPrefix } from './objects.js';
import { PriceOverridesSchema, type PriceOverrides } from './usage.js';
import { DEFAULT_MAX_RECORDING_BYTES, DEFAULT_MAX_TRANSCRIPT_BYTES } from './sources.js';
import { DEFAULT_LIFETIMES, RETENTION_CLASSES, retentionVariable, type Lifetimes, type RetentionClass } from './retention.js';

/** The development key `npm run demo` uses. Never valid outside demo mode. */
export const DEMO_PSEUDONYM_KEY = 'honne-DEMO-ONLY-development-key-do-not-use-in-production';

/** DuckDB's memory limit for a store, in MB (HONNE_STORE_MEMORY_MB). */
export const DEFAULT_STORE_MEMORY_MB = 256;

/** The one OpenAI model that labels speakers (HONNE_TRANSCRIBE_MODEL): without labels the employee
 * cannot be told from the consultant (README, Recordings). */
export const DEFAULT_TRANSCRIBE_MODEL = 'gpt-4o-transcribe-diarize';
/** One request to the OpenAI API, at most (HONNE_OPENAI_TIMEOUT_SEC): a 25 MB piece of audio takes
 * minutes to transcribe, so the SDK's own default (10 minutes) is kept. */
export const DEFAULT_OPENAI_TIMEOUT_SEC = 600;
/** The SDK's retries of 429/5xx/timeouts, with backoff and Retry-After (HONNE_OPENAI_MAX_RETRIES). */
export const DEFAULT_OPENAI_MAX_RETRIES = 2;

/** OpenAI's audio API takes uploads up to 25 MB (HONNE_AUDIO_MAX_PIECE_BYTES). */
export const DEFAULT_AUDIO_MAX_PIECE_BYTES = 25_000_000;

/** A key like "aaaaaaaaaaaaaaaa" or "abababab…" is long enough and still guessable. */
const MIN_DISTINCT_KEY_CHARS = 8;
/** Variables whose value is never printed back, not even in an error about it. */
const SECRETS = new Set(['HONNE_PSEUDONYM_KEY', 'OPENAI_API_KEY']);

const intFromEnv = (min: number, what: string) =>
  z.coerce
    .number({ error: `must be a whole number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(min, `must be at least ${min} (${what})`);

/** A lifetime in days, or "forever" (null: never deleted by retention). */
const lifetimeFromEnv = (what: string, fallback: number | null) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | null => {
      if (v === undefined) return fallback;
      if (v === 'forever') return null;
      const days = Number(v);
      if (Number.isInteger(days) && days >= 1) return days;
      ctx.addIssue({ code: 'custom', message: `must be whole days (at least 1) or "forever" (${what})` });
      return z.NEVER;
    });

const RETENTION_ENV = Object.fromEntries(
  RETENTION_CLASSES.map((c) => [retentionVariable(c), lifetimeFromEnv(`how long ${c.replace('_', ' ')} are kept`, DEFAULT_LIFETIMES[c])]),
) as Record<`HONNE_RETENTION_${Uppercase<RetentionClass>}_DAYS`, ReturnType<typeof lifetimeFromEnv>>;

const EnvSchema = z.object({
  ...RETENTION_ENV,
  HONNE_DATA_DIR: z.string().min(1).default('./data'),
  HONNE_PSEUDONYM_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .refine((k) => new Set(k).size >= MIN_DISTINCT_KEY_CHARS, `has too few different characters (at least ${MIN_DISTINCT_KEY_CHARS}): use a random secret`)
    .optional(),
  HONNE_K: intFromEnv(3, 'the privacy threshold k is never below 3').default(5),
  HONNE_BENCHMARK_MIN_COMPANIES: intFromEnv(3, 'a benchmark needs at least 3 other companies').default(5),
  HONNE_PROVIDER: z.enum(['local', 'openai'], { error: 'must be "local" or "openai"' }).default('local'),
  // speech-to-text; unset: `openai` when OPENAI_API_KEY is set, else `none` (loadConfig)
  HONNE_TRANSCRIBER: z.enum(['openai', 'none'], { error: 'must be "openai" or "none"' }).optional(),
  HONNE_TRANSCRIBE_MODEL: z.string().regex(/^[\w.:/-]{1,100}$/, 'must be a model name such as gpt-4o-transcribe-diarize').default(DEFAULT_TRANSCRIBE_MODEL),
  HONNE_OPENAI_TIMEOUT_SEC: intFromEnv(1, 'how long one request to the OpenAI API may take, in seconds').default(DEFAULT_OPENAI_TIMEOUT_SEC),
  HONNE_OPENAI_MAX_RETRIES: intFromEnv(0, 'how often the OpenAI client retries a 429, 5xx or timeout itself').default(DEFAULT_OPENAI_MAX_RETRIES),
  HONNE_PRICES: z
    .string()
    .optional()
    .transform((v, ctx): PriceOverrides => {
      if (v === undefined) return {};
      try {
        const parsed = PriceOverridesSchema.safeParse(JSON.parse(v));
        if (parsed.success) return parsed.data;
      } catch {
        // not JSON: the same message
      }
      ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"gpt-4o-transcribe-diarize":{"usdPerAudioMinute":0.006}} (prices per model: usdPerAudioMinute, usdPerMillionInputTokens, usdPerMillionOutputTokens)' });
      return z.NEVER;
    }),
  HONNE_OBJECTS: z.string().min(1).optional(),
  HONNE_S3_ENDPOINT: z.string().url('must be a URL such as http://127.0.0.1:9000 (MinIO, s3rver; unset: AWS)').optional(),
  HONNE_S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0'], { error: 'must be "true" or "false"' }).optional(),
  HONNE_CACHE_DIR: z.string().min(1).optional(),
  HONNE_CACHE: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  HONNE_PROMPTS_DIR: z.string().min(1).default('prompts'),
  REDIS_URL: z.string().url('must be a URL such as redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url('must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:8000/v1').optional(),
  HONNE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HONNE_INPUT_ROOT: z
    .string()
    .refine(isFolder, 'must be an existing folder (every transcript and recording must resolve under it)')
    .optional(),
  HONNE_MAX_TRANSCRIPT_BYTES: intFromEnv(1, 'the largest transcript file read, in bytes').default(DEFAULT_MAX_TRANSCRIPT_BYTES),
  HONNE_MAX_RECORDING_BYTES: intFromEnv(1, 'the largest recording streamed to the transcriber, in bytes').default(DEFAULT_MAX_RECORDING_BYTES),
  HONNE_AUDIO_MAX_PIECE_BYTES: intFromEnv(100_000, 'the largest piece of prepared audio uploaded to the transcriber, in bytes').default(DEFAULT_AUDIO_MAX_PIECE_BYTES),
  HONNE_STORE_MEMORY_MB: intFromEnv(64, "DuckDB's memory limit for the store, in MB").default(DEFAULT_STORE_MEMORY_MB),
});

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Where the object store lives (HONNE_OBJECTS): a folder, or keys under a bucket's prefix. */
export type ObjectsConfig = { readonly kind: 'folder'; readonly dir: string } | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

/** How the S3 client reaches the store; region and credentials come from the SDK's default
 * chain (AWS_REGION, AWS_ACCESS_KEY_ID, an instance role), never from honne's variables. */
export interface S3Config {
  /** MinIO, s3rver or another S3-compatible server; undefined: AWS. */
  readonly endpoint: string | undefined;
  /** `bucket` in the path rather than the host name (most S3-compatible servers want it). */
  readonly forcePathStyle: boolean;
}

export interface Config {
  readonly dataDir: string;
  readonly storePath: string;
  readonly objects: ObjectsConfig;
  readonly s3: S3Config;
  readonly cacheDir: string;
  /** Whether model calls are answered from and stored in the cache (HONNE_CACHE, `--no-cache`). */
  readonly cache: boolean;
  /** Where `NAME@working` drafts are read from (`<dir>/<name>/working/`); saved versions are
   * bundled with the build. */
  readonly promptsDir: string;
  readonly pseudonymKey: string;
  readonly demoKey: boolean;
  readonly k: number;
  readonly benchmarkMinCompanies: number;
  readonly provider: 'local' | 'openai';
  /** Who transcribes sessions that have only a recording (`none`: they fail, NO_TRANSCRIBER). */
  readonly transcriber: 'openai' | 'none';
  /** The transcription model (HONNE_TRANSCRIBE_MODEL). */
  readonly transcribeModel: string;
  /** One OpenAI request's timeout, ms, and the client's own retries. */
  readonly openaiTimeoutMs: number;
  readonly openaiMaxRetries: number;
  /** Prices per model that replace the built-in table's (HONNE_PRICES). */
  readonly prices: PriceOverrides;
  readonly redisUrl: string;
  readonly openaiApiKey: string | undefined;
  readonly openaiBaseUrl: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['HONNE_LOG_LEVEL'];
  /** Local transcripts and recordings must resolve under it; unset: the manifest's folder. */
  readonly inputRoot: string | undefined;
  readonly maxTranscriptBytes: number;
  /** Largest recording streamed to the transcriber (HONNE_MAX_RECORDING_BYTES). */
  readonly maxRecordingBytes: number;
  /** Largest piece of prepared audio uploaded at once (HONNE_AUDIO_MAX_PIECE_BYTES): recordings
   * are cut into pieces under it (adapters/ffmpeg). */
  readonly audioMaxPieceBytes: number;
  /** DuckDB's memory limit for the store (it spills beyond it). */
  readonly storeMemoryMb: number;
  /** How long each kind of data is kept, in days (null: forever); `honne retention apply`. */
  readonly retention: Lifetimes;
}

export interface ConfigOptions {
  /** `--demo`: allow the marked development pseudonym key when none is set. */
  demo?: boolean;
  /** Flags that override the environment. */
  overrides?: Partial<Record<keyof z.infer<typeof EnvSchema>, string>>;
}

/** Reads the variables a schema names from the environment (flags first; empty counts as
 * unset) and validates them: the first problem is a ConfigError naming its variable. */
export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv, overrides: Partial<Record<string, string>> = {}): z.infer<S> {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = overrides[key] ?? env[key];
    raw[key] = v === '' ? undefined : v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? '?');
    const got = SECRETS.has(variable) ? '' : ` (got ${JSON.stringify(raw[variable] ?? null)})`;
    throw new ConfigError(`${variable} ${issue.message}${got}`, { variable });
  }
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: ConfigOptions = {}): Config {
  const e = parseEnv(EnvSchema, env, opts.overrides);
  let pseudonymKey = e.HONNE_PSEUDONYM_KEY;
  let demoKey = false;
  if (pseudonymKey === undefined) {
    if (!opts.demo) {
      throw new ConfigError(
        'HONNE_PSEUDONYM_KEY is required: set a secret of at least 16 characters (only `npm run demo` may run without one)',
        { variable: 'HONNE_PSEUDONYM_KEY' },
      );
    }
    pseudonymKey = DEMO_PSEUDONYM_KEY;
    demoKey = true;
  } else if (pseudonymKey === DEMO_PSEUDONYM_KEY) {
    if (!opts.demo) {
      throw new ConfigError('HONNE_PSEUDONYM_KEY is the public demo key; set a real secret', {
        variable: 'HONNE_PSEUDONYM_KEY',
      });
    }
    demoKey = true;
  }
  const dataDir = resolve(e.HONNE_DATA_DIR);
  return Object.freeze({
    dataDir,
    storePath: join(dataDir, 'honne.duckdb'),
    objects: objectsConfig(e.HONNE_OBJECTS, dataDir),
    s3: Object.freeze({ endpoint: e.HONNE_S3_ENDPOINT, forcePathStyle: e.HONNE_S3_FORCE_PATH_STYLE === 'true' || e.HONNE_S3_FORCE_PATH_STYLE === '1' }),
    cacheDir: resolve(e.HONNE_CACHE_DIR ?? join(dataDir, 'cache')),
    cache: e.HONNE_CACHE === 'on',
    promptsDir: resolve(e.HONNE_PROMPTS_DIR),
    pseudonymKey,
    demoKey,
    k: e.HONNE_K,
    benchmarkMinCompanies: e.HONNE_BENCHMARK_MIN_COMPANIES,
    provider: e.HONNE_PROVIDER,
    transcriber: e.HONNE_TRANSCRIBER ?? (e.OPENAI_API_KEY !== undefined ? 'openai' : 'none'),
    transcribeModel: e.HONNE_TRANSCRIBE_MODEL,
    openaiTimeoutMs: e.HONNE_OPENAI_TIMEOUT_SEC * 1000,
    openaiMaxRetries: e.HONNE_OPENAI_MAX_RETRIES,
    prices: e.HONNE_PRICES,
    redisUrl: e.REDIS_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    logLevel: e.HONNE_LOG_LEVEL,
    inputRoot: e.HONNE_INPUT_ROOT === undefined ? undefined : resolve(e.HONNE_INPUT_ROOT),
    maxTranscriptBytes: e.HONNE_MAX_TRANSCRIPT_BYTES,
    maxRecordingBytes: e.HONNE_MAX_RECORDING_BYTES,
    audioMaxPieceBytes: e.HONNE_AUDIO_MAX_PIECE_BYTES,
    storeMemoryMb: e.HONNE_STORE_MEMORY_MB,
    retention: Object.freeze(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, e[retentionVariable(c)]])) as Record<RetentionClass, number | null>),
  });
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix` (the prefix a plain key path, possibly empty), or a folder (default
 * `$HONNE_DATA_DIR/objects`). */
function objectsConfig(value: string | undefined, dataDir: string): ObjectsConfig {
  if (value === undefined) return Object.freeze({ kind: 'folder', dir: join(dataDir, 'objects') });
  if (!/^s3:\/\//i.test(value)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new ConfigError(`HONNE_OBJECTS must be a folder or s3://bucket/prefix (got ${JSON.stringify(value)})`, { variable: 'HONNE_OBJECTS' });
    return Object.freeze({ kind: 'folder', dir: resolve(value) });
  }
  const [bucket = '', ...rest] = value.slice('s3://'.length).split('/');
  const prefix = rest.join('/').replace(/\/+$/, '');
  let validPrefix = true;
  try {
    checkPrefix(prefix);
  } catch {
    validPrefix = false;
  }
  if (!BUCKET_RE.test(bucket) || !validPrefix) {
    throw new ConfigError(`HONNE_OBJECTS must be s3://bucket/prefix with a valid bucket name and a prefix of plain names (got ${JSON.stringify(value)})`, { variable: 'HONNE_OBJECTS' });
  }
  return Object.freeze({ kind: 's3', bucket, prefix });
}

/** A query parameter that holds a secret: ioredis takes every parameter of REDIS_URL as an
 * option, so `redis://host:6379?password=…` (or `sentinelPassword`) logs in as a password in the
 * user part does. */
const SECRET_PARAM = /pass|secret|token|key/iu;

/** The URL without a password (in its user part or a query parameter), for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const name of new Set(u.searchParams.keys())) if (SECRET_PARAM.test(name)) u.searchParams.set(name, '***');
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** Does the URL hold a password (its user part, or a query parameter: `redactUrl`)? */
export function urlHoldsSecret(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const u = new URL(url);
    return u.password !== '' || [...u.searchParams].some(([name, value]) => SECRET_PARAM.test(name) && value !== '');
  } catch {
    return false;
  }
}
