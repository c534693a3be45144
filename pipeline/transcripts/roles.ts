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

/** `consultant_speaker: first` (any case): the consultant is whoever speaks first. */
export const FIRST_SPEAKER = 'first';

/** The label `consultant_speaker` stands for in these segments: `first` is the label of the first
 * segment with text and a speaker (not `unknown`); any other value is itself. A transcriber's
 * diarisation labels speakers `A`, `B`, … in the order they first speak, so for a transcribed
 * recording `A` and `first` name the same speaker. */
export function resolveConsultantSpeaker(segments: ReadonlyArray<{ speaker: string; text: string }>, consultantSpeaker: string | undefined, unknownLabel: string): string | undefined {
  if (consultantSpeaker === undefined || normaliseLabel(consultantSpeaker) !== FIRST_SPEAKER) return consultantSpeaker;
  const first = segments.find((s) => s.text.trim() !== '' && s.speaker.trim() !== '' && s.speaker.trim() !== unknownLabel);
  // no speaker at all: nobody is the consultant (the stage refuses such a transcript, TRANSCRIPT_NO_SPEAKERS)
  return first === undefined ? undefined : first.speaker.trim();
}
