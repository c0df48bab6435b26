import pino, { Logger, LoggerOptions } from 'pino';
import { LogFormat, LogOutput, resolveLogFormat, supportsColour } from './format';
import { prettyStream } from './pretty';

export type { Logger } from 'pino';
export { resolveLogFormat, supportsColour, type LogFormat, type LogOutput } from './format';

/** What every logger of a process is made with, JSON or pretty: both write what these serialise. */
export function loggerOptions(name: string, level: string): LoggerOptions {
  return { name, level, base: { service: name }, serializers: { err: pino.stdSerializers.err } };
}

/**
 * Logs on stdout: JSON lines, or pretty ones for a person at a terminal (FERRUM_LOG_FORMAT, see resolveLogFormat).
 * Errors must be logged under the `err` key: pino serialises only that key's stack and message (see pino's
 * stdSerializers), others come out as `{}`.
 * JSON is written asynchronously (pino flushes what is left when the process exits): a synchronous write per
 * line — one per API request — took an eighth of the API's CPU under load. Pretty lines are written
 * synchronously: a terminal is read by a person, not loaded by a benchmark.
 * `out` and `env` are for tests; a process logs to its stdout.
 */
export function createLogger(
  name: string,
  level: string = 'info',
  format: LogFormat = 'auto',
  out: LogOutput = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const options = loggerOptions(name, level);
  const toStdout = out === process.stdout;
  if (resolveLogFormat(format, out, env) === 'pretty') return pino(options, prettyStream(toStdout ? 1 : out, supportsColour(out)));
  return pino(options, toStdout ? pino.destination({ dest: 1, sync: false }) : out);
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger that keeps its lines in memory, parsed (tests that check what is logged). */
export function memoryLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}
