import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs on stdout. Errors must be logged under the `err` key: pino serialises only that key's
 * stack and message (see pino's stdSerializers), others come out as `{}`.
 */
export function createLogger(name: string, level: string = 'info'): Logger {
  return pino({ name, level, base: { service: name }, serializers: { err: pino.stdSerializers.err } });
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
