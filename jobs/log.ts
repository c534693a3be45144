/** Structured logs (pino, JSON lines on stderr) for queue mode. Log lines carry ids — batch,
 * session, job, stage — and counts and timings; never transcript text or personal data
 * (job data holds none, and error reasons are the typed errors' descriptions). */
import { pino, type Logger } from 'pino';
import { terminalSafe } from '../pipeline/terminal.js';

export type { Logger };

export function createLogger(level: string, destination: number = 2): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // pino escapes C0 controls but writes DEL, C1 (U+009B is a CSI) and bidi overrides raw;
      // they can only sit inside JSON strings, where a \uXXXX escape keeps the line valid JSON.
      hooks: { streamWrite: terminalSafe },
    },
    pino.destination({ dest: destination, sync: true }),
  );
}
