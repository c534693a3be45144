import { describe, expect, it } from 'vitest';
import { loadQueueConfig } from './config.js';
import { buildBatchFlow } from './flow.js';
import { backoffDelay } from './queues.js';
import type { PlanEntry } from './schemas.js';

const qc = loadQueueConfig({});
const entry = (sessionId: string, companyId: string): PlanEntry => ({ sessionId, companyId, key: `sessions/${sessionId}`, fingerprint: 'fp', line: 1, file: 'm.jsonl' });

type Node = { name: string; queueName: string; opts?: { jobId?: string; failParentOnFailure?: boolean; ignoreDependencyOnFailure?: boolean }; children?: Node[] };
const shape = (n: Node): unknown => ({
  job: `${n.queueName}/${n.name}`,
  ...(n.opts?.failParentOnFailure ? { fpof: true } : {}),
  ...(n.opts?.ignoreDependencyOnFailure ? { idof: true } : {}),
  ...(n.children ? { children: n.children.map(shape) } : {}),
});

describe('buildBatchFlow', () => {
  it('is one flow: report ← load per company ← analyze ← redact ← transcribe per session', () => {
    const flow = buildBatchFlow({ batchId: 'b-1', round: 0, sessions: [entry('s1', 'C1'), entry('s2', 'C2'), entry('s3', 'C1')] }, qc);
    const chain = { job: 'analyze/analyze', idof: true, children: [{ job: 'redact/redact', fpof: true, children: [{ job: 'transcribe/transcribe', fpof: true }] }] };
    expect(shape(flow as Node)).toEqual({
      job: 'store/report',
      children: [
        { job: 'store/load', idof: true, children: [chain, chain] },
        { job: 'store/load', idof: true, children: [chain] },
      ],
    });
    expect(flow.opts?.jobId).toBe('report.b-1');
  });

  it('reattaches finished sessions of a failed load without their earlier stages', () => {
    const flow = buildBatchFlow({ batchId: 'b-1', round: 1, sessions: [], reattach: [entry('s1', 'C1')] }, qc) as Node;
    expect(shape(flow)).toEqual({ job: 'store/report', children: [{ job: 'store/load', idof: true, children: [{ job: 'analyze/analyze', idof: true }] }] });
    expect(flow.opts?.jobId).toBe('report.b-1.r1');
  });

  it('an empty batch still reports', () => {
    expect(shape(buildBatchFlow({ batchId: 'b-1', round: 0, sessions: [] }, qc) as Node)).toEqual({ job: 'store/report' });
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
