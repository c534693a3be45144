/** The configuration check before any work starts (`honne run`, `batch submit`, `honne worker`):
 * what transcription needs, so that a missing ffmpeg, an unreachable transcription server, a
 * refused key or a model that labels no speakers is one configuration error (exit 2) before a
 * session is touched — not the same failure on every session, some of them paid for. */
import { spawnSync } from 'node:child_process';
import { modelMode, OPENAI_DEFAULT_BASE_URL } from '../adapters/openai/models.js';
import type { Config } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';

export interface PreflightOptions {
  /** The ffmpeg executable (tests name one that is missing). */
  ffmpeg?: string;
  /** How long the server may take to answer, ms. */
  timeoutMs?: number;
}

/** What HONNE_TRANSCRIBER needs, one problem after another as ConfigErrors; nothing for `none`. */
export async function checkTranscription(config: Config, o: PreflightOptions = {}): Promise<void> {
  if (config.transcriber === 'none') return;
  if (config.openaiApiKey === undefined) {
    throw new ConfigError('HONNE_TRANSCRIBER=openai needs OPENAI_API_KEY (a server of your own that takes no key: set any value)', { variable: 'OPENAI_API_KEY' });
  }
  const problem = modelProblem(config.transcribeModel);
  if (problem !== undefined) throw new ConfigError(problem, { variable: 'HONNE_TRANSCRIBE_MODEL' });
  const ffmpeg = o.ffmpeg ?? 'ffmpeg';
  if (spawnSync(ffmpeg, ['-version'], { stdio: 'ignore' }).status !== 0) {
    throw new ConfigError(`${ffmpeg} not found on the PATH: recordings need it before they are transcribed (apt-get install ffmpeg; \`honne doctor\` checks)`, { variable: 'HONNE_TRANSCRIBER' });
  }
  const status = await serverAnswer(config, o.timeoutMs ?? 5_000);
  if (typeof status !== 'number') {
    throw new ConfigError(`the transcription server ${baseOf(config)} cannot be reached (${status}): check OPENAI_BASE_URL and the network`, { variable: 'OPENAI_BASE_URL' });
  }
  if (status === 401 || status === 403) throw new ConfigError(`the transcription server ${baseOf(config)} refused the key (HTTP ${status}): check OPENAI_API_KEY`, { variable: 'OPENAI_API_KEY' });
}

/** Why a model cannot serve honne, or undefined: a transcript without speaker labels cannot
 * tell the employee from the consultant, so every recording would fail TRANSCRIPT_NO_SPEAKERS
 * after it was paid for. */
export function modelProblem(model: string): string | undefined {
  if (modelMode(model).speakers) return undefined;
  return `HONNE_TRANSCRIBE_MODEL=${model} labels no speakers, so the employee cannot be told from the consultant and every recording would fail (TRANSCRIPT_NO_SPEAKERS) after being paid for: use gpt-4o-transcribe-diarize`;
}

export const baseOf = (config: Pick<Config, 'openaiBaseUrl'>) => config.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL;

/** The HTTP status of `GET {base}/models` with the key (any answer: the server is there; 401 or
 * 403: the key is refused), or why no answer came. */
export async function serverAnswer(config: Pick<Config, 'openaiBaseUrl' | 'openaiApiKey'>, timeoutMs: number): Promise<number | string> {
  const base = baseOf(config);
  try {
    const res = await fetch(new URL('models', base.endsWith('/') ? base : `${base}/`), {
      headers: config.openaiApiKey === undefined ? {} : { authorization: `Bearer ${config.openaiApiKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    return typeof cause === 'string' ? cause : (err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (err as Error).message;
  }
}
