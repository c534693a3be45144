/** False names every writer says (issue 13, fifteenth pass): words that detectors take for a
 * person or a firm and that what is said around them shows to be something else.
 *
 * - Places said as places. Towns are surnames as often as not (成田, 高山, 霧島), and kuromoji,
 *   ENAMDICT and the tagger take them for persons wherever they stand; what is said around them
 *   tells a place from a person: where something is (…の方の病院, …の駅前, …の本社), where someone
 *   lives or is (…に住んで, …にいて, …からも通える), where someone is from (出身は…). A person's or
 *   organisation's range of kanji so said is dropped where it stands, and its word is not carried
 *   through the session (`redactSegments`).
 * - Sounds said aloud (ドンって。, …って音が).
 * - Speaker labels that are jobs (トレーナーとして, 元MR): the session's speech says them as a role.
 *
 * Pure; regular expressions on a few characters around a range, no tokens. */

/** What follows a place: its side or area, a site in it, being or living there, going there. */
const PLACE_AFTER = new RegExp(
  '^(?:' +
    [
      // the side or area of it (…の方の病院, …のほうで): not …のほうが (a comparison is said of persons)
      'の(?:方|ほう)(?:の|で|に|へ|、|から|まで)',
      // a site in it (…の駅前, …の本社, …の山ん中), not the start of a longer word (…の山田)
      'の(?:駅前|駅|本社|本店|支社|営業所|工場|町中|街中|山|港|基地|病院|ホテル|オフィス|小学校|中学校|高校|発電所|空港|市内)(?![\\p{Script=Han}々])',
      // being or living there (…にいて, …におる, …にお住まい)
      'に(?:いて|いる|いま|おる|おっ|おり|住|お住まい)',
      // going or moving there (…に出る, …へ引っ越す)
      '(?:に|へ|まで)(?:出る|出て|出よう|出た|引っ越)',
      // commuting from it (…からも通える; not …から通知)
      'から(?:も)?通[えうっいわお]',
      '出身|在住',
    ].join('|') +
    ')',
  'u',
);
/** What is said before a place: where one is from or one's family lives (出身は…, 実家は、…). */
const PLACE_BEFORE = /(?:出身|出身地|実家|生まれ|地元)[はが]、?$/u;
/** What ends a place said after 出身は: its town, a copula or a pause. */
const PLACE_ITSELF_AFTER = /^(?:の|です|でした|で[、。]|[、。]|$)/u;
/** A town's shape: two to four kanji. */
const PLACE_WORD = /^[\p{Script=Han}々ヶ]{2,4}$/u;

/** Is the range of `text` (NFKC view) a word of a place's shape said as a place? */
export function saidAsPlace(text: string, start: number, end: number): boolean {
  if (!PLACE_WORD.test(text.slice(start, end))) return false;
  const after = text.slice(end, end + 8);
  // after 出身は only the place itself (…の…です, …です): a school named there is no place (…っていう高校)
  return PLACE_AFTER.test(after) || (PLACE_BEFORE.test(text.slice(Math.max(0, start - 8), start)) && PLACE_ITSELF_AFTER.test(after));
}

/** A short katakana word before って and what a sound does (ドンって。, シューって音が, ズキってくる):
 * a sound said aloud, which kuromoji tags as a name or a firm as often as not. Not after a word
 * for a name or calling (名前は…って。). */
const SOUND_WORD = /^[\p{Script=Katakana}ー]{2,5}$/u;
const SOUND_AFTER = /^って(?:[。！!…]|$|音|な[るっり]|く[るれ]|き[たて]|し[てた]|鳴|響)/u;
const NAMING_BEFORE = /(?:名前|呼|名)/u;

/** Is the range of `text` (NFKC view) a sound said aloud? */
export function saidAsSound(text: string, start: number, end: number): boolean {
  return SOUND_WORD.test(text.slice(start, end)) && SOUND_AFTER.test(text.slice(end, end + 4)) && !NAMING_BEFORE.test(text.slice(Math.max(0, start - 10), start));
}

/** What one is or does for work, said after a word (…として働く, …をされてる, …やってます, …になりたい)
 * or before it (元…); not …としては, which is said of a person's view. */
const ROLE_AFTER = '(?:として(?!は)|をされ|をして(?:い|る|ま)|やっ(?:て|と|ちょ|ち)|に(?:なり|なる|なれ|なっ)|を目指|で働)';
/** A role said before one's own name in a self-introduction (…の谷口です). */
const INTRO_AFTER = '(?:の|の、)[\\p{Script=Han}\\p{Script=Katakana}ー]{1,5}(?:です|と申します)';

/** The speaker labels (a transcript's speaker column) that the session's speech says as a role or
 * trade (トレーナーとして, 元MR, …やってます, …の谷口です): a job written where a name would be, not
 * a name to redact in the text. A known name's part never is one. */
export function labelsSaidAsRoles(labels: readonly string[], texts: readonly string[], known: readonly string[]): Set<string> {
  const parts = new Set(known.flatMap((n) => n.split(/[|\s]+/u)));
  const candidates = labels.filter((l) => /^[\p{Script=Han}\p{Script=Katakana}ー々A-Za-z]{2,8}$/u.test(l) && !parts.has(l));
  if (candidates.length === 0) return new Set();
  const alt = candidates.map((l) => l.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|');
  const re = new RegExp(`(?:(?<![\\p{L}])(${alt})(?=${ROLE_AFTER}|${INTRO_AFTER}))|元(${alt})(?![\\p{L}])`, 'gu');
  const out = new Set<string>();
  for (const text of texts) for (const m of text.normalize('NFKC').matchAll(re)) out.add((m[1] ?? m[2]) as string);
  return out;
}
