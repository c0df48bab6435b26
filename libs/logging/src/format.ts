/** FERRUM_LOG_FORMAT: what a process writes its log lines as. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Where log lines go: process.stdout, or a test's stand-in (a stream, which pino-pretty pipes into). */
export interface LogOutput extends NodeJS.WritableStream {
  /** Set on a terminal (tty.WriteStream). */
  isTTY?: boolean;
  /** tty.WriteStream: whether the terminal shows colours (honours NO_COLOR, FORCE_COLOR, TERM=dumb). */
  hasColors?(): boolean;
}

/**
 * `auto` is pretty only for a person at a terminal: stdout a TTY and `CI` unset (or empty). Everything else —
 * a pod under Kubernetes, a pipe, a file, the tests, a CI job that fakes a terminal — gets JSON, which
 * log collectors parse.
 */
export function resolveLogFormat(format: LogFormat, out: Pick<LogOutput, 'isTTY'>, env: NodeJS.ProcessEnv): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return out.isTTY === true && !env.CI ? 'pretty' : 'json';
}

/** Colours only on a terminal that shows them. */
export function supportsColour(out: LogOutput): boolean {
  return out.isTTY === true && typeof out.hasColors === 'function' && out.hasColors();
}
