/** The `s3://` reader and opener with the real AWS SDK against a real s3rver: the caps (never
 * more than cap + 1 bytes read), a missing object, a refused bucket, honne's own object store
 * refused as a source, a server that does not answer (a retry can help). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError, TransientError } from '../../pipeline/errors.js';
import { S3ObjectStore } from './object-store.js';
import { createS3Opener, createS3Reader } from './source-reader.js';
import { startTestS3, type TestS3 } from './testing/s3rver.js';

let s3: TestS3;
let inputs: S3ObjectStore;
beforeAll(async () => {
  s3 = await startTestS3();
  inputs = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'inputs' });
  await inputs.put('t/ok.vtt', 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>こんにちは\n');
  await inputs.put('t/cap.txt', 'x'.repeat(100));
  await inputs.put('t/over.txt', 'x'.repeat(101));
  await inputs.put('t/empty.txt', '');
  await inputs.put('r/rec.m4a', Buffer.alloc(3 * 1024 * 1024, 7));
}, 30_000);
afterAll(async () => {
  await s3?.stop();
});

const ctx = { sessionId: 's-1', root: '/nowhere' };
const uri = (key: string) => `s3://${s3.bucket}/inputs/${key}`;
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

describe('the s3:// transcript reader', () => {
  const read = () => createS3Reader(s3.config, 100, { store: { bucket: s3.bucket, prefix: 'objects' } });

  it('reads an object up to the cap', async () => {
    expect((await read()(uri('t/ok.vtt'), ctx)).toString()).toContain('こんにちは');
    expect((await read()(uri('t/cap.txt'), ctx)).length).toBe(100);
    expect((await read()(uri('t/empty.txt'), ctx)).length).toBe(0);
  });

  it('refuses an object over the cap (HONNE_MAX_TRANSCRIPT_BYTES)', async () => {
    const e = await failure(read()(uri('t/over.txt'), ctx));
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).code).toBe('SOURCE_TOO_LARGE');
    expect(e?.message).toMatch(/101 bytes.*HONNE_MAX_TRANSCRIPT_BYTES/);
  });

  it('a missing object is SOURCE_NOT_FOUND, a missing bucket a permanent refusal', async () => {
    const e = await failure(read()(uri('t/none.vtt'), ctx));
    expect((e as SourceError).code).toBe('SOURCE_NOT_FOUND');
    expect((e as SourceError).context).toEqual({ file: uri('t/none.vtt'), sessionId: 's-1' });
    const b = await failure(read()('s3://no-such-bucket/t/ok.vtt', ctx));
    expect(b).toBeInstanceOf(SourceError);
    expect((b as SourceError).retryable).toBe(false);
  });

  it("refuses honne's own object store, keys with . or .. parts, and what is not s3://bucket/key", async () => {
    const store = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'objects' });
    await store.put('sessions/other.result.json', '{"secret":1}');
    for (const bad of [`s3://${s3.bucket}/objects/sessions/other.result.json`, `s3://${s3.bucket}/inputs/../objects/sessions/other.result.json`, `s3://${s3.bucket}/inputs//t/ok.vtt`, `s3://${s3.bucket}/`, 's3://bucket-only']) {
      const e = await failure(read()(bad, ctx));
      expect((e as SourceError).code, bad).toBe('SOURCE_NOT_ALLOWED');
    }
  });

  it('a server that does not answer is a TransientError (the queue retries)', async () => {
    const down = createS3Reader({ endpoint: 'http://127.0.0.1:9', forcePathStyle: true }, 100);
    const e = await failure(down(uri('t/ok.vtt'), ctx));
    expect(e).toBeInstanceOf(TransientError);
    expect((e as TransientError).retryable).toBe(true);
  });
});

describe('the s3:// recording opener', () => {
  it('streams a recording in pieces, with its size', async () => {
    const open = createS3Opener(s3.config, 3 * 1024 * 1024);
    const { size, stream } = await open(uri('r/rec.m4a'), ctx);
    expect(size).toBe(3 * 1024 * 1024);
    let total = 0;
    let pieces = 0;
    for await (const c of stream) {
      expect(c.every((b) => b === 7)).toBe(true);
      total += c.length;
      pieces += 1;
    }
    expect(total).toBe(size);
    expect(pieces).toBeGreaterThan(1);
  });

  it('refuses a recording over the cap (HONNE_MAX_RECORDING_BYTES), and a missing one', async () => {
    const open = createS3Opener(s3.config, 3 * 1024 * 1024 - 1);
    const e = await failure(open(uri('r/rec.m4a'), ctx));
    expect((e as SourceError).code).toBe('SOURCE_TOO_LARGE');
    expect(e?.message).toMatch(/HONNE_MAX_RECORDING_BYTES/);
    expect(((await failure(open(uri('r/none.m4a'), ctx))) as SourceError).code).toBe('SOURCE_NOT_FOUND');
  });
});
