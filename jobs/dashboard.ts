/** `honne dashboard`: bull-board for honne's queues, served on 127.0.0.1 only (it shows job
 * ids, states, errors and lets an operator retry or remove jobs; job data holds no text). */
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Queue } from 'bullmq';

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(queues: readonly Queue[], port: number, host = '127.0.0.1'): Promise<Dashboard> {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/');
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'honne queues' } } });
  const app = express();
  app.use('/', serverAdapter.getRouter());
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://${host}:${actualPort}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
