/** The OpenAI client from the validated config (never from `process.env`): key, base URL (any
 * server speaking the OpenAI API: OPENAI_BASE_URL), a timeout per request and the SDK's own
 * retries — 2 by default, with backoff, on 408/409/429/5xx and dropped connections, honouring
 * `Retry-After` (`honne run` has no other retry; the queue retries what is still transient). */
import OpenAI from 'openai';
import type { Config } from '../../pipeline/config.js';
import { ConfigError } from '../../pipeline/errors.js';
import { OPENAI_DEFAULT_BASE_URL } from './models.js';

export type OpenAiConfig = Pick<Config, 'openaiApiKey' | 'openaiBaseUrl' | 'openaiTimeoutMs' | 'openaiMaxRetries'>;

/** `who` names the setting that asked for OpenAI (`HONNE_TRANSCRIBER=openai`), for the message. */
export function createOpenAiClient(config: OpenAiConfig, who: string): OpenAI {
  if (config.openaiApiKey === undefined) {
    throw new ConfigError(`${who} needs OPENAI_API_KEY (a server of your own that takes no key: set any value)`, { variable: 'OPENAI_API_KEY' });
  }
  return new OpenAI({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL,
    timeout: config.openaiTimeoutMs,
    maxRetries: config.openaiMaxRetries,
    // never the environment's OPENAI_ORG_ID / OPENAI_PROJECT_ID: config is read in one place
    organization: null,
    project: null,
  });
}
