/** The composition root: builds the adapters a command needs from the validated config. */
import { lexiconsOfVersion, type Lexicons } from '../pipeline/analyze/lexicon.js';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import type { AnalysisProvider, PromptRef } from '../pipeline/analyze/provider.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import type { Config } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';
import type { AnalyticsStoreOpener } from '../pipeline/ports/analytics-store.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { knownNamesOpener, type SessionDeps } from '../pipeline/session.js';
import { createSourceReader } from '../pipeline/sources/sources.js';

/** `prompt` picks a versioned prompt or lexicon (`honne eval --prompt`); without it the provider
 * runs its current one. */
type ProviderFactory = (config: Config, tokenizer: JaTokenizer, prompt?: PromptRef) => AnalysisProvider;

/** The local provider runs lexicons: `lexicon@VERSION`. */
function localLexicons(prompt: PromptRef): Lexicons {
  if (prompt.name !== 'lexicon') {
    throw new ConfigError(`the local provider runs lexicon versions: use lexicon@VERSION, not "${prompt.name}@${prompt.version}"`, { field: 'prompt' });
  }
  return lexiconsOfVersion(prompt.version);
}

/** Analysis providers keyed by HONNE_PROVIDER. */
export const PROVIDERS: Record<Config['provider'], ProviderFactory> = {
  local: (_config, tokenizer, prompt) => createLocalProvider({ tokenizer, ...(prompt !== undefined ? { lexicons: localLexicons(prompt) } : {}) }),
  openai: () => {
    throw new ConfigError('HONNE_PROVIDER=openai is not available in this version yet; use "local"', { variable: 'HONNE_PROVIDER' });
  },
};

/** The analytics store of the configuration: DuckDB, loaded when first opened (a stage thread
 * or `honne config` never loads it). */
export function analyticsStore(config: Config): AnalyticsStoreOpener {
  const adapter = () => import('../adapters/duckdb/store.js');
  return {
    open: async () => (await adapter()).DuckDbStore.open(config.storePath, keyBinding(config), { memoryMb: config.storeMemoryMb }),
    rewrite: async () => (await adapter()).DuckDbStore.rewrite(config.storePath),
  };
}

export async function createSessionDeps(config: Config): Promise<SessionDeps> {
  const tokenizer = await loadJapaneseTokenizer();
  return {
    read: createSourceReader({ maxBytes: config.maxTranscriptBytes }),
    provider: PROVIDERS[config.provider](config, tokenizer),
    tokenizer,
    knownNames: knownNamesOpener(config.pseudonymKey),
  };
}
