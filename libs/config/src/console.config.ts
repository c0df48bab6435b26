import { isIP } from 'node:net';
import { z } from 'zod';
import { option } from './option';

/** Options of the serial consoles (Ironic's [console] group), checked at start-up like every option. */
export const consoleOptions = {
  consoleSocatAddress: option(
    'FERRUM_CONSOLE_SOCAT_ADDRESS',
    z.string().refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address').default('127.0.0.1'),
    'Address the socat of an ipmitool-socat console listens on, and that console URLs name (Ironic [console]socat_address, default $my_ip). Consoles have no authentication: loopback unless a trusted network reaches this one.',
  ),
  consolePortRange: option(
    'FERRUM_CONSOLE_PORT_RANGE',
    z
      .string()
      .regex(/^\d+:\d+$/, 'must be <start>:<stop>')
      .refine((s) => {
        const [start, stop] = s.split(':').map(Number);
        return start >= 1 && start < stop && stop <= 65536;
      }, 'must be <start>:<stop> with 1 <= start < stop <= 65536')
      .optional(),
    'Ports (start inclusive, stop exclusive) given to consoles of nodes without driver_info ipmi_terminal_port (Ironic [console]port_range). Unset: such nodes cannot enable their console.',
  ),
  consoleTerminalTimeoutS: option(
    'FERRUM_CONSOLE_TERMINAL_TIMEOUT_S',
    z.coerce.number().int().min(0).max(86_400).default(600),
    'A console client idle this long is disconnected; 0 never (Ironic [console]terminal_timeout).',
  ),
  consoleSubprocessTimeoutS: option(
    'FERRUM_CONSOLE_SUBPROCESS_TIMEOUT_S',
    z.coerce.number().min(1).max(600).default(10),
    'How long socat has to start listening before enabling a console fails (Ironic [console]subprocess_timeout).',
  ),
  consolePidDir: option(
    'FERRUM_CONSOLE_PID_DIR',
    z.string().min(1).optional(),
    "Directory of the consoles' socat pid files, so a restarted conductor stops what its predecessor left running (Ironic [console]terminal_pid_dir). Unset: ferrum-console in the temporary directory.",
  ),
};
