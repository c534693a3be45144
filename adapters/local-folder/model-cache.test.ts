import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalModelCache } from './model-cache.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'honne-cache-'));
  dirs.push(dir);
  return { dir, cache: new LocalModelCache(dir) };
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const KEY1 = '1'.repeat(64);
const KEY2 = '2'.repeat(64);

/** Every byte under the folder, as text. */
const everything = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n');

describe('LocalModelCache', () => {
  it('gives back what was put, per owner; a missing or damaged entry is a miss', async () => {
    const { dir, cache } = fresh();
    await cache.put(A, KEY1, { themes: ['job_change'] });
    expect(await cache.get(A, KEY1)).toEqual({ themes: ['job_change'] });
    expect(await cache.get(B, KEY1)).toBeUndefined();
    expect(await cache.get(A, KEY2)).toBeUndefined();
    writeFileSync(join(dir, A, '11', `${KEY1}.json`), '{"value": {"them');
    expect(await cache.get(A, KEY1)).toBeUndefined();
  });

  it('files an owner that is no pseudonym under its hash, never its name', async () => {
    const { dir, cache } = fresh();
    await cache.put('../../etc/yamada', KEY1, 1);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(dir)[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await cache.get('../../etc/yamada', KEY1)).toBe(1);
    await expect(cache.put(A, '../x', 1)).rejects.toThrow(/64 hex digits/);
  });

  it('erases one employee: no byte of their answers is left, the others\' stay', async () => {
    const { dir, cache } = fresh();
    await cache.put(A, KEY1, { evidence: '山田さんの下で辞めたい' });
    await cache.put(A, KEY2, { evidence: '眠れない夜が続く' });
    await cache.put(B, KEY1, { evidence: '残業が多い' });
    expect(await cache.eraseOwners([A, 'c'.repeat(64)])).toBe(2);
    const left = everything(dir);
    for (const said of ['山田', '辞めたい', '眠れない']) expect(left).not.toContain(said);
    expect(left).toContain('残業が多い');
    expect(await cache.get(B, KEY1)).toEqual({ evidence: '残業が多い' });
  });

  it('expires entries written before a date (a dry run only counts), and clears all', async () => {
    const { dir, cache } = fresh();
    await cache.put(A, KEY1, 'old');
    await cache.put(B, KEY2, 'new');
    const old = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(dir, A, '11', `${KEY1}.json`), old, old);
    const cut = new Date('2026-02-01T00:00:00Z');
    expect(await cache.expire(cut, true)).toBe(1);
    expect(await cache.get(A, KEY1)).toBe('old');
    expect(await cache.expire(cut, false)).toBe(1);
    expect(await cache.get(A, KEY1)).toBeUndefined();
    expect(await cache.get(B, KEY2)).toBe('new');
    expect(await cache.clear()).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    expect(await new LocalModelCache(join(dir, 'never-made')).clear()).toBe(0);
  });
});
