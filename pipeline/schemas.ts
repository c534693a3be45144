/** The records that flow between stages. The zod schemas are the source of truth; every
 * trust boundary (manifest rows, job data, model output, CLI options) parses through them. */
import { z } from 'zod';
import { oneSpelling } from './pseudonym.js';
import { RISK_LEVELS, THEME_IDS } from './themes.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** An employee id as the pseudonym is made of: one spelling per person. Full-width letters and
 * digits (Ｅ１２３), other compatibility forms and invisible characters (a zero-width space) are
 * refused, not normalised: each spelling would be its own pseudonym, so one person would count
 * as two towards k and `honne erase` of one spelling would leave the other's sessions; and a
 * store already holding such a pseudonym keeps it (a normalised one would miss its erasure). */
const employeeId = nonEmpty.refine(
  (s) => s === oneSpelling(s),
  'must be written one way only: half-width letters and digits (NFKC form), no invisible or control characters (the same id written otherwise would count as another employee)',
);

/** Other spellings of the company, used only for redaction: `|`-separated in CSV (and allowed so
 * in JSONL), or a JSON array. Empty pieces are dropped; a one-character alias would redact that
 * character everywhere and is refused. */
const aliases = z.preprocess(
  (v) => (typeof v === 'string' ? v.split('|') : v),
  z
    .array(
      z
        .string()
        .trim()
        .max(200, 'an alias must be at most 200 characters')
        .refine((a) => !CONTROL.test(a), 'an alias must not contain control characters'),
    )
    .max(50, 'at most 50 aliases')
    .transform((list) => list.filter((a) => a !== ''))
    .refine((list) => list.every((a) => [...a].length >= 2), 'each alias needs at least 2 characters (a one-character alias would redact that character everywhere)'),
);

export const CompanySchema = z.object({
  company_id: nonEmpty,
  name: nonEmpty,
  industry: nonEmpty,
  employee_count: z.coerce.number().int('must be a whole number').positive('must be positive'),
  aliases: aliases.optional(),
});
export type Company = z.infer<typeof CompanySchema>;

const score1to5 = z.coerce.number().int('must be a whole number 1-5').min(1).max(5);

export const ConsultantAssessmentSchema = z.object({
  mental_health_concern: score1to5,
  retention_risk: score1to5,
  satisfaction: score1to5.optional(),
});
export type ConsultantAssessment = z.infer<typeof ConsultantAssessmentSchema>;

/** ISO-8601 with an explicit offset (Z or ±hh:mm). */
const isoWithOffset = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    'must be ISO-8601 with an offset, e.g. 2026-10-03T10:00:00+09:00',
  )
  .refine(isRealDateTime, 'is not a real date');

