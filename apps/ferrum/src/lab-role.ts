import { parseArgs } from 'node:util';
import { ConfigError, commonOptions, labOptions, loadConfig } from '@ferrum/config';
import { createLogger } from '@ferrum/logging';
import { startLab } from '@ferrum/lab';

/** `--machines N` and `--enroll` (npm run lab -- --machines 50 --enroll) win over their FERRUM_LAB_* variables. */
export function labEnvFromArgs(argv: string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { role: { type: 'string' }, machines: { type: 'string' }, enroll: { type: 'boolean' } },
  });
  return {
    ...env,
    ...(values.machines !== undefined && { FERRUM_LAB_MACHINES: values.machines }),
    ...(values.enroll && { FERRUM_LAB_ENROLL: 'true' }),
  };
}

/**
 * `--role lab`: a virtual datacenter beside a Ferrum (libs/lab). It opens no database and joins no bus: it is
 * the machines, and talks to Ferrum only as machines and an operator do, over HTTP.
 */
export async function runLab(argv: string[]): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...labOptions, logLevel: commonOptions.logLevel, logFormat: commonOptions.logFormat }, labEnvFromArgs(argv, process.env));
  } catch (error) {
    // parseArgs' own errors (an unknown flag) are as much a bad option as a bad variable.
    const message = error instanceof ConfigError ? error.message : error instanceof TypeError ? `Invalid command line: ${error.message}` : undefined;
    if (message === undefined) throw error;
    process.stderr.write(`ferrum: ${message}\nusage: npm run lab -- [--machines N] [--enroll]\n`);
    process.exit(2);
  }
  const logger = createLogger('ferrum-lab', config.logLevel, config.logFormat);
  const lab = await startLab(config, { info: (line) => logger.info(line), debug: (line) => logger.debug(line) });
  process.stdout.write(`${lab.summary}\n`);
  let last = '';
  const status = setInterval(() => {
    const c = lab.room.counts;
    const line = `agents running ${c.running}; agent boots ${c.agentBoots}, disk boots ${c.diskBoots}, crashes ${c.crashes}, agents ended ${c.agentExits}`;
    if (line !== last) logger.info(line);
    last = line;
  }, 10_000);
  status.unref();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'lab shutting down');
    clearInterval(status);
    lab.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping the lab');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
