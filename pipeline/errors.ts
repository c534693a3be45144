/** Named errors. Each carries a code, the context an operator needs (file, line, field,
 * session) and says whether retrying can help (`retryable`). Invalid input and schema
 * violations are permanent; network trouble, 429, 5xx and timeouts are transient. */
import { ZodError } from 'zod';

export interface ErrorContext {
  file?: string;
  line?: number;
  field?: string;
  sessionId?: string;
  variable?: string;
}

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'TRANSCRIPT_UNREADABLE'
  | 'TRANSCRIPT_EMPTY'
  | 'TRANSCRIPT_BINARY'
  | 'TRANSCRIPT_NO_SPEAKERS'
  | 'SOURCE_NOT_FOUND'
  | 'SOURCE_UNSUPPORTED'
  | 'SOURCE_NOT_ALLOWED'
  | 'SOURCE_TOO_LARGE'
  | 'NO_TRANSCRIBER'
  | 'RECORDING_UNREADABLE'
  | 'RECORDING_SILENT'
  | 'STORE_LOCKED'
  | 'PROVIDER_REJECTED'
  | 'PROVIDER_INVALID_OUTPUT'
  | 'BATCH_UNANSWERED'
  | 'TRANSIENT'
  | 'RATE_LIMITED';

export abstract class HonneError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retryable: boolean;
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }

  /** "file:line field: message" — what an operator sees. */
  describe(): string {
    const { file, line, field } = this.context;
    const where = [file ? (line !== undefined ? `${file}:${line}` : file) : '', field ? `field "${field}"` : '']
      .filter(Boolean)
      .join(' ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** A configuration value is missing or wrong: exit code 2, never retried. */
export class ConfigError extends HonneError {
  readonly code = 'CONFIG_INVALID' as const;
  readonly retryable = false;
}

/** The store was built with another pseudonym key (or is a demo store and the key is real, or
 * the other way round). A configuration error: nothing is read or written. */
export class KeyMismatchError extends ConfigError {}

/** A row or field of the input (companies, manifest) is invalid. Permanent. */
export class InputError extends HonneError {
  readonly code = 'INPUT_INVALID' as const;
  readonly retryable = false;
}

/** A transcript file cannot be decoded or parsed, or (TRANSCRIPT_NO_SPEAKERS) names no speaker,
 * so the employee's speech cannot be told from the consultant's. Permanent. */
export class TranscriptError extends HonneError {
  readonly retryable = false;
  constructor(
    readonly code: 'TRANSCRIPT_UNREADABLE' | 'TRANSCRIPT_EMPTY' | 'TRANSCRIPT_BINARY' | 'TRANSCRIPT_NO_SPEAKERS',
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** A recording or transcript location does not exist, cannot be read from here, is not a
 * regular file under the input root (SOURCE_NOT_ALLOWED) or is over the size cap. */
export class SourceError extends HonneError {
  readonly retryable = false;
  constructor(
    readonly code: 'SOURCE_NOT_FOUND' | 'SOURCE_UNSUPPORTED' | 'SOURCE_NOT_ALLOWED' | 'SOURCE_TOO_LARGE' | 'NO_TRANSCRIBER',
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** A recording ffmpeg cannot turn into speech audio: corrupt, empty, not a media file, without
 * an audio stream (RECORDING_UNREADABLE), or nothing but silence (RECORDING_SILENT). Permanent:
 * the same bytes fail the same way. */
export class RecordingError extends HonneError {
  readonly retryable = false;
  constructor(
    readonly code: 'RECORDING_UNREADABLE' | 'RECORDING_SILENT',
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** An outside model service (OpenAI or a server speaking its API) refused the request as it
 * stands (PROVIDER_REJECTED: 400, 404, 413, 422 — a wrong model name, an audio format it does not
 * take) or answered with something that is not what its API promises (PROVIDER_INVALID_OUTPUT:
 * malformed JSON, a schema violation, a refusal). Permanent: the same request fails the same way.
 * The message names the status, the error code and the request id, never a body (it may hold
 * speech). */
export class ProviderError extends HonneError {
  readonly retryable = false;
  constructor(
    readonly code: 'PROVIDER_REJECTED' | 'PROVIDER_INVALID_OUTPUT',
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** A batch API ended without answering a session's request (the batch failed, was cancelled,
 * or expired again after its resubmission). Permanent for the job: `honne batch retry` analyses
 * the session again, synchronously. */
export class BatchUnansweredError extends HonneError {
  readonly code = 'BATCH_UNANSWERED' as const;
  readonly retryable = false;
}

/** The DuckDB file is held by another process. Retrying later can help. */
export class StoreLockedError extends HonneError {
  readonly code = 'STORE_LOCKED' as const;
  readonly retryable = true;
}

/** Network trouble, rate limits, 5xx, timeouts: retrying can help. */
export class TransientError extends HonneError {
  readonly code: 'TRANSIENT' | 'RATE_LIMITED' = 'TRANSIENT';
  readonly retryable = true;
}

/** The provider said too many requests (HTTP 429), with how long it asked to wait when it said
 * so (`Retry-After`, `retry-after-ms`). Transient; queue mode does not count it as a failed
 * attempt: the job goes back to its queue and the whole queue, on every worker, pauses that
 * long (jobs/worker.ts). A 429 that no wait can mend (OpenAI's `insufficient_quota`) is not
 * this but a `ConfigError`. */
export class RateLimitedError extends TransientError {
  override readonly code = 'RATE_LIMITED' as const;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, context, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Whether retrying can help: the one rule, for `honne run`'s failure rows and queue mode
 * alike. Our errors say so (`retryable`); a schema violation (ZodError) never heals by itself;
 * of anything else nothing is known (`undefined`): queue mode retries it (a network error may
 * pass the next time), `honne run`, which retries nothing, reports it as not retryable. */
export function retryable(err: unknown): boolean | undefined {
  if (err instanceof HonneError) return err.retryable;
  if (err instanceof ZodError) return false;
  return undefined;
}

export function describeError(err: unknown): string {
  if (err instanceof HonneError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}

/** What went wrong in a JSON.parse, without the text around it. V8 quotes that text ("Unexpected
 * token '…', ...\"…\"... is not valid JSON"), and it is the input's (a transcript's words, a
 * manifest line's known name); it holds quotes of its own, so no pairing of quotes can cut it
 * out: only what comes before V8's first quote or ellipsis is kept. */
export function jsonParseProblem(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
  const safe = message.split(/["'`\u2018\u2019\u201c\u201d…]|\.\.\./)[0]!.trim().replace(/,$/, '');
  return safe === '' ? 'cannot be parsed' : safe;
}
