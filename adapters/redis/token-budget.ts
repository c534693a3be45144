/** A token budget (port: pipeline/ports/token-budget.ts) in Redis, shared by every worker on
 * every machine that uses the same Redis and key: at most `tokens` reserved in any `windowMs`
 * (a sliding window, as an API's per-minute limit counts). The reservations of the last window
 * are one sorted set (member `<id>:<tokens>`, score the time Redis reserved it), changed only by
 * two Lua scripts, so concurrent reservations from any number of processes never overshoot it.
 *
 * - Check, then take: a refused reservation takes nothing, so a smaller request may still use
 *   what is left. (rate-limiter-flexible, the usual library, adds first and checks after, in
 *   fixed windows: one large refused request would refuse every request in flight beside it,
 *   and a fixed window lets twice the limit through across a window's edge, which the API's
 *   sliding count then answers with 429s.)
 * - A refusal says when enough of the window will have left for the request to fit.
 * - `sending` moves a reservation to the time its request leaves (the API counts from arrival;
 *   the work between reserving and sending would otherwise end its window early, and the API
 *   answer the next window's first requests with 429).
 * - `settle` sets a reservation to what its request used, while it is still in the window; it
 *   never throws: the request was answered, and a lost correction errs for one window only.
 * - Redis's clock (`TIME`) stamps reservations, so the workers' clocks do not matter (tests
 *   give a clock of their own, `now`, so that no test waits for a window to pass). */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConfigError, TransientError } from '../../pipeline/errors.js';
import type { TokenBudget, TokenGrant } from '../../pipeline/ports/token-budget.js';

export interface RedisTokenBudgetOptions {
  redis: Redis;
  /** The budget's Redis key (one per deployment and provider: `honne:tokens:openai`). */
  key: string;
  /** Tokens in any window. */
  tokens: number;
  windowMs: number;
  /** What the limit is called in messages (`HONNE_RATE_LIMITS openai.tokens`). */
  setting: string;
  /** Milliseconds since the epoch, for tests; default Redis's `TIME` (one clock for every worker). */
  now?: () => number;
}

/** The scripts' time: the caller's (ARGV[i], tests) or Redis's. */
const NOW = (i: number) => `
local now
if ARGV[${i}] then now = tonumber(ARGV[${i}]) else
  local t = redis.call('time')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** KEYS[1] the set; ARGV tokens, limit, windowMs, id[, now] → {1, 0} granted, or {0, ms until it fits}. */
const RESERVE = `${NOW(5)}
local n, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)
local entries = redis.call('zrange', KEYS[1], 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #entries, 2 do used = used + tonumber(string.match(entries[i], ':(%d+)$')) end
if used + n <= limit then
  redis.call('zadd', KEYS[1], now, ARGV[4] .. ':' .. n)
  redis.call('pexpire', KEYS[1], window)
  return {1, 0}
end
for i = 1, #entries, 2 do
  used = used - tonumber(string.match(entries[i], ':(%d+)$'))
  if used + n <= limit then return {0, tonumber(entries[i + 1]) + window - now} end
end
return {0, window}
`;

/** KEYS[1] the set; ARGV the reservation's member, its new member → 1, or 0 when it has left the window. */
const SETTLE = `
local at = redis.call('zscore', KEYS[1], ARGV[1])
if not at then return 0 end
redis.call('zrem', KEYS[1], ARGV[1])
redis.call('zadd', KEYS[1], at, ARGV[2])
return 1
`;

/** KEYS[1] the set; ARGV the reservation's member[, now] → it counts from now (if still there). */
const SENDING = `${NOW(2)}
return redis.call('zadd', KEYS[1], 'XX', now, ARGV[1])
`;

interface BudgetCommands {
  honneTokensReserve(key: string, tokens: number, limit: number, windowMs: number, id: string, ...now: number[]): Promise<[number, number]>;
  honneTokensSettle(key: string, member: string, settled: string): Promise<number>;
  honneTokensSending(key: string, member: string, ...now: number[]): Promise<number>;
}

/** The tokens reserved in the window now (tests and diagnostics; `at`: the budget's `now`). */
export async function reservedTokens(redis: Redis, key: string, windowMs: number, at?: number): Promise<number> {
  const [sec, micro] = at === undefined ? await redis.time() : [0, 0];
  const now = at ?? Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
  const members = await redis.zrangebyscore(key, `(${now - windowMs}`, '+inf');
  return members.reduce((n, m) => n + Number(m.slice(m.lastIndexOf(':') + 1)), 0);
}

export function createRedisTokenBudget(opts: RedisTokenBudgetOptions): TokenBudget {
  const redis = opts.redis as Redis & Partial<BudgetCommands>;
  if (redis.honneTokensReserve === undefined) {
    redis.defineCommand('honneTokensReserve', { numberOfKeys: 1, lua: RESERVE });
    redis.defineCommand('honneTokensSettle', { numberOfKeys: 1, lua: SETTLE });
    redis.defineCommand('honneTokensSending', { numberOfKeys: 1, lua: SENDING });
  }
  const cmd = redis as Redis & BudgetCommands;
  const windowMs = Math.max(1, Math.ceil(opts.windowMs));
  const now = (): number[] => (opts.now ? [Math.floor(opts.now())] : []);
  return {
    async reserve(tokens: number): Promise<TokenGrant> {
      const n = Math.max(1, Math.ceil(tokens));
      if (n > opts.tokens) {
        throw new ConfigError(`a request of about ${n} tokens is larger than a whole window's token budget (${opts.setting}=${opts.tokens}): raise it, or lower the prompt's chunk_tokens`, { variable: 'HONNE_RATE_LIMITS' });
      }
      const id = randomUUID();
      let reply: [number, number];
      try {
        reply = await cmd.honneTokensReserve(opts.key, n, opts.tokens, windowMs, id, ...now());
      } catch (err) {
        throw new TransientError(`the token budget in Redis could not be reached (${opts.setting})`, {}, { cause: err });
      }
      const [granted, waitMs] = reply;
      if (granted !== 1) return { granted: false, retryAfterMs: Math.max(1, Number(waitMs)) };
      let settled = false;
      return {
        granted: true,
        async sending() {
          if (!settled) await cmd.honneTokensSending(opts.key, `${id}:${n}`, ...now()).catch(() => undefined);
        },
        async settle(usedTokens: number) {
          if (settled) return;
          settled = true;
          const used = Math.max(0, Math.ceil(usedTokens));
          if (used !== n) await cmd.honneTokensSettle(opts.key, `${id}:${n}`, `${id}:${used}`).catch(() => undefined);
        },
      };
    },
  };
}
