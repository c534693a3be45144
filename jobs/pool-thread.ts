/** A stage thread (jobs/pool.ts): builds its own session dependencies once, then runs the
 * session stages it is handed, one at a time, and answers with the result or the error as data. */
import { parentPort, workerData } from 'node:worker_threads';
import { createSessionDeps, objectStoreFor } from '../app/compose.js';
import { toWire, type StageThreadData, type TaskMessage, type ThreadMessage } from './pool.js';
import { SESSION_STAGE_RUNNERS, sessionStageDeps } from './session-stages.js';

const port = parentPort;
if (!port) throw new Error('jobs/pool-thread.ts runs as a worker thread (jobs/pool.ts)');
const { config } = workerData as StageThreadData;
const session = await createSessionDeps(config);
const deps = sessionStageDeps(objectStoreFor(config), session);

port.on('message', (task: TaskMessage) => {
  SESSION_STAGE_RUNNERS[task.stage](task.data, deps).then(
    (value) => port.postMessage({ id: task.id, ok: true, value } satisfies ThreadMessage),
    (err: unknown) => port.postMessage({ id: task.id, ok: false, error: toWire(err) } satisfies ThreadMessage),
  );
});
port.postMessage({ ready: true, lineage: session.provider.lineage } satisfies ThreadMessage);
