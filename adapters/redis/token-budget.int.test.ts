/** The Redis token budget on a real Redis (a private redis-server), with two budget instances on
 * two connections standing for two workers: reservations from both never add up to more than the
 * budget in a window, a refused one takes nothing and says when it would fit, and a settle
 * corrects only a reservation still in the window. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipeline/errors.js';
import type { TokenBudget } from '../../pipeline/ports/token-budget.js';
import { startTestRedis, type TestRedis } from '../../jobs/testing/redis.js';
import { createRedisTokenBudget, reservedTokens } from './token-budget.js';

let redis: TestRedis;
const clients: Redis[] = [];
let n = 0;

beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

/** Two "workers": each its own connection and budget on one key (on `clock`, when given: the
 * test moves time, no test waits for it). */
function twoWorkers(tokens: number, windowMs: number, clock?: { now: number }): { key: string; budgets: [TokenBudget, TokenBudget]; redis: Redis; used: () => Promise<number> } {
  const key = `test:tokens:${++n}`;
  const make = () => {
    const c = new Redis(redis.url);
    clients.push(c);
    return createRedisTokenBudget({ redis: c, key, tokens, windowMs, setting: 'openai.tokens', ...(clock ? { now: () => clock.now } : {}) });
  };
  const budgets: [TokenBudget, TokenBudget] = [make(), make()];
  const r = clients[clients.length - 1]!;
  return { key, budgets, redis: r, used: () => reservedTokens(r, key, windowMs, clock?.now) };
}

/** Request sizes, varied and repeatable. */
const sizes = (count: number) => Array.from({ length: count }, (_, i) => 1_000 + ((i * 7_919) % 9_000));

describe('the Redis token budget', () => {
  it('never grants two workers together more than the budget in a window, and refuses only what does not fit', async () => {
    // one minute: every reservation of this test falls in the one window
    const { budgets, used } = twoWorkers(100_000, 60_000);
    const want = sizes(80);
    const grants = await Promise.all(want.map((t, i) => budgets[i % 2]!.reserve(t)));
    const granted = want.filter((_, i) => grants[i]!.granted);
    const refused = want.filter((_, i) => !grants[i]!.granted);
    const sum = granted.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(100_000);
    expect(refused.length).toBeGreaterThan(0);
    // a refused reservation took nothing: Redis holds exactly what was granted ...
    expect(await used()).toBe(sum);
    // ... and each was refused because it did not fit (what is left is less than it)
    expect(Math.min(...refused)).toBeGreaterThan(100_000 - sum);
    for (const g of grants) if (!g.granted) expect(g.retryAfterMs).toBeGreaterThan(0);
    for (const g of grants) if (!g.granted) expect(g.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('settles to what a request used: a smaller answer gives tokens back, a larger one takes more, once', async () => {
    const { budgets, used } = twoWorkers(10_000, 60_000);
    const a = await budgets[0].reserve(6_000);
    const b = await budgets[1].reserve(5_000);
    expect([a.granted, b.granted]).toEqual([true, false]);
    if (!a.granted) throw new Error('unreachable');
    await a.settle(3_500);
    await a.settle(100); // a second settle changes nothing
    expect(await used()).toBe(3_500);
    const c = await budgets[1].reserve(5_000);
    expect(c.granted).toBe(true);
    if (!c.granted) throw new Error('unreachable');
    await c.settle(6_000);
    expect(await used()).toBe(9_500);
    expect((await budgets[0].reserve(600)).granted).toBe(false);
    expect((await budgets[0].reserve(500)).granted).toBe(true);
  });

  it('a settle reaches only a reservation still in the window', async () => {
    const { key, budgets, redis: r, used } = twoWorkers(10_000, 60_000);
    const a = await budgets[0].reserve(8_000);
    if (!a.granted) throw new Error('not granted');
    // the reservation leaves the window (as if its minute had passed); another is made
    await r.del(key);
    expect((await budgets[1].reserve(9_000)).granted).toBe(true);
    await a.settle(1_000); // would give back 7,000 of a window that is gone
    expect(await used()).toBe(9_000);
    expect((await budgets[0].reserve(2_000)).granted).toBe(false);
  });

  it('a refusal says when enough has left the window; then the request fits', async () => {
    const clock = { now: 1_000_000 };
    const { budgets, used } = twoWorkers(5_000, 60_000, clock);
    expect((await budgets[0].reserve(3_000)).granted).toBe(true);
    clock.now += 20_000;
    expect((await budgets[0].reserve(2_000)).granted).toBe(true);
    // 3,000 fit once the first 3,000 have left (40 s from now), before the second 2,000 do
    const refused = await budgets[1].reserve(3_000);
    if (refused.granted) throw new Error('granted past the budget');
    expect(refused.retryAfterMs).toBe(40_000);
    // 4,000 fit only once both have left
    const later = await budgets[1].reserve(4_000);
    if (later.granted) throw new Error('granted past the budget');
    expect(later.retryAfterMs).toBe(60_000);
    clock.now += refused.retryAfterMs - 1;
    expect((await budgets[1].reserve(3_000)).granted).toBe(false); // a millisecond early
    clock.now += 1;
    expect(await used()).toBe(2_000);
    expect((await budgets[1].reserve(4_000)).granted).toBe(false); // 2,000 + 4,000: still too many
    expect((await budgets[1].reserve(3_000)).granted).toBe(true);
  });

  it('a reservation counts from its request\'s sending', async () => {
    const clock = { now: 1_000_000 };
    const { budgets } = twoWorkers(5_000, 60_000, clock);
    const a = await budgets[0].reserve(3_000);
    if (!a.granted) throw new Error('not granted');
    clock.now += 20_000;
    await a.sending();
    expect((await budgets[1].reserve(2_000)).granted).toBe(true);
    const refused = await budgets[1].reserve(3_000);
    if (refused.granted) throw new Error('granted past the budget');
    // it fits when the 3,000 leave: a window after they were sent, not after they were reserved
    expect(refused.retryAfterMs).toBe(60_000);
    clock.now += 40_000; // a window after the reserving: still there
    expect((await budgets[1].reserve(3_000)).granted).toBe(false);
    clock.now += 20_000;
    expect((await budgets[1].reserve(3_000)).granted).toBe(true);
  });

  it('a request larger than a whole window is a configuration error, never a wait', async () => {
    const { budgets } = twoWorkers(5_000, 60_000);
    const err = await budgets[0].reserve(5_001).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    // it names the request's size and the setting
    expect((err as Error).message).toMatch(/a request of about 5001 tokens is larger than a whole window's token budget \(openai\.tokens=5000\)/);
  });
});
