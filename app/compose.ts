/** The composition root: every adapter is built here, from the validated config, and nowhere else.
 * The CLI, queue workers and scripts take their adapters from these functions; stage code sees
 * only the ports (pipeline/ports/). A new adapter is a folder under adapters/ and an entry in a
 * registry here (adapters/README.md). */
import { createFfmpegPreparer } from '../adapters/ffmpeg/preparer.js';
import { LocalModelCache } from '../adapters/local-folder/model-cache.js';
import { LocalObjectStore } from '../adapters/local-folder/object-store.js';
import { modelMode, serverOf, transcriberSettings } from '../adapters/openai/models.js';
import { createRedisTokenBudget } from '../adapters/redis/token-budget.js';
import type { QueueConfig } from '../jobs/config.js';
import { tokenLimitOf } from '../jobs/queues.js';
import { createQueueContext, type ContextOptions, type QueueContext } from '../jobs/context.js';
import { sessionStageDeps, type SessionStageDeps } from '../jobs/session-stages.js';
import { createLocalOpener, createLocalReader } from '../adapters/local-folder/source-reader.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import { createS3Opener, createS3Reader, type S3SourceOptions } from '../adapters/s3/source-reader.js';
import { lexiconsOfVersion, readWorkingLexicons, WORKING_VERSION, type Lexicons } from '../pipeline/analyze/lexicon.js';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import type { PromptRef } from '../pipeline/analyze/prompt-ref.js';
import { loadPrompt, PROMPT_NAMES } from '../pipeline/analyze/prompt.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import type { Config } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';
import type { AnalyticsStoreOpener } from '../pipeline/ports/analytics-store.js';
import type { AnalysisProvider } from '../pipeline/ports/analysis-provider.js';
import type { AudioPreparer } from '../pipeline/ports/audio.js';
import type { BatchAnalysis } from '../pipeline/ports/batch-analysis.js';
import type { ModelCache } from '../pipeline/ports/model-cache.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import type { TokenBudget } from '../pipeline/ports/token-budget.js';
import type { SourceOpener, SourceReader } from '../pipeline/ports/transcript-source.js';
import type { Transcriber } from '../pipeline/ports/transcriber.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { knownNamesOpener, sparedNamesSeal, type SessionDeps } from '../pipeline/session.js';
import { sourceOpenerOf, sourceReaderOf } from '../pipeline/sources.js';
import { noTranscriber } from '../pipeline/transcripts/none.js';

/** `prompt` picks a versioned prompt or lexicon (`honne eval --prompt`); without it the provider
 * runs its current one. `shared`: what a queue worker shares with the others (a token budget). */
type ProviderFactory = (config: Config, tokenizer: JaTokenizer, prompt?: PromptRef, shared?: SharedLimits) => Promise<AnalysisProvider>;

/** Limits every worker shares (queue mode): the model's token budget a window. */
export interface SharedLimits {
  tokenBudget?: TokenBudget;
}

/** The local provider runs lexicons: `lexicon@VERSION`, or `lexicon@working` (the draft under
 * HONNE_PROMPTS_DIR, read now). */
function localLexicons(prompt: PromptRef, config: Pick<Config, 'promptsDir'>): Lexicons {
  if (prompt.name !== 'lexicon') {
    throw new ConfigError(`the local provider runs lexicon versions: use lexicon@VERSION, not "${prompt.name}@${prompt.version}"`, { field: 'prompt' });
  }
  return prompt.version === WORKING_VERSION ? readWorkingLexicons(config.promptsDir) : lexiconsOfVersion(prompt.version);
}

/** Analysis providers keyed by HONNE_PROVIDER. */
export const PROVIDERS: Record<Config['provider'], ProviderFactory> = {
  local: async (config, tokenizer, prompt) => createLocalProvider({ tokenizer, ...(prompt !== undefined ? { lexicons: localLexicons(prompt, config) } : {}) }),
  // The SDK and the tokenizer's tables load only here (commands without OpenAI never load them).
  openai: async (config, tokenizer, ref, shared) => {
    if (ref?.name === 'lexicon') throw new ConfigError(`the openai provider runs model prompts (${PROMPT_NAMES.join(', ')}@VERSION), not a lexicon`, { field: 'prompt' });
    const prompt = loadPrompt(ref?.name ?? 'analysis', ref?.version, config.promptsDir);
    const [{ createOpenAiProvider }, { createOpenAiClient }] = await Promise.all([import('../adapters/openai/analysis.js'), import('../adapters/openai/client.js')]);
    // keyword candidates, counted by the rules; the model keeps those that name a worry
    const local = createLocalProvider({ tokenizer });
    return createOpenAiProvider({
      client: createOpenAiClient(config, 'HONNE_PROVIDER=openai'),
      prompt,
      keywords: async (input) => (await local.analyze(input)).analysis.keywords,
      ...(config.cache ? { cache: modelCacheFor(config) } : {}),
      prices: config.prices,
      server: serverOf(config),
      ...(shared?.tokenBudget ? { budget: shared.tokenBudget } : {}),
    });
  },
};

