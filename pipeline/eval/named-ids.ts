/** Case ids the eval history must not keep: an id named after the person the case is about
 * (`g-Kuroda-Ayaka`, `佐藤_01`), as a session id may be (the manifest refuses those). The history
 * outlives every run, a gold set may be made of real sessions, and neither erase nor retention
 * reaches it. Named: the id holds a piece of one of the case's own PII labels (what its author
 * marked as identifying), a label that is not in Latin letters whole over any separator
 * (`森_本`, `森楓` beside 森 楓), a label's reading (`morimoto`, `モリモト` beside 森本: the
 * id test of ingest/spoken-names.ts, as the manifest judges a session id), or spells a full name
 * in romaji or kana (`romajiFullName`, `kanaFullName`: `g-たなかはなこ` with no label). Pure. */
import { namePieces } from '../ingest/known-names.js';
import { kanaFullName, romajiFullName, spokenNameTest } from '../ingest/spoken-names.js';
import type { GoldCase } from './gold.js';

const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu;

export function namedCaseIds(cases: readonly Pick<GoldCase, 'id' | 'labels'>[]): Set<string> {
  const named = new Set<string>();
  for (const c of cases) {
    const id = c.id.normalize('NFKC').toLowerCase();
    const labels = c.labels.pii.map((p) => p.normalize('NFKC').toLowerCase());
    // a number of fewer than four digits is any id's (u-031 beside 03-…; 090): a phone group is not
    const pieces = namePieces(labels).filter((p) => !/^[0-9]{1,3}$/u.test(p));
    // not Latin: a run of letters joined over separators would hold short words by chance
    const joined = id.replace(SEPARATORS, '');
    const whole = [...pieces, ...labels.map((l) => l.replace(SEPARATORS, ''))].filter((p) => p.length >= 2 && !/^[a-z0-9]+$/u.test(p));
    if (romajiFullName(c.id) || kanaFullName(c.id) || pieces.some((p) => id.includes(p)) || whole.some((p) => joined.includes(p)) || spokenNameTest(c.labels.pii)(c.id, 'id')) named.add(c.id);
  }
  return named;
}

/** What the history writes instead of a named case id. */
export const WITHHELD_CASE_ID = '[case id withheld: it holds a name]';
