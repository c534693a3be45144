/** The S3 object store with the real AWS SDK against a real s3rver (testing/s3rver.ts): the
 * object-store contract, listings over many pages, a 100 MB object streamed both ways in
 * bounded memory, a missing key, a store that cannot be reached. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeObjectStore } from '../../pipeline/testing/object-store-contract.js';
import { ConfigError, TransientError } from '../../pipeline/errors.js';
import { S3ObjectStore } from './object-store.js';
import { startTestS3, type TestS3 } from './testing/s3rver.js';

// A full collection on demand (node --expose-gc, from inside the test's process).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let s3: TestS3;
let n = 0;
beforeAll(async () => {
  s3 = await startTestS3();
}, 30_000);
afterAll(async () => {
  await s3?.stop();
});

/** A store under a prefix of its own: empty, as the contract wants. */
const fresh = (pageSize?: number) => new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: `t${++n}/objects`, ...(pageSize !== undefined ? { pageSize } : {}) });

describeObjectStore('S3ObjectStore', () => fresh());
// The same contract when every listing takes several pages.
describeObjectStore('S3ObjectStore (2 keys a page)', () => fresh(2));

describe('S3ObjectStore', () => {
  it('lists and deletes a prefix of more than 1,000 objects, across S3-sized pages', async () => {
    const store = fresh();
    const keys = Array.from({ length: 1203 }, (_, i) => `batches/b-1/sessions/S${String(i).padStart(5, '0')}.json`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, '{}')));
    await store.put('batches/b-2/plan.json', '[]');
    expect((await store.list('batches/b-1/')).map((o) => o.key)).toEqual(keys);
    await store.deletePrefix('batches/b-1');
    expect((await store.list()).map((o) => o.key)).toEqual(['batches/b-2/plan.json']);
  }, 120_000);

  it('keeps every key under its prefix, and another prefix out of sight', async () => {
    const a = fresh();
    const b = fresh();
    await a.put('sessions/x.json', 'a');
    await b.put('sessions/x.json', 'b');
    expect((await a.get('sessions/x.json'))?.toString()).toBe('a');
    await a.deletePrefix('sessions');
    expect(await a.list()).toEqual([]);
    expect((await b.get('sessions/x.json'))?.toString()).toBe('b');
    expect(a.location).toMatch(/^s3:\/\/honne-test\/t\d+\/objects$/);
  });

  it('gets a missing key as undefined, and deleting it is no error', async () => {
    const store = fresh();
    expect(await store.get('sessions/none.json')).toBeUndefined();
    expect(await store.getStream('sessions/none.json')).toBeUndefined();
    expect(await store.exists('sessions/none.json')).toBe(false);
    await store.delete('sessions/none.json');
    await store.deletePrefix('sessions');
  });

  it('puts and gets a 100 MB object as streams without holding it in memory', async () => {
    const store = fresh();
    const MB = 1024 * 1024;
    const PIECE = 64 * 1024;
    const piece = Buffer.alloc(PIECE);
    const sent = createHash('sha256');
    // A collection every 10 MB: V8 lets ~64 MB of dead buffers pile up before it collects by
    // itself, whatever the object's size; what counts is what the adapter keeps alive.
    const collect = (bytes: number) => bytes % (10 * MB) === 0 && gc();
    let produced = 0;
    async function* body() {
      for (let i = 0; i < (100 * MB) / PIECE; i++) {
        piece.fill(i % 251);
        sent.update(piece);
        produced += PIECE;
        collect(produced);
        // A copy, as a file or socket would hand over fresh bytes.
        yield Buffer.from(piece);
      }
    }
    // The SDK and lib-storage loaded and a connection open first: their code is not the object.
    await store.putStream('warm-up', Readable.from([Buffer.from('x')]));
    await store.get('warm-up');
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    let putPeak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      await store.putStream('sessions/big.recording.wav', Readable.from(body()));
      putPeak = peak;
      const got = createHash('sha256');
      let size = 0;
      for await (const c of (await store.getStream('sessions/big.recording.wav'))!) {
        got.update(c as Buffer);
        const was = Math.floor(size / (10 * MB));
        size += (c as Buffer).length;
        if (Math.floor(size / (10 * MB)) > was) gc();
      }
      expect(size).toBe(100 * MB);
      expect(got.digest('hex')).toBe(sent.digest('hex'));
    } finally {
      clearInterval(sample);
    }
    const mb = (x: number) => ((x - before) / MB).toFixed(1);
    console.log(`100 MB object through S3: RSS ${Math.round(before / MB)} MB before; peak growth ${mb(putPeak)} MB while put, ${mb(peak)} MB overall`);
    // Two 5 MiB parts in flight, lib-storage's copies while it cuts parts, the SDK's first
    // multipart buffers (a one-time cost: a 200 or 400 MB put after this one adds under 20 MB):
    // half the object at most, where holding it whole would be 100 MB and more.
    expect(peak - before).toBeLessThan(50 * MB);
    expect((await store.list('sessions/')).map((o) => [o.key, o.size])).toEqual([['sessions/big.recording.wav', 100 * MB]]);
  }, 180_000);

  it('says whether a retry can help: a server that does not answer is transient, a missing bucket is not', async () => {
    const down = new S3ObjectStore({ endpoint: 'http://127.0.0.1:9', forcePathStyle: true }, { bucket: s3.bucket, prefix: 'x' });
    await expect(down.put('a.json', '{}')).rejects.toBeInstanceOf(TransientError);
    const noBucket = new S3ObjectStore(s3.config, { bucket: 'no-such-bucket', prefix: 'x' });
    const err = await noBucket.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).context.variable).toBe('HONNE_OBJECTS');
  });
});
