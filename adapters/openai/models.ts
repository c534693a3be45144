/** What honne knows of OpenAI's speech models and server, without loading the SDK (the
 * composition root and `honne doctor` read it; the adapter itself loads lazily). */
import type { Config } from '../../pipeline/config.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** What a model answers and how it is asked. */
export interface ModelMode {
  responseFormat: 'diarized_json' | 'verbose_json' | 'json';
  /** Whether its segments name speakers (only then can the employee be told from the consultant). */
  speakers: boolean;
  /** The longest upload it takes, in seconds (with a margin under the service's limit). */
  maxPieceSec?: number;
}

/** Known models. Any other name (a self-hosted Whisper server's) is asked for `verbose_json`,
 * which every Whisper-compatible server answers, and gives no speakers. */
export const MODELS: Readonly<Record<string, ModelMode>> = {
  // 1400 s the most it takes; 1380 leaves room for the encoder's padding
  'gpt-4o-transcribe-diarize': { responseFormat: 'diarized_json', speakers: true, maxPieceSec: 1380 },
  'gpt-4o-transcribe': { responseFormat: 'json', speakers: false, maxPieceSec: 1480 },
  'gpt-4o-mini-transcribe': { responseFormat: 'json', speakers: false, maxPieceSec: 1480 },
  'whisper-1': { responseFormat: 'verbose_json', speakers: false },
};
const OTHER_MODEL: ModelMode = { responseFormat: 'verbose_json', speakers: false };

export const modelMode = (model: string): ModelMode => MODELS[model] ?? OTHER_MODEL;

/** The transcriber's settings string (pipeline/ports/transcriber.ts `settings`): server, model,
 * response format and the audio preparation. */
export const transcriberSettings = (server: string, model: string, audioSettings: string): string =>
  `openai@${server};model=${model};format=${modelMode(model).responseFormat};${audioSettings}`;

/** The server's host and port, for messages (never a path, a query or credentials). */
export function serverOf(config: Pick<Config, 'openaiBaseUrl'>): string {
  try {
    return new URL(config.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL).host;
  } catch {
    return '(invalid OPENAI_BASE_URL)';
  }
}
