/** The shape of a batch on the queue, built as plain data (a BullMQ flow) so it can be tested
 * without Redis. One flow per batch (and per retry round):
 *
 *   report   (store queue)                      — after every load: aggregates, every company's report
 *   └ load   (store queue, one per company)     — as soon as the company's sessions are done
 *     └ analyze ← redact ← transcribe           — one chain per session (children run first)
 */
import type { FlowJob, FlowJobNode } from 'bullmq';
import type { QueueConfig } from './config.js';
import { loadJobId, reportJobId, stageJobId, type SessionStage } from './ids.js';
import { jobOptions, STAGE_QUEUE } from './queues.js';
import type { LoadJobData, PlanEntry, ReportJobData, SessionJobData } from './schemas.js';

export interface FlowInput {
  batchId: string;
  round: number;
  /** Sessions to run the whole chain for. */
  sessions: readonly PlanEntry[];
  /** Sessions whose analyze job already finished and only needs loading again (retry of a failed load). */
  reattach?: readonly PlanEntry[];
}

function sessionNode(stage: SessionStage, e: PlanEntry, batchId: string, qc: QueueConfig, children?: FlowJobNode[]): FlowJobNode {
  const data: SessionJobData = { batchId, sessionId: e.sessionId, companyId: e.companyId, key: e.key };
  const ref = { session_id: e.sessionId, fingerprint: e.fingerprint };
  const node: FlowJobNode = { name: stage, queueName: STAGE_QUEUE[stage], data, opts: jobOptions(stage, qc, stageJobId(stage, ref)) };
  return children ? { ...node, children } : node;
}

/** transcribe → redact → analyze for one session: analyze is the parent of redact, which is
 * the parent of transcribe, so they run in that order. */
export function sessionChain(e: PlanEntry, batchId: string, qc: QueueConfig): FlowJobNode {
  const transcribe = sessionNode('transcribe', e, batchId, qc);
  const redact = sessionNode('redact', e, batchId, qc, [transcribe]);
  return sessionNode('analyze', e, batchId, qc, [redact]);
}

export function companiesOf(entries: readonly PlanEntry[]): string[] {
  return [...new Set(entries.map((e) => e.companyId))].sort();
}

export function buildBatchFlow(input: FlowInput, qc: QueueConfig): FlowJob {
  const { batchId, round } = input;
  const reattach = input.reattach ?? [];
  const loads = companiesOf([...input.sessions, ...reattach]).map((companyId): FlowJobNode => {
    const data: LoadJobData = { batchId, companyId, round };
    return {
      name: 'load',
      queueName: STAGE_QUEUE.load,
      data,
      opts: jobOptions('load', qc, loadJobId(batchId, companyId, round)),
      children: [
        ...input.sessions.filter((e) => e.companyId === companyId).map((e) => sessionChain(e, batchId, qc)),
        // Finished analyze jobs are attached alone (their earlier stages must not run again).
        ...reattach.filter((e) => e.companyId === companyId).map((e) => sessionNode('analyze', e, batchId, qc)),
      ],
    };
  });
  const data: ReportJobData = { batchId, round };
  return {
    name: 'report',
    queueName: STAGE_QUEUE.report,
    data,
    opts: jobOptions('report', qc, reportJobId(batchId, round)),
    ...(loads.length > 0 ? { children: loads } : {}),
  };
}
