import { describe, expect, it } from 'vitest';
import { cachedCall, modelCacheKey, type ModelCacheKeyParts } from './model-cache.js';
import type { ModelCache } from './ports/model-cache.js';

const parts: ModelCacheKeyParts = { model: 'gpt-x', promptHash: 'p1', input: [{ role: 'user', content: '転職したい' }], params: { temperature: 0 } };

/** A cache in memory that records what it was asked. */
function memoryCache(): ModelCache & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: async (owner, key) => entries.get(`${owner}/${key}`),
    put: async (owner, key, value) => void entries.set(`${owner}/${key}`, value),
    eraseOwners: async () => 0,
    expire: async () => 0,
    clear: async () => 0,
  };
}

describe('modelCacheKey', () => {
  it('changes with the model, the prompt, the input and every parameter, and not with key order', () => {
    const k = modelCacheKey(parts);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(modelCacheKey({ ...parts, model: 'gpt-y' })).not.toBe(k);
    expect(modelCacheKey({ ...parts, promptHash: 'p2' })).not.toBe(k);
    expect(modelCacheKey({ ...parts, input: [{ role: 'user', content: '転職したくない' }] })).not.toBe(k);
    expect(modelCacheKey({ ...parts, params: { temperature: 0.2 } })).not.toBe(k);
    expect(modelCacheKey({ params: { temperature: 0 }, input: parts.input, promptHash: 'p1', model: 'gpt-x' })).toBe(k);
  });
});

describe('cachedCall', () => {
  it('calls once, then answers from the cache; an entry the parser refuses is asked again', async () => {
    const cache = memoryCache();
    let calls = 0;
    const call = async () => ({ n: ++calls });
    const parse = (v: unknown) => (typeof (v as { n?: unknown }).n === 'number' ? (v as { n: number }) : undefined);
    expect(await cachedCall(cache, 'o', parts, parse, call)).toEqual({ value: { n: 1 }, cached: false });
    expect(await cachedCall(cache, 'o', parts, parse, call)).toEqual({ value: { n: 1 }, cached: true });
    // another owner's identical request is its own entry (erasing one employee never touches another's)
    expect(await cachedCall(cache, 'p', parts, parse, call)).toEqual({ value: { n: 2 }, cached: false });
    cache.entries.set(`o/${modelCacheKey(parts)}`, { n: 'damaged' });
    expect(await cachedCall(cache, 'o', parts, parse, call)).toEqual({ value: { n: 3 }, cached: false });
    expect(calls).toBe(3);
  });

  it('stores what `keep` leaves of an answer, and gives the caller the whole of it', async () => {
    const cache = memoryCache();
    const got = await cachedCall(cache, 'o', parts, (v) => v as { n: number; quote?: string }, async () => ({ n: 1, quote: '盆栽' }), ({ n }) => ({ n }));
    expect(got).toEqual({ value: { n: 1, quote: '盆栽' }, cached: false });
    expect([...cache.entries.values()]).toEqual([{ n: 1 }]);
  });

  it('without a cache (--no-cache) calls every time and stores nothing', async () => {
    let calls = 0;
    const call = async () => ++calls;
    await cachedCall(undefined, 'o', parts, (v) => v as number, call);
    await cachedCall(undefined, 'o', parts, (v) => v as number, call);
    expect(calls).toBe(2);
  });

  it('stores nothing when the call fails', async () => {
    const cache = memoryCache();
    await expect(cachedCall(cache, 'o', parts, (v) => v, async () => { throw new Error('429'); })).rejects.toThrow('429');
    expect(cache.entries.size).toBe(0);
  });
});
