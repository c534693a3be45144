/** The local provider's data: per language, weighted theme and signal terms, polarity terms,
 * cue words, stop-words and calibration, in versioned JSON files under `prompts/lexicon/<version>/`
 * (registered in `prompts/lexicon/versions.ts`). The files are parsed here, at the edge; the
 * analysis functions receive the parsed `Lexicon`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CURRENT_LEXICON, LEXICON_VERSIONS } from '../../prompts/lexicon/versions.js';
import { ConfigError } from '../errors.js';
import { RISK_SIGNALS, THEME_IDS } from '../themes.js';
import { contentHash } from './content-hash.js';
import type { Language } from './language.js';

const weight = z.number().min(0).max(1);

/** Terms (matched on lemmas / stems) and regular expressions (matched on the normalised text),
 * each with a weight: 1 alone makes the theme certain, 0.5 alone reaches the default threshold. */
export const LexiconEntrySchema = z.object({
  terms: z.record(z.string().min(1), weight),
  patterns: z.record(z.string().min(1), weight).default({}),
  /** Evidence of the speaker's own intent or state (job change, risk signals): negated and
   * hypothetical statements are discounted (転職は考えていません, もし辞めるとしたら). Topic
   * themes leave this off: 給料が上がらない is still about pay. */
  intent: z.boolean().default(false),
  /** Discount evidence about someone else (同期が辞めた, "my colleague quit"). */
  discount_others: z.boolean().default(false),
  /** Discount evidence about someone outside the speaker's household (友達が介護で, 同僚が結婚),
   * for themes whose worry may be a household member's but is not a friend's or a colleague's
   * (caregiving, childcare, life events). `discount_others` covers the household too. */
  discount_outsiders: z.boolean().default(false),
  /** Discount evidence followed in its clause by a denial (体調は全然元気です, "sleeping fine"):
   * `cues.denial`. For topics where saying "it's fine" means the topic is not a worry. */
  deniable: z.boolean().default(false),
  /** Capped by `modifiers.conditional` in a clause under a condition (`cues.conditional_patterns`:
   * それでも難しかったら、辞めるしかない). For decisions (retention), not for states: a narrative
   * たら (クリニックに行ったら、パニック障害って言われて) is no condition. */
  conditional: z.boolean().default(false),
  /** Signals: the effective strength one piece of evidence needs for the level to reach high.
   * Without such a piece the score stays just under the high cut-off: several weak signs make
   * medium, one strong sign (休職, 内定, 退職届) makes high. */
  severe_weight: weight.optional(),
  /** Themes: a risk signal that also counts as evidence for the theme (job_change from
   * retention_risk, health from mental_health_risk). The signal's score is rescaled so that the
   * signal's medium cut-off meets the theme threshold. */
  from_signal: z.enum(RISK_SIGNALS).optional(),
  /** Signals: how far along the speaker says they are, over the evidence of the signal. A hedge
   * (まだ決めてない, "just looking", "haven't applied") says a step is not yet taken, which one only
   * says of a step one is weighing: with any own evidence of the signal the level is medium —
   * lifted from low, held under high. Regular expressions on the normalised text; a negation
   * that makes the meaning belongs in the pattern. */
  hedges: z.array(z.string().min(1)).default([]),
  /** Signals: a decision said (もう決めました, "I've made up my mind") in the segment of own
   * evidence of the signal or in the turn after it makes the level high, and outweighs a hedge. */
  commitments: z.array(z.string().min(1)).default([]),
  /** Signals: someone asking the speaker to join them (うちに来ないか, "there's a spot if I want
   * it"). Someone else's words by nature, so neither their subject nor the reporting discounts
   * them; they stand in for own evidence beside a hedge (誘われてる… まだ決めてない: medium). */
  approaches: z.array(z.string().min(1)).default([]),
});
export type LexiconEntry = z.infer<typeof LexiconEntrySchema>;

