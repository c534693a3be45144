/** Deterministic names: job ids from session_id + stage + version (the session's
 * fingerprint already covers its manifest row and the analysis lineage), so a resubmitted
 * batch finds its jobs already there and does no work twice. */
import { createHash } from 'node:crypto';
import type { Session } from '../pipeline/schemas.js';

export const SESSION_STAGES = ['transcribe', 'redact', 'analyze'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

/** Bump a stage's version when its output changes for the same input: every later stage's
 * job id changes with it (ids hash the versions of the stage and of all stages before it). */
export const STAGE_VERSIONS: Record<SessionStage, string> = {
  // 2: no transcript object (redact reads the source again); the redacted object carries the session.
  // 3: only recordings are transcribed; redact reads the transcript cache entry transcribe returns.
  transcribe: '3',
  // 3: the redacted object's spared names sealed (`spared_sealed`), no longer listed in the clear.
  redact: '3',
  analyze: '1',
};

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/** A readable, BullMQ-safe id part (no ":"); uniqueness comes from the hash beside it. */
export function safePart(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  return cleaned === '' || /^\d+$/.test(cleaned) ? `x${cleaned}` : cleaned;
}

type SessionRef = Pick<Session, 'session_id' | 'fingerprint'>;

/** The session a plan entry (jobs/schemas.ts PlanEntry) is about, as job ids name it. */
export const refOf = (e: { sessionId: string; fingerprint: string }): SessionRef => ({ session_id: e.sessionId, fingerprint: e.fingerprint });

export function stageJobId(stage: SessionStage, s: SessionRef): string {
  const upTo = SESSION_STAGES.slice(0, SESSION_STAGES.indexOf(stage) + 1).map((st) => `${st}@${STAGE_VERSIONS[st]}`);
  return `${stage}.${safePart(s.session_id)}.${sha(s.session_id, s.fingerprint, ...upTo).slice(0, 16)}`;
}

/** The object-store folder of one session's work (all stage versions included). */
export function workKey(s: SessionRef): string {
  const all = SESSION_STAGES.map((st) => `${st}@${STAGE_VERSIONS[st]}`);
  return `sessions/${sha(s.session_id, s.fingerprint, ...all).slice(0, 32)}`;
}

/** A batch id from what the batch is: the same inputs and settings give the same id. */
export function batchIdOf(parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return `b-${h.digest('hex').slice(0, 12)}`;
}

const roundSuffix = (round: number) => (round > 0 ? `.r${round}` : '');

/** What every load job id of a batch starts with. */
export const loadJobPrefix = (batchId: string) => `load.${batchId}.g`;
export const loadJobId = (batchId: string, group: number, round: number) => `${loadJobPrefix(batchId)}${group}${roundSuffix(round)}`;

export const reportJobId = (batchId: string, round: number) => `report.${batchId}${roundSuffix(round)}`;

export const sealJobId = (batchId: string, round: number) => `seal.${batchId}${roundSuffix(round)}`;

/** Object keys of a session's work (`sessions/<hash>.<what>.json`, one flat folder: no folder
 * per session to make and remove), by what they hold. */
export const objectKeys = (key: string) => ({
  /** Redacted text (never raw text): lives only between the redact and analyze jobs. */
  redacted: `${key}.redacted.json`,
  /** The session's result: lives until its group's load. */
  result: `${key}.result.json`,
  /** A batch API's answers for the session (`--openai-batch`, jobs/openai-batch.ts): they may
   * quote redacted speech, and live until analyze has used them. */
  batch: `${key}.batch.json`,
});

/** Every object a session's work may leave. */
export const workObjects = (key: string): string[] => Object.values(objectKeys(key));

export const batchKeys = (batchId: string) => ({
  companies: `batches/${batchId}/companies.json`,
  plan: `batches/${batchId}/plan.json`,
  /** The survey scores submitted with the batch (`batch submit --survey`), validated: the report job imports them. */
  survey: `batches/${batchId}/survey.json`,
  /** The session records of one company of the batch (what its session jobs read). */
  sessions: (companyId: string) => `batches/${batchId}/sessions/${safePart(companyId)}.${sha(companyId).slice(0, 8)}.json`,
  load: (jobId: string) => `batches/${batchId}/loads/${jobId}.json`,
});
