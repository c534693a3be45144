/** Stage threads: a worker process runs its session stages (transcribe, redact, analyze) on a
 * pool of worker threads, so `honne worker` uses every core it is given while its main thread
 * keeps to BullMQ, Redis and the store. The stages are CPU-bound with local providers (one
 * tokenisation per session); on one thread a worker could never use more than one core, what
 * ever its --concurrency. Each thread builds its own session dependencies (tokenizer,
 * provider: ~350 MB) once, and runs one stage at a time.
 *
 * Errors cross the thread boundary as data and are rebuilt with what decides a retry: a
 * HonneError keeps its code, retryable flag and context; a schema violation stays a ZodError;
 * anything else is a plain Error (retried, as unknown errors are). A thread that dies fails
 * its stage with a retryable error and is replaced. */
import { Worker } from 'node:worker_threads';
import { ZodError, type core } from 'zod';
import type { Config } from '../pipeline/config.js';
import { HonneError, TransientError, type ErrorCode, type ErrorContext } from '../pipeline/errors.js';
import type { Lineage } from '../pipeline/schemas.js';
import type { SessionDeps } from '../pipeline/session.js';
import type { SessionStage } from './ids.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import { setRecent } from './recent.js';
import type { SessionJobData } from './schemas.js';
import { SESSION_STAGE_RUNNERS, sessionStageDeps } from './session-stages.js';

export type WireError =
  | { kind: 'honne'; name: string; code: ErrorCode; retryable: boolean; message: string; context: ErrorContext }
  | { kind: 'zod'; issues: core.$ZodIssue[] }
  | { kind: 'error'; name: string; message: string };

export function toWire(err: unknown): WireError {
  if (err instanceof HonneError) return { kind: 'honne', name: err.name, code: err.code, retryable: err.retryable, message: err.message, context: { ...err.context } };
  if (err instanceof ZodError) return { kind: 'zod', issues: JSON.parse(JSON.stringify(err.issues)) as core.$ZodIssue[] };
  if (err instanceof Error) return { kind: 'error', name: err.name, message: err.message };
  return { kind: 'error', name: 'Error', message: String(err) };
}

/** A HonneError raised on a stage thread, rebuilt here with its code, retryability and context. */
export class StageThreadError extends HonneError {
  constructor(
    readonly code: ErrorCode,
    readonly retryable: boolean,
    message: string,
    context: ErrorContext,
    name: string,
  ) {
    super(message, context);
    this.name = name;
  }
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'honne') return new StageThreadError(w.code, w.retryable, w.message, w.context, w.name);
  if (w.kind === 'zod') return new ZodError(w.issues);
  const err = new Error(w.message);
  err.name = w.name;
  return err;
}

/** Main thread → stage thread. */
export interface TaskMessage {
  id: number;
  stage: SessionStage;
  data: SessionJobData;
}
/** Stage thread → main thread. */
export type ThreadMessage = { ready: true; lineage: Lineage } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export interface StageThreadData {
  config: Config;
}

/** Where a worker runs its session stages: on stage threads, or on its own thread. */
export interface StageExecutor {
  /** Stage threads (0: the worker's own thread). */
  readonly threads: number;
  readonly lineage: Lineage;
  run(stage: SessionStage, data: SessionJobData): Promise<unknown>;
  /** Stops the threads (after the jobs in hand: close the BullMQ workers first). */
  close(): Promise<void>;
}

/** The session stages on the calling thread (`honne worker --threads 0`). */
export function inThreadStages(objects: ObjectStore, session: SessionDeps): StageExecutor {
  const deps = sessionStageDeps(objects, session);
  return {
    threads: 0,
    lineage: session.provider.lineage,
    run: (stage, data) => SESSION_STAGE_RUNNERS[stage](data, deps),
    close: () => Promise.resolve(),
  };
}

interface Task extends TaskMessage {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  thread: Worker | null;
  task: Task | null;
  /** Tasks of the sessions this thread is the home of (in arrival order). */
  queue: Task[];
}

/** A session's home thread: its first stage goes there, and each later stage to the thread
 * the stage before ran on, so it finds what that one left in the thread's handoff
 * (jobs/session-stages.ts). An idle thread takes work from another's queue rather than wait. */
export function homeOf(key: string, threads: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % threads;
}

// Compiled (dist/), the thread module is JavaScript; run from the sources (tests), a small .mjs
// registers tsx first.
const THREAD_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './pool-thread.mjs' : './pool-thread.js', import.meta.url);

function spawnThread(config: Config): { thread: Worker; ready: Promise<Lineage> } {
  const thread = new Worker(THREAD_ENTRY, { workerData: { config } satisfies StageThreadData });
  const ready = new Promise<Lineage>((resolve, reject) => {
    const onMessage = (m: ThreadMessage) => {
      if ('ready' in m) {
        thread.off('error', onError);
        thread.off('exit', onExit);
        resolve(m.lineage);
      }
    };
    const onError = (err: Error) => reject(err);
    const onExit = (code: number) => reject(new Error(`a stage thread exited (code ${code}) while starting`));
    thread.on('message', onMessage);
    thread.once('error', onError);
    thread.once('exit', onExit);
  });
  return { thread, ready };
}

/** Later stages first, so a session goes through its stages in a row (its handoff is still
 * there and its load group completes early) rather than every session's transcription first. */
const PRIORITY: Record<SessionStage, number> = { analyze: 0, redact: 1, transcribe: 2 };

