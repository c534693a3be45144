/** The object store: where stage outputs travel between jobs, so that job data stays small.
 * A folder by default (`$HONNE_DATA_DIR/objects`); S3 or any shared store plugs in by
 * implementing `ObjectStore`. Keys are relative, slash-separated paths. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { z } from 'zod';
import type { Config } from '../pipeline/config.js';

export interface ObjectStore {
  /** Where objects live, for messages (`/data/objects`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Writes an object atomically: readers see the whole old or the whole new object. */
  put(key: string, body: Buffer | string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  exists(key: string): Promise<boolean>;
  /** Deletes an object; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
  /** Every object (temporary files of cut-off puts included), with when it was last written. */
  list(): Promise<StoredObject[]>;
}

export interface StoredObject {
  key: string;
  writtenMs: number;
}

const KEY_RE = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*$/;

export function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`invalid object key "${key}"`);
  }
  return key;
}

/** Bounds the memory of a long-running worker's folder cache. */
const MAX_KNOWN_DIRS = 10_000;

/** A folder on a local (or shared network) file system.
 *
 * The calls are synchronous on purpose: objects are small (session records, redacted text,
 * results) and a worker makes several of these calls per session, where
 * `fs/promises` costs ~50 µs of main-thread time per call (a file handle object, a thread-pool
 * round trip and promise plumbing) against ~5-20 µs for the synchronous call. The worker is
 * CPU-bound, so nothing else was waiting on those round trips (scripts/bench-queue.ts). */
export class LocalObjectStore implements ObjectStore {
  /** Folders this process has created or seen, so a put makes one mkdir per folder. */
  private readonly dirs = new Set<string>();

  constructor(readonly location: string) {}

  private path(key: string): string {
    return join(this.location, ...checkKey(key).split('/'));
  }

  put(key: string, body: Buffer | string): Promise<void> {
    return attempt(() => {
      const path = this.path(key);
      const dir = dirname(path);
      if (!this.dirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        if (this.dirs.size >= MAX_KNOWN_DIRS) this.dirs.clear();
        this.dirs.add(dir);
      }
      const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        writeFileSync(tmp, body);
      } catch (err) {
        // The folder went away (deletePrefix by another job or process): make it again once.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, body);
      }
      renameSync(tmp, path);
    });
  }

  get(key: string): Promise<Buffer | undefined> {
    return attempt(() => {
      try {
        return readFileSync(this.path(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    });
  }

  exists(key: string): Promise<boolean> {
    return attempt(() => statSync(this.path(key), { throwIfNoEntry: false })?.isFile() ?? false);
  }

  delete(key: string): Promise<void> {
    return attempt(() => rmSync(this.path(key), { force: true }));
  }

  deletePrefix(prefix: string): Promise<void> {
    return attempt(() => {
      const path = this.path(prefix);
      if (!path.startsWith(this.location + sep)) throw new Error(`invalid object prefix "${prefix}"`);
      rmSync(path, { recursive: true, force: true });
      // A folder under it left in the cache is harmless: `put` makes it again on ENOENT.
      this.dirs.delete(path);
    });
  }

  list(): Promise<StoredObject[]> {
    return attempt(() => {
      let found;
      try {
        found = readdirSync(this.location, { recursive: true, withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      return found
        .filter((f) => f.isFile())
        .map((f) => {
          const path = join(f.parentPath, f.name);
          return { key: relative(this.location, path).split(sep).join('/'), writtenMs: statSync(path).mtimeMs };
        });
    });
  }
}

/** A synchronous call as a promise: its error becomes a rejection, as callers of an async store expect. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

/** The object store a deployment is configured with (a folder today). */
export function objectStoreFor(config: Pick<Config, 'objectStoreDir'>): ObjectStore {
  return new LocalObjectStore(config.objectStoreDir);
}

/** Reads a JSON object through its schema (the object store is a trust boundary). */
export async function getJson<S extends z.ZodType>(store: ObjectStore, key: string, schema: S): Promise<z.infer<S> | undefined> {
  const buf = await store.get(key);
  return buf === undefined ? undefined : schema.parse(JSON.parse(buf.toString('utf8')));
}

export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value));
}
