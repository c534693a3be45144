/** The object store: where stage outputs travel between jobs, so that job data stays small.
 * A folder by default (`$HONNE_DATA_DIR/objects`); S3 or any shared store plugs in by
 * implementing `ObjectStore`. Keys are relative, slash-separated paths. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { z } from 'zod';

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
}

const KEY_RE = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*$/;

export function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`invalid object key "${key}"`);
  }
  return key;
}

/** A folder on a local (or shared network) file system. */
export class LocalObjectStore implements ObjectStore {
  constructor(readonly location: string) {}

  private path(key: string): string {
    return join(this.location, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, body);
    await rename(tmp, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const path = this.path(prefix);
    if (!path.startsWith(this.location + sep)) throw new Error(`invalid object prefix "${prefix}"`);
    await rm(path, { recursive: true, force: true });
  }
}

/** Reads a JSON object through its schema (the object store is a trust boundary). */
export async function getJson<S extends z.ZodType>(store: ObjectStore, key: string, schema: S): Promise<z.infer<S> | undefined> {
  const buf = await store.get(key);
  return buf === undefined ? undefined : schema.parse(JSON.parse(buf.toString('utf8')));
}

export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value));
}
