/** Places said once inside an address and again alone (issue 13, twelfth pass): the town or
 * district of an address found in the session (…島…の浦町三丁目) is where the client or a
 * relative lives, and said alone later (…島で一人暮らし) it still points there. Only what stands
 * below the municipality is carried — the part after the last prefecture, city, ward or county
 * suffix kuromoji splits off, or a town's 町 / 村 with another place after it (東京都, 港区,
 * 龍郷町字…: a municipality said alone says little of whom) — and only
 * a word kuromoji reads as one place name (固有名詞・地域), before a particle or a pause. */
import type { JaTokenizer } from '../analyze/tokenizer.js';

/** Municipality suffixes kuromoji splits off a place (港+区, 札幌+市): what is before them is a
 * prefecture or city, not carried. */
const MUNICIPALITY_SUFFIXES = new Set(['都', '道', '府', '県', '市', '区', '郡']);
const MIN_PLACE = 2;
const MAX_PLACE = 8;
const MAX_ADDRESSES = 32;

/** Is `word` one place name, said as in speech (with で after it: alone, kuromoji tags such an island
 * name a proper noun of no kind)? */
function isOnePlace(word: string, tokenizer: JaTokenizer): boolean {
  const [t, next] = tokenizer.tokenize(`${word}で`);
  return t !== undefined && next?.surface_form === 'で' && t.surface_form === word && t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '地域';
}

/** The place names below the municipality in `addresses` (found ADDRESS spans, NFKC). */
export function addressPlaces(addresses: readonly string[], tokenizer: JaTokenizer): Set<string> {
  const out = new Set<string>();
  // each address is tokenized a few times: a session built to hurt (thousands of addresses) is cut
  for (const address of [...new Set(addresses)].slice(0, MAX_ADDRESSES)) {
    const tokens = tokenizer.tokenize(address);
    let from = 0;
    tokens.forEach((t, i) => {
      if (t.pos_detail_1 !== '接尾') return;
      // 町 / 村 is a municipality when another place name follows it (…郷町字…, …市町…川町), a
      // district when a block or number does (…の浦町三丁目)
      const next = tokens[i + 1];
      const townThenPlace = (t.surface_form === '町' || t.surface_form === '村') && next !== undefined && next.pos === '名詞' && next.pos_detail_1 !== '数';
      if (MUNICIPALITY_SUFFIXES.has(t.surface_form) || townThenPlace) from = i + 1;
    });
    for (const t of tokens.slice(from)) {
      if (t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '地域' && t.surface_form.length >= MIN_PLACE) out.add(t.surface_form);
    }
    // The town's name, up to its 町 / 村 or block: each start of it that is one place said alone
    // (the island of an island and a bay kuromoji reads as one word; the first word of a place and a beach it cuts apart).
    const rest = tokens.slice(from).map((t) => t.surface_form).join('');
    const town = /^[^\d〇一二三四五六七八九十町村丁番]+/u.exec(rest)?.[0] ?? '';
    for (let n = MIN_PLACE; n <= Math.min(town.length, MAX_PLACE); n++) if (isOnePlace(town.slice(0, n), tokenizer)) out.add(town.slice(0, n));
  }
  return out;
}

/** Matches the places said alone: a whole word of kanji or katakana before a particle or pause. */
export function placePattern(places: ReadonlySet<string>): RegExp | null {
  if (places.size === 0) return null;
  const alt = [...places].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|');
  return new RegExp(`(?<![\\p{Script=Han}々\\p{Script=Katakana}ー])(?:${alt})(?=で|に|から|へ|は|が|まで|も|と|の|って|、|。|$)`, 'gu');
}
