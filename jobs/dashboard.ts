/** `honne dashboard`: bull-board for honne's queues, served on 127.0.0.1 only. It shows job
 * ids, states and errors (job data holds no text), and counts what `honne batch status`
 * counts: a failed session once, at the stage where it failed. Read-only unless started with
 * `allowActions`: retrying or removing a job behind honne's back leaves its failure record
 * (what `batch status`, `retry` and `dismiss` act on) out of step with the queue. The page
 * loads nothing from another host, and it answers only requests addressed to the loopback
 * (`loopbackHost`: no web page reaches it through DNS rebinding). */
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Job, JobType, Queue } from 'bullmq';
import { SEAL } from './flow.js';
import { isCascadedFailure } from './queues.js';
import { RETENTION_JOB } from './retention.js';

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  port: number;
  host?: string;
  /** Lets the page retry, remove, clean, pause… jobs and queues (off by default). */
  allowActions?: boolean;
}

type JobStatus = Parameters<BullMQAdapter['getJobs']>[0][number];
type JobCounts = Awaited<ReturnType<BullMQAdapter['getJobCounts']>>;

/** Store-queue jobs that are bookkeeping, not a batch's work: a round's seal and the retention runs. */
const BOOKKEEPING = new Set([SEAL, RETENTION_JOB]);

/** A queue as `batch status` counts it. Left out: a session stage that failed only because its
 * earlier stage did (BullMQ fails the parent with "child … failed"; the failure is listed at
 * the earlier stage), and the store queue's bookkeeping jobs. Only the states that can hold
 * such jobs are read whole (failed everywhere, every state of the store queue, both small);
 * the others are BullMQ's own counts. */
export class BatchCountsAdapter extends BullMQAdapter {
  constructor(
    private readonly honneQueue: Queue,
    options: { readOnlyMode: boolean },
  ) {
    super(honneQueue, options);
  }

  private filters(status: JobStatus): boolean {
    return status === 'failed' || this.honneQueue.name === 'store';
  }

  private async shown(status: JobStatus): Promise<Job[]> {
    const jobs = (await this.honneQueue.getJobs([status as JobType], 0, -1)).filter((j): j is Job => !!j);
    return jobs.filter((j) => !BOOKKEEPING.has(j.name) && !(status === 'failed' && isCascadedFailure(j.failedReason)));
  }

  override async getJobCounts(): Promise<JobCounts> {
    const counts = await super.getJobCounts();
    for (const status of Object.keys(counts) as JobStatus[]) {
      if (this.filters(status)) counts[status] = (await this.shown(status)).length;
    }
    return counts;
  }

  override async getJobs(statuses: JobStatus[], start = 0, end = -1): Promise<Job[]> {
    if (!statuses.some((s) => this.filters(s))) return super.getJobs(statuses, start, end);
    const jobs: Job[] = [];
    for (const status of statuses) jobs.push(...(this.filters(status) ? await this.shown(status) : await super.getJobs([status], 0, -1)));
    jobs.sort((a, b) => b.timestamp - a.timestamp);
    return jobs.slice(start, end < 0 ? undefined : end + 1);
  }
}

/** Drops the UI's Google Fonts stylesheet: its CSS falls back to the system fonts. */
export function localOnly(html: string): string {
  return html.replace(/<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>\s*/g, '');
}

/** Whether a request's Host header names this machine's loopback (at any port: an SSH tunnel
 * forwards another local port, `ssh -L 8080:127.0.0.1:3000`, and its browser says
 * `localhost:8080`). A page on any web site the operator has open can reach 127.0.0.1 through a
 * name of its own that it then points there (DNS rebinding): the browser takes the dashboard for
 * that site's, and the page reads every job, failure reason and batch of the API — and with
 * `allowActions` retries, removes and cleans them. Such a request carries the site's name as its
 * Host, never these. */
export function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = /^(?<name>\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/u.exec(host.toLowerCase())?.groups?.['name'];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

export async function startDashboard(queues: readonly Queue[], o: DashboardOptions): Promise<Dashboard> {
  const host = o.host ?? '127.0.0.1';
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/');
  createBullBoard({
    queues: queues.map((q) => new BatchCountsAdapter(q, { readOnlyMode: !o.allowActions })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'honne queues' } },
  });
  const app = express();
  let port = o.port;
  app.use((req, res, next) => {
    if (loopbackHost(req.headers.host)) return next();
    res.status(403).type('text/plain').send('honne dashboard: open it as http://127.0.0.1:PORT/ on this machine');
  });
  // bull-board renders its page with res.render; the page is rewritten before it is sent.
  app.use((_req, res, next) => {
    const render = res.render.bind(res);
    res.render = ((view: string, params: object) =>
      render(view, params, (err: Error | null, html?: string) => (err ? next(err) : res.type('html').send(localOnly(html ?? ''))))) as typeof res.render;
    next();
  });
  app.use('/', serverAdapter.getRouter());
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(o.port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : o.port;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
