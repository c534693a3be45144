/** The model-call cache port: a model's answer kept on disk under a key made of what decides it
 * — model, prompt content hash, input, parameters (`modelCacheKey`, pipeline/model-cache.ts) —
 * never a secret, so re-running an eval or a batch costs nothing. An entry holds redacted speech's
 * answer (results, quoted evidence), so it is filed under the employee it came from (`owner`: the
 * employee's pseudonym) for `honne erase`, and has a lifetime (retention class `model_cache`).
 * Adapter: adapters/local-folder/model-cache.ts (HONNE_CACHE_DIR). */

export interface ModelCache {
  /** The answer stored for `owner` under `key`, or undefined. A damaged entry is a miss. */
  get(owner: string, key: string): Promise<unknown>;
  /** Stores an answer (successes only: never a failure). */
  put(owner: string, key: string, value: unknown): Promise<void>;
  /** Removes every entry filed under these owners (`honne erase`); returns how many. */
  eraseOwners(owners: Iterable<string>): Promise<number>;
  /** Removes (or with `dryRun` counts) the entries written before `before` (retention). */
  expire(before: Date, dryRun: boolean): Promise<number>;
  /** Removes every entry (`honne cache clear`); returns how many. */
  clear(): Promise<number>;
}
