/** The `none` transcriber (HONNE_TRANSCRIBER=none, the default): honne transcribes nothing, so a
 * session with only a recording fails, saying why. No outside system, hence here and not in
 * adapters/. */
import { SourceError } from '../errors.js';
import type { Transcriber } from '../ports/transcriber.js';

export const noTranscriber: Transcriber = {
  name: 'none',
  transcribe: ({ sessionId, recording }) =>
    Promise.reject(
      new SourceError(
        'NO_TRANSCRIBER',
        'this session has only a recording and no transcriber is configured (the local provider cannot transcribe audio)',
        { sessionId, ...(recording.uri ? { file: recording.uri } : {}) },
      ),
    ),
};
