import { describe, expect, it } from 'vitest';
import { batchIdOf, loadJobId, reportJobId, safePart, stageJobId, workKey } from './ids.js';

const s = { session_id: 's-0001', fingerprint: 'f'.repeat(64) };

describe('job ids', () => {
  it('derive from session, stage and version, and never contain ":"', () => {
    const ids = (['transcribe', 'redact', 'analyze'] as const).map((st) => stageJobId(st, s));
    expect(ids.map((id) => id.replace(/\.[0-9a-f]{16}$/, ''))).toEqual(['transcribe.s-0001', 'redact.s-0001', 'analyze.s-0001']);
    expect(new Set(ids).size).toBe(3);
    expect(stageJobId('analyze', s)).toBe(stageJobId('analyze', { ...s }));
    expect(stageJobId('analyze', { ...s, fingerprint: 'e'.repeat(64) })).not.toBe(stageJobId('analyze', s));
    expect(stageJobId('analyze', { session_id: 'a:b/c 1', fingerprint: 'x' })).toMatch(/^analyze\.a_b_c_1\.[0-9a-f]{16}$/);
    expect(loadJobId('b-1', 0, 0)).not.toContain(':');
    expect(loadJobId('b-1', 3, 2)).toBe('load.b-1.g3.r2');
    expect(reportJobId('b-1', 0)).toBe('report.b-1');
  });

  it('keep distinct sessions apart even when their readable parts look alike', () => {
    expect(stageJobId('analyze', { session_id: 'a/b', fingerprint: 'x' })).not.toBe(stageJobId('analyze', { session_id: 'a_b', fingerprint: 'x' }));
    expect(safePart('123')).toBe('x123');
  });

  it('give a session one work folder and a batch one id per input', () => {
    expect(workKey(s)).toMatch(/^sessions\/[0-9a-f]{32}$/);
    expect(batchIdOf(['a', Buffer.from('b')])).toBe(batchIdOf(['a', 'b']));
    expect(batchIdOf(['a', 'b'])).not.toBe(batchIdOf(['ab']));
  });
});
