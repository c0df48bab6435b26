import { readFileSync } from 'node:fs';
import { Agent, setGlobalDispatcher } from 'undici';
import { runAgent } from './agent';
import { AgentParamsError, loadAgentParams } from './config/agent-params';
import { inspectMachine } from './inspection/inspect';

// The agent runs alone on the machine being provisioned: bundled into one file (dist/agent.js) for the ramdisk.
// Logs are plain lines on stderr, where a ramdisk's console and journal pick them up.
async function main(): Promise<void> {
  let params;
  try {
    params = loadAgentParams();
  } catch (error) {
    if (error instanceof AgentParamsError) {
      process.stderr.write(`ferrum-agent: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // How the agent checks the API's (and the inspector's) certificate: a private CA, or not at all (tests only).
  if (params['ipa-cafile'] || params['ipa-insecure']) {
    setGlobalDispatcher(
      new Agent({ connect: { ...(params['ipa-cafile'] ? { ca: readFileSync(params['ipa-cafile']) } : {}), rejectUnauthorized: !params['ipa-insecure'] } }),
    );
  }
  const debug = params['ipa-debug'];
  const line = (level: string, msg: string) => process.stderr.write(`${new Date().toISOString()} ferrum-agent ${level} ${msg}\n`);
  void debug;
  const agent = await runAgent(params, { info: (m) => line('INFO', m), error: (m) => line('ERROR', m) }, { inspect: inspectMachine });
  // Simulated machines: the agent goes when the conductor that "powered it on" goes.
  if (process.env.FERRUM_AGENT_EXIT_WITH_PARENT === 'true') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) process.exit(0);
    }, 1000).unref();
  }
  const stop = (signal: string) => {
    line('INFO', `${signal}: shutting down`);
    agent.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`ferrum-agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
