/** The object-store port: where stage outputs travel between jobs (so that job data stays
 * small), and where erasure, key rotation and retention find what the queue keeps. A folder
 * (adapters/local-folder) or an S3 bucket's prefix (adapters/s3). Keys are relative,
 * slash-separated paths (`checkKey`, pipeline/objects.ts). Interfaces only: no I/O here. */
import type { Readable } from 'node:stream';

export interface ObjectStore {
  /** Where objects live, for messages (`/data/objects`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Writes an object atomically: readers see the whole old or the whole new object. */
  put(key: string, body: Buffer | string): Promise<void>;
  /** Writes an object from a stream (a recording: never whole in memory), atomically: until the
   * stream has ended, readers see the old object or none, and a stream that fails leaves none. */
  putStream(key: string, body: Readable): Promise<void>;
  /** The object's bytes, or undefined when there is none. For small objects (records, results). */
  get(key: string): Promise<Buffer | undefined>;
  /** The object's bytes as a stream, or undefined when there is none. */
  getStream(key: string): Promise<Readable | undefined>;
  exists(key: string): Promise<boolean>;
  /** Deletes an object; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
  /** The objects whose key starts with `prefix` (`sessions/`, `batches/b-1/`); without it,
   * every object. Temporary objects of cut-off puts are listed too (retention removes them). */
  list(prefix?: string): Promise<StoredObject[]>;
}

export interface StoredObject {
  key: string;
  /** When it was last written (ms since the epoch). */
  writtenMs: number;
  /** Its size in bytes. */
  size: number;
}
