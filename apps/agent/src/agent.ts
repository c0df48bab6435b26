import type { Inventory } from '@ferrum/contracts';
import { execFile } from 'node:child_process';
import { collectInventory } from './inventory';
import { CommandRunner } from './commands/command-runner';
import type { CommandContext } from './commands/extensions';
import type { AgentParams } from './config/agent-params';
import { Heartbeater } from './ironic/heartbeater';
import type { LookupNode } from './ironic/ironic-client';
import { lookupUntilFound } from './ironic/lookup-loop';
import { startCommandApi } from './server/command-api';
import { advertiseHost } from './server/advertise';
import { selfSignedCertificate } from './server/auto-tls';
import { SoftwareRaid, parseSimDisks } from './raid/software-raid';
import type { WriteOptions } from './image/write-image';

export const AGENT_VERSION = '10.0.0-ferrum';

export interface AgentLog {
  info(msg: string): void;
  error(msg: string): void;
}

/** The inspection step of the lifecycle (§13.1 step 4), provided by apps/agent/src/inspection. */
export type InspectionHook = (ctx: { params: AgentParams; inventory: Inventory; log: AgentLog }) => Promise<{ uuid?: string } | void>;

/**
 * What a caller may put in place of the machine's own behaviour. A real boot gives none but `inspect`; the
 * simulated-agent pool (apps/agent/src/pool) gives them all, to run many simulated machines in one process.
 */
export interface AgentHooks {
  inspect?: InspectionHook;
  /** Ends the agent on its own (lookup failed, locked down); the default exits the process. */
  exit?: (code: number, reason?: string) => void;
  /** The machine's inventory, instead of reading this machine's. */
  inventory?: () => Promise<Inventory>;
  /** Reboots or powers off the machine, instead of running reboot/poweroff (or exiting, for a test agent). */
  power?: (action: 'reboot' | 'poweroff') => void;
  /** Sees every command the command API is asked to run, before it runs; the command waits for it. */
  beforeCommand?: (name: string, params: Record<string, unknown>) => Promise<void> | void;
  /** Image write options that the kernel parameters do not set (faults of simulated machines). */
  writeOptions?: Pick<WriteOptions, 'corruptDownload'>;
  /**
   * The machine lost power: everything the agent started stops at once (command API, heartbeats, the lookup
   * loop, image downloads), at any point of its life, and runAgent resolves with a closed handle if it had not yet.
   */
  signal?: AbortSignal;
  /** The command API listens (before lookup); the handle's close works from then on. */
  onListening?: (agent: AgentHandle) => void;
  /** Lookup found the node (before the first heartbeat). */
  onLookedUp?: (node: LookupNode) => void;
}

/** A CommandRunner that shows every command to a hook first. */
class WatchedCommandRunner extends CommandRunner {
  constructor(
    ctx: CommandContext,
    onAsyncDone: () => void,
    private readonly before: NonNullable<AgentHooks['beforeCommand']>,
  ) {
    super(ctx, onAsyncDone);
  }

  override async execute(name: string, params: Record<string, unknown>) {
    await this.before(name, params);
    return super.execute(name, params);
  }
}

export interface AgentHandle {
  /** Base URL of the command API, with the real port when 0 was asked for. */
  url: string;
  node?: LookupNode;
  close(): Promise<void>;
}

/**
 * The agent's lifecycle (spec §13.1): collect the inventory, run inspection if asked, look the machine up,
 * adopt the token, serve the command API and heartbeat until the machine is powered off.
 */
