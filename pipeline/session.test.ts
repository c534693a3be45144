import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptError } from './errors.js';
import { requireSpeakers } from './session.js';
import type { Session } from './schemas.js';
import { parseTranscript } from './transcripts/parse.js';

const testdata = join(import.meta.dirname, 'transcripts', 'testdata');
const parse = (name: string) => parseTranscript(readFileSync(join(testdata, name)), { file: name, consultantSpeaker: 'A' });
const session = { session_id: 's-1', transcript_uri: 'in/s-1.json' } as Session;

describe('requireSpeakers', () => {
  it('refuses a transcript that names no speaker (OpenAI verbose_json), naming the file and why', () => {
    let caught: unknown;
    try {
      requireSpeakers(session, parse('openai-verbose.json'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TranscriptError);
    expect(caught).toMatchObject({ code: 'TRANSCRIPT_NO_SPEAKERS', retryable: false, context: { file: 'in/s-1.json', sessionId: 's-1' } });
    expect((caught as TranscriptError).describe()).toMatch(/^in\/s-1\.json: the transcript names no speaker/);
  });

  it('accepts transcripts with speakers, diarised or labelled', () => {
    for (const name of ['openai-diarized.json', 'colon-speakers.srt', 'voice-tags.vtt']) expect(() => requireSpeakers(session, parse(name))).not.toThrow();
  });
});