/** Takes the queue's most urgent task (earliest of the latest stage), or with `steal` its
 * least urgent one: a thread that is not the session's home has nothing handed over for a
 * later stage, while a transcription needs nothing. */
function next(queue: Task[], steal = false): Task | undefined {
  let best = -1;
  for (let i = 0; i < queue.length; i++) {
    const d = PRIORITY[queue[i]!.stage] - (best < 0 ? 0 : PRIORITY[queue[best]!.stage]);
    if (best < 0 || (steal ? d > 0 : d < 0)) best = i;
  }
  return best < 0 ? undefined : queue.splice(best, 1)[0];
}

/** Sessions whose last stage's thread is remembered (a few times the jobs a worker has in hand). */
const LAST_RAN_KEPT = 1024;

/** How long a dead stage thread's slot waits before it starts another, after failed starts. */
const RESPAWN_MS = [0, 1_000, 5_000, 30_000];

/** `onThread` sees every thread started (tests use it to stop one mid-task); `onThreadError`
 * hears of every thread that died or could not start (the worker logs it). */
export async function startStagePool(
  config: Config,
  size: number,
  onThread?: (thread: Worker) => void,
  onThreadError?: (err: unknown) => void,
): Promise<StageExecutor> {
  const started = Array.from({ length: size }, () => spawnThread(config));
  let lineage: Lineage;
  try {
    [lineage] = (await Promise.all(started.map((s) => s.ready))) as [Lineage, ...Lineage[]];
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.thread.terminate()));
    throw err;
  }
  const slots: Slot[] = started.map(() => ({ thread: null, task: null, queue: [] }));
  let nextId = 0;
  let closing = false;

  const stopping = (t: Task) => new TransientError('the worker is stopping; the job will be retried', { sessionId: t.data.sessionId });

  // Where each session's last stage ran: its next stage goes there (the handoff is there),
  // even when that thread took the session from another's queue.
  const lastRan = new Map<string, Slot>();
  const start = (slot: Slot, task: Task) => {
    slot.task = task;
    if (task.stage === 'analyze') lastRan.delete(task.data.key);
    else setRecent(lastRan, task.data.key, slot, LAST_RAN_KEPT);
    slot.thread?.postMessage({ id: task.id, stage: task.stage, data: task.data } satisfies TaskMessage);
  };
  const idle = () => slots.filter((s) => s.thread && !s.task);
  // Each idle thread takes from its own queue first; a thread still idle then takes from the longest queue.
  const dispatch = () => {
    for (const slot of idle()) {
      const task = next(slot.queue);
      if (task) start(slot, task);
    }
    for (const slot of idle()) {
      const task = next(slots.reduce((a, b) => (b.queue.length > a.queue.length ? b : a)).queue, true);
      if (task) start(slot, task);
    }
    // No thread alive (they died and cannot be restarted yet): the jobs go back to BullMQ,
    // which retries them later, rather than wait here holding their locks.
    if (!slots.some((s) => s.thread)) {
      for (const slot of slots) for (const t of slot.queue.splice(0)) t.reject(new TransientError('no stage thread is running; the job will be retried', { sessionId: t.data.sessionId }));
    }
  };

  /** Starts a thread for an empty slot, again and again (with waits) until one starts. */
  const respawn = (slot: Slot, failures = 0) => {
    setTimeout(() => {
      if (closing) return;
      const spawned = spawnThread(config);
      spawned.ready.then(
        () => {
          if (closing) void spawned.thread.terminate();
          else {
            attach(slot, spawned.thread);
            onThread?.(spawned.thread);
            dispatch();
          }
        },
        (err: unknown) => {
          onThreadError?.(err);
          respawn(slot, failures + 1);
        },
      );
    }, RESPAWN_MS[Math.min(failures, RESPAWN_MS.length - 1)]).unref();
  };

  const attach = (slot: Slot, thread: Worker) => {
    slot.thread = thread;
    thread.on('message', (m: ThreadMessage) => {
      if ('ready' in m || !slot.task || m.id !== slot.task.id) return;
      const task = slot.task;
      slot.task = null;
      if (m.ok) task.resolve(m.value);
      else task.reject(fromWire(m.error));
      dispatch();
    });
    thread.on('error', () => {
      // Reported through 'exit', which always follows.
    });
    thread.on('exit', (code) => {
      const task = slot.task;
      slot.task = null;
      slot.thread = null;
      task?.reject(new TransientError(`the stage thread running ${task.stage} stopped (exit code ${code}); the job will be retried`, { sessionId: task.data.sessionId }));
      if (closing) return;
      onThreadError?.(new Error(`a stage thread stopped (exit code ${code})`));
      // Replace it: the job in hand is retried by BullMQ; queued ones go to the other threads meanwhile.
      dispatch();
      respawn(slot);
    });
  };
  started.forEach((s, i) => attach(slots[i]!, s.thread));
  for (const s of started) onThread?.(s.thread);

  return {
    threads: size,
    lineage,
    run(stage, data) {
      return new Promise((resolve, reject) => {
        const task: Task = { id: ++nextId, stage, data, resolve, reject };
        if (closing) return reject(stopping(task));
        (lastRan.get(data.key) ?? slots[homeOf(data.key, size)]!).queue.push(task);
        dispatch();
      });
    },
    async close() {
      closing = true;
      for (const slot of slots) for (const t of slot.queue.splice(0)) t.reject(stopping(t));
      await Promise.all(slots.map((s) => s.thread?.terminate()));
    },
  };
}
