import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where and how serial consoles are served (Ironic's [console] options). */
export interface ConsoleSettings {
  /** Address socat listens on and console URLs name (Ironic [console]socat_address). */
  socatAddress: string;
  /** Ports given to nodes without driver_info ipmi_terminal_port: start (inclusive) to stop (exclusive); unset: none. */
  portRange?: { start: number; stop: number };
  /** A console client idle this long is disconnected; 0 never (Ironic [console]terminal_timeout, socat -T). */
  terminalTimeoutS: number;
  /** How long socat has to start listening before the start fails (Ironic [console]subprocess_timeout). */
  subprocessTimeoutS: number;
  /** How long a stopped console's processes have after SIGTERM before SIGKILL (Ironic [console]kill_timeout). */
  killTimeoutS: number;
  /** socat's pid files, one per node, so a restarted conductor can stop what its predecessor left running. */
  pidDir: string;
  /** The socat binary. */
  socatPath: string;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  socatAddress: '127.0.0.1',
  terminalTimeoutS: 600,
  subprocessTimeoutS: 10,
  killTimeoutS: 1,
  pidDir: join(tmpdir(), 'ferrum-console'),
  socatPath: 'socat',
};

/** "10000:20000" → { start, stop }, or an error naming the rule (Ironic's _get_port_range). */
export function parsePortRange(text: string): { start: number; stop: number } {
  const match = /^(\d+):(\d+)$/.exec(text);
  const [start, stop] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || start >= stop || start < 1 || stop > 65536) {
    throw new Error('the console port range should be in the format <start>:<stop> with 1 <= start < stop <= 65536');
  }
  return { start, stop };
}
