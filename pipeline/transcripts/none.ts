/** The `none` transcriber (HONNE_TRANSCRIBER=none, the default): honne transcribes nothing, so a
 * session with only a recording fails, saying why. No outside system, hence here and not in
 * adapters/. */
import { SourceError } from '../errors.js';
import type { SourceOpener } from '../ports/transcript-source.js';
import type { Transcriber } from '../ports/transcriber.js';

const noTranscriberError = (sessionId: string, uri: string) =>
  new SourceError('NO_TRANSCRIBER', 'this session has only a recording and no transcriber is configured (the local provider cannot transcribe audio)', {
    sessionId,
    ...(uri ? { file: uri } : {}),
  });

export const noTranscriber: Transcriber = {
  name: 'none',
  settings: 'none',
  transcribe: ({ sessionId, recording }) => Promise.reject(noTranscriberError(sessionId, recording.uri)),
};

/** Where nothing is ever transcribed (`honne eval`: gold cases are transcripts), recordings are
 * never opened: an attempt fails as the none transcriber does. */
export const noRecordings: SourceOpener = (uri, { sessionId }) => Promise.reject(noTranscriberError(sessionId, uri));
