import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NodeRecord, PortChanges, PortCreateInput, PortRecord, pyStr } from '@ferrum/contracts';
import { Conflict, InvalidParameterValue, InvalidState } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { TaskManager } from '../locks/task-manager';
import { PORT_CONNECTIVITY_STATES } from '../nodes/node-rules';
import { REPOS } from '../tokens';

const CONNECTIVITY_FIELDS = ['pxe_enabled', 'local_link_connection', 'physical_network', 'portgroup_uuid'] as const;

/** Port writes take the owning node's exclusive lock (§9), so they never race a power or provision action. */
@Injectable()
export class PortService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
  ) {}

  async create(input: PortCreateInput): Promise<PortRecord> {
    const node = await this.repos.nodes.findByUuid(input.node_uuid);
    if (!node) throw new InvalidParameterValue({ message: `Node ${input.node_uuid} could not be found.` });
    return this.tasks.withExclusive(node.uuid, async (task) => {
      const { node_uuid: _nodeUuid, ...fields } = input;
      return this.repos.ports.insert({ ...fields, uuid: input.uuid ?? randomUUID(), node_id: task.node.id });
    });
  }

  async update(portUuid: string, changes: PortChanges): Promise<PortRecord> {
    const port = await this.repos.ports.getByUuid(portUuid);
    return this.tasks.withExclusive(port.node_uuid, ({ node }) => this.updateLocked(node, port, changes));
  }

  /** The rules of a port update, for a port of a node this conductor has locked. */
  async updateLocked(node: NodeRecord, port: PortRecord, changes: PortChanges): Promise<PortRecord> {
    const updates: Record<string, unknown> = { ...changes };
    if (changes.address !== undefined && changes.address !== port.address && !node.maintenance) {
      if (node.provision_state === 'active' || node.instance_uuid) {
        throw new InvalidState({ message: `Cannot update hardware address for port ${port.uuid} as node ${node.uuid} is active or has instance UUID assigned` });
      }
    }
    const connectivityChanged = CONNECTIVITY_FIELDS.some(
      (f) => f in changes && JSON.stringify(changes[f]) !== JSON.stringify(port[f]),
    );
    if (connectivityChanged && !node.maintenance && !PORT_CONNECTIVITY_STATES.includes(node.provision_state)) {
      // Ironic's words; it joins the attributes from a Python set, whose order varies between its processes:
      // this is one it prints.
      throw new InvalidState({
        message: `Port ${port.uuid} can not have any connectivity attributes (pxe_enabled, local_link_connection, portgroup_id, physical_network) updated unless node ${node.uuid} is in a ${PORT_CONNECTIVITY_STATES.join(', ')} state or in maintenance mode. The current state is ${node.provision_state}.`,
      });
    }
    if (changes.node_uuid !== undefined && changes.node_uuid !== port.node_uuid) {
      const target = await this.repos.nodes.findByUuid(changes.node_uuid);
      if (!target) throw new InvalidParameterValue({ message: `Node ${changes.node_uuid} could not be found.` });
      updates.node_id = target.id;
    }
    delete updates.node_uuid;
    await this.checkStandalone(node, { ...port, ...changes });
    return this.repos.ports.update(port.uuid, updates);
  }

  /**
   * The `flat` network interface's rule (noop has none): a port booting from the network or carrying a
   * tenant VIF cannot be a member of a group that does not support standalone ports.
   */
  private async checkStandalone(node: NodeRecord, port: Pick<PortRecord, 'uuid' | 'portgroup_uuid' | 'pxe_enabled' | 'extra' | 'internal_info'>): Promise<void> {
    if ((node.network_interface ?? 'noop') === 'noop' || !port.portgroup_uuid) return;
    const group = await this.repos.portgroups.findByUuid(port.portgroup_uuid);
    if (!group || group.standalone_ports_supported) return;
    const vif = port.internal_info?.tenant_vif_port_id ?? port.extra?.vif_port_id;
    const reason = [...(port.pxe_enabled ? ["'pxe_enabled' was set to True"] : []), ...(vif ? [`VIF ${pyStr(vif)} is attached to the port`] : [])];
    if (reason.length) {
      throw new Conflict({
        message: `Port group ${group.uuid} doesn't support standalone ports. This port ${port.uuid} cannot be a member of that port group because of: ${reason.join(', ')}`,
      });
    }
  }

  async delete(portUuid: string): Promise<void> {
    const port = await this.repos.ports.getByUuid(portUuid);
    await this.tasks.withExclusive(port.node_uuid, () => this.repos.ports.delete(port.uuid));
  }
}