export const LexiconSchema = z.object({
  version: z.string().regex(/^lexicon-\d{4}\.\d{1,2}\.\d+$/, 'must look like lexicon-YYYY.M.N'),
  language: z.enum(['ja', 'en']),
  calibration: z.object({
    /** Themes below this confidence are not reported. */
    theme_min_confidence: weight,
    /** Risk score from which the level is medium / high. */
    risk_levels: z.object({ medium: weight, high: weight }).refine((l) => l.medium < l.high, 'medium must be below high'),
    /** Multipliers applied to a piece of evidence: negated, hypothetical, about someone else;
     * and the factor for each repetition of the same term (0.5: second counts half). */
    modifiers: z.object({
      negation: weight,
      hypothetical: weight,
      others: weight,
      repeat_decay: weight,
      past: weight.default(1),
      /** The most strength evidence of an entry marked `conditional` keeps in a clause under a condition
       * (`cues.conditional_patterns`: それでも難しかったら、辞めるしかない): a real consideration,
       * but not yet a decision — kept under `severe_weight`, it makes medium, not high. 1: no cap. */
      conditional: weight.default(1),
    }),
    /** Polarity multiplier when negated (−0.5: "not happy" counts as half unhappy), and the
     * smoothing constant of sentiment = Σ / (Σ|·| + smoothing). */
    sentiment: z.object({ negation: z.number().min(-1).max(1), smoothing: z.number().positive() }),
    /** English: how many tokens before a term a negation may stand. Japanese (0): anywhere after
     * the term in the same clause. */
    negation_window: z.number().int().nonnegative(),
    /** The effective strength a piece of a signal's evidence needs before a stance (`hedges`,
     * `commitments`) moves the signal's level: a stance says how far along, not what about. */
    stance_support: weight.default(0.1),
    /** A piece of evidence at least this strong (an offer, a resignation letter) is a step taken:
     * no hedge holds the level under high. */
    stance_fact: weight.default(0.8),
    /** How much theme evidence of a consultant turn the client only said yes to
     * (`AnalyzeInput.affirmed`) counts, as a factor of its weight; 0 (versions before
     * 2026.12.11): none. Themes only: such a turn gives no keyword and no risk level. */
    affirmed_weight: weight.default(0),
  }),
  /** Exhaustive: a theme added to THEME_IDS without a lexicon entry fails to load. */
  themes: z.record(z.enum(THEME_IDS), LexiconEntrySchema),
  signals: z.record(z.enum(RISK_SIGNALS), LexiconEntrySchema),
  sentiment: z.object({
    terms: z.record(z.string().min(1), z.number().min(-1).max(1)),
    patterns: z.record(z.string().min(1), z.number().min(-1).max(1)).default({}),
  }),
  cues: z.object({
    negation: z.array(z.string()),
    /** Lemmas before a negation that make it no negation (かもしれない, しかない, 仕方ない). */
    negation_exceptions: z.array(z.string()),
    hypothetical: z.array(z.string()),
    hypothetical_patterns: z.array(z.string()),
    /** Regular expressions that place their clause in a finished past (昔, 以前は, 休む前は,
     * 若い頃): what was is discounted by `modifiers.past` — a past worry, resolved or not said
     * to go on, is not the worry of now. */
    past_patterns: z.array(z.string()).default([]),
    /** Regular expressions for the speaker saying an illness or its treatment is over (もう薬も
     * 飲んでない, もう治りました, "I'm fully recovered"): health and mental-health evidence in the
     * clauses strictly before it, in its segment and the segment before, is discounted by
     * `modifiers.past` (only the clauses naming what got better when it names it: 腰は). */
    recovery_patterns: z.array(z.string()).default([]),
    /** Regular expressions for a reply that opens by denying (いや、それはないです; "No, not
     * really"): the consultant asked about a worry and the answer is no, so intent evidence in
     * the rest of that segment (…辞めるとか。) is negated, unless the speaker states a wish. */
    answer_denial_patterns: z.array(z.string()).default([]),
    /** Regular expressions for a reply that opens by saying one is well ("Fine, yeah.", "Sleeping
     * fine"; Japanese has none yet): the consultant asked after the client's health and the answer is
     * yes, so a weak sign said after it in that segment (tiredness, a short night: weaker than the
     * signal's `severe_weight`) is said in passing and denied — up to a turn in the answer
     * (`contrast_patterns`: "but", "mostly"), after which it counts again. A doctor or a
     * leave still counts. Only a sign that `passing_patterns` matches (tiredness: "knackered",
     * "worn out") is denied: crying, anxiety or a short night after "I'm fine" is a worry said. */
    wellbeing_patterns: z.array(z.string()).default([]),
    contrast_patterns: z.array(z.string()).default([]),
    passing_patterns: z.array(z.string()).default([]),
    /** A report of words (…って, …と聞きました; not らしい / みたい) leaves `discount_outsiders`
     * entries (care, children, family events) undiscounted: they are judged by whose they are.
     * false (versions before 2026.12.13): every hearsay discounts. */
    reports_keep_outsider_topics: z.boolean().default(false),
    /** Regular expressions for a condition placed before a statement in its clause (…たら、
     * …なら、"if it doesn't get better"): intent evidence in that clause is discounted by
     * `modifiers.conditional`. */
    conditional_patterns: z.array(z.string()).default([]),
    /** Regular expressions for brushing an approach off (スカウトは来るけど開いてもいない, "I
     * didn't even reply"): intent evidence earlier in the same segment is negated, unless a wish
     * follows it. Being contacted by an agent is no intent of one's own when it is ignored. */
    dismissal_patterns: z.array(z.string()).default([]),
    /** Regular expressions for a sentence that accepts what the one before it said (まあ、それは
     * いいんだ; 会社の決まりやから、わかってたこと): a pay cut or a change named and then taken as
     * given is no worry. Topic evidence (not intent) in the sentence just before, in the same
     * segment, is denied. */
    acceptance_patterns: z.array(z.string()).default([]),
    others: z.array(z.string()),
    self: z.array(z.string()),
    /** After the term, marks the speaker's own wish (辞めたい): never about someone else. */
    desire: z.array(z.string()),
    clause_breaks: z.array(z.string()),
    /** Japanese: a negation reaches back over its clause only through these predicates
     * (転職は考えていません, 辞めるつもりはない, 転職したいわけじゃない); through others it negates
     * nothing before them (疲れが取れない is still tiredness). A negation of the term itself
     * (辞めない, 不満はない) always counts. Empty (English): any negation in the window counts. */
    negation_predicates: z.array(z.string()).default([]),
    /** Words that deny a worry (大丈夫, 元気, fine): discount `deniable` evidence before them in
     * the clause. */
    denial: z.array(z.string()).default([]),
    /** Hearsay markers (らしい, みたい, apparently): a clause with one and no own subject is about
     * someone else. */
    hearsay: z.array(z.string()).default([]),
    /** Japanese, topic themes (entries without `intent`): a negation after the term denies the
     * topic only when a は stands between them (残業はほとんどない, 介護はまだ必要ない — not
     * 余裕がない or 給料が上がらない) and it attaches to the term itself or to one of these
     * predicates (ある, 問題, 悩む, 多い: 上司とは特に問題はない, 仕事量はそんなに多くない). */
    topic_negation_predicates: z.array(z.string()).default([]),
    /** Regular expressions that deny a worry for their whole clause ("isn't really an issue"):
     * `deniable` evidence in that clause is discounted like a denial. */
    denial_patterns: z.array(z.string()).default([]),
    /** People of the speaker's household (夫, 母, 子ども, wife): as the subject, their situation
     * is someone else's for the speaker's own intent and state (母が入院 is not the speaker's
     * health, 妻が転職 not the speaker's job change) but the speaker's for topics (夫が転勤 is a
     * career question, 父が倒れて a caregiving one). Also list them in `others`. */
    household: z.array(z.string()).default([]),
    /** Verbs of reporting after a quoted wish (後輩が辞めたいと言っていて): the wish is not the
     * speaker's own. */
    reporting_verbs: z.array(z.string()).default([]),
  }),
  stopwords: z.array(z.string()),
  /** Words that may be keywords although the keyword rule would drop them (acronyms such as
   * KPI, OJT: Latin in Japanese speech and upper-case words are otherwise dropped, as they may be
   * initials or names). The lexicon's own terms are always allowed. */
  keyword_allow: z.array(z.string()).default([]),
});
export type Lexicon = z.infer<typeof LexiconSchema>;

