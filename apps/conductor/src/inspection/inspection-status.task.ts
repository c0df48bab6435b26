import { Inject, Injectable } from '@nestjs/common';
import type { DriverRegistry } from '@ferrum/drivers';
import type { Repositories } from '@ferrum/persistence';
import { ProvisionState } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { Ownership } from '../periodic/ownership';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { InspectionService } from './inspection.service';

/**
 * The safety net behind the inspector's own report (Ironic polls every `[inspector]status_check_period`):
 * asks the inspect interface of each owned node in `inspect wait` whether its inspection ended.
 * A failed status call is transient and only logged.
 */
@Injectable()
export class InspectionStatusTask {
  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inspection: InspectionService,
  ) {}

  /** @returns the nodes that left `inspect wait` in this pass */
  async run(): Promise<string[]> {
    const moved: string[] = [];
    const ownership = await Ownership.compute(this.repos, this.config.hostname, this.config.heartbeatTimeoutS);
    const waiting = await this.repos.nodes.list({ provision_state: ProvisionState.INSPECTWAIT, unreserved: true }, { limit: 10_000, sortKey: 'id', sortDir: 'asc' });
    for (const node of waiting.filter((n) => this.drivers.has(n.driver) && ownership.owns(n))) {
      try {
        const iface = this.drivers.get(node, 'inspect');
        const status = await iface.inspectionStatus?.({ node, shared: true });
        if (!status?.finished) continue;
        if (await this.inspection.finish(node.uuid, status.error)) moved.push(node.uuid);
      } catch (err) {
        this.logger.warn({ err, node: node.uuid }, 'inspection status check failed; will retry');
      }
    }
    return moved;
  }
}
