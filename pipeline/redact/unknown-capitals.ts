/**
 * English speech: a capitalised word inside a sentence that no English dictionary knows, neither
 * as a common word nor as a proper noun (sixteenth pass). English capitalises inside a sentence
 * only proper nouns; one the dictionary has never heard of is a person, a firm, a farm or a small
 * town — none a counsellor's transcript needs (Tokyo, Osaka, Google, Sarah are in the dictionary
 * and left to the rules that read their context). No phrase is needed, so it catches names said
 * in shapes no rule has seen.
 */
import type { Detector, Range } from './detector.js';
import { isAlsoProperNoun, isCommonEnglishWord } from '../analyze/english-words.js';
import { LISTS } from './lists.js';
import { withCapital } from './regex.js';
import { isListedLatinName } from './foreign-names.js';

/** A capitalised word, with accents, an ʻokina and hyphenated or apostrophised parts (Yi-chen,
 * Kaʻūmana, O'Neill), without a possessive 's or a Japanese honorific (-san), which stay outside
 * the placeholder; Latin letters must not continue it before it. */
const CAPITALISED = /(?<![\p{Script=Latin}\p{M}ʻ'’-])\p{Lu}[\p{Ll}\p{M}ʻ]+(?:(?:-(?!(?:san|sama|kun|chan|sensei|senpai)\b)|['’](?!s\b))\p{Lu}?[\p{Ll}\p{M}]+)*(?![\p{Script=Latin}\p{M}ʻ])/gu;

/** What may stand before a sentence's first word (a capital there says nothing): the start, a
 * full stop, a colon (a speaker label, a quote), a quote or bracket, a dash. */