export interface Lexicons {
  ja: Lexicon;
  en: Lexicon;
  /** The version both files share; recorded as the provider's lineage version. */
  version: string;
  /** Each language's content hash (`content-hash.ts`, of the parsed file): stored with every
   * result and part of the fingerprint of every session in that language, so an edited file
   * re-analyses its language's sessions even when its version string stayed the same. */
  hashes: Record<Language, string>;
}

/** The version `NAME@working` names: the editable draft folder `prompts/<name>/working/`, read
 * from disk when it runs (never bundled; `honne eval --prompt lexicon@working`). */
export const WORKING_VERSION = 'working';

/** Where a version's files live, as an operator finds them. */
const folderOf = (version: string): string => `prompts/lexicon/${version}`;

function parseOne(data: unknown, language: 'ja' | 'en', folder: string): Lexicon {
  const file = `${folder}/${language}.json`;
  const parsed = LexiconSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid lexicon: ${issue?.message ?? 'schema violation'}`, { file, field: issue?.path.join('.') }, { cause: parsed.error });
  }
  if (parsed.data.language !== language) throw new ConfigError(`lexicon language is ${parsed.data.language}`, { file, field: 'language' });
  return parsed.data;
}

/** Validates the pair of lexicons of the folder `prompts/lexicon/<version>/` (`2026.12.1`): each
 * parses, they carry the same version, and it is the folder's (`lexicon-2026.12.1`) — a copied
 * folder still holding the old version would record its results under the old one, and
 * `honne run` would skip the sessions as unchanged. Throws ConfigError naming the file and field. */
export function parseLexicons(ja: unknown, en: unknown, version: string): Lexicons {
  const folder = folderOf(version);
  const jaLex = parseOne(ja, 'ja', folder);
  const enLex = parseOne(en, 'en', folder);
  if (jaLex.version !== enLex.version) {
    throw new ConfigError(`lexicon versions differ: ja ${jaLex.version}, en ${enLex.version}; bump both together`, { file: folder, field: 'version' });
  }
  if (jaLex.version !== `lexicon-${version}`) {
    throw new ConfigError(`the lexicon in ${folder} says it is ${jaLex.version}: set "version" to "lexicon-${version}" in ja.json and en.json`, { file: folder, field: 'version' });
  }
  return { ja: jaLex, en: enLex, version: jaLex.version, hashes: { ja: contentHash(jaLex), en: contentHash(enLex) } };
}

/** The working copy of the lexicons, `<promptsDir>/lexicon/working/{ja,en}.json`, read now from
 * disk: a draft being tuned, so the version inside the files is not checked (a copied folder still
 * says the version it was copied from). Its lineage version is `lexicon-working`; its content
 * hashes tell two drafts apart. Throws ConfigError naming the file. */
export function readWorkingLexicons(promptsDir: string): Lexicons {
  const folder = join(promptsDir, 'lexicon', WORKING_VERSION);
  const read = (language: Language): Lexicon => {
    const file = join(folder, `${language}.json`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no working copy: copy a saved version first (cp -r prompts/lexicon/${CURRENT_LEXICON} ${folder})` : `not valid JSON: ${(err as Error).message}`;
      throw new ConfigError(`cannot read the working lexicon: ${why}`, { file }, { cause: err });
    }
    // The schema checks the version's shape: any saved version's name will do.
    const lex = parseOne({ ...(data as object), version: `lexicon-${CURRENT_LEXICON}` }, language, folder);
    return { ...lex, version: `lexicon-${WORKING_VERSION}` };
  };
  const ja = read('ja');
  const en = read('en');
  return { ja, en, version: `lexicon-${WORKING_VERSION}`, hashes: { ja: contentHash(ja), en: contentHash(en) } };
}

