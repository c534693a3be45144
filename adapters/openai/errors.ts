/** The OpenAI SDK's errors as honne's (pipeline/errors.ts), one function for every call:
 * - 429 → `RateLimitedError` (a `TransientError`) with the wait the server asked for
 *   (`retry-after-ms`, else `Retry-After`): the queue puts the job back without using an attempt
 *   and pauses the queue that long; a 429 `insufficient_quota` is no rate limit (no wait mends
 *   it) → `ConfigError`;
 * - 408, 409, ≥ 500, a dropped connection, a timeout, an abort → `TransientError` (the SDK
 *   has already retried; the queue retries it with backoff, `honne run` lists it as retryable);
 * - 401, 403 → `ConfigError` naming OPENAI_API_KEY;
 * - any other status (400, 404, 413, 422) → `ProviderError` PROVIDER_REJECTED, permanent;
 * - a body that is not the JSON the API promises → PROVIDER_INVALID_OUTPUT, permanent.
 * Messages carry the status, the error code and the request id, never a request or response body
 * (they hold speech); the SDK's error is kept as `cause`. */
import OpenAI from 'openai';
import { ConfigError, HonneError, ProviderError, RateLimitedError, TransientError, type ErrorContext } from '../../pipeline/errors.js';

/** `what` says which call failed ("transcription of piece 2 of 3"), `server` where it went. */
export interface CallContext extends ErrorContext {
  what: string;
  server: string;
}

export function fromOpenAiError(err: unknown, call: CallContext): Error {
  const { what, server, ...context } = call;
  if (err instanceof HonneError) return err;
  const at = `${what} at ${server}`;
  if (err instanceof OpenAI.APIUserAbortError) return new TransientError(`${at} was aborted`, context, { cause: err });
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new TransientError(`${at} timed out (HONNE_OPENAI_TIMEOUT_SEC), after the client's retries`, context, { cause: err });
  if (err instanceof OpenAI.APIConnectionError) return new TransientError(`${at} could not connect${networkCode(err)}, after the client's retries`, context, { cause: err });
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const detail = `HTTP ${err.status}${safe(err.code) ? ` ${safe(err.code)}` : ''}${safe(err.requestID) ? `, request ${safe(err.requestID)}` : ''}`;
    const s = err.status;
    if (s === 401 || s === 403) return new ConfigError(`${at} refused the key (${detail}): check OPENAI_API_KEY`, { ...context, variable: 'OPENAI_API_KEY' }, { cause: err });
    if (s === 429 && err.code === 'insufficient_quota') return new ConfigError(`${at} refused: the account's quota is used up (${detail}); check the plan and billing of OPENAI_API_KEY`, { ...context, variable: 'OPENAI_API_KEY' }, { cause: err });
    if (s === 429) return new RateLimitedError(`${at} was rate limited (${detail}), after the client's retries`, context, { cause: err, ...retryAfter(err.headers) });
    if (s === 408 || s === 409 || s >= 500) return new TransientError(`${at} failed (${detail}), after the client's retries`, context, { cause: err });
    return new ProviderError('PROVIDER_REJECTED', `${at} was refused (${detail})`, context, { cause: err });
  }
  // A 2xx whose body is not JSON (the SDK's JSON.parse threw) or another SDK complaint.
  if (err instanceof SyntaxError || err instanceof OpenAI.OpenAIError) {
    return new ProviderError('PROVIDER_INVALID_OUTPUT', `${at} answered with something that is not the API's JSON`, context, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** How long a 429 asks to wait: `retry-after-ms`, else `Retry-After` (seconds or an HTTP date). */
function retryAfter(headers: Headers | undefined): { retryAfterMs?: number } {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return { retryAfterMs: ms };
  const after = headers?.get('retry-after');
  if (!after) return {};
  const sec = Number(after);
  if (Number.isFinite(sec) && sec >= 0) return { retryAfterMs: sec * 1000 };
  const at = Date.parse(after);
  return Number.isFinite(at) ? { retryAfterMs: Math.max(0, at - Date.now()) } : {};
}

/** A short token from the server (error code, request id) or nothing: never free text. */
function safe(v: unknown): string | undefined {
  return typeof v === 'string' && /^[\w.:-]{1,80}$/.test(v) ? v : undefined;
}

/** `: ECONNREFUSED` from the connection error's causes. */
function networkCode(err: Error): string {
  let e: unknown = err.cause;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (safe(code)) return `: ${code}`;
    e = e.cause;
  }
  return '';
}
