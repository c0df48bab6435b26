import { Inject, Injectable } from '@nestjs/common';
import { PingConductor } from '@ferrum/contracts';
import { RpcTimeout } from '@ferrum/errors';
import { FerrumClient, NoResponders } from '@ferrum/transport';
import type { DriverRegistry } from '@ferrum/drivers';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG, DRIVERS, INCARNATION, LOGGER, REPOS } from '../tokens';
import { TakeoverService } from './takeover.service';

/** This process's registration: its epoch fences its locked writes. */
export interface Incarnation {
  epoch?: number;
}

/** How long a peer whose heartbeat expired has to answer before it counts as dead. */
const PING_TIMEOUT_MS = 2000;

/**
 * Registers this conductor, heartbeats, and clears the locks of conductors that died holding them.
 * Heartbeats use the database clock, so peers with skewed clocks still agree on who is alive.
 */
@Injectable()
export class RegistrationService {
  private heartbeatTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  /** performance.now() of the last registration or heartbeat the database took; undefined until registered. */
  private lastBeatAt?: number;

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly takeover: TakeoverService,
    private readonly client: FerrumClient,
    @Inject(INCARNATION) private readonly incarnation: Incarnation,
  ) {}

  async start(): Promise<void> {
    const { hostname, conductorGroup } = this.config;
    // A conductor restarting under the same name has no live workers: whatever it held before is stale.
    // (Its locks are cleared before it registers, so the ring only sends it work once it is clean.)
    await this.takeover.takeOverFrom([hostname]);
    this.incarnation.epoch = await this.repos.conductors.register(hostname, conductorGroup, this.drivers.offered());
    this.lastBeatAt = performance.now();
    this.logger.info({ hostname, group: conductorGroup, drivers: this.drivers.hardwareTypes }, 'conductor registered');
    const intervalMs = this.config.heartbeatIntervalS * 1000;
    this.heartbeatTimer = setInterval(() => void this.beat(), intervalMs);
    // One cheap query; sweeping four times per heartbeat bounds lock takeover at about
    // heartbeat timeout + interval/4 after a death, inside two heartbeat periods with the defaults.
    this.sweepTimer = setInterval(() => void this.sweepDeadConductors(), intervalMs / 4);
  }

  async stop(): Promise<void> {
    this.beating = false;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
    this.lastBeatAt = undefined;
    await this.repos.conductors.markOffline(this.config.hostname).catch((err) => this.logger.error({ err }, 'could not mark offline'));
  }

  /**
   * One heartbeat. A failed write is tried again within the interval (a quarter of it apart), so a
   * database blip shorter than the heartbeat timeout never makes peers think this conductor dead.
   */
  async beat(): Promise<void> {
    const deadline = performance.now() + this.config.heartbeatIntervalS * 1000;
    for (let attempt = 0; ; attempt++) {
      try {
        const known = await this.repos.conductors.heartbeat(this.config.hostname);
        // Its row was gone (an operator removed it): registering again is a new epoch, which this process adopts.
        if (!known) this.incarnation.epoch = await this.repos.conductors.register(this.config.hostname, this.config.conductorGroup, this.drivers.offered());
        this.lastBeatAt = performance.now();
        return;
      } catch (err) {
        const wait = (this.config.heartbeatIntervalS * 1000) / 4;
        if (this.beating === false || performance.now() + wait >= deadline) {
          this.logger.error({ err, attempts: attempt + 1 }, 'heartbeat failed');
          return;
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** False once stopped: a heartbeat being retried gives up. */
  private beating = true;

  /**
   * Readiness: registered, and the last heartbeat reached the database within the heartbeat timeout
   * (past it, peers count this conductor as dead and take its nodes, whatever it thinks).
   */
  heartbeatStatus(): { ok: boolean; detail?: string } {
    if (this.lastBeatAt === undefined) return { ok: false, detail: 'not registered' };
    const ageS = (performance.now() - this.lastBeatAt) / 1000;
    if (ageS > this.config.heartbeatTimeoutS) return { ok: false, detail: `last heartbeat ${ageS.toFixed(1)} s ago` };
    return { ok: true };
  }

  /**
   * A stale heartbeat alone does not prove a peer dead (its database writes may have failed a moment while
   * it runs on): it is asked on its own subject first. Dead is nobody listening there, or no answer in time;
   * alive is an answer. When this conductor cannot reach the bus itself it cannot tell, and takes nothing.
   */
  private async confirmDead(hosts: string[]): Promise<string[]> {
    const verdicts = await Promise.all(
      hosts.map((host) =>
        this.client.call(PingConductor, {}, { host, timeoutMs: PING_TIMEOUT_MS }).then(
          () => 'alive' as const,
          (err: unknown) => (err instanceof NoResponders || err instanceof RpcTimeout ? ('dead' as const) : ('unknown' as const)),
        ),
      ),
    );
    const alive = hosts.filter((_, i) => verdicts[i] === 'alive');
    if (alive.length) this.logger.warn({ conductors: alive }, 'heartbeat expired but the conductor answers: not taking its nodes');
    return hosts.filter((_, i) => verdicts[i] === 'dead');
  }

  async sweepDeadConductors(): Promise<string[]> {
    try {
      const timeout = this.config.heartbeatTimeoutS;
      const withLocks = await this.repos.conductors.deadHostsHoldingLocks(timeout);
      const withJobs = await this.repos.jobs.deadHostsWithOpenJobs(timeout);
      const stale = [...new Set([...withLocks, ...withJobs])].filter((h) => h !== this.config.hostname);
      const dead = await this.confirmDead(stale);
      await this.takeover.takeOverFrom(dead);
      return dead;
    } catch (err) {
      this.logger.error({ err }, 'dead conductor sweep failed');
      return [];
    }
  }
}
