/** A batch's session record as whoever reads the object store reads it: the transcript's and the
 * recording's paths (named after the employee by many operators) are not there to read. */
import { describe, expect, it } from 'vitest';
import type { Session } from '../pipeline/schemas.js';
import { openRecord, sealRecord } from './record-seal.js';

const KEY = 'record-seal-test-key-0123456789abcdef';
const session: Session = {
  session_id: 's-7', company_id: 'C1', employee_pid: 'a'.repeat(64), department: '総務部', consultant_id: 'CNS-1',
  started_at: '2026-10-01T10:00:00+09:00', period: '2026-10', language: 'ja',
  transcript_uri: '/in/tx/宮野美咲_0701.vtt', recording_uri: 'rec/Miyano-Misaki-0701.m4a', consultant_speaker: '日比野', fingerprint: 'f'.repeat(64),
  source: { file: '/in/sessions.jsonl', line: 3, root: '/in' },
};

describe('a session record in the object store', () => {
  it('spells neither file name nor the consultant, and opens to the session under the key', () => {
    const record = sealRecord(KEY, session);
    const text = JSON.stringify(record);
    for (const piece of ['宮野', '美咲', 'Miyano', 'Misaki', '0701', '日比野', 'transcript_uri', 'recording_uri', 'consultant_speaker']) expect(text).not.toContain(piece);
    expect(openRecord(KEY, record)).toEqual(session);
    // deterministic: a submit run again writes the same record
    expect(sealRecord(KEY, session)).toEqual(record);
  });

  it('attack: its length says nothing of how long the file names are (a short one, a whole name)', () => {
    const lengths = ['/in/tx/a.vtt', '/in/tx/宮野美咲_0701.vtt', '/in/tx/Miyano-Misaki_counselling_2026-07-01_second-session.vtt'].map(
      (uri) => sealRecord(KEY, { ...session, transcript_uri: uri }).sealed!.length,
    );
    expect(new Set(lengths).size).toBe(1);
  });

  it('under another key, cannot be opened: a configuration error naming the variable, never the path', () => {
    const record = sealRecord(KEY, session);
    expect(() => openRecord('another-key-entirely-9876543210zyx', record)).toThrow(/HONNE_PSEUDONYM_KEY/);
    try {
      openRecord('another-key-entirely-9876543210zyx', record);
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('宮野');
    }
  });

  it('written before the seal (locations in the clear), is read as it is; one without files is unchanged', () => {
    expect(openRecord(KEY, session)).toEqual(session);
    const { transcript_uri: _t, recording_uri: _r, consultant_speaker: _c, ...none } = session;
    expect(sealRecord(KEY, none)).toEqual(none);
  });
});
