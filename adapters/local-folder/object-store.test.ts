import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getJson, putJson } from '../../pipeline/objects.js';
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

  it('validates what it reads and refuses keys that leave the folder', async () => {
    await putJson(store, 'x.json', { n: 'one' });
    await expect(getJson(store, 'x.json', z.object({ n: z.number() }))).rejects.toThrow();
    await expect(store.put('../escape.json', 'x')).rejects.toThrow(/invalid object key/);
    await expect(store.get('a//b')).rejects.toThrow(/invalid object key/);
  });
});

describe('LocalObjectStore: listing and streams', () => {
  let n = 0;
  /** A store in a folder of its own. */
  const fresh = () => new LocalObjectStore(join(dir, `fresh-${(n += 1)}`));
  const chunk = (c: string) => Buffer.alloc(64 * 1024, c);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  async function readAll(r: Readable): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of r) parts.push(p as Buffer);
    return Buffer.concat(parts);
  }

  it('lists the objects under a prefix, with their size and when they were written', async () => {
    const store = fresh();
    await store.put('sessions/a.result.json', '12345');
    await store.put('sessions/b.redacted.json', '1');
    await store.put('batches/b-1/sessions/C1.json', '{}');
    await store.put('batches/b-2/plan.json', '[]');
    await store.put('sessionsX.json', 'x');
    const keys = async (prefix?: string) => (await store.list(prefix)).map((o) => o.key);
    expect(await keys('sessions/')).toEqual(['sessions/a.result.json', 'sessions/b.redacted.json']);
    expect(await keys('batches/b-1/')).toEqual(['batches/b-1/sessions/C1.json']);
    expect(await keys('batches/')).toEqual(['batches/b-1/sessions/C1.json', 'batches/b-2/plan.json']);
    expect(await keys('sessions')).toEqual(['sessions/a.result.json', 'sessions/b.redacted.json', 'sessionsX.json']);
    expect(await keys('sessions/a')).toEqual(['sessions/a.result.json']);
    expect(await keys('nothing/')).toEqual([]);
    expect(await keys('sessionsX.json/')).toEqual([]);
    expect(await keys()).toEqual(['batches/b-1/sessions/C1.json', 'batches/b-2/plan.json', 'sessions/a.result.json', 'sessions/b.redacted.json', 'sessionsX.json']);
    const [a] = await store.list('sessions/a');
    expect(a).toEqual({ key: 'sessions/a.result.json', size: 5, writtenMs: expect.any(Number) as number });
    expect(await fresh().list('sessions/')).toEqual([]);
  });

  it('refuses a listing prefix that leaves the folder', async () => {
    const store = fresh();
    for (const prefix of ['..', '../', '../etc/', 'sessions/../../', '/etc/', 'a//b/', './']) {
      await expect(store.list(prefix), prefix).rejects.toThrow(/invalid object key/);
    }
  });

  it('streams an object in and out, whole', async () => {
    const store = fresh();
    const body = Buffer.concat(Array.from({ length: 40 }, (_, i) => chunk(String.fromCharCode(97 + (i % 26)))));
    await store.putStream('sessions/s.recording.wav', Readable.from([body.subarray(0, 1_000_000), body.subarray(1_000_000)]));
    const out = await store.getStream('sessions/s.recording.wav');
    expect(sha(await readAll(out!))).toBe(sha(body));
    expect((await store.list('sessions/')).map((o) => [o.key, o.size])).toEqual([['sessions/s.recording.wav', body.length]]);
    expect(await store.getStream('sessions/missing.wav')).toBeUndefined();
  });

  it('leaves no partial object visible when a put is cut off mid-stream, and keeps the old one', async () => {
    const store = fresh();
    const seen: unknown[] = [];
    async function* cutOff(key: string) {
      yield chunk('a');
      yield chunk('b');
      // Mid-stream: the new bytes are nowhere to be seen.
      seen.push(await store.exists(key), (await store.get(key))?.toString());
      throw new Error('connection reset');
    }
    await expect(store.putStream('sessions/new.recording.wav', Readable.from(cutOff('sessions/new.recording.wav')))).rejects.toThrow('connection reset');
    expect(await store.exists('sessions/new.recording.wav')).toBe(false);
    expect(await store.getStream('sessions/new.recording.wav')).toBeUndefined();

    await store.put('sessions/old.recording.wav', 'the whole old recording');
    await expect(store.putStream('sessions/old.recording.wav', Readable.from(cutOff('sessions/old.recording.wav')))).rejects.toThrow('connection reset');
    expect((await store.get('sessions/old.recording.wav'))?.toString()).toBe('the whole old recording');

    expect(seen).toEqual([false, undefined, true, 'the whole old recording']);
    // No temporary file either, under any name.
    expect((await store.list()).map((o) => o.key)).toEqual(['sessions/old.recording.wav']);
  });

  it('refuses stream keys that leave the folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'honne-objects-escape-'));
    try {
      const store = new LocalObjectStore(join(root, 'objects'));
      await expect(store.putStream('../escape.wav', Readable.from([chunk('x')]))).rejects.toThrow(/invalid object key/);
      await expect(store.putStream('sessions/../../escape.wav', Readable.from([chunk('x')]))).rejects.toThrow(/invalid object key/);
      await expect(store.getStream('../objects/x')).rejects.toThrow(/invalid object key/);
      expect(existsSync(join(root, 'escape.wav'))).toBe(false);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
