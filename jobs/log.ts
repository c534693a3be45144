/** Structured logs (pino, on stderr) for queue mode: JSON lines, or with HONNE_LOG_FORMAT=pretty
 * one readable line per event (pino-pretty, in this thread). Log lines carry ids — batch,
 * session, job, stage — and counts and timings; never transcript text or personal data
 * (job data holds none, and error reasons are the typed errors' descriptions). */
import { writeSync } from 'node:fs';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { terminalSafe } from '../pipeline/terminal.js';

export type { Logger };

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function createLogger(level: string, format: LogFormat = 'json', destination: number = 2): Logger {
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
    format === 'pretty' ? prettyStream(destination) : pino.destination({ dest: destination, sync: true }),
  );
}

/** pino-pretty turns the JSON escapes back into characters: its output is made terminal-safe
 * again before it is written. */
function prettyStream(fd: number): DestinationStream {
  const pretty = prettyFactory({ colorize: false, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' });
  return { write: (line: string) => void writeSync(fd, terminalSafe(pretty(line))) };
}
