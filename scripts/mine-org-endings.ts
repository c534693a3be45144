/** Mines the words that end organisation names from kuromoji's IPADIC and writes
 * `pipeline/redact/data/org-endings.json` (read by `pipeline/redact/organisations.ts`).
 *
 * An ending is a common noun of IPADIC (名詞 一般 / サ変接続 / 接尾 一般) of two characters or
 * more, written in kanji or katakana, that ends at least MIN_ORGS of IPADIC's 16,596 organisation
 * entries (名詞,固有名詞,組織: …冷蔵, …薬局, …信用金庫) and ends more of them than of IPADIC's other
 * nouns (…センター ends 157 organisations and 18 other nouns; …地 ends 931 other nouns and is no
 * ending); and, so that a word said short is found too (…工科大, …薬科大), a string of two or three
 * kanji that is no IPADIC noun and ends at least MIN_ORGS_CLIPPED organisations and 9 in 10 of the
 * nouns it ends (…科大: 66 organisations, no other noun). Run: `node bin/run-ts.mjs scripts/mine-org-endings.ts`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { kuromojiDictPath } from '../pipeline/analyze/tokenizer.js';

const MIN_ORGS = 2;
const MIN_SHARE = 0.5;
const MIN_ORGS_CLIPPED = 10;
const MIN_SHARE_CLIPPED = 0.9;
const OUT = 'pipeline/redact/data/org-endings.json';
/** mecab-ipadic's terms: a copy of its data, modified or not, carries its notice. */
const LICENCE =
  'Derived from mecab-ipadic-2.7.0-20070801 (as kuromoji ships it). Copyright 2000, 2001, 2002, 2003 Nara Institute of Science and Technology. All Rights Reserved. ' +
  'Use, reproduction, and distribution of this software is permitted. Any copy of this software, whether in its original form or modified, must include both the above copyright notice and the following paragraphs. ' +
  'Nara Institute of Science and Technology (NAIST), the copyright holders, disclaims all warranties with regard to this software, including all implied warranties of merchantability and fitness, in no event shall NAIST be liable for any special, indirect or consequential damages or any damages whatsoever resulting from loss of use, data or profits, whether in an action of contract, negligence or other tortuous action, arising out of or in connection with the use or performance of this software. ' +
  'The full notice, with ICOT terms: pipeline/redact/data/IPADIC-NOTICE.md.';

// tid_pos.dat holds every entry as "surface,pos,pos1,pos2,…" separated by NUL (kuromoji's
// TokenInfoDictionary writes it so).
const entries = gunzipSync(readFileSync(path.join(kuromojiDictPath(), 'tid_pos.dat.gz'))).toString('utf8').split('\0');
const orgs = new Set<string>();
const nouns = new Set<string>();
const others = new Set<string>();
const common = new Set<string>();
for (const e of entries) {
  const [surface, pos, pos1, pos2] = e.split(',');
  if (surface === undefined || pos !== '名詞') continue;
  nouns.add(surface);
  if (pos1 === '固有名詞' && pos2 === '組織') orgs.add(surface);
  else others.add(surface);
  if (pos1 === '一般' || pos1 === 'サ変接続' || (pos1 === '接尾' && pos2 === '一般')) common.add(surface);
}
for (const o of orgs) others.delete(o);

function endingCounts(words: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) for (let k = 2; k < w.length && k <= 8; k++) counts.set(w.slice(-k), (counts.get(w.slice(-k)) ?? 0) + 1);
  return counts;
}
const orgEnds = endingCounts(orgs);
const otherEnds = endingCounts(others);
const share = (w: string, n: number): number => n / (n + (otherEnds.get(w) ?? 0));
const endings = [...orgEnds]
  .filter(
    ([w, n]) =>
      (common.has(w) && /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u.test(w) && n >= MIN_ORGS && share(w, n) > MIN_SHARE) ||
      (!nouns.has(w) && /^\p{Script=Han}{2,3}$/u.test(w) && n >= MIN_ORGS_CLIPPED && share(w, n) >= MIN_SHARE_CLIPPED),
  )
  .map(([w]) => w)
  .sort();

writeFileSync(
  OUT,
  `${JSON.stringify({ source: 'kuromoji 0.1.2 IPADIC, 名詞,固有名詞,組織 (scripts/mine-org-endings.ts)', licence: LICENCE, minOrgs: MIN_ORGS, minShare: MIN_SHARE, minOrgsClipped: MIN_ORGS_CLIPPED, minShareClipped: MIN_SHARE_CLIPPED, endings }, null, 0)}\n`,
);
console.log(`${endings.length} endings from ${orgs.size} organisations → ${OUT}`);
