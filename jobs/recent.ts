/** Bounded maps for long-running workers: the most recently set entries are kept, the oldest
 * go first. */

/** Sets `key` as the most recent entry and drops the oldest beyond `max`. */
export function setRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

/** `load`, once per key, kept among the `keep` most recently used keys; a failure is not kept. */
export function recentlyUsed<K, V>(load: (key: K) => Promise<V>, keep: number): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = load(key);
      p.catch(() => cache.delete(key));
    }
    setRecent(cache, key, p, keep);
    return p;
  };
}
