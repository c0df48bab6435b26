import { PingConductor } from '@ferrum/contracts';
import { Conflict } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { FerrumClient } from '@ferrum/transport';
import type { Logger } from 'pino';

/** How long the running conductor of the same name has to answer the ping before it counts as gone. */
const PING_TIMEOUT_MS = 2000;

/**
 * One conductor per hostname, as Ironic refuses a second ConductorAlreadyRegistered: two would share
 * the per-conductor subjects and run every request twice. A fresh heartbeat alone does not prove the
 * other one alive (a conductor killed and restarted at once has one), so it is asked too: only an
 * answer to a ping on its own subject refuses the start. Otherwise this one takes the registration back.
 * Runs before this conductor subscribes, so the ping cannot reach itself.
 */
export async function assertHostnameFree(hostname: string, deps: { repos: Repositories; client: FerrumClient; heartbeatTimeoutS: number; logger: Logger }): Promise<void> {
  const alive = await deps.repos.conductors.listAlive(deps.heartbeatTimeoutS);
  if (!alive.some((c) => c.hostname === hostname)) return;
  const answered = await deps.client.call(PingConductor, {}, { host: hostname, timeoutMs: PING_TIMEOUT_MS }).then(
      () => true,
      () => false,
    );
  if (answered) {
    throw new Conflict({
      message: `A conductor named ${hostname} is already registered and answering; refusing to start a second one with the same hostname (set FERRUM_CONDUCTOR_HOSTNAME to a unique name).`,
    });
  }
  deps.logger.warn({ hostname }, 'taking back the registration of a conductor of this name that no longer answers');
}