/** The provider that runs a prompt reference: a lexicon runs on the local provider, a model
 * prompt (`analysis@…`) on OpenAI, and without one the configured provider (HONNE_PROVIDER)
 * runs its current version. So `honne eval --prompt analysis@working --compare lexicon@2026.12.1`
 * compares the model with the rules. */
export function providerFor(config: Config, tokenizer: JaTokenizer, prompt?: PromptRef): Promise<AnalysisProvider> {
  const kind: Config['provider'] = prompt === undefined ? config.provider : prompt.name === 'lexicon' ? 'local' : 'openai';
  return PROVIDERS[kind](config, tokenizer, prompt);
}

/** Transcribers keyed by HONNE_TRANSCRIBER: a new one is an adapter folder and an entry here. */
export const TRANSCRIBERS: Record<Config['transcriber'], (config: Config) => Transcriber> = {
  none: () => noTranscriber,
  openai: openAiTranscriber,
};

/** The OpenAI transcriber (adapters/openai/), its SDK loaded on the first transcription only (a
 * run whose sessions all have transcripts never loads it). A missing key fails here, when the
 * session deps are made, before any session is touched. */
function openAiTranscriber(config: Config): Transcriber {
  if (config.openaiApiKey === undefined) {
    throw new ConfigError('HONNE_TRANSCRIBER=openai needs OPENAI_API_KEY (a server of your own that takes no key: set any value)', { variable: 'OPENAI_API_KEY' });
  }
  const audio = audioPreparerFor(config, modelMode(config.transcribeModel).maxPieceSec);
  const server = serverOf(config);
  let made: Promise<Transcriber> | undefined;
  const make = () =>
    (made ??= Promise.all([import('../adapters/openai/client.js'), import('../adapters/openai/transcriber.js')]).then(([client, adapter]) =>
      adapter.createOpenAiTranscriber({ client: client.createOpenAiClient(config, 'HONNE_TRANSCRIBER=openai'), model: config.transcribeModel, audio, server, prices: config.prices }),
    ));
  return { name: 'openai', settings: transcriberSettings(server, config.transcribeModel, audio.settings), transcribe: async (request) => (await make()).transcribe(request) };
}

/** Recordings made ready for a transcriber (mono 16 kHz MP3, long silences trimmed, pieces under
 * HONNE_AUDIO_MAX_PIECE_BYTES): ffmpeg, spawned only when a recording is prepared. */
export function audioPreparerFor(config: Pick<Config, 'audioMaxPieceBytes'>, maxPieceSec?: number): AudioPreparer {
  return createFfmpegPreparer({ maxPieceBytes: config.audioMaxPieceBytes, ...(maxPieceSec !== undefined ? { maxPieceSec } : {}) });
}

/** The analytics store of the configuration: DuckDB, loaded when first opened (a stage thread
 * or `honne config` never loads it). */
export function analyticsStore(config: Config): AnalyticsStoreOpener {
  const adapter = () => import('../adapters/duckdb/store.js');
  return {
    open: async () => (await adapter()).DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb }),
    openReadOnly: async () => (await adapter()).DuckDbStore.openReadOnly(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb }),
    rewrite: async () => (await adapter()).DuckDbStore.rewrite(config.storePath),
  };
}

export async function createSessionDeps(config: Config, shared: SharedLimits = {}): Promise<SessionDeps> {
  const tokenizer = await loadJapaneseTokenizer();
  return {
    read: sourceReaderFor(config),
    openRecording: recordingOpenerFor(config),
    transcriber: TRANSCRIBERS[config.transcriber](config),
    // transcriptions kept for reuse where every worker finds them (none to keep without a transcriber)
    ...(config.transcriber !== 'none' ? { transcripts: objectStoreFor(config) } : {}),
    provider: await PROVIDERS[config.provider](config, tokenizer, undefined, shared),
    tokenizer,
    knownNames: knownNamesOpener(config.pseudonymKey),
    sparedNames: sparedNamesSeal(config.pseudonymKey),
  };
}

/** The object store a deployment is configured with (HONNE_OBJECTS): a folder, or a bucket's
 * prefix (the SDK loads on the store's first call, adapters/s3/client.ts). A new kind does not
 * compile until it has a case here. */
export function objectStoreFor(config: Pick<Config, 'objects' | 's3'>): ObjectStore {
  const { objects } = config;
  switch (objects.kind) {
    case 'folder':
      return new LocalObjectStore(objects.dir);
    case 's3':
      return new S3ObjectStore(config.s3, objects);
  }
}

/** The object store's bucket, which no manifest may name as a source. */
const s3SourceOptions = ({ objects }: Pick<Config, 'objects'>): S3SourceOptions =>
  objects.kind === 's3' ? { store: { bucket: objects.bucket, prefix: objects.prefix } } : {};

