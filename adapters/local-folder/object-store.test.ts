import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getJson, putJson } from '../../pipeline/objects.js';
import { describeObjectStore } from '../../pipeline/testing/object-store-contract.js';
import { LocalObjectStore } from './object-store.js';

const dir = mkdtempSync(join(tmpdir(), 'honne-objects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalObjectStore', () => {
  const store = new LocalObjectStore(dir);

  it('writes, reads, checks and deletes objects, leaving no temporary files', async () => {
    await putJson(store, 'sessions/abc/result.json', { n: 1 });
    expect(await getJson(store, 'sessions/abc/result.json', z.object({ n: z.number() }))).toEqual({ n: 1 });
    expect(await store.exists('sessions/abc/result.json')).toBe(true);
    expect(readdirSync(join(dir, 'sessions', 'abc'))).toEqual(['result.json']);
    await store.delete('sessions/abc/result.json');
    await store.delete('sessions/abc/result.json');
    expect(await store.get('sessions/abc/result.json')).toBeUndefined();
    await putJson(store, 'sessions/abc/a.json', 1);
    await store.deletePrefix('sessions/abc');
    expect(await store.exists('sessions/abc/a.json')).toBe(false);
  });

  it('leaves no temporary copy of a body it failed to write (out of space, a broken rename): erase and retention find objects by name', async () => {
    // the object's name is taken by a folder: the body is written beside it, then cannot be renamed
    mkdirSync(join(dir, 'sessions', 'tx-blocked.transcript.json', 'x'), { recursive: true });
    await expect(store.put('sessions/tx-blocked.transcript.json', '{"text":"夜勤がつらい"}')).rejects.toThrow();
    expect(readdirSync(join(dir, 'sessions')).filter((f) => f.startsWith('tx-blocked'))).toEqual(['tx-blocked.transcript.json']);
  });

  it('validates what it reads and refuses keys that leave the folder', async () => {
    await putJson(store, 'x.json', { n: 'one' });
    await expect(getJson(store, 'x.json', z.object({ n: z.number() }))).rejects.toThrow();
    await expect(store.put('../escape.json', 'x')).rejects.toThrow(/invalid object key/);
    await expect(store.get('a//b')).rejects.toThrow(/invalid object key/);
  });
});

let n = 0;
/** Each in a folder of its own. */
describeObjectStore('LocalObjectStore', () => new LocalObjectStore(join(dir, `fresh-${(n += 1)}`)));

describe('LocalObjectStore: streams stay in the folder', () => {
  it('writes nothing outside the folder for a stream key that would leave it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'honne-objects-escape-'));
    try {
      const store = new LocalObjectStore(join(root, 'objects'));
      await expect(store.putStream('../escape.wav', Readable.from([Buffer.from('x')]))).rejects.toThrow(/invalid object key/);
      await expect(store.putStream('sessions/../../escape.wav', Readable.from([Buffer.from('x')]))).rejects.toThrow(/invalid object key/);
      expect(existsSync(join(root, 'escape.wav'))).toBe(false);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
