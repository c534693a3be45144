/** The composition root: builds the adapters a command needs from the validated config. */
import { createLocalProvider } from '../pipeline/analyze/local.js';
import type { AnalysisProvider } from '../pipeline/analyze/provider.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import type { Config } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';
import type { SessionDeps } from '../pipeline/session.js';
import { createSourceReader } from '../pipeline/sources/sources.js';

type ProviderFactory = (config: Config, tokenizer: JaTokenizer) => AnalysisProvider;

/** Analysis providers keyed by HONNE_PROVIDER. */
export const PROVIDERS: Record<Config['provider'], ProviderFactory> = {
  local: (_config, tokenizer) => createLocalProvider({ tokenizer }),
  openai: () => {
    throw new ConfigError('HONNE_PROVIDER=openai is not available in this version yet; use "local"', { variable: 'HONNE_PROVIDER' });
  },
};

export async function createSessionDeps(config: Config): Promise<SessionDeps> {
  const tokenizer = await loadJapaneseTokenizer();
  return { read: createSourceReader(), provider: PROVIDERS[config.provider](config, tokenizer), tokenizer };
}
