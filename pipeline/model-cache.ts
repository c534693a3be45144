/** Model calls through the cache port (pipeline/ports/model-cache.ts): the key, and a call that
 * is answered from the cache when it can be. Pure but for the port. */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { ModelCache } from './ports/model-cache.js';

/** What a cached answer depends on. Nothing else enters the key: no API key, no base URL, no
 * session id — the same request is the same answer wherever it comes from. */
export interface ModelCacheKeyParts {
  model: string;
  /** The content hash of the prompt (pipeline/analyze/prompt.ts). */
  promptHash: string;
  /** What is sent to the model (the rendered messages). */
  input: unknown;
  /** Every other parameter of the request (temperature, output schema, …). */
  params: Record<string, unknown>;
}

/** Hex SHA-256 of the parts as canonical JSON. */
export function modelCacheKey(parts: ModelCacheKeyParts): string {
  return createHash('sha256')
    .update(stringify({ model: parts.model, prompt: parts.promptHash, input: parts.input, params: parts.params }) ?? '')
    .digest('hex');
}

/** Turns `call` into a cached one: a stored answer that `parse` accepts is returned with
 * `cached: true`; otherwise `call` runs and its answer is stored — as `keep` leaves it (what the
 * cache may hold of it; the caller gets the whole answer). `cache` undefined (`--no-cache`) calls
 * every time and stores nothing. */
export async function cachedCall<T>(
  cache: ModelCache | undefined,
  owner: string,
  parts: ModelCacheKeyParts,
  parse: (stored: unknown) => T | undefined,
  call: () => Promise<T>,
  keep: (value: T) => unknown = (v) => v,
): Promise<{ value: T; cached: boolean }> {
  if (cache === undefined) return { value: await call(), cached: false };
  const key = modelCacheKey(parts);
  const stored = await cache.get(owner, key);
  const hit = stored === undefined ? undefined : parse(stored);
  if (hit !== undefined) return { value: hit, cached: true };
  const value = await call();
  await cache.put(owner, key, keep(value));
  return { value, cached: false };
}