const SENTENCE_START = /(?:^|[.!?:;…"“”「『(（\-–—]|\n)\s*$/u;

/** Capitalised words that are no names though the dictionary lacks them: what speech says in a
 * capital (Ok, Mmm), Japanese words and titles said in romaji (Sensei, Shinkansen), words for kin
 * and of prayer in other languages (Amma, Bhai, Aunty, Fajr, Inshallah), tools said at work (Jira,
 * Figma) and the months and days shortened. A small, closed list: names are the open class. */
const NOT_NAMES = new Set([
  'Ok', 'Okay', 'Um', 'Umm', 'Hmm', 'Mmm', 'Erm', 'Uh', 'Uhh', 'Yeah', 'Yep', 'Nope', 'Haha', 'Ah', 'Oh', 'Eh', 'Wow',
  'Senpai', 'Sempai', 'Sensei', 'Kacho', 'Kachou', 'Bucho', 'Buchou', 'Shacho', 'Shachou', 'Tencho', 'Tenchou',
  'Shinkansen', 'Karoshi', 'Ikigai', 'Obon', 'Reiwa', 'Heisei', 'Showa',
  'Aunty', 'Auntie', 'Amma', 'Appa', 'Bhai', 'Didi', 'Abba', 'Ammi', 'Abuela', 'Abuelo', 'Nonna', 'Nonno', 'Oma', 'Opa', 'Baba', 'Mama', 'Papa', 'Tita', 'Tito', 'Lola', 'Lolo', 'Ate', 'Kuya', 'Tutu',
  'Alhamdulillah', 'Inshallah', 'Mashallah', 'Wallahi', 'Fajr', 'Dhuhr', 'Asr', 'Maghrib', 'Isha', 'Eid', 'Ramadan',
  // tools and services said at work, which a transcript names as often as a city
  'Jira', 'Figma', 'Trello', 'Asana', 'Miro', 'Canva', 'Kubernetes', 'Salesforce', 'Tableau', 'Workday', 'Zendesk', 'Hubspot', 'HubSpot', 'Github', 'GitHub', 'Gitlab', 'Linkedin', 'LinkedIn', 'Whatsapp', 'WhatsApp', 'Youtube', 'YouTube', 'Tiktok', 'Instagram', 'Shopify', 'Airbnb', 'Javascript', 'Typescript',
  // what a client's week holds and a counsellor must read: medicines, apps, shops, foods, holy days
  // and languages (names that double as one of these, Puja, Shona, Bento, Nando, stay out)
  'Sertraline', 'Citalopram', 'Escitalopram', 'Mirtazapine', 'Quetiapine', 'Venlafaxine', 'Melatonin', 'Lexapro', 'Wellbutrin', 'Xanax', 'Adderall', 'Seroquel', 'Effexor', 'Vyvanse', 'Concerta', 'Ozempic', 'Wegovy', 'Mounjaro',
  'Snapchat', 'Spotify', 'Reddit', 'Duolingo', 'Headspace', 'Fitbit', 'Strava', 'Peloton', 'Wordle', 'Gmail', 'Chatgpt', 'Hulu', 'Grindr', 'Uber', 'Lyft', 'Deliveroo', 'Ubereats', 'Doordash', 'Venmo', 'Klarna', 'Monzo', 'Revolut', 'Fortnite', 'Minecraft', 'Roblox', 'Xbox', 'Kpop', 'Kdrama', 'Kdramas',
  'Etsy', 'Aldi', 'Lidl', 'Tesco', 'Asda', 'Ocado', 'Sainsburys', 'Primark', 'Uniqlo', 'Shein', 'Temu', 'Depop', 'Vinted', 'Nandos', 'Pret', 'Redbull', 'Konbini', 'Izakaya', 'Onsen', 'Ryokan', 'Juku', 'Hanami', 'Nomikai', 'Bonenkai', 'Omiyage', 'Matcha',
  'Pho', 'Ramen', 'Kimchi', 'Bibimbap', 'Weetabix', 'Zumba', 'Utd',
  'Holi', 'Navratri', 'Chuseok', 'Vesak', 'Nowruz', 'Yom', 'Kippur', 'Rosh', 'Hashanah', 'Shabbat', 'Iftar', 'Suhoor', 'Sehri', 'Jummah', 'Ramadhan', 'Gurdwara', 'Mandir',
  'Igbo', 'Twi', 'Tigrinya', 'Pashto', 'Ilocano', 'Visayan',
  'Mon', 'Tue', 'Tues', 'Wed', 'Thu', 'Thur', 'Thurs', 'Fri', 'Sat', 'Sun', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
]);

/** A place said by a preposition of place before it (in Celaya, from Galway, back to Celaya, out
 * by Gotemba): a town is no one's personal data here. */
const PLACE_BEFORE = /\b(?:in|from|near|around|outside|across|throughout|by|visit|visiting|visited|(?:back|moved|move|moving|flew|fly|flying)\sto)\s$/iu;
/** …or by a word for a place after it (Tsukuba city, a São Paulo office). */
const PLACE_AFTER = /^\s(?:region|area|prefecture|province|state|county|city|town|village|station|district|ward|airport|island|side|office|branch|plant|factory)\b/iu;
/** …unless the words around say a person: a message or a deed comes from them (a text from
 * Oksana), a passive verb or a seat is by or near them (hired by Oksana, sat near Thabo), or
 * what follows is theirs or names them (in Yusuf's team, from Ayodele himself, Ayodele, my sister). */
const PERSON_BEFORE = /\b(?:(?:e-?mails?|texts?|messages?|calls?|voicemails?|letters?|notes?|dms?|replies|reply|cards?|gifts?|presents?|visits?|advice|help|support|feedback|pressure|complaints?|apology|invit(?:e|ation)s?|heard|learned|learnt)(?:\s(?:it|that|this))?\sfrom|(?:(?!(?:passed|stopped|dropped|popped|walked|located|situated|surrounded|based|stayed|lived|parked)\b)[a-z]+ed|told|written|seen|taken|given|made|sent|caught|taught|brought|beaten|bitten|chosen|forgotten|held|kept|led|met|paid|hurt|hit|raised|let\sdown|told\soff|picked\sup|stood\sup)(?:\s(?:off|up|down|out))?\sby|(?:sit|sits|sat|sitting|seated|stand|stands|stood|standing)\s(?:right\s|just\s)?(?:near|by))\s$/iu;
const PERSON_AFTER = /^(?:['’]s\s(?!(?:region|area|prefecture|province|city|town|village|station|district|ward|airport|island|side|office|branch|old|centre|center|downtown|suburbs?|streets?|outskirts)\b)|\s(?:himself|herself|who|saying|says|said|told|and\s(?:he|she)\b)|,\s(?:my|our|his|her)\s(?:sister|brother|mum|mom|mother|dad|father|friend|boss|manager|partner|wife|husband|son|daughter|cousin|aunt|uncle|colleague|coworker|co-worker|ex|girlfriend|boyfriend|flatmate|roommate|neighbour|neighbor|supervisor|teacher)\b)/iu;
/** At a sentence's start a name is the subject: a verb or a clause follows (Yusuf went …). */
const SUBJECT_AFTER = /^(?:['’]s\b|\s(?:is|was|has|had|says|said|went|came|left|told|asked|does|did|will|would|can|could|and|who|also|just|still|never|always|[a-z]+ed)\b)/u;

const known = (w: string): boolean => isCommonEnglishWord(w) || isAlsoProperNoun(w);

/** Is `word` a capitalised word no dictionary knows? Its letters without accents are looked up
 * too (Café is café), and without a plural or possessive s (Sundays, Tsukuba's … is Tsukuba); a
 * hyphenated word is unknown when a part is (Yi-chen; not Well-being). */
export function unknownCapitalisedWord(word: string): boolean {
  if (NOT_NAMES.has(word) || LISTS.enCommonCapitalised.has(word) || word.length < 3) return false;
  const lower = word.normalize('NFD').replace(/[\p{M}ʻ]/gu, '').toLowerCase();
  if (known(lower) || known(lower.replace(/(?:['’]s|s)$/u, ''))) return false;
  const parts = lower.split(/[-'’]/u).filter((p) => p.length > 0);
  return parts.length === 1 || parts.some((p) => !known(p));
}

function unknownCapitals(text: string): Range[] {
  const out: Range[] = [];
  const words = [...text.matchAll(CAPITALISED)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  // Runs of capitalised words one space apart (São Paulo, Kikuyo Sakura Hoikuen): a place said as
  // such is skipped whole, else each unknown word of the run is redacted.
  for (let i = 0; i < words.length; ) {
    let j = i + 1;
    while (j < words.length && text.slice(words[j - 1]!.end, words[j]!.start) === ' ') j++;
    const run = words.slice(i, j);
    const first = run[0]!;
    const last = run[run.length - 1]!;
    i = j;
    const before = text.slice(Math.max(0, first.start - 16), first.start);
    const personSaid = PERSON_BEFORE.test(text.slice(Math.max(0, first.start - 40), first.start)) || PERSON_AFTER.test(text.slice(last.end, last.end + 24));
    if ((PLACE_BEFORE.test(before) && !personSaid) || PLACE_AFTER.test(text.slice(last.end, last.end + 12))) continue;
    const atStart = SENTENCE_START.test(before);
    for (const w of run) {
      if (!unknownCapitalisedWord(w.word)) continue;
      // A sentence's first word is capitalised anyway: there only a listed first name or surname
      // said as the subject counts.
      if (w === first && atStart && !(isListedLatinName(w.word) && SUBJECT_AFTER.test(text.slice(w.end, w.end + 12)))) continue;
      out.push({ start: w.start, end: w.end });
    }
  }
  return out;
}

/** Registered under PERSON: most such words are people; a firm or a farm is as private. */
export const UNKNOWN_CAPITAL_DETECTORS: readonly Detector[] = [
  withCapital({ source: 'en:unknown-capital', find: ({ text, language }) => (language === 'en' ? unknownCapitals(text) : []) }),
];
