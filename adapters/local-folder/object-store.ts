/** The object store as a folder on a local (or shared network) file system: the default
 * (`$HONNE_DATA_DIR/objects`). Implements the port pipeline/ports/object-store.ts; keys are
 * relative, slash-separated paths, confined to the folder by `checkKey`. */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { byKey, checkKey, checkPrefix } from '../../pipeline/objects.js';
import type { ObjectStore, StoredObject } from '../../pipeline/ports/object-store.js';

/** Bounds the memory of a long-running worker's folder cache. */
const MAX_KNOWN_DIRS = 10_000;

/** A file beside the object, renamed over it once whole (retention knows the suffix: pipeline/retention.ts). */
const tmpPath = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

/** A folder on a local (or shared network) file system.
 *
 * The small-object calls are synchronous on purpose: objects are small (session records,
 * redacted text, results) and a worker makes several of these calls per session, where
 * `fs/promises` costs ~50 µs of main-thread time per call (a file handle object, a thread-pool
 * round trip and promise plumbing) against ~5-20 µs for the synchronous call. The worker is
 * CPU-bound, so nothing else was waiting on those round trips (scripts/bench-queue.ts). The
 * streaming calls are asynchronous: a recording is large and its bytes are worth waiting for. */
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
      const tmp = tmpPath(path);
      try {
        try {
          writeFileSync(tmp, body);
        } catch (err) {
          // The folder went away (deletePrefix by another job or process): make it again once.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          mkdirSync(dir, { recursive: true });
          writeFileSync(tmp, body);
        }
        renameSync(tmp, path);
      } catch (err) {
        // Out of space mid-write, a rename refused: no copy of the body stays under a name that
        // erase (which finds objects by their names) would never look at.
        rmSync(tmp, { force: true });
        throw err;
      }
    });
  }

  async putStream(key: string, body: Readable): Promise<void> {
    const path = this.path(key);
    // A stream cannot be replayed after an ENOENT, so the folder is made every time (one
    // mkdir is nothing beside a recording's bytes).
    mkdirSync(dirname(path), { recursive: true });
    const tmp = tmpPath(path);
    try {
      await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
      renameSync(tmp, path);
    } catch (err) {
      // Cut off mid-stream: nothing partial stays behind under any name.
      rmSync(tmp, { force: true });
      throw err;
    }
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

  async getStream(key: string): Promise<Readable | undefined> {
    const path = this.path(key);
    // Opened here, so a missing object is an undefined rather than an error on the stream.
    const fh = await open(path, 'r').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    });
    return fh?.createReadStream();
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

  list(prefix = ''): Promise<StoredObject[]> {
    return attempt(() => {
      // Only the folder the prefix names is walked; the rest of the prefix filters its files.
      const folder = checkPrefix(prefix).slice(0, prefix.lastIndexOf('/') + 1);
      const start = join(this.location, ...folder.split('/').filter(Boolean));
      let found;
      try {
        found = readdirSync(start, { recursive: true, withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return [];
        throw err;
      }
      const objects: StoredObject[] = [];
      for (const f of found) {
        if (!f.isFile()) continue;
        const path = join(f.parentPath, f.name);
        const key = relative(this.location, path).split(sep).join('/');
        if (!key.startsWith(prefix)) continue;
        // Deleted since the folder was read (another job): not there any more.
        const st = statSync(path, { throwIfNoEntry: false });
        if (st) objects.push({ key, writtenMs: st.mtimeMs, size: st.size });
      }
      return objects.sort(byKey);
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
