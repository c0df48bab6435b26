import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RedfishEmulator } from './redfish-emulator';

const USAGE = `usage: ferrum-bmc-emulator --mockup DIR [--systems N] [--host 127.0.0.1] [--port 8000]
                           [--username admin] [--password password] [--power-delay-ms 0] [--log-events]

Serves the DMTF Redfish mockup in DIR (e.g. ../shared/testbeds/redfish-mockups/public-rackmount1) as N
ComputerSystems on one port, with power (ComputerSystem.Reset), boot override PATCH, basic auth and sessions.
The password may also come from FERRUM_BMC_EMULATOR_PASSWORD. Prints "listening <url>" when ready.`;

/** The emulator's command line (a long-running process; SIGINT/SIGTERM stop it). */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mockup: { type: 'string' },
      systems: { type: 'string', default: '1' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8000' },
      username: { type: 'string', default: 'admin' },
      password: { type: 'string' },
      'power-delay-ms': { type: 'string', default: '0' },
      'log-events': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.mockup) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const numbers = { systems: Number(values.systems), port: Number(values.port), delay: Number(values['power-delay-ms']) };
  for (const [name, n] of Object.entries(numbers)) {
    if (!Number.isInteger(n) || n < 0 || (name === 'systems' && n < 1)) {
      process.stderr.write(`ferrum-bmc-emulator: --${name} must be a whole number\n`);
      process.exit(2);
    }
  }
  const emulator = new RedfishEmulator({
    mockupDir: resolve(values.mockup),
    systems: numbers.systems,
    host: values.host,
    port: numbers.port,
    username: values.username,
    password: values.password ?? process.env.FERRUM_BMC_EMULATOR_PASSWORD ?? 'password',
    powerDelayMs: numbers.delay,
  });
  if (values['log-events']) {
    for (const event of ['power', 'boot', 'boot-override', 'nmi', 'bios', 'secure-boot', 'indicator', 'vmedia'] as const) {
      emulator.on(event, (e: object) => process.stdout.write(`${JSON.stringify({ event, ...e })}\n`));
    }
  }
  const url = await emulator.listen();
  process.stdout.write(`listening ${url} systems=${numbers.systems}\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`ferrum-bmc-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