/** honne's own folders, which no local source may lie in: the data folder (the store file, the
 * eval history), a folder object store (cached raw transcripts, work objects) and the model cache. */
export const ownFolders = ({ dataDir, objects, cacheDir }: Pick<Config, 'dataDir' | 'objects' | 'cacheDir'>): string[] => [dataDir, ...(objects.kind === 'folder' ? [objects.dir] : []), cacheDir];

/** Transcripts by scheme: local files confined to their root and out of honne's own folders, `s3://` objects outside the
 * object store; both capped at HONNE_MAX_TRANSCRIPT_BYTES. `s3://` works with a folder object
 * store too, given credentials. */
export function sourceReaderFor(config: Pick<Config, 'maxTranscriptBytes' | 'objects' | 's3' | 'dataDir' | 'cacheDir'>): SourceReader {
  return sourceReaderOf({ file: createLocalReader(config.maxTranscriptBytes, ownFolders(config)), s3: createS3Reader(config.s3, config.maxTranscriptBytes, s3SourceOptions(config)) });
}

/** Recordings by scheme, streamed to the transcriber under the same rules, capped at
 * HONNE_MAX_RECORDING_BYTES. */
export function recordingOpenerFor(config: Pick<Config, 'maxRecordingBytes' | 'objects' | 's3' | 'dataDir' | 'cacheDir'>): SourceOpener {
  return sourceOpenerOf({ file: createLocalOpener(config.maxRecordingBytes, ownFolders(config)), s3: createS3Opener(config.s3, config.maxRecordingBytes, s3SourceOptions(config)) });
}

/** Queue mode's context (one Redis connection, the queues, the flow producer) on the configured
 * object store. */
export function queueContext(config: Config, qc: QueueConfig, opts: Omit<ContextOptions, 'objects' | 'cache'>): QueueContext {
  return createQueueContext(config, qc, { ...opts, objects: objectStoreFor(config), cache: modelCacheFor(config) });
}

/** The model-call cache: a folder (HONNE_CACHE_DIR, default `$HONNE_DATA_DIR/cache`). */
export function modelCacheFor(config: Pick<Config, 'cacheDir'>): ModelCache {
  return new LocalModelCache(config.cacheDir);
}

/** What a worker's session stages are given (null for a worker that serves only the store
 * queue): the object store of its context and the session deps every process builds alike, with
 * the token budget every worker shares. */
export async function sessionStagesFor(config: Config, ctx: QueueContext, runsSessions: boolean): Promise<SessionStageDeps | null> {
  if (!runsSessions) return null;
  const tokenBudget = tokenBudgetFor(config, ctx);
  return sessionStageDeps(ctx.objects, await createSessionDeps(config, tokenBudget ? { tokenBudget } : {}), config.pseudonymKey, batchAnalysisFor(config));
}

/** The analysis token limit (HONNE_RATE_LIMITS `openai.tokens`, jobs/queues.ts tokenLimitOf) as a
 * budget in the queue's Redis, one key per deployment (HONNE_QUEUE_PREFIX) and provider, so every
 * worker on every machine draws on it; undefined without a limit. */
export function tokenBudgetFor(config: Config, ctx: Pick<QueueContext, 'redis' | 'qc'>): TokenBudget | undefined {
  const limit = tokenLimitOf(config, ctx.qc);
  if (limit === null) return undefined;
  const setting = ctx.qc.rateLimits['analyze.tokens'] ? 'analyze.tokens' : `${config.provider}.tokens`;
  return createRedisTokenBudget({ redis: ctx.redis, key: `${ctx.qc.prefix}:tokens:${config.provider}`, tokens: limit.max, windowMs: limit.durationMs, setting: `HONNE_RATE_LIMITS ${setting}` });
}


/** The batch API of the analysis provider (`batch submit --openai-batch`, jobs/openai-batch.ts):
 * OpenAI's with HONNE_PROVIDER=openai (its SDK loaded on the first call), none otherwise. */
export function batchAnalysisFor(config: Config): BatchAnalysis | undefined {
  if (config.provider !== 'openai') return undefined;
  let made: Promise<BatchAnalysis> | undefined;
  const make = () =>
    (made ??= Promise.all([import('../adapters/openai/client.js'), import('../adapters/openai/batch.js')]).then(([client, adapter]) =>
      adapter.createOpenAiBatch({ client: client.createOpenAiClient(config, 'HONNE_PROVIDER=openai'), server: serverOf(config) }),
    ));
  return {
    submit: async (lines, label, chunk) => (await make()).submit(lines, label, chunk),
    find: async (label, chunk) => (await make()).find(label, chunk),
    poll: async (id) => (await make()).poll(id),
    cancel: async (id) => (await make()).cancel(id),
    cleanup: async (id) => (await make()).cleanup(id),
  };
}
