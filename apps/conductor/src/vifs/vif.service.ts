import { Inject, Injectable } from '@nestjs/common';
import type { NodeRecord, VifAttachInput } from '@ferrum/contracts';
import { DriverRegistry, NodeNetworkPorts, VifHolderChange } from '@ferrum/drivers';
import type { Repositories } from '@ferrum/persistence';
import { TaskManager } from '../locks/task-manager';
import { DRIVERS, REPOS } from '../tokens';

// Every port and group of one node.
const ALL = { limit: Number.MAX_SAFE_INTEGER, sortKey: 'id', sortDir: 'asc' } as const;

/**
 * VIFs (Ironic's vif_list/vif_attach/vif_detach): the node's network interface decides which port or
 * group holds a VIF; attach and detach save that choice under the node's exclusive lock.
 */
@Injectable()
export class VifService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  async list(nodeUuid: string): Promise<{ id: string }[]> {
    // Ironic takes a shared lock, which a busy node does not refuse: a plain read is the same.
    const node = await this.repos.nodes.getByIdent(nodeUuid);
    return this.drivers.get(node, 'network').vifList(await this.portsOf(node));
  }

  async attach(nodeUuid: string, vif: VifAttachInput): Promise<void> {
    await this.tasks.withExclusive(nodeUuid, async ({ node }) => {
      await this.save(this.drivers.get(node, 'network').vifAttach(await this.portsOf(node), vif));
    });
  }

  async detach(nodeUuid: string, vifId: string): Promise<void> {
    await this.tasks.withExclusive(nodeUuid, async ({ node }) => {
      await this.save(this.drivers.get(node, 'network').vifDetach(await this.portsOf(node), vifId, node.uuid));
    });
  }

  private async portsOf(node: NodeRecord): Promise<NodeNetworkPorts> {
    const [ports, portgroups] = await Promise.all([this.repos.ports.list({ node_id: node.id }, ALL), this.repos.portgroups.list({ node_id: node.id }, ALL)]);
    return { ports, portgroups };
  }

  private async save(change: VifHolderChange | undefined): Promise<void> {
    if (!change) return;
    const fields = { internal_info: change.internal_info, extra: change.extra };
    if (change.kind === 'port') await this.repos.ports.update(change.uuid, fields);
    else await this.repos.portgroups.update(change.uuid, fields);
  }
}
