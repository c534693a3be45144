/** Helpers over the object-store port (pipeline/ports/object-store.ts) that every adapter and
 * caller shares: the key rule, and JSON objects read through their schema. */
import type { z } from 'zod';
import type { ObjectStore, StoredObject } from './ports/object-store.js';

const KEY_RE = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*$/;

/** The key, or an error when it is not a relative, slash-separated path of plain names (no
 * `..`, no `.`, no empty part): no key may leave the store's folder or prefix. */
export function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`invalid object key "${key}"`);
  }
  return key;
}

/** A listing prefix: empty (everything), or a key, possibly ending in `/` (a folder). */
export function checkPrefix(prefix: string): string {
  if (prefix !== '') checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** Listing order: by key, as S3 lists. */
export const byKey = (a: StoredObject, b: StoredObject): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Reads a JSON object through its schema (the object store is a trust boundary). */
export async function getJson<S extends z.ZodType>(store: ObjectStore, key: string, schema: S): Promise<z.infer<S> | undefined> {
  const buf = await store.get(key);
  return buf === undefined ? undefined : schema.parse(JSON.parse(buf.toString('utf8')));
}

export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value));
}
