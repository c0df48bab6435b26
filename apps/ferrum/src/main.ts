import 'reflect-metadata';
import { ConfigError, allOptions, loadConfig } from '@ferrum/config';
import { createLogger } from '@ferrum/logging';
import { Observability } from '@ferrum/observability';
import { Repositories, migrate, migrationsAtHead, openDatabase } from '@ferrum/persistence';
import { InstrumentedTransport, createTransport } from '@ferrum/transport';
import { runLab } from './lab-role';
import { FerrumConfig, Role, authBanner, crossCheck, roleFromArgs } from './roles';
// The composition root is the one place allowed to wire apps together (STYLE §1: one process or many).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startApi } from '@ferrum/api';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startConductor } from '@ferrum/conductor';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startInspector, startPxeFilter } from '@ferrum/inspector';

interface Closable {
  close(): Promise<void>;
}

function parseConfig(): { role: Role; config: FerrumConfig } {
  const env = { ...process.env };
  const cliRole = roleFromArgs(process.argv.slice(2));
  if (cliRole !== undefined) env.FERRUM_ROLE = cliRole;
  try {
    const config = loadConfig(allOptions, env);
    const problems = crossCheck(config.role, config);
    if (problems.length) throw new ConfigError(problems);
    return { role: config.role, config };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ferrum: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  // The lab is machines, not a part of Ferrum: none of Ferrum's options, database or bus.
  if ((roleFromArgs(process.argv.slice(2)) ?? process.env.FERRUM_ROLE) === 'lab') return runLab(process.argv.slice(2));
  const { role, config } = parseConfig();
  const logger = createLogger(`ferrum-${role}`, config.logLevel, config.logFormat);
  if (role === 'all' || role === 'api' || role === 'inspector') logger.info({ strategy: config.authStrategy }, authBanner(role, config));
  const { dataSource, kind } = await openDatabase(config);
  logger.info({ database: kind === 'postgres' ? 'postgresql' : `pglite:${config.dbDir}` }, 'database open');
  if (config.autoMigrate || role === 'migrate') {
    const ran = await migrate(dataSource, kind);
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  }
  if (role === 'migrate') {
    await dataSource.destroy();
    return;
  }
  const repos = new Repositories(dataSource);
  const observability = Observability.forProcess();
  const bus = await createTransport({ natsUrl: config.natsUrl, namespace: config.natsNamespace, name: `ferrum-${role}`, defaultTimeoutMs: config.rpcTimeoutMs, logger, payloads: repos.payloads,
    security: { caFile: config.natsTlsCaFile, certFile: config.natsTlsCertFile, keyFile: config.natsTlsKeyFile, credsFile: config.natsCredsFile, nkeySeedFile: config.natsNkeySeedFile },
  });
  const transport = new InstrumentedTransport(bus, observability.metrics, logger);
  logger.info({ transport: transport.kind }, 'transport ready');

  // Readiness of every role in this process; the conductor adds its registration when it starts.
  observability.health.register('database', async () => {
    await dataSource.query('SELECT 1');
    return true;
  });
  let atHead = false;
  observability.health.register('migrations', async () => {
    // Once at head, always at head for this process: no need for a query per probe.
    atHead ||= await migrationsAtHead(dataSource);
    return atHead || { ok: false, detail: 'migrations pending: run --role migrate' };
  });
  if (transport.kind === 'nats') {
    observability.health.register('nats', async () => transport.isConnected() || { ok: false, detail: 'disconnected, reconnecting' });
  }
  // Node counts are the same from every process: only the API's scrape reads them.
  if (role === 'all' || role === 'api') observability.metrics.trackNodeStates(() => repos.nodes.countByState());

  // Order matters: conductors answer before the API takes traffic; shutdown goes in reverse.
  const running: Closable[] = [];
  if (role === 'all' || role === 'conductor') {
    running.push(await startConductor({ config: { ...config, hostname: config.hostname }, repos, transport, logger }));
  }
  if (role === 'all' || role === 'inspector') {
    running.push(await startInspector({ config, logger, repos, transport, observability }));
  }
  if (role === 'pxe-filter') running.push(await startPxeFilter({ config, repos, logger }));
  if (role === 'all' || role === 'api') {
    const api = await startApi({ config, repos, transport, logger });
    running.push(api);
    logger.info({ url: api.url }, 'Ironic-compatible API listening');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const r of running.reverse()) await r.close().catch((err) => logger.error({ err }, 'error while stopping'));
    await transport.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  // A setting only a role can check (a file it reads at start-up) is named like any other bad option.
  if (err instanceof ConfigError) {
    process.stderr.write(`ferrum: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`ferrum: failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
