/** An object store held in memory: the port (pipeline/ports/object-store.ts) with no folder
 * behind it, so a test run against it proves the code under test goes only through the port. */
import { Readable } from 'node:stream';
import { byKey, checkKey, checkPrefix } from '../objects.js';
import type { ObjectStore, StoredObject } from '../ports/object-store.js';

export class MemoryObjectStore implements ObjectStore {
  readonly location = 'memory://objects';
  private readonly objects = new Map<string, { body: Buffer; writtenMs: number }>();

  /** `now` stamps each write (retention tests move it). */
  constructor(private readonly now: () => number = () => Date.now()) {}

  async put(key: string, body: Buffer | string): Promise<void> {
    this.objects.set(checkKey(key), { body: Buffer.from(body), writtenMs: this.now() });
  }

  async putStream(key: string, body: Readable): Promise<void> {
    checkKey(key);
    const chunks: Buffer[] = [];
    // Stored only once the stream has ended: a stream that fails leaves nothing.
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    this.objects.set(key, { body: Buffer.concat(chunks), writtenMs: this.now() });
  }

  async get(key: string): Promise<Buffer | undefined> {
    const body = this.objects.get(checkKey(key))?.body;
    return body === undefined ? undefined : Buffer.from(body);
  }

  async getStream(key: string): Promise<Readable | undefined> {
    const body = await this.get(key);
    return body === undefined ? undefined : Readable.from([body]);
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.has(checkKey(key));
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(checkKey(key));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folder = `${checkKey(prefix)}/`;
    for (const key of [...this.objects.keys()]) if (key.startsWith(folder)) this.objects.delete(key);
  }

  async list(prefix = ''): Promise<StoredObject[]> {
    checkPrefix(prefix);
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, o]) => ({ key, writtenMs: o.writtenMs, size: o.body.length }))
      .sort(byKey);
  }
}
