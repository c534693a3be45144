import { describe, expect, it } from 'vitest';
import { loadQueueConfig } from './config.js';
import { loadFlow, loadGroups, reportFlow } from './flow.js';
import { backoffDelay } from './queues.js';
import type { PlanEntry } from './schemas.js';

const qc = loadQueueConfig({});
const entry = (sessionId: string, companyId: string, recording = false): PlanEntry => ({
  sessionId, companyId, key: `sessions/${sessionId}`, fingerprint: 'fp', line: 1, file: 'm.jsonl', ...(recording ? { recording } : {}),
});

type Node = { name: string; queueName: string; opts?: { jobId?: string; failParentOnFailure?: boolean; ignoreDependencyOnFailure?: boolean }; children?: Node[] };
const shape = (n: Node): unknown => ({
  job: `${n.queueName}/${n.name}`,
  ...(n.opts?.failParentOnFailure ? { fpof: true } : {}),
  ...(n.opts?.ignoreDependencyOnFailure ? { idof: true } : {}),
  ...(n.children ? { children: n.children.map(shape) } : {}),
});

describe('batch flows', () => {
  const chain = { job: 'analyze/analyze', idof: true, children: [{ job: 'redact/redact', fpof: true }] };
  const heard = { job: 'analyze/analyze', idof: true, children: [{ job: 'redact/redact', fpof: true, children: [{ job: 'transcribe/transcribe', fpof: true }] }] };

  it('a report held back by a delayed seal until every load is attached', () => {
    const flow = reportFlow('b-1', 0, qc) as Node & { children: Array<Node & { opts: { delay?: number } }> };
    expect(shape(flow)).toEqual({ job: 'store/report', children: [{ job: 'store/seal' }] });
    expect(flow.opts?.jobId).toBe('report.b-1');
    expect(flow.children[0]!.opts.jobId).toBe('seal.b-1');
    expect(flow.children[0]!.opts.delay).toBeGreaterThan(24 * 3600 * 1000);
    expect(reportFlow('b-1', 2, qc).opts?.jobId).toBe('report.b-1.r2');
  });

  it('a load per group, attached to its round\'s report: analyze ← redact per session, ← transcribe for a recording only', () => {
    const [group] = loadGroups([entry('s1', 'C1'), entry('s2', 'C2', true), entry('s3', 'C1')], [], 100);
    const flow = loadFlow(group!, 'b-1', 0, { ...qc, prefix: 'pfx' });
    // sorted by company: s1, s3 (C1), s2 (C2, a recording)
    expect(shape(flow as Node)).toEqual({ job: 'store/load', idof: true, children: [chain, chain, heard] });
    expect(flow.opts?.jobId).toBe('load.b-1.g0');
    expect(flow.opts?.parent).toEqual({ id: 'report.b-1', queue: 'pfx:store' });
    expect(flow.data).toEqual({ batchId: 'b-1', round: 0, group: 0, companyIds: ['C1', 'C2'] });
  });

  it('--openai-batch: only the analyze jobs carry the flag (they wait for the batch API); without it none does', () => {
    const [group] = loadGroups([entry('s-1', 'C1'), entry('s-2', 'C1', true)], [], 10);
    type Data = Node & { data: Record<string, unknown>; children?: Data[] };
    const flags = (n: Data): unknown[] => [[n.name, n.data['openaiBatch'] ?? null], ...(n.children ?? []).flatMap(flags)];
    const withFlag = (loadFlow(group!, 'b-1', 0, qc, true) as Data).children!.flatMap(flags);
    expect(withFlag).toEqual([['analyze', true], ['redact', null], ['analyze', true], ['redact', null], ['transcribe', null]]);
    expect((loadFlow(group!, 'b-1', 0, qc) as Data).children!.flatMap(flags).every((f) => (f as unknown[])[1] === null)).toBe(true);
  });

  it('reattaches finished sessions of a failed load without their earlier stages', () => {
    const [group] = loadGroups([entry('s2', 'C1', true)], [entry('s1', 'C1', true)], 10);
    const flow = loadFlow(group!, 'b-1', 1, qc);
    expect(shape(flow as Node)).toEqual({ job: 'store/load', idof: true, children: [heard, { job: 'analyze/analyze', idof: true }] });
    expect(flow.opts?.parent?.id).toBe('report.b-1.r1');
  });
});

describe('loadGroups', () => {
  const many = (companyId: string, n: number) => Array.from({ length: n }, (_, i) => entry(`${companyId}-${i}`, companyId));

  it('cuts whole companies, sorted, into groups of at least the minimum (the first: a fifth of it); the last may be smaller', () => {
    const sessions = [...many('C3', 2), ...many('C1', 3), ...many('C2', 1), ...many('C4', 5), ...many('C5', 1), ...many('C6', 9), ...many('C7', 3)];
    const groups = loadGroups(sessions, [], 10);
    expect(groups.map((g) => [g.index, g.companyIds, g.sessions.length])).toEqual([
      [0, ['C1'], 3],
      [1, ['C2', 'C3', 'C4', 'C5', 'C6'], 18],
      [2, ['C7'], 3],
    ]);
    expect(groups.flatMap((g) => g.sessions).sort((a, b) => a.sessionId.localeCompare(b.sessionId))).toEqual(
      [...sessions].sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
    );
  });

  it('counts reattached sessions, and an empty round has no loads', () => {
    expect(loadGroups([], many('C1', 2), 2).map((g) => [g.companyIds, g.reattach.length])).toEqual([[['C1'], 2]]);
    expect(loadGroups([], [], 500)).toEqual([]);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is capped and jittered', () => {
    const c = { backoffMs: 1000, backoffMaxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, c, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(1, c, () => 0)).toBe(800);
    expect(backoffDelay(1, c, () => 1)).toBe(1200);
  });
});
