import { Inject, Injectable } from '@nestjs/common';
import { NodeRecord, POWER_OFF, POWER_ON, PowerState } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { NodeLocked } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { POWER_SYNC_EXCLUDED_STATES } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { TaskManager } from '../locks/task-manager';
import { nodePowerAction } from '../power/power-action';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { Ownership } from './ownership';
import { runLimited } from './run-limited';

export interface PowerSyncReport {
  checked: number;
  recorded: number;
  forced: number;
  failed: number;
  maintenance: number;
}

/**
 * Ironic's _sync_power_states: for each node this conductor owns and nothing else is touching, ask the
 * hardware. An unknown recorded state is filled in; a disagreement is either forced back to the recorded
 * state (default) or recorded; a node that keeps refusing goes to maintenance with fault "power failure".
 */
@Injectable()
export class PowerSyncTask {
  /** Consecutive failed attempts per node; in memory, as Ironic keeps it (a restart forgives). */
  private readonly failures = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tasks: TaskManager,
  ) {}

  async run(): Promise<PowerSyncReport> {
    const report: PowerSyncReport = { checked: 0, recorded: 0, forced: 0, failed: 0, maintenance: 0 };
    const ownership = await Ownership.compute(this.repos, this.config.hostname, this.config.heartbeatTimeoutS);
    const candidates = await this.repos.nodes.list(
      {
        maintenance: false,
        unreserved: true,
        no_target_power_state: true,
        exclude_provision_states: [...POWER_SYNC_EXCLUDED_STATES],
      },
      { limit: 1_000_000, sortKey: 'id', sortDir: 'asc' },
    );
    const mine = candidates.filter((n) => this.drivers.has(n.driver) && ownership.owns(n));
    await runLimited(mine, this.config.syncPowerStateWorkers, async (node) => {
      report.checked++;
      try {
        await this.syncOne(node, report);
      } catch (err) {
        if (err instanceof NodeLocked) return; // someone started an action meanwhile: theirs wins
        report.failed++;
        this.logger.warn({ err, node: node.uuid }, 'power sync failed for node');
      }
    });
    return report;
  }

  private async syncOne(node: NodeRecord, report: PowerSyncReport): Promise<void> {
    const power = this.drivers.power(node);
    const actual = await power.getPowerState({ node, shared: true });
    if (this.config.enableHealthMonitoring) await this.cacheHealth(node);
    const recorded = node.power_state as PowerState | null;
    if (actual === recorded || actual === null) {
      this.failures.delete(node.uuid);
      return;
    }
    // A node that must stay on (1.95) is never forced off: what the hardware says is recorded instead.
    if (recorded === null || !this.config.forcePowerStateDuringSync || node.disable_power_off || actual === 'error') {
      if (actual === 'error') return this.countFailure(node, report, 'the hardware reported an error power state');
      const saved = await this.tasks.withExclusive(node.uuid, async (task) => {
        if (movedOn(node, task.node)) return false;
        await task.save({ power_state: actual });
        return true;
      });
      if (!saved) return;
      report.recorded++;
      this.logger.info({ node: node.uuid, recorded, actual }, 'recorded power state changed outside Ferrum');
      return;
    }
    const fails = this.failures.get(node.uuid) ?? 0;
    if (fails >= this.config.powerStateSyncMaxRetries) return this.countFailure(node, report, 'max retries exceeded');
    try {
      const forced = await this.tasks.withExclusive(node.uuid, async (task) => {
        if (movedOn(node, task.node)) return false;
        // As Ironic: through node_power_action, so the forced change is stamped and recorded like any other.
        await nodePowerAction(this.drivers, task, recorded === POWER_ON ? POWER_ON : POWER_OFF);
        return true;
      });
      if (!forced) return;
      report.forced++;
      this.failures.set(node.uuid, fails + 1);
      this.logger.warn({ node: node.uuid, recorded, actual }, 'forced hardware back to the recorded power state');
    } catch (err) {
      if (err instanceof NodeLocked) throw err;
      this.failures.set(node.uuid, fails + 1);
      report.failed++;
      if (fails + 1 >= this.config.powerStateSyncMaxRetries) await this.countFailure(node, report, `max retries exceeded: ${String(err)}`);
    }
  }

  /**
   * Ironic's node_cache_health: the BMC's health, saved when it changed, with a `monitoring` entry in the node's
   * history. A BMC that cannot tell is skipped; a failure to ask is only logged.
   */
  private async cacheHealth(node: NodeRecord): Promise<void> {
    const management = this.drivers.get(node, 'management');
    if (!management.getNodeHealth) return;
    let health: string | null;
    try {
      health = await management.getNodeHealth({ node, shared: true });
    } catch (err) {
      this.logger.warn({ err, node: node.uuid }, 'could not read the hardware health');
      return;
    }
    if (health === (node.health ?? null)) return;
    const saved = await this.lockedSave(node.uuid, { health });
    await this.repos.dataSource.transaction((m) =>
      this.repos.history.record(m, saved.id, {
        event: `Node health status changed: health='${health ?? 'None'}' (previously '${node.health ?? 'None'}')`,
        eventType: 'monitoring',
        severity: 'INFO',
        conductor: this.config.hostname,
      }),
    );
    node.health = health;
  }

  private async countFailure(node: NodeRecord, report: PowerSyncReport, why: string): Promise<void> {
    await this.lockedSave(node.uuid, {
      maintenance: true,
      fault: 'power failure',
      maintenance_reason: `During sync_power_state, ${why} for node ${node.uuid}, node state ${node.power_state} does not match expected state.`,
    });
    this.failures.delete(node.uuid);
    report.maintenance++;
  }

  private lockedSave(uuid: string, changes: Partial<NodeRecord>) {
    return this.tasks.withExclusive(uuid, (task) => task.save(changes));
  }
}

/**
 * Whether the node changed, between the unlocked read the sync decided on and the lock it acts under, in a way
 * that makes the decision stale (Ironic's do_sync_power_state repeats its checks once it holds the lock). Seen
 * in the lab: an inspection powered a node on and recorded it while the sync was asking the BMC; the sync then
 * "forced back" the recorded power off it had read before, and the machine died in inspect wait.
 */
function movedOn(read: NodeRecord, now: NodeRecord): boolean {
  return (
    now.power_state !== read.power_state ||
    now.target_power_state !== read.target_power_state ||
    now.provision_state !== read.provision_state ||
    now.maintenance ||
    (POWER_SYNC_EXCLUDED_STATES as readonly string[]).includes(now.provision_state)
  );
}
