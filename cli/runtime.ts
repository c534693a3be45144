/** The composition root: builds the adapters a command needs from the validated config. */
import { lexiconsOfVersion, type Lexicons } from '../pipeline/analyze/lexicon.js';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import type { PromptRef } from '../pipeline/analyze/prompt-ref.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import type { Config } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';
import type { AnalysisProvider } from '../pipeline/ports/analysis-provider.js';
import type { Transcriber } from '../pipeline/ports/transcriber.js';
import { knownNamesOpener, type SessionDeps } from '../pipeline/session.js';
import { createSourceReader } from '../pipeline/sources/sources.js';
import { noTranscriber } from '../pipeline/transcripts/none.js';

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

/** Transcribers keyed by HONNE_TRANSCRIBER: a new one is an adapter folder and an entry here. */
export const TRANSCRIBERS: Record<Config['transcriber'], (config: Config) => Transcriber> = {
  none: () => noTranscriber,
};

export async function createSessionDeps(config: Config): Promise<SessionDeps> {
  const tokenizer = await loadJapaneseTokenizer();
  return {
    read: createSourceReader({ maxBytes: config.maxTranscriptBytes }),
    transcriber: TRANSCRIBERS[config.transcriber](config),
    provider: PROVIDERS[config.provider](config, tokenizer),
    tokenizer,
    knownNames: knownNamesOpener(config.pseudonymKey),
  };
}
