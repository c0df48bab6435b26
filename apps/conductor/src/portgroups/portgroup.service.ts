import { Inject, Injectable } from '@nestjs/common';
import { NodeRecord, pyStr, PortgroupChanges, PortgroupCreateInput, PortgroupRecord } from '@ferrum/contracts';
import { Conflict, InvalidState, NodeNotFound, PortgroupNotEmpty } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { TaskManager } from '../locks/task-manager';
import { PORT_CONNECTIVITY_STATES } from '../nodes/node-rules';
import { REPOS } from '../tokens';

/** Ironic's [DEFAULT]default_portgroup_mode: a group created without a mode gets this one. */
export const DEFAULT_PORTGROUP_MODE = 'active-backup';

/**
 * Port group writes (Ironic's create/update/destroy_portgroup). Updates and deletes take the node's
 * exclusive lock; moving a group takes the lock of the node it moves to, and checks that node's state.
 */
@Injectable()
export class PortgroupService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
  ) {}

  async create(input: PortgroupCreateInput): Promise<PortgroupRecord> {
    const node = await this.repos.nodes.findByUuid(input.node_uuid);
    if (!node) throw new NodeNotFound({ node: input.node_uuid });
    const { node_uuid: _nodeUuid, ...fields } = input;
    return this.repos.portgroups.insert({ ...fields, mode: fields.mode || DEFAULT_PORTGROUP_MODE, node_id: node.id });
  }

  /** `portsPhysicalNetwork`: also given to every member port (Ironic's update_portgroup_physical_network, 1.102). */
  async update(uuid: string, changes: PortgroupChanges, portsPhysicalNetwork?: string | null): Promise<PortgroupRecord> {
    const group = await this.repos.portgroups.getByIdent(uuid);
    const moving = changes.node_uuid !== undefined && changes.node_uuid !== group.node_uuid;
    const nodeUuid = moving ? changes.node_uuid! : group.node_uuid;
    if (moving && !(await this.repos.nodes.findByUuid(nodeUuid))) throw new NodeNotFound({ node: nodeUuid });
    return this.tasks.withExclusive(nodeUuid, async ({ node }) => {
      if (moving) await this.checkMove(group, node);
      if (changes.standalone_ports_supported === false && group.standalone_ports_supported) await this.checkStandalone(group, node);
      const { node_uuid: _nodeUuid, ...fields } = changes;
      const updated = await this.repos.portgroups.update(group.uuid, { ...fields, ...(moving && { node_id: node.id }) });
      if (portsPhysicalNetwork !== undefined) await this.repos.portgroups.setMembersPhysicalNetwork(group.uuid, portsPhysicalNetwork);
      return updated;
    });
  }

  async delete(uuid: string): Promise<void> {
    const group = await this.repos.portgroups.getByIdent(uuid);
    await this.tasks.withExclusive(group.node_uuid, () => this.repos.portgroups.delete(group.uuid));
  }

  /** A group moves to another node only while that node is being set up (or in maintenance), and only empty. */
  private async checkMove(group: PortgroupRecord, node: NodeRecord): Promise<void> {
    if (!PORT_CONNECTIVITY_STATES.includes(node.provision_state) && !node.maintenance) {
      throw new InvalidState({
        message: `Portgroup ${group.uuid} can not be associated to node ${node.uuid} unless the node is in a ${PORT_CONNECTIVITY_STATES.join(', ')} state or in maintenance mode.`,
      });
    }
    if ((await this.repos.portgroups.memberPorts(group.uuid)).length) {
      throw new PortgroupNotEmpty({
        message: `Portgroup ${group.uuid} can not be associated with node ${node.uuid} because there are ports associated with this portgroup.`,
      });
    }
  }

  /**
   * The `flat` network interface's rule (noop has none): a group whose members boot from the network or
   * carry a tenant VIF must keep supporting standalone ports.
   */
  private async checkStandalone(group: PortgroupRecord, node: NodeRecord): Promise<void> {
    if ((node.network_interface ?? 'noop') === 'noop') return;
    for (const port of await this.repos.portgroups.memberPorts(group.uuid)) {
      const vif = port.internal_info.tenant_vif_port_id ?? port.extra.vif_port_id;
      const reason = [...(port.pxe_enabled ? ["'pxe_enabled' is set to True"] : []), ...(vif ? [`VIF ${pyStr(vif)} is attached to this port`] : [])];
      if (reason.length) {
        throw new Conflict({
          message: `standalone_ports_supported can not be set to False, because the port group ${group.uuid} contains port with ${reason.join(' and ')}`,
        });
      }
    }
  }
}
