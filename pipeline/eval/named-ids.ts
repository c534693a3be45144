/** Case ids the eval history must not keep: an id named after the person the case is about
 * (`g-Kuroda-Ayaka`, `佐藤_01`), as a session id may be (the manifest refuses those). The history
 * outlives every run, a gold set may be made of real sessions, and neither erase nor retention
 * reaches it. Named: the id holds a piece of one of the case's own PII labels (what its author
 * marked as identifying), or spells a full name in romaji (`romajiFullName`). Pure. */
import { namePieces } from '../ingest/known-names.js';
import { romajiFullName } from '../ingest/spoken-names.js';
import type { GoldCase } from './gold.js';

export function namedCaseIds(cases: readonly Pick<GoldCase, 'id' | 'labels'>[]): Set<string> {
  const named = new Set<string>();
  for (const c of cases) {
    const id = c.id.normalize('NFKC').toLowerCase();
    const pieces = namePieces(c.labels.pii).map((p) => p.normalize('NFKC').toLowerCase());
    if (romajiFullName(c.id) || pieces.some((p) => id.includes(p))) named.add(c.id);
  }
  return named;
}

/** What the history writes instead of a named case id. */
export const WITHHELD_CASE_ID = '[case id withheld: it holds a name]';
