/** The content hash of a prompt or lexicon: SHA-256 of its data as canonical JSON (keys sorted),
 * so re-formatting a file or reordering its keys changes nothing and any change of a value does.
 * Stored with every result and part of every session's fingerprint. */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

export function contentHash(value: unknown): string {
  return createHash('sha256').update(stringify(value) ?? 'undefined').digest('hex');
}

/** The hash as shown to people: its first 12 hex digits. */
export const shortHash = (hash: string): string => hash.slice(0, 12);