export async function runAgent(params: AgentParams, log: AgentLog, hooks: AgentHooks = {}): Promise<AgentHandle> {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  const { signal } = hooks;
  const readInventory = hooks.inventory ?? (() => machineInventory(params));
  const logLines: string[] = [];
  const record = (level: string, msg: string) => {
    logLines.push(`${new Date().toISOString()} ${level} ${msg}`);
    if (logLines.length > 5000) logLines.shift();
  };
  const logger: AgentLog = {
    info: (m) => (record('INFO', m), log.info(m)),
    error: (m) => (record('ERROR', m), log.error(m)),
  };
  let inventory = await readInventory();
  let token: string | null = params['ipa-agent-token'] && params['ipa-agent-token'].length >= 32 ? params['ipa-agent-token'] : null;
  let node: LookupNode | undefined;
  let heartbeater: Heartbeater | undefined;
  let api: Awaited<ReturnType<typeof startCommandApi>> | undefined = undefined;
  // One close for everything, whoever asks first (the signal, the handle, the lookup's failure path).
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      heartbeater?.stop();
      await api?.close();
    })());
  signal?.addEventListener('abort', () => void close(), { once: true });
  const stoppedHandle = (url = ''): AgentHandle => ({ url, close: async () => undefined });
  if (signal?.aborted) return stoppedHandle();

  let nodeUuid: string | undefined;
  if (hooks.inspect && params['ipa-inspection-callback-url']) {
    try {
      nodeUuid = (await hooks.inspect({ params, inventory, log: logger }))?.uuid;
    } catch (err) {
      logger.error(`inspection failed (continuing to lookup): ${err instanceof Error ? err.message : String(err)}`);
    }
    if (signal?.aborted) return stoppedHandle();
  }

  const context: CommandContext = {
    inventory: async () => (inventory = await readInventory()),
    node: () => node,
    targetDevice: params['ferrum-target-device'],
    writeOptions: {
      retries: params['ipa-image-download-connection-retries'],
      retryIntervalS: params['ipa-image-download-connection-retry-interval'],
      stallTimeoutS: params['ipa-image-download-connection-timeout'],
      log: (m) => logger.info(m),
      signal,
      ...hooks.writeOptions,
    },
    powerAction: (action) => powerAction(action, params, logger, exit, hooks.power),
    logs: () => logLines.join('\n'),
    raid: params['ferrum-sim-disks'] ? new SoftwareRaid(parseSimDisks(params['ferrum-sim-disks'])) : undefined,
  };
  const onAsyncDone = () => heartbeater?.force();
  const runner = hooks.beforeCommand ? new WatchedCommandRunner(context, onAsyncDone, hooks.beforeCommand) : new CommandRunner(context, onAsyncDone);
  const apiUrl = params['ipa-api-url'][0];
  // Automatic TLS needs the address the conductor will call before the command API starts: the certificate names it.
  const advertised = apiUrl ? (params['ipa-advertise-host'] ?? (await advertiseHost(apiUrl))) : undefined;
  const tls = advertised && params['ipa-enable-auto-tls'] ? await selfSignedCertificate(advertised) : undefined;
  if (advertised && params['ipa-enable-auto-tls'] && !tls) logger.error('automatic TLS is on but no certificate could be made (no openssl?): serving plain HTTP');
  if (signal?.aborted) return stoppedHandle();
  api = await startCommandApi({
    tls,
    host: params['ipa-listen-host'],
    port: params['ipa-listen-port'],
    version: AGENT_VERSION,
    startedAt: Date.now() / 1000,
    runner,
    token: () => token,
  });
  const hostForUrl = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const listenUrl = `${tls ? 'https' : 'http'}://${hostForUrl(params['ipa-listen-host'] === '0.0.0.0' ? '127.0.0.1' : params['ipa-listen-host'])}:${api.port}`;
  logger.info(`command API listening on ${params['ipa-listen-host']}:${api.port}`);
  // Stopped while the command API was starting: the abort listener found no server to close.
  if (signal?.aborted) {
    await api.close();
    return stoppedHandle(listenUrl);
  }
  hooks.onListening?.({ url: listenUrl, close });

  if (apiUrl && advertised) {
    try {
      const found = await lookupUntilFound(inventory, {
        apiUrls: params['ipa-api-url'],
        driver: params['ipa-driver-name'],
        nodeUuid,
        timeoutS: params['ipa-lookup-timeout'],
        intervalS: params['ipa-lookup-interval'],
        log: (m) => logger.info(m),
        signal,
      });
      if (signal?.aborted || closing) return stoppedHandle(listenUrl);
      node = found.node;
      const offered = found.config.agent_token;
      if (typeof offered === 'string' && offered.length >= 32) token = offered;
      else if (offered === '******' && !token) {
        // The token was handed to an earlier boot of this agent and cannot be shown again: lock down.
        logger.error('lookup says a token was already issued and this agent has none: locking down');
        await close();
        exit(3, 'locked down: lookup says a token was already issued and this agent has none');
        return stoppedHandle(listenUrl);
      }
      logger.info(`looked up as node ${node.uuid}`);
      hooks.onLookedUp?.(node);
      const protocol = tls ? 'https' : params['ipa-advertise-protocol'];
      const callbackUrl = `${protocol}://${hostForUrl(advertised)}:${params['ipa-advertise-port'] ?? api.port}`;
      heartbeater = new Heartbeater({
        apiUrl,
        nodeUuid: node.uuid,
        callbackUrl,
        agentVersion: AGENT_VERSION,
        verifyCa: tls?.cert,
        token: () => token,
        heartbeatTimeoutS: Number(found.config.heartbeat_timeout ?? 300),
        log: (m) => logger.error(m),
      });
      heartbeater.start();
    } catch (err) {
      if (signal?.aborted) return stoppedHandle(listenUrl);
      const reason = `lookup failed: ${err instanceof Error ? err.message : String(err)}`;
      logger.error(reason);
      await close();
      // A service manager restarts the agent (IPA exits the same way).
      exit(1, reason);
    }
  }
  return { url: listenUrl, node, close };
}

/** The real inventory, with the simulated NICs and disks substituted when `ferrum-sim-interfaces` / `ferrum-sim-disks` are set. */
async function machineInventory(params: AgentParams): Promise<Inventory> {
  const inventory = await collectInventory({ bootif: params.BOOTIF ?? null });
  if (params['ferrum-sim-disks']) inventory.disks = parseSimDisks(params['ferrum-sim-disks']);
  const sim = params['ferrum-sim-interfaces'];
  if (!sim) return inventory;
  inventory.interfaces = sim.split(',').map((pair, i) => {
    const [name, mac] = pair.split('=');
    // A documentation address (TEST-NET-2), not loopback: Ironic's and ironic-inspector's hooks never make a
    // port of a loopback NIC, so a simulated machine would have none.
    return { name, mac_address: mac.toLowerCase(), ipv4_address: `198.51.100.${(i % 254) + 1}`, ipv6_address: null, has_carrier: true, vendor: null, product: null };
  });
  return inventory;
}

/**
 * Reboot or power off (a second later, so that the command's answer gets out). A `power` hook decides if
 * given; otherwise only an agent booted for real (parameters from /proc/cmdline) touches the machine, and one
 * started with parameters from the environment or flags (tests, the simulated machines) just exits.
 */
function powerAction(action: 'reboot' | 'poweroff', params: AgentParams, log: AgentLog, exit: (code: number) => void, power?: AgentHooks['power']): void {
  setTimeout(() => {
    if (power) {
      log.info(`${action} requested`);
      power(action);
      return;
    }
    if (params.source !== 'proc') {
      log.info(`${action} requested: exiting (parameters did not come from the kernel command line)`);
      exit(0);
      return;
    }
    execFile(action === 'reboot' ? 'reboot' : 'poweroff', ['-f'], (err) => {
      if (err) log.error(`${action} failed: ${err.message}`);
    });
  }, 1000);
}
