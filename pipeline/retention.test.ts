import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { DEFAULT_LIFETIMES, firstKeptPeriod, objectClass, pastLifetime } from './retention.js';

const now = new Date('2026-11-25T00:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('retention', () => {
  it('expires whole periods: those that ended before now minus the lifetime', () => {
    // now - 30 days = 2026-10-26: October has not ended before it, September has
    expect(firstKeptPeriod(30, now)).toBe('2026-10');
    // the Tokyo month: 2026-09-30T15:00Z is already 2026-10-01 in Tokyo
    expect(firstKeptPeriod(56, new Date('2026-11-25T15:00:00Z'))).toBe('2026-10');
    expect(firstKeptPeriod(null, now)).toBeNull();
  });

  it('counts a lifetime in whole days from the last write', () => {
    expect(pastLifetime(now.getTime() - 7 * DAY, 7, now)).toBe(false);
    expect(pastLifetime(now.getTime() - 7 * DAY - 1, 7, now)).toBe(true);
    expect(pastLifetime(0, null, now)).toBe(false);
  });

  it('knows the kind of every object a session or a batch leaves, temporary files included', () => {
    expect(
      ['sessions/ab.redacted.json', 'sessions/ab.result.json', 'sessions/ab.transcript.json', 'sessions/ab.recording.m4a', 'sessions/ab.redacted.json.tmp-12-0a1b',
        'batches/b-1/sessions/C001.1234abcd.json', 'batches/b-1/loads/load.b-1.g0.json', 'batches/b-1/plan.json', 'batches/b-1/companies.json'].map(objectClass),
    ).toEqual(['redacted', 'results', 'transcripts', 'recordings', 'redacted', 'results', 'results', null, null]);
  });

  it("attack: a batch API's answers (quoting redacted speech) and its line lists left by a crash expire with redacted text", () => {
    expect(['sessions/ab.batch.json', 'sessions/ab.batch.json.tmp-3-ff00', 'batches/b-1/openai/lines-0.json', 'batches/b-1/openai/lines-12.json', 'batches/b-1/openai/state.json'].map(objectClass))
      .toEqual(['redacted', 'redacted', 'redacted', 'redacted', null]);
    const leftover = Date.UTC(2026, 0, 1);
    expect(pastLifetime(leftover, DEFAULT_LIFETIMES[objectClass('sessions/ab.batch.json')!], new Date(leftover + 8 * DAY))).toBe(true);
  });

  it('reads lifetimes from the environment: days, "forever", defaults; refuses anything else', () => {
    const env = { HONNE_PSEUDONYM_KEY: 'a-test-key-0123456789' };
    expect(loadConfig(env).retention).toEqual(DEFAULT_LIFETIMES);
    expect(loadConfig({ ...env, HONNE_RETENTION_RESULTS_DAYS: 'forever', HONNE_RETENTION_REDACTED_DAYS: '2' }).retention).toEqual({
      ...DEFAULT_LIFETIMES, results: null, redacted: 2,
    });
    for (const bad of ['0', '1.5', 'never', '-3']) {
      expect(() => loadConfig({ ...env, HONNE_RETENTION_OPERATOR_FILES_DAYS: bad })).toThrow(/HONNE_RETENTION_OPERATOR_FILES_DAYS must be whole days/);
    }
  });
});
