/** The shape of a batch on the queue, built as plain data (BullMQ flows) so it can be tested
 * without Redis. Per batch (and per retry round):
 *
 *   report   (store queue)                      — after every load: aggregates, every company's report
 *   ├ seal   (store queue, delayed)             — promoted once every load below is enqueued
 *   └ load   (store queue, one per load group)  — as soon as the group's sessions are done
 *     └ analyze ← redact ← transcribe           — one chain per session (children run first;
 *                                                 transcribe only for a session with only a recording)
 *
 * The batch is enqueued in pieces so workers start on the first sessions while the rest is
 * still being added: first the report with its seal (a delayed child that keeps it waiting),
 * then one flow per load group attached to the report, then the seal is promoted. A load group
 * is whole companies in submission order with at least `loadGroupSessions` sessions (the last
 * may have fewer): a few loads per batch, each one DuckDB open and transaction, the early ones
 * overlapping the sessions still running. */
import type { FlowJob, FlowJobNode } from 'bullmq';
import type { QueueConfig } from './config.js';
import { loadJobId, refOf, reportJobId, sealJobId, stageJobId, type SessionStage } from './ids.js';
import { jobOptions, STAGE_QUEUE } from './queues.js';
import type { LoadJobData, PlanEntry, ReportJobData, SessionJobData } from './schemas.js';

/** The name of the seal job (store queue). */
export const SEAL = 'seal';
/** A seal waits this long unless promoted: a submit cut off midway leaves its report waiting
 * until the same submit is run again (which finishes enqueuing and promotes it). */
export const SEAL_DELAY_MS = 365 * 24 * 3600 * 1000;

export interface LoadGroup {
  /** 0, 1, … within the round. */
  index: number;
  companyIds: string[];
  /** Sessions to run the whole chain for. */
  sessions: PlanEntry[];
  /** Sessions whose analyze job already finished and only needs loading again (retry of a failed load). */
  reattach: PlanEntry[];
}

export function companiesOf(entries: readonly PlanEntry[]): string[] {
  return [...new Set(entries.map((e) => e.companyId))].sort();
}

/** Plan entries by company, in their order. */
export function byCompany(entries: readonly PlanEntry[]): Map<string, PlanEntry[]> {
  const m = new Map<string, PlanEntry[]>();
  for (const e of entries) {
    const list = m.get(e.companyId);
    if (list) list.push(e);
    else m.set(e.companyId, [e]);
  }
  return m;
}

/** Whole companies, sorted, cut into groups of at least `minSessions` sessions — the first
 * group at least a fifth of that, so that workers start while the rest is being enqueued. */
export function loadGroups(sessions: readonly PlanEntry[], reattach: readonly PlanEntry[], minSessions: number): LoadGroup[] {
  const [own, again] = [byCompany(sessions), byCompany(reattach)];
  const groups: LoadGroup[] = [];
  let current: LoadGroup | null = null;
  for (const companyId of companiesOf([...sessions, ...reattach])) {
    current ??= { index: groups.length, companyIds: [], sessions: [], reattach: [] };
    current.companyIds.push(companyId);
    current.sessions.push(...(own.get(companyId) ?? []));
    current.reattach.push(...(again.get(companyId) ?? []));
    const min = groups.length === 0 ? Math.ceil(minSessions / 5) : minSessions;
    if (current.sessions.length + current.reattach.length >= min) {
      groups.push(current);
      current = null;
    }
  }
  if (current) groups.push(current);
  return groups;
}

function sessionNode(stage: SessionStage, e: PlanEntry, batchId: string, qc: QueueConfig, children?: FlowJobNode[], openaiBatch = false): FlowJobNode {
  const data: SessionJobData = { batchId, sessionId: e.sessionId, companyId: e.companyId, key: e.key, ...(openaiBatch && stage === 'analyze' ? { openaiBatch } : {}) };
  const node: FlowJobNode = { name: stage, queueName: STAGE_QUEUE[stage], data, opts: jobOptions(stage, qc, stageJobId(stage, refOf(e))) };
  return children ? { ...node, children } : node;
}

/** transcribe → redact → analyze for a session with only a recording (analyze is the parent
 * of redact, which is the parent of transcribe, so they run in that order); redact → analyze
 * for a session with a transcript file, which has nothing to transcribe (redact reads the
 * file): only calls to the transcription API pass the transcribe queue's rate limit. */
export function sessionChain(e: PlanEntry, batchId: string, qc: QueueConfig, openaiBatch = false): FlowJobNode {
  const redact = sessionNode('redact', e, batchId, qc, e.recording ? [sessionNode('transcribe', e, batchId, qc)] : undefined);
  return sessionNode('analyze', e, batchId, qc, [redact], openaiBatch);
}

/** The report of a round, waiting on its seal (and, once they are attached, its loads). */
export function reportFlow(batchId: string, round: number, qc: QueueConfig): FlowJob {
  const data: ReportJobData = { batchId, round };
  const seal: FlowJobNode = {
    name: SEAL,
    queueName: STAGE_QUEUE.report,
    data,
    opts: { jobId: sealJobId(batchId, round), delay: SEAL_DELAY_MS, removeOnComplete: { age: qc.keepCompletedS }, removeOnFail: false },
  };
  return { name: 'report', queueName: STAGE_QUEUE.report, data, opts: jobOptions('report', qc, reportJobId(batchId, round)), children: [seal] };
}

/** One load group with its sessions' chains, attached to the round's report. `openaiBatch`: its
 * analyze jobs wait for the OpenAI Batch API (jobs/openai-batch.ts). */
export function loadFlow(group: LoadGroup, batchId: string, round: number, qc: QueueConfig, openaiBatch = false): FlowJob {
  const data: LoadJobData = { batchId, round, group: group.index, companyIds: group.companyIds };
  return {
    name: 'load',
    queueName: STAGE_QUEUE.load,
    data,
    opts: { ...jobOptions('load', qc, loadJobId(batchId, group.index, round)), parent: { id: reportJobId(batchId, round), queue: `${qc.prefix}:${STAGE_QUEUE.report}` } },
    children: [
      ...group.sessions.map((e) => sessionChain(e, batchId, qc, openaiBatch)),
      // Finished analyze jobs are attached alone (their earlier stages must not run again).
      ...group.reattach.map((e) => sessionNode('analyze', e, batchId, qc)),
    ],
  };
}
