import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { INTERFACE_KINDS, NodeChanges, NodeCreateInput, NodeRecord } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import {
  Conflict,
  InvalidParameterValue,
  InvalidState,
  NodeAssociated,
  NodeProtected,
  NoValidHost,
} from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { NodeTask, TaskManager } from '../locks/task-manager';
import { DRIVERS, REPOS } from '../tokens';
import { INTERFACE_CHANGE_STATES, UPDATE_ALLOWED_STATES, deleteAllowedStates } from './node-rules';

// Ironic's allow_deleting_available_nodes defaults to true.
const DELETE_ALLOWED_STATES: readonly string[] = deleteAllowedStates(true);

const INTERFACE_FIELDS = INTERFACE_KINDS.map((k) => `${k}_interface` as const);

/** Node create/update/delete with Ironic's conductor-side rules (§6.3–§6.5). */
@Injectable()
export class NodeService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  async create(input: NodeCreateInput): Promise<NodeRecord> {
    this.assertDriver(input.driver);
    const { chassis_uuid, ...fields } = input;
    const interfaces = this.drivers.resolveInterfaces(input.driver, input);
    return this.repos.nodes.insert({
      ...(fields as object),
      ...interfaces,
      uuid: input.uuid ?? randomUUID(),
      chassis_id: await this.chassisId(chassis_uuid),
      conductor_group: (input.conductor_group ?? '').toLowerCase(),
      // Ironic's create_node leaves provision_updated_at null, whatever the initial state: only a change sets it.
      provision_state: input.provision_state ?? 'enroll',
      power_state: null,
    } as never);
  }

  /**
   * Answers the node as saved under the lock, as Ironic's update_node does: its reservation is this
   * conductor and its updated_at is the save's, not the release's.
   */
  async update(uuid: string, changes: NodeChanges, resetInterfaces = false): Promise<NodeRecord> {
    return this.tasks.withExclusive(uuid, (task) => this.updateLocked(task, changes, resetInterfaces));
  }

  /** The rules of a node update, on a node this conductor has locked (a PATCH, or rule edits saved with an inspection). */
  async updateLocked(task: NodeTask, changes: NodeChanges, resetInterfaces = false): Promise<NodeRecord> {
    const node = task.node;
    const updates: Record<string, unknown> = { ...changes };
    this.checkTransition(node, changes);
    if (node.provision_state === 'inspecting') {
      throw new Conflict({ message: `Node ${node.uuid} can not be updated while it is being inspected.` });
    }
    const interfaceChanged = INTERFACE_FIELDS.some((f) => f in changes);
    if ((interfaceChanged || 'driver' in changes) && !node.maintenance && !INTERFACE_CHANGE_STATES.includes(node.provision_state)) {
      throw new InvalidState({
        message: `Node ${node.uuid} can not have its interfaces or driver changed while in state "${node.provision_state}"; put it in maintenance first.`,
      });
    }
    const driver = changes.driver ?? node.driver;
    if ('driver' in changes || interfaceChanged || resetInterfaces) {
      this.assertDriver(driver);
      Object.assign(updates, this.drivers.resolveInterfaces(driver, { ...node, ...changes }, resetInterfaces));
    }
    if (changes.instance_uuid && node.instance_uuid && changes.instance_uuid !== node.instance_uuid) {
      throw new NodeAssociated({ node: node.uuid, instance: node.instance_uuid });
    }
    if ('resource_class' in changes && node.resource_class && !INTERFACE_CHANGE_STATES.includes(node.provision_state)) {
      throw new Conflict({
        message: `Node ${node.uuid} can not update resource class while in state "${node.provision_state}".`,
      });
    }
    const protectedNow = changes.protected ?? node.protected;
    if (changes.protected === true && !['active', 'rescue'].includes(node.provision_state)) {
      throw new Conflict({
        message: `Node ${node.uuid} can only be made protected in provision states 'active' or 'rescue', the current state is '${node.provision_state}'`,
      });
    }
    if (changes.protected_reason && !protectedNow) {
      throw new InvalidParameterValue({ message: 'The protected_reason field can only be set when protected is True' });
    }
    if (changes.protected === false) updates.protected_reason = null;
    if (changes.retired === true && node.provision_state === 'available') {
      throw new Conflict({
        message: `Node ${node.uuid} can not have 'retired' set in provision state 'available', the current state is '${node.provision_state}'`,
      });
    }
    if (changes.retired === false) updates.retired_reason = null;
    // Setting retired (either way) settles the reason first, so only a reason alone can be refused.
    if (changes.retired_reason && !('retired' in changes) && !node.retired) {
      throw new InvalidParameterValue({ message: 'The retired_reason field can only be set when retired is True' });
    }
    if (changes.maintenance === false) Object.assign(updates, { maintenance_reason: null, fault: null });
    if (typeof changes.conductor_group === 'string') updates.conductor_group = changes.conductor_group.toLowerCase();
    if ('chassis_uuid' in changes) {
      updates.chassis_id = await this.chassisId(changes.chassis_uuid);
      delete updates.chassis_uuid;
    }
    return task.save(updates);
  }

  async delete(uuid: string): Promise<void> {
    await this.tasks.withExclusive(uuid, async (task) => {
      const { node } = task;
      if (node.instance_uuid && !node.maintenance) throw new NodeAssociated({ node: node.uuid, instance: node.instance_uuid });
      if (node.protected) throw new NodeProtected({ node: node.uuid });
      if (!node.maintenance && !DELETE_ALLOWED_STATES.includes(node.provision_state)) {
        throw new InvalidState({
          // The states as Ironic prints them: a quoted Python tuple.
          message: `Can not delete node "${node.uuid}" while it is in provision state "${node.provision_state}". Valid provision states to perform deletion are: "(${DELETE_ALLOWED_STATES.map((st) => `'${st}'`).join(', ')})", or set the node into maintenance mode`,
        });
      }
      // Its console goes with it (Ironic's destroy_node); a console that will not stop does not keep the node.
      if (node.console_enabled) await this.drivers.get(node, 'console').stopConsole(task).catch(() => undefined);
      await task.destroy();
    });
  }

  private checkTransition(node: NodeRecord, changes: NodeChanges) {
    if (!node.target_provision_state || (UPDATE_ALLOWED_STATES as readonly string[]).includes(node.provision_state)) return;
    const onlyRemovesInstance = Object.keys(changes).length === 1 && 'instance_uuid' in changes && changes.instance_uuid === null;
    if (node.maintenance && onlyRemovesInstance) return;
    throw new Conflict({
      message: `Node ${node.uuid} can not be updated while a state transition is in progress.`,
    });
  }

  private assertDriver(driver: string) {
    if (!this.drivers.has(driver)) {
      throw new NoValidHost({ message: `No valid host was found. Reason: this conductor does not serve driver ${driver}.` });
    }
  }

  private async chassisId(chassisUuid: string | null | undefined): Promise<number | null> {
    if (!chassisUuid) return null;
    const chassis = await this.repos.chassis.findByUuid(chassisUuid);
    if (!chassis) throw new InvalidParameterValue({ message: `Chassis ${chassisUuid} could not be found.` });
    return chassis.id;
  }
}
