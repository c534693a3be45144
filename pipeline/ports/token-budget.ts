/** The token budget port: model tokens a window, shared by every process that calls the model
 * (queue mode's workers: HONNE_RATE_LIMITS `openai.tokens=N`). A provider reserves a request's
 * estimated tokens before it sends it and settles with what the request used. Interfaces only:
 * the composition root builds one (adapters/redis/token-budget.ts) and gives it to the provider. */

/** A reservation: granted (settle it with the tokens the request used, once; best effort, never
 * throws), or refused until
 * the window has room again (`retryAfterMs`: when the current window ends). */
export type TokenGrant =
  | {
      readonly granted: true;
      /** A request of the reservation leaves now: the reservation counts from now, as the API
       * counts it from its arrival (work between reserving and sending does not make the window
       * end early). Best effort, never throws. A provider that reserves just before it sends
       * (the OpenAI analysis provider) need not call it. */
      sending(): Promise<void>;
      settle(usedTokens: number): Promise<void>;
    }
  | { readonly granted: false; readonly retryAfterMs: number };

export interface TokenBudget {
  /** Reserves `tokens` in the current window. A request larger than a whole window's budget can
   * never be sent: that throws a ConfigError (no wait mends it). */
  reserve(tokens: number): Promise<TokenGrant>;
}
