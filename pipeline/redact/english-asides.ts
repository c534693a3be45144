/** English given names said in asides the cue detectors (`context-detectors.ts`) do not read
 * (issue 13, names13):
 *
 * - a kin word said as a sentence or before a pause, then the name alone ("Son. Teodoro. He is
 *   nine", "My son, Idris, started school"): a capitalised word the English dictionary does
 *   not know in lower case and that is no word said capitalised (not "Son. Anyway.", "Wife. Monday.");
 * - how a name is said, respelt after "it's pronounced" (it's pronounced nee-av);
 * - a second name the speaker gives for themselves ("call me Gabriela, or Gab"): any capitalised
 *   word but one said capitalised as a word (Monday) — a short name is often also a word (Gab).
 *
 * The session carries what is found here to the name's other mentions (`redactSegments`). */
import { isCommonEnglishWord } from '../analyze/english-words.js';
import type { Detector, Range } from './detector.js';
import { LISTS } from './lists.js';
import { groupsOf, withCapital } from './regex.js';

const KIN = '[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Pp]artner|[Bb]rother|[Ss]ister|[Mm]other|[Ff]ather|[Mm]um|[Mm]om|[Dd]ad|[Gg]randson|[Gg]randdaughter|[Ee]ldest|[Yy]oungest|[Bb]aby';
const NAME = "(?<v>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)";
/** A kin word opening a sentence (after my / our / the), a pause, then the name closed by a pause
 * or said with what the person is. */
const KIN_THEN_NAME_RE = new RegExp(`(?:^|[.!?]\\s+)(?:(?:[Mm]y|[Oo]ur|[Tt]he)\\s(?:(?:eldest|youngest|older|younger|little|oldest)\\s)?)?(?:${KIN})[.:,]\\s+${NAME}(?=[.!?,;]|\\s(?:is|was|she|he|who)\\b)`, 'gdu');
/** call me X, or Y / call me X or just Y. */
const OR_NAME_RE = new RegExp(`\\b(?:[Cc]all|[Cc]alls|[Cc]alled)\\sme\\s[A-Z][a-z]+,?\\s(?:or|or\\sjust|or\\seven)\\s${NAME}(?![A-Za-z'’-])`, 'gdu');
/** How a name is said, spelt as it sounds after it was named (it's pronounced nee-av): a
 * respelling of two or more lower-case pieces joined by hyphens. */
const PRONOUNCED_RE = /\b(?:it's|it’s|it is|is|was)\spronounced\s(?:like\s)?["“']?(?<v>[a-z]+(?:-[a-z]+)+)/gdu;
const HINT = /pronounced|[Cc]all|aughter|[Ss]on|[Ww]ife|[Hh]usband|[Pp]artner|[Bb]rother|[Ss]ister|[Mm]other|[Ff]ather|[Mm]um|[Mm]om|[Dd]ad|[Ee]ldest|[Yy]oungest|[Bb]aby/u;

function englishAsideNames(text: string): Range[] {
  if (!HINT.test(text)) return [];
  const out: Range[] = [];
  for (const r of groupsOf(KIN_THEN_NAME_RE, text, 'v')) {
    const word = text.slice(r.start, r.end);
    if (!LISTS.enCommonCapitalised.has(word) && !isCommonEnglishWord(word.toLowerCase())) out.push(r);
  }
  for (const r of groupsOf(PRONOUNCED_RE, text, 'v', /pronounced/u)) out.push(r);
  for (const r of groupsOf(OR_NAME_RE, text, 'v')) if (!LISTS.enCommonCapitalised.has(text.slice(r.start, r.end))) out.push(r);
  return out;
}

export const ENGLISH_ASIDE_DETECTORS: readonly Detector[] = [withCapital({ source: 'context:english-aside-name', find: ({ text }) => englishAsideNames(text) })];
