import { ConfigError, agentOptions, commonOptions, loadConfig } from '@ferrum/config';
import { createLogger } from '@ferrum/logging';
import { startAgent } from './start-agent';

// The agent runs alone on the machine being provisioned, so it has its own entry point
// (node dist/apps/agent/src/main.js) instead of a role in apps/ferrum.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ logLevel: commonOptions.logLevel, ...agentOptions }, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ferrum-agent: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('ferrum-agent', config.logLevel);
  const agent = await startAgent(config, logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    agent.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`ferrum-agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