let bundled: Lexicons | undefined;

/** The current lexicons (`CURRENT_LEXICON` in prompts/lexicon/versions.ts), parsed once. */
export function bundledLexicons(): Lexicons {
  bundled ??= lexiconsOfFolder(CURRENT_LEXICON);
  return bundled;
}

/** `asked`: the version as the user wrote it, for the message. */
function lexiconsOfFolder(version: string, asked = version): Lexicons {
  const data = LEXICON_VERSIONS[version];
  if (data === undefined) {
    throw new ConfigError(`unknown lexicon version "${asked}" (available: ${lexiconVersions().join(', ')})`, { field: 'version' });
  }
  return parseLexicons(data.ja, data.en, version);
}

/** Every lexicon version this build can run, the current one first, then newest to oldest.
 * Earlier versions are read with today's schema and code: what differs is the data. */
export function lexiconVersions(): string[] {
  const older = Object.keys(LEXICON_VERSIONS)
    .filter((v) => v !== CURRENT_LEXICON)
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return [CURRENT_LEXICON, ...older].map((v) => `lexicon-${v}`);
}

/** The lexicons of one version: `lexicon-2026.11.1` or just `2026.11.1` (`honne eval --compare
 * lexicon@VERSION`). Throws ConfigError naming the versions there are. */
export function lexiconsOfVersion(version: string): Lexicons {
  const folder = version.startsWith('lexicon-') ? version.slice('lexicon-'.length) : version;
  return folder === CURRENT_LEXICON ? bundledLexicons() : lexiconsOfFolder(folder, version);
}
