/** What every object-store adapter must do, as tests any adapter's test file runs against its
 * own store (`describeObjectStore('LocalObjectStore', () => new LocalObjectStore(dir))`):
 * listing by prefix, streams in and out, atomic puts, keys that never leave the store. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../ports/object-store.js';

const chunk = (c: string) => Buffer.alloc(64 * 1024, c);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of r) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** `fresh` gives an empty store each time. */
export function describeObjectStore(name: string, fresh: () => ObjectStore): void {
  describe(`${name}: the object-store port`, () => {
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
      expect(await store.list('sessions/a')).toEqual([{ key: 'sessions/a.result.json', size: 5, writtenMs: expect.any(Number) as number }]);
      await store.deletePrefix('batches/b-1');
      expect(await keys('batches/')).toEqual(['batches/b-2/plan.json']);
      expect(await fresh().list('sessions/')).toEqual([]);
    });

    it('refuses a listing prefix that leaves the store', async () => {
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
      // Nothing else either, under any name.
      expect((await store.list()).map((o) => o.key)).toEqual(['sessions/old.recording.wav']);
    });

    it('refuses keys that leave the store, in every call', async () => {
      const store = fresh();
      for (const key of ['../escape.wav', 'sessions/../../escape.wav', '/etc/passwd', 'a//b', '.']) {
        await expect(store.putStream(key, Readable.from([chunk('x')])), key).rejects.toThrow(/invalid object key/);
        await expect(store.getStream(key), key).rejects.toThrow(/invalid object key/);
        await expect(store.put(key, 'x'), key).rejects.toThrow(/invalid object key/);
        await expect(store.get(key), key).rejects.toThrow(/invalid object key/);
        await expect(store.delete(key), key).rejects.toThrow(/invalid object key/);
      }
      expect(await store.list()).toEqual([]);
    });
  });
}
