/** The object store in an S3 bucket (or MinIO, or any S3-compatible server), under a prefix:
 * `HONNE_OBJECTS=s3://bucket/prefix`. Implements pipeline/ports/object-store.ts; every key
 * passes `checkKey` and lives under the prefix. The SDK loads on the first call (client.ts). */
import type { Readable } from 'node:stream';
import { ConfigError, TransientError } from '../../pipeline/errors.js';
import { byKey, checkKey, checkPrefix } from '../../pipeline/objects.js';
import type { ObjectStore, StoredObject } from '../../pipeline/ports/object-store.js';
import type { S3Config } from '../../pipeline/config.js';
import { classify, errorName, lazyClient, type LazyClient } from './client.js';

export interface S3StoreOptions {
  bucket: string;
  /** Keys live under it (no trailing slash; empty: the bucket's root). */
  prefix: string;
  /** Keys per listing page (S3's maximum, 1,000, unless a test wants many pages). */
  pageSize?: number;
  /** Multipart upload part size in bytes (at least 5 MiB; 5 MiB by default, so 10,000 parts reach 50 GB);
   * two parts upload at once, so a recording's memory is a few parts, not the recording. */
  partSize?: number;
}

const MIB = 1024 * 1024;

export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly client: LazyClient;
  private readonly bucket: string;
  private readonly root: string;

  constructor(config: S3Config, private readonly opts: S3StoreOptions) {
    this.bucket = opts.bucket;
    this.root = opts.prefix === '' ? '' : `${opts.prefix}/`;
    this.location = `s3://${opts.bucket}/${opts.prefix}`;
    this.client = lazyClient(config);
  }

  private key(key: string): string {
    return this.root + checkKey(key);
  }

  /** A failure as honne's error: TransientError when a retry can help, a ConfigError naming
   * HONNE_OBJECTS otherwise (a wrong bucket, credentials, endpoint). No key in the message. */
  private fail(op: string, err: unknown): Error {
    const why = `${this.location}: ${op} failed (${errorName(err)})`;
    return classify(err) === 'transient'
      ? new TransientError(why, {}, { cause: err })
      : new ConfigError(`${why}: check HONNE_OBJECTS, HONNE_S3_ENDPOINT and the AWS credentials`, { variable: 'HONNE_OBJECTS' }, { cause: err });
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const Key = this.key(key);
    const { s3, sdk } = await this.client();
    // One PutObject is atomic: readers see the whole old or the whole new object.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    // The length given: the SDK cannot tell it for an empty body and warns.
    await s3.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.length })).catch((err: unknown) => {
      throw this.fail('put', err);
    });
  }

  async putStream(key: string, body: Readable): Promise<void> {
    const Key = this.key(key);
    const { s3 } = await this.client();
    const { Upload } = await import('@aws-sdk/lib-storage');
    // A multipart upload is invisible until it completes; on an error lib-storage aborts it
    // (leavePartsOnError: false), so nothing partial is ever listed. Parts of a killed process
    // stay (unlisted) until the bucket's AbortIncompleteMultipartUpload rule removes them.
    const upload = new Upload({ client: s3, params: { Bucket: this.bucket, Key, Body: body }, queueSize: 2, partSize: this.opts.partSize ?? 5 * MIB, leavePartsOnError: false });
    let streamError: unknown;
    body.once('error', (err) => (streamError = err));
    try {
      await upload.done();
    } catch (err) {
      await upload.abort().catch(() => {});
      // The body's own error (a recording cut off) is the caller's news, not S3's.
      throw streamError ?? (isS3Error(err) ? this.fail('upload', err) : err);
    }
    if (streamError !== undefined) throw streamError;
  }

  /** GetObject's answer, or undefined when there is no such object. */
  private async getObject(key: string) {
    const Key = this.key(key);
    const { s3, sdk } = await this.client();
    try {
      return await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key }));
    } catch (err) {
      if (classify(err) === 'missing') return undefined;
      throw this.fail('get', err);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    const out = await this.getObject(key);
    if (out === undefined) return undefined;
    return out.Body === undefined ? Buffer.alloc(0) : Buffer.from(await out.Body.transformToByteArray());
  }

  async getStream(key: string): Promise<Readable | undefined> {
    // In Node the body is the HTTP response itself: read as it arrives, never buffered.
    return (await this.getObject(key))?.Body as Readable | undefined;
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.key(key);
    const { s3, sdk } = await this.client();
    try {
      await s3.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (err) {
      if (classify(err) === 'missing') return false;
      throw this.fail('head', err);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.key(key);
    const { s3, sdk } = await this.client();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key })).catch((err: unknown) => {
      if (classify(err) !== 'missing') throw this.fail('delete', err);
    });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folder = `${checkKey(prefix)}/`;
    const { s3, sdk } = await this.client();
    // Listed whole first, then deleted: deleting while following continuation tokens could skip keys.
    const keys = (await this.list(folder)).map((o) => this.root + o.key);
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await s3
        .send(new sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }))
        .catch((err: unknown) => {
          throw this.fail('delete', err);
        });
      const errors = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (errors.length > 0) {
        const first = errors[0]!;
        throw this.fail(`delete of ${errors.length} objects`, Object.assign(new Error(first.Message ?? ''), { name: first.Code ?? 'Error' }));
      }
    }
  }

  async list(prefix = ''): Promise<StoredObject[]> {
    const Prefix = this.root + checkPrefix(prefix);
    const { s3, sdk } = await this.client();
    const objects: StoredObject[] = [];
    let ContinuationToken: string | undefined;
    // Every page, to the end: an object a listing misses is one erasure would leave behind.
    do {
      const page = await s3
        .send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix, ...(this.opts.pageSize !== undefined ? { MaxKeys: this.opts.pageSize } : {}), ...(ContinuationToken !== undefined ? { ContinuationToken } : {}) }))
        .catch((err: unknown) => {
          throw this.fail('list', err);
        });
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.push({ key: o.Key.slice(this.root.length), writtenMs: o.LastModified?.getTime() ?? 0, size: o.Size ?? 0 });
      }
      if (page.IsTruncated === true && page.NextContinuationToken === undefined) throw this.fail('list', Object.assign(new Error(''), { name: 'TruncatedWithoutToken' }));
      ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
    return objects.sort(byKey);
  }
}

/** Whether an error came from S3 or the network under it (it carries S3's metadata or a socket code). */
function isS3Error(err: unknown): boolean {
  const e = err as { $metadata?: unknown; code?: unknown };
  return e.$metadata !== undefined || typeof e.code === 'string';
}
