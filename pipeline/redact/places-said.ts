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
 * Pure; regular expressions on a few characters around a range, no tokens (and ENAMDICT for labels). */
import { isDictionaryName } from './enamdict.js';

/** Sites of a town and nothing else. */
const SITE = '駅前|駅|町中|街中|山|港|基地|発電所|空港|市内';
/** Sites a town has as a firm does (日立の工場, 資生堂の本社): a town's only where what was found
 * was a person's name (藤沢の本社, 大泉の小学校) or a word kuromoji reads as a place, never a firm's. */
const OWNED_SITE = '本社|本店|支社|営業所|工場|病院|ホテル|オフィス|小学校|中学校|高校';
const OWNED_SITE_AFTER = new RegExp(`^の(?:(?:方|ほう)の(?:${OWNED_SITE})|(?:${OWNED_SITE})(?![\\p{Script=Han}々]))`, 'u');
/** What a person is asked to do (…にいてもらう, …に出てほしい): the word before に is who. */
const NOT_ASKED = '(?!もら|ほし|欲し|くれ|いただ|頂)';
/** What a person's side does (…の方から連絡, …の方で対応, …のほうに相談). */
const DEALT_WITH = '(?:ご|お)?(?:相談|連絡|対応|話|聞|言|伝|頼|願|確認|任せ|回|送|返|謝|誘|声|断|報告|指示|処理|進め|判断|決め|電話|メール|一任|やっ|し[てたま])';
/** What follows a place: its side or area, a site in it, being or living there, going there. */
const PLACE_AFTER = new RegExp(
  '^(?:' +
    [
      // the side or area of it (…の方の駅, …のほうで、…のほうに病院が): not what polite speech says
      // of a person's side (田中の方から連絡が, 佐藤の方で対応します, …の方の案件)
      `の(?:方|ほう)の(?:${SITE})`,
      `の(?:方|ほう)(?:で|に|へ|、|から|まで)(?![はも]?、?${DEALT_WITH})`,
      // a site in it (…の駅前, …の山ん中), not the start of a longer word (…の山田)
      `の(?:${SITE})(?![\\p{Script=Han}々])`,
      // being or living there (…にいて, …におる, …にお住まい); not a person asked to be there
      // (…にいてもらう, …にいてほしい) nor …に住所, …にいまさら, …におっしゃる
      `に(?:いて|いる|いま(?:す|し|せ)|おる|おっ(?!しゃ)|おり(?:ま|、)|住[んむめま]|お住まい)${NOT_ASKED}`,
      // going or moving there (…に出る, …へ引っ越す); not a person asked to attend (…に出てもらう)
      `(?:に|へ|まで)(?:出る|出て|出よう|出た|引っ越)${NOT_ASKED}`,
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
const PLACE_ITSELF_AFTER = /^(?:の(?!家|うち|とこ)|です|でした|で[、。]|[、。]|$)/u;
/** A town's shape: two to four kanji. */
const PLACE_WORD = /^[\p{Script=Han}々ヶ]{2,4}$/u;

/** Is the range of `text` (NFKC view) a word of a place's shape said as a place? `ownsSites`: a
 * person's name or a place kuromoji knows, whose 本社 / 病院 / 小学校 are a town's (`OWNED_SITE`). */
export function saidAsPlace(text: string, start: number, end: number, ownsSites: boolean): boolean {
  if (!PLACE_WORD.test(text.slice(start, end))) return false;
  const after = text.slice(end, end + 8);
  if (ownsSites && OWNED_SITE_AFTER.test(after)) return true;
  // after 出身は only the place itself (…の…です, …です): a school named there is no place (…っていう高校)
  return PLACE_AFTER.test(after) || (PLACE_BEFORE.test(text.slice(Math.max(0, start - 8), start)) && PLACE_ITSELF_AFTER.test(after));
}

/** A short katakana word before って and what a sound does (ドンって。, シューって音が, ズキってくる):
 * a sound said aloud, which kuromoji tags as a name or a firm as often as not. Not after a word
 * for a name or calling (名前は…って。). */
const SOUND_WORD = /^[\p{Script=Katakana}ー]{2,5}$/u;
const SOUND_AFTER = /^って(?:[。！!…]|$|音|な[るっり]|く[るれ]|き[たて]|し[てた]|鳴|響)/u;
const NAMING_BEFORE = /(?:名前|呼|名|誰|聞い|訊い)/u;

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
 * a name to redact in the text. A known name's part, or a name ENAMDICT lists, never is one. */
export function labelsSaidAsRoles(labels: readonly string[], texts: readonly string[], known: readonly string[]): Set<string> {
  const parts = new Set(known.flatMap((n) => n.split(/[|\s]+/u)));
  // A label ENAMDICT lists as a name stays a name however it is said: once dropped it would go
  // unredacted through the whole session (勘解由小路として出席します), and a job word is none.
  const candidates = labels.filter((l) => /^[\p{Script=Han}\p{Script=Katakana}ー々A-Za-z]{2,8}$/u.test(l) && !parts.has(l) && !isDictionaryName(l));
  if (candidates.length === 0) return new Set();
  const alt = candidates.map((l) => l.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|');
  const re = new RegExp(`(?:(?<![\\p{L}])(${alt})(?=${ROLE_AFTER}|${INTRO_AFTER}))|元(${alt})(?![\\p{L}])`, 'gu');
  const out = new Set<string>();
  for (const text of texts) for (const m of text.normalize('NFKC').matchAll(re)) out.add((m[1] ?? m[2]) as string);
  return out;
}
