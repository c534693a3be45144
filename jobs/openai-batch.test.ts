/** The poll job's pure parts: which lines of an ended batch are answers, left to a synchronous
 * call, submitted again or failed; lines cut under the batch API's limits; when every session of
 * a batch is redacted. */
import { describe, expect, it } from 'vitest';
import type { BatchSnapshot } from '../pipeline/ports/batch-analysis.js';
import { allRedacted, chunkLines, givesUp, POLL_FAILURES, settleLines } from './openai-batch.js';
import { OaiStateSchema } from './openai-batch-state.js';

const line = (i: number) => ({ customId: `a0.${i}`, sessionId: `s-${i}`, requestKey: `k${i}` });
const LINES = [line(0), line(1), line(2)];
const snap = (state: BatchSnapshot['state'], reason?: string): BatchSnapshot => ({
  id: 'batch_1',
  state,
  counts: { total: 3, completed: 1, failed: 1 },
  // line 0 answered, line 1 an error line, line 2 missing
  results: [{ customId: 'a0.0', response: { ok: 1 } }, { customId: 'a0.1', error: 'HTTP 500 server_error' }],
  ...(reason ? { reason } : {}),
});

describe('settleLines', () => {
  it('a completed batch: answers kept, an error line and a missing line left to a synchronous call', () => {
    const s = settleLines(LINES, snap('completed'), true);
    expect(s.answers).toEqual([
      { line: line(0), answer: { response: { ok: 1 } } },
      { line: line(1), answer: { error: 'HTTP 500 server_error' } },
      { line: line(2), answer: { error: "missing from batch batch_1's output" } },
    ]);
    expect([s.resubmit, s.failed]).toEqual([[], []]);
  });

  it('an expired batch: the unanswered lines are submitted again once, then fail', () => {
    expect(settleLines(LINES, snap('expired'), true)).toEqual({ answers: [{ line: line(0), answer: { response: { ok: 1 } } }], resubmit: [line(1), line(2)], failed: [] });
    const again = settleLines(LINES, snap('expired'), false);
    expect(again.resubmit).toEqual([]);
    expect(again.failed.map((f) => [f.line.customId, f.reason])).toEqual([
      ['a0.1', "batch API batch batch_1 expired again after its lines were submitted again before answering the session's request; `honne batch retry` analyses it synchronously"],
      ['a0.2', expect.stringContaining('expired again') as unknown],
    ]);
  });

  it('a cancelled or failed batch: what was answered is kept, the rest fails with the reason', () => {
    const c = settleLines(LINES, snap('cancelled'), true);
    expect(c.answers).toHaveLength(1);
    expect(c.failed.map((f) => f.line.customId)).toEqual(['a0.1', 'a0.2']);
    expect(c.failed[0]!.reason).toContain('was cancelled');
    const f = settleLines(LINES, { ...snap('failed', 'invalid_request at line 1'), results: [] }, true);
    expect(f.answers).toEqual([]);
    expect(f.failed.map((x) => x.reason)).toEqual(Array(3).fill("batch API batch batch_1 failed (invalid_request at line 1) before answering the session's request; `honne batch retry` analyses it synchronously"));
  });
});

describe('chunkLines', () => {
  it('cuts at the line limit and at the byte limit, keeping order; one oversized line is a batch of its own', () => {
    const ls = Array.from({ length: 7 }, (_, i) => ({ i, bytes: i === 4 ? 500 : 10 }));
    expect(chunkLines(ls, 3, 1000).map((c) => c.map((l) => l.i))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(chunkLines(ls, 100, 100).map((c) => c.map((l) => l.i))).toEqual([[0, 1, 2, 3], [4], [5, 6]]);
    expect(chunkLines([], 3, 100)).toEqual([]);
  });
});

describe('allRedacted', () => {
  it('every session waiting or failed (a failed one counted once, even when it had registered)', () => {
    expect(allRedacted(3, new Set(['a', 'b']), new Set(['c']))).toBe(true);
    expect(allRedacted(3, new Set(['a', 'b']), new Set(['b']))).toBe(false);
    expect(allRedacted(3, new Set(['a']), new Set())).toBe(false);
  });
});

describe('givesUp', () => {
  it('counts failures in a row, not attempts over the day: a transient error gives up only at the limit, a permanent one at once', () => {
    expect(givesUp(true, POLL_FAILURES - 1)).toBe(false);
    expect(givesUp(undefined, 1)).toBe(false);
    expect(givesUp(true, POLL_FAILURES)).toBe(true);
    expect(givesUp(false, 1)).toBe(true);
    expect(givesUp(true, 3, 3)).toBe(true);
  });

  it('a state written before the count existed reads as none in a row, its submissions not cleaned up', () => {
    const old = OaiStateSchema.parse({ phase: 'running', submissions: [{ id: 'b', attempt: 0, lines: 'l', state: 'in_progress', counts: { total: 1, completed: 0, failed: 0 }, settled: false }] });
    expect([old.failures, old.submissions[0]!.cleaned]).toEqual([0, false]);
  });
});
