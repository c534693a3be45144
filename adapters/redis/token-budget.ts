/** A token budget (port: pipeline/ports/token-budget.ts) in Redis, shared by every worker on
 * every machine that uses the same Redis and key: at most `tokens` reserved in a fixed window
 * of `windowMs`, kept in one hash (`used`, and `start`, the window's id) with a TTL of the
 * window, changed only by two Lua scripts, so concurrent reservations from any number of
 * processes never overshoot it.
 *
 * - Check, then take: a refused reservation takes nothing, so a smaller request may still use
 *   what is left of the window. (rate-limiter-flexible, the usual library, adds first and checks
 *   after: one large refused request would refuse every request in flight beside it.)
 * - `settle` charges the difference between the estimate and what the request used, to the
 *   window the reservation was made in only (a new window owes nothing to an old one); it never
 *   throws: the request was answered, and a lost correction errs for one window only.
 * - Redis's clock (`TIME`) opens the windows, so the workers' clocks do not matter. */
import type { Redis } from 'ioredis';
import { ConfigError, TransientError } from '../../pipeline/errors.js';
import type { TokenBudget, TokenGrant } from '../../pipeline/ports/token-budget.js';

export interface RedisTokenBudgetOptions {
  redis: Redis;
  /** The budget's Redis key (one per deployment and provider: `honne:tokens:openai`). */
  key: string;
  /** Tokens a window. */
  tokens: number;
  windowMs: number;
  /** What the limit is called in messages (`HONNE_RATE_LIMITS openai.tokens`). */
  setting: string;
}

/** KEYS[1] the hash; ARGV tokens, limit, windowMs → {granted 0/1, ms left in the window, window id}.
 * A window opens with the first reservation after the previous one expired. */
const RESERVE = `
local n, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl = redis.call('pttl', KEYS[1])
if ttl <= 0 then
  local t = redis.call('time')
  local start = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('del', KEYS[1])
  redis.call('hset', KEYS[1], 'used', n, 'start', start)
  redis.call('pexpire', KEYS[1], window)
  return {1, window, start}
end
local used = tonumber(redis.call('hget', KEYS[1], 'used') or '0')
local start = redis.call('hget', KEYS[1], 'start')
if used + n > limit then return {0, ttl, start} end
redis.call('hincrby', KEYS[1], 'used', n)
return {1, ttl, start}
`;

/** KEYS[1] the hash; ARGV window id, tokens to add (negative: give back). Only to that window. */
const SETTLE = `
if redis.call('hget', KEYS[1], 'start') == ARGV[1] then return redis.call('hincrby', KEYS[1], 'used', ARGV[2]) end
return false
`;

interface BudgetCommands {
  honneTokensReserve(key: string, tokens: number, limit: number, windowMs: number): Promise<[number, number, string]>;
  honneTokensSettle(key: string, start: string, diff: number): Promise<number | null>;
}

export function createRedisTokenBudget(opts: RedisTokenBudgetOptions): TokenBudget {
  const redis = opts.redis as Redis & Partial<BudgetCommands>;
  if (redis.honneTokensReserve === undefined) {
    redis.defineCommand('honneTokensReserve', { numberOfKeys: 1, lua: RESERVE });
    redis.defineCommand('honneTokensSettle', { numberOfKeys: 1, lua: SETTLE });
  }
  const cmd = redis as Redis & BudgetCommands;
  const windowMs = Math.max(1, Math.ceil(opts.windowMs));
  return {
    async reserve(tokens: number): Promise<TokenGrant> {
      const n = Math.max(1, Math.ceil(tokens));
      if (n > opts.tokens) {
        throw new ConfigError(`a request of about ${n} tokens is larger than a whole window's token budget (${opts.setting}=${opts.tokens}): raise it, or lower the prompt's chunk_tokens`, { variable: 'HONNE_RATE_LIMITS' });
      }
      let reply: [number, number, string];
      try {
        reply = await cmd.honneTokensReserve(opts.key, n, opts.tokens, windowMs);
      } catch (err) {
        throw new TransientError(`the token budget in Redis could not be reached (${opts.setting})`, {}, { cause: err });
      }
      const [granted, msLeft, start] = reply;
      if (granted !== 1) return { granted: false, retryAfterMs: Math.max(1, Number(msLeft)) };
      let settled = false;
      return {
        granted: true,
        async settle(usedTokens: number) {
          if (settled) return;
          settled = true;
          const diff = Math.ceil(usedTokens) - n;
          if (diff !== 0) await cmd.honneTokensSettle(opts.key, String(start), diff).catch(() => undefined);
        },
      };
    },
  };
}
