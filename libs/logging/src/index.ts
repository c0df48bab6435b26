import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs on stdout. Errors must be logged under the `err` key: pino serialises only that key's
 * stack and message (see pino's stdSerializers), others come out as `{}`.
 * Written asynchronously (pino flushes what is left when the process exits): a synchronous write per
 * line — one per API request — took an eighth of the API's CPU under load.
 */
export function createLogger(name: string, level: string = 'info'): Logger {
  return pino({ name, level, base: { service: name }, serializers: { err: pino.stdSerializers.err } }, pino.destination({ dest: 1, sync: false }));
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