/** Date.parse rolls 2026-02-30 over to March and accepts 24:00: check the fields themselves. */
function isRealDateTime(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

/** A name the platform knows (`employee_name`, `consultant_name`): used only to redact it, in
 * any spelling; several spellings may be given separated by `|` (山田 太郎|Taro Yamada). */
const knownName = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .refine((s) => !CONTROL.test(s), 'must not contain control characters')
  .refine((s) => s === '' || s.split('|').every((p) => /\p{L}/u.test(p)), 'must be a name: each spelling (between |) needs letters')
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** One row of the session manifest, as the spec defines it. */
export const ManifestRowSchema = z
  .object({
    session_id: nonEmpty,
    company_id: nonEmpty,
    employee_id: employeeId,
    department: optionalText,
    age_band: optionalText,
    gender: optionalText,
    consultant_id: nonEmpty,
    started_at: isoWithOffset,
    duration_sec: z.coerce.number().nonnegative().optional(),
    language: z.enum(['ja', 'en']).default('ja'),
    recording_uri: optionalText,
    transcript_uri: optionalText,
    consultant_speaker: optionalText,
    employee_name: knownName,
    consultant_name: knownName,
    consultant_assessment: ConsultantAssessmentSchema.optional(),
  })
  .refine((r) => r.recording_uri !== undefined || r.transcript_uri !== undefined, {
    message: 'one of recording_uri or transcript_uri is required',
    path: ['recording_uri'],
  });
export type ManifestRow = z.infer<typeof ManifestRowSchema>;

/** A session after ingest: pseudonymised, period computed, URIs resolved. The raw employee
 * id does not survive this step. */
export const SessionSchema = z.object({
  session_id: nonEmpty,
  company_id: nonEmpty,
  employee_pid: z.string().regex(/^[0-9a-f]{64}$/),
  department: z.string().optional(),
  age_band: z.string().optional(),
  gender: z.string().optional(),
  consultant_id: z.string(),
  started_at: z.string(),
  period: z.string().regex(/^\d{4}-\d{2}$/),
  duration_sec: z.number().optional(),
  language: z.enum(['ja', 'en']),
  recording_uri: z.string().optional(),
  transcript_uri: z.string().optional(),
  consultant_speaker: z.string().optional(),
  consultant_assessment: ConsultantAssessmentSchema.optional(),
  /** The manifest's known names, sealed with a key derived from the pseudonym key
   * (ingest/known-names.ts): only the redact stage opens them. Never loaded into the store. */
  known_names: z.string().optional(),
  /** Hash of everything that determines this session's results; re-runs skip equal ones. */
  fingerprint: z.string(),
  /** The employee's case key (pseudonym.ts `caseKey`): stored beside the pseudonym so another
   * letter case of the id is found. Outside the fingerprint (a store loaded before it skips its
   * sessions as unchanged). Optional: a session record written before it has none. */
  employee_case: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** A batch's session only (`batch submit`): the pseudonyms of the id in its other letter cases,
   * cut short (pseudonym.ts `caseVariants`), for the load to refuse an employee stored before case
   * keys under another case. Never loaded into the store; outside the fingerprint. */
  employee_variants: z.array(z.string().regex(/^[0-9a-f]{16}$/)).optional(),
  /** Manifest file and line, for error messages; the input root its local files must resolve
   * under (the manifest's folder or HONNE_INPUT_ROOT), carried to whoever reads them. */
  source: z.object({ file: z.string(), line: z.number().int(), root: z.string() }),
});
export type Session = z.infer<typeof SessionSchema>;

export const SpeakerRoleSchema = z.enum(['consultant', 'client']);
export type SpeakerRole = z.infer<typeof SpeakerRoleSchema>;

export const SegmentSchema = z.object({
  start: z.number().nullable(),
  end: z.number().nullable(),
  speaker: z.string(),
  role: SpeakerRoleSchema,
  text: z.string(),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const TranscriptFormatSchema = z.enum(['vtt', 'srt', 'json', 'text']);
export type TranscriptFormat = z.infer<typeof TranscriptFormatSchema>;

/** What one call to an outside system (a transcriber, an analysis provider) used: tokens, audio,
 * money, and whether a cache answered it. `honne run` totals it; each session's result carries its
 * own (SessionUsageSchema), stored on the session's row for the operator, never in a report. */
export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Seconds of audio sent (and billed), overlaps between pieces included. */
  audioSeconds: z.number().nonnegative(),
  /** Seconds of long silence trimmed before sending: billed time saved (0 for other calls). */
  trimmedSeconds: z.number().nonnegative(),
  /** Estimated, from the price table in effect (adapters/openai/prices.ts, HONNE_PRICES). */
  costUsd: z.number().nonnegative(),
  cached: z.boolean(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** A recording heard by a transcriber: its settings (service, model, response format, audio
 * preparation: the transcription's lineage) and what hearing it used (`cached`: the transcript
 * cache answered, nothing was sent or paid). */
export const TranscribedSchema = z.object({ transcriber: z.string(), usage: UsageSchema });
export type Transcribed = z.infer<typeof TranscribedSchema>;

/** What one session used of outside systems, stored on its row with its lineage (cost per
 * session, company and month for the operator; `honne usage`). */
export const SessionUsageSchema = z.object({
  /** null: the session came with a transcript file, nothing was transcribed. */
  transcription: TranscribedSchema.nullable(),
  analysis: UsageSchema,
});
export type SessionUsage = z.infer<typeof SessionUsageSchema>;

export const TranscriptSchema = z.object({
  format: TranscriptFormatSchema,
  encoding: z.string(),
  segments: z.array(SegmentSchema).min(1),
  /** A recording's transcript: what hearing it used, carried on to the session's result. */
  transcribed: TranscribedSchema.optional(),
});
export type Transcript = z.infer<typeof TranscriptSchema>;

/** What a transcriber returns for one recording: a transcript whose segments carry who spoke
 * (the transcriber's label), when and what, but no role yet — the transcript stage assigns roles
 * as it does for a transcript file — and what the transcription used. */
export const TranscriptionSchema = TranscriptSchema.omit({ transcribed: true }).extend({
  segments: z.array(SegmentSchema.omit({ role: true })),
  usage: UsageSchema,
});
export type Transcription = z.infer<typeof TranscriptionSchema>;

export const PiiKindSchema = z.enum(['PERSON', 'ORG', 'EMAIL', 'PHONE', 'ADDRESS', 'POSTAL', 'ID', 'URL', 'DATE']);
export type PiiKind = z.infer<typeof PiiKindSchema>;

export const ThemeScoreSchema = z.object({
  theme: z.enum(THEME_IDS),
  confidence: z.number().min(0).max(1),
});
export type ThemeScore = z.infer<typeof ThemeScoreSchema>;

export const RiskSchema = z.object({
  score: z.number().min(0).max(1),
  level: z.enum(RISK_LEVELS),
});
export type Risk = z.infer<typeof RiskSchema>;

export const KeywordCountSchema = z.object({ keyword: z.string().min(1), count: z.number().int().positive() });
export type KeywordCount = z.infer<typeof KeywordCountSchema>;

/** What an analysis provider returns for one session's redacted client speech. */
export const AnalysisSchema = z.object({
  themes: z.array(ThemeScoreSchema),
  keywords: z.array(KeywordCountSchema),
  retention_risk: RiskSchema,
  mental_health_risk: RiskSchema,
  sentiment: z.number().min(-1).max(1),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const LineageSchema = z.object({
  provider: z.string(),
  model: z.string(),
  version: z.string(),
});
export type Lineage = z.infer<typeof LineageSchema>;

/** A result's lineage: also the content hash of the prompt or lexicon that produced it (the
 * session's language's: `AnalysisProvider.promptHash`). */
export const ResultLineageSchema = LineageSchema.extend({ prompt_hash: z.string().min(1) });
export type ResultLineage = z.infer<typeof ResultLineageSchema>;

/** A risk signal as stored: the model's value, the consultant's (when assessed) and the
 * level reports use (the fusion rule lives in pipeline/analyze/fuse.ts). */
export const StoredRiskSchema = z.object({
  model_score: z.number(),
  model_level: z.enum(RISK_LEVELS),
  consultant_score: z.number().int().min(1).max(5).nullable(),
  consultant_level: z.enum(RISK_LEVELS).nullable(),
  level: z.enum(RISK_LEVELS),
});
export type StoredRisk = z.infer<typeof StoredRiskSchema>;

/** Everything the loader needs for one session: no transcript text, no raw employee id. */
export const SessionResultSchema = z.object({
  /** Without the session's file locations and consultant label (operators name files after
   * people; the label is most often the consultant's name): the result object is kept as long as
   * results, and its batch record keeps them sealed (jobs/record-seal.ts). A result written with
   * them is read without them. */
  session: SessionSchema.omit({ source: true, known_names: true, transcript_uri: true, recording_uri: true, consultant_speaker: true }),
  themes: z.array(ThemeScoreSchema),
  keywords: z.array(KeywordCountSchema),
  retention_risk: StoredRiskSchema,
  mental_health_risk: StoredRiskSchema,
  sentiment: z.number().min(-1).max(1),
  lineage: ResultLineageSchema,
  /** Optional: a result written by an older worker has none (its usage columns stay NULL). */
  usage: SessionUsageSchema.optional(),
  stats: z.object({
    segments: z.number().int(),
    client_chars: z.number().int(),
    redactions: z.number().int(),
    transcript_format: TranscriptFormatSchema,
    transcript_encoding: z.string(),
  }),
});
export type SessionResult = z.infer<typeof SessionResultSchema>;
