/** Who is speaking: the consultant (context only) or the client (the employee, whose speech
 * is analysed). */
import type { SpeakerRole } from '../schemas.js';

/** Labels that always mean the consultant, in normalised form (see `normaliseLabel`). */
const CONSULTANT_LABELS: ReadonlySet<string> = new Set(['consultant', 'コンサルタント', 'cc']);

/** The consultant when the label is one of the consultant labels or equals the session's
 * `consultant_speaker`; everyone else is the client. Labels are compared after NFKC
 * normalisation (so full-width 'ＣＣ' is 'CC'), trimming and ASCII lower-casing. */
export function speakerRole(label: string, consultantSpeaker?: string): SpeakerRole {
  const normalised = normaliseLabel(label);
  const consultant = consultantSpeaker === undefined ? '' : normaliseLabel(consultantSpeaker);
  const isConsultant = CONSULTANT_LABELS.has(normalised) || (consultant !== '' && consultant === normalised);
  return isConsultant ? 'consultant' : 'client';
}

function normaliseLabel(label: string): string {
  return label
    .normalize('NFKC')
    .trim()
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}
