/** The model-call cache (port: pipeline/ports/model-cache.ts) as a folder, HONNE_CACHE_DIR
 * (default `$HONNE_DATA_DIR/cache`): one JSON file per answer, filed under its owner,
 * `<dir>/<owner>/<key[0..2]>/<key>.json`, so `honne erase` removes an employee's entries by
 * removing their folder, and retention by the files' age. Written whole (a temporary file renamed
 * over the entry), so a reader never sees half an answer. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelCache } from '../../pipeline/ports/model-cache.js';

/** An owner as a folder name: a pseudonym (64 hex digits) as it is, anything else hashed (no
 * path tricks, no name on disk). */
const ownerDir = (owner: string): string => (/^[0-9a-f]{64}$/.test(owner) ? owner : createHash('sha256').update(owner).digest('hex'));

const KEY_RE = /^[0-9a-f]{64}$/;

export class LocalModelCache implements ModelCache {
  constructor(readonly location: string) {}

  private path(owner: string, key: string): string {
    if (!KEY_RE.test(key)) throw new Error('a model cache key is 64 hex digits');
    return join(this.location, ownerDir(owner), key.slice(0, 2), `${key}.json`);
  }

  async get(owner: string, key: string): Promise<unknown> {
    try {
      return (JSON.parse(await readFile(this.path(owner, key), 'utf8')) as { value: unknown }).value;
    } catch (err) {
      // Missing, or damaged (a disk that filled up): a miss; the answer is asked for again.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  async put(owner: string, key: string, value: unknown): Promise<void> {
    const path = this.path(owner, key);
    await mkdir(join(path, '..'), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(tmp, JSON.stringify({ value }));
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async eraseOwners(owners: Iterable<string>): Promise<number> {
    let n = 0;
    for (const owner of owners) {
      const dir = join(this.location, ownerDir(owner));
      n += (await this.files(dir)).length;
      await rm(dir, { recursive: true, force: true });
    }
    return n;
  }

  async expire(before: Date, dryRun: boolean): Promise<number> {
    let n = 0;
    for (const file of await this.files(this.location)) {
      const st = await stat(file).catch(() => undefined);
      if (st === undefined || st.mtimeMs >= before.getTime()) continue;
      n += 1;
      if (!dryRun) await rm(file, { force: true });
    }
    return n;
  }

  async clear(): Promise<number> {
    const n = (await this.files(this.location)).length;
    for (const entry of await readdir(this.location).catch(() => [])) await rm(join(this.location, entry), { recursive: true, force: true });
    return n;
  }

  /** Every entry file under `dir` (temporary files of a write cut off included). */
  private async files(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  }
}
