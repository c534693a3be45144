/** The transcript-source adapter for `s3://bucket/key` locations
 * (pipeline/ports/transcript-source.ts): transcripts read whole but capped, recordings streamed
 * and capped, under the local reader's promises (adapters/local-folder/source-reader.ts): a
 * missing object is SOURCE_NOT_FOUND, an object over the cap SOURCE_TOO_LARGE (never more than
 * cap + 1 bytes read, in case it grew after the size was asked), throttling, 5xx and network
 * trouble a TransientError (the queue retries), a refusal (AccessDenied, NoSuchBucket) a
 * permanent SourceError. The object store's own keys are never a source: a manifest must not
 * make honne read other sessions' outputs. */
import type { Readable } from 'node:stream';
import type { S3Config } from '../../pipeline/config.js';
import { SourceError, TransientError } from '../../pipeline/errors.js';
import type { SourceContext, SourceOpener, SourceReader } from '../../pipeline/ports/transcript-source.js';
import { classify, errorName, lazyClient, parseS3Uri, type LazyClient } from './client.js';

export interface S3SourceOptions {
  /** The object store's bucket and prefix when it is in S3: refused as a source. */
  store?: { bucket: string; prefix: string };
}

type Limit = 'HONNE_MAX_TRANSCRIPT_BYTES' | 'HONNE_MAX_RECORDING_BYTES';

/** Opens `s3://bucket/key`: its size (HeadObject), and its first `maxBytes + 1` bytes at most. */
function s3Source(client: LazyClient, maxBytes: number, limit: Limit, opts: S3SourceOptions) {
  return async (uri: string, { sessionId }: SourceContext): Promise<{ size: number; body: Readable; tooLarge: (size: string) => SourceError }> => {
    const ctx = { file: uri, sessionId };
    const fail = (code: 'SOURCE_NOT_FOUND' | 'SOURCE_NOT_ALLOWED' | 'SOURCE_TOO_LARGE', message: string, cause?: unknown) =>
      new SourceError(code, message, ctx, cause === undefined ? undefined : { cause });
    const failed = (err: unknown): Error =>
      classify(err) === 'missing'
        ? fail('SOURCE_NOT_FOUND', 'object not found', err)
        : classify(err) === 'transient'
          ? new TransientError(`object cannot be read now (${errorName(err)})`, ctx, { cause: err })
          : fail('SOURCE_NOT_ALLOWED', `object cannot be read (${errorName(err)})`, err);
    const tooLarge = (size: string) => fail('SOURCE_TOO_LARGE', `object is ${size} bytes, over the limit of ${maxBytes} bytes (${limit})`);

    const where = parseS3Uri(uri);
    if (!where) throw fail('SOURCE_NOT_ALLOWED', 'not an s3://bucket/key location');
    const { bucket, key } = where;
    // S3 keys are literal, but some compatible servers normalise `..`: keep keys plain.
    if (key.split('/').some((p) => p === '' || p === '.' || p === '..')) throw fail('SOURCE_NOT_ALLOWED', 'object key has an empty, "." or ".." part');
    const store = opts.store;
    if (store && bucket === store.bucket && (store.prefix === '' || key.startsWith(`${store.prefix}/`))) {
      throw fail('SOURCE_NOT_ALLOWED', "object lies in honne's own object store (HONNE_OBJECTS)");
    }

    const { s3, sdk } = await client();
    const head = await s3.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key })).catch((err: unknown) => {
      throw failed(err);
    });
    const size = head.ContentLength ?? 0;
    if (size > maxBytes) throw tooLarge(String(size));
    // A Range past the end of an empty object is refused (416): an empty object is read whole.
    const range = size > 0 ? { Range: `bytes=0-${maxBytes}` } : {};
    const out = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, ...range })).catch((err: unknown) => {
      throw failed(err);
    });
    return { size, body: out.Body as Readable, tooLarge };
  };
}

/** Counts the body's bytes as they pass, ending it with SOURCE_TOO_LARGE past the cap (the
 * object grew after HeadObject). */
async function* capped(body: Readable, maxBytes: number, tooLarge: (size: string) => SourceError): AsyncGenerator<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of body) {
      const c = chunk as Uint8Array;
      total += c.length;
      if (total > maxBytes) throw tooLarge('more than ' + maxBytes);
      yield c;
    }
  } catch (err) {
    // The connection dropped mid-object: the next attempt may read it whole.
    throw err instanceof SourceError ? err : new TransientError(`object read was cut off (${errorName(err)})`, {}, { cause: err });
  } finally {
    body.destroy();
  }
}

/** The reader for `s3://` transcripts, capped at `maxBytes` (HONNE_MAX_TRANSCRIPT_BYTES). */
export function createS3Reader(config: S3Config, maxBytes: number, opts: S3SourceOptions = {}): SourceReader {
  const open = s3Source(lazyClient(config), maxBytes, 'HONNE_MAX_TRANSCRIPT_BYTES', opts);
  return async (uri, ctx) => {
    const { body, tooLarge } = await open(uri, ctx);
    const parts: Uint8Array[] = [];
    for await (const c of capped(body, maxBytes, tooLarge)) parts.push(c);
    return Buffer.concat(parts);
  };
}

/** The opener for `s3://` recordings: streamed as the response arrives, capped at `maxBytes`
 * (HONNE_MAX_RECORDING_BYTES). */
export function createS3Opener(config: S3Config, maxBytes: number, opts: S3SourceOptions = {}): SourceOpener {
  const open = s3Source(lazyClient(config), maxBytes, 'HONNE_MAX_RECORDING_BYTES', opts);
  return async (uri, ctx) => {
    const { size, body, tooLarge } = await open(uri, ctx);
    return { size, stream: capped(body, maxBytes, tooLarge) };
  };
}
