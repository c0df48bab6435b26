import { Inject, Injectable } from '@nestjs/common';
import {
  NodeRecord,
  pyStr,
  VolumeConnectorChanges,
  VolumeConnectorCreateInput,
  VolumeConnectorRecord,
  VolumeTargetChanges,
  VolumeTargetCreateInput,
  VolumeTargetRecord,
} from '@ferrum/contracts';
import { InvalidStateRequested, NodeNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { TaskManager } from '../locks/task-manager';
import { REPOS } from '../tokens';

/** Ironic changes a node's volumes only while the node is off: a powered machine may be using them. */
function checkPoweredOff(node: NodeRecord, action: string): void {
  if (node.power_state !== 'power off') throw new InvalidStateRequested({ action, node: node.uuid, state: pyStr(node.power_state) });
}

/**
 * Volume connector and target writes (Ironic's update/destroy_volume_connector and _target; creation is
 * Ironic's API writing the row). Updates and deletes hold the node's exclusive lock — the lock of the node
 * the object ends up on when a patch moves it, as Ironic's — and refuse unless that node is powered off.
 */
@Injectable()
export class VolumeService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
  ) {}

  async createConnector(input: VolumeConnectorCreateInput): Promise<VolumeConnectorRecord> {
    const { node_uuid: nodeUuid, ...fields } = input;
    return this.repos.volumeConnectors.insert({ ...fields, node_id: (await this.node(nodeUuid)).id });
  }

  async updateConnector(uuid: string, changes: VolumeConnectorChanges): Promise<VolumeConnectorRecord> {
    const connector = await this.repos.volumeConnectors.getByUuid(uuid);
    const { node_uuid: nodeUuid = connector.node_uuid, ...fields } = changes;
    return this.tasks.withExclusive((await this.node(nodeUuid)).uuid, async ({ node }) => {
      checkPoweredOff(node, 'volume connector update');
      return this.repos.volumeConnectors.update(connector, { ...fields, ...(node.id !== connector.node_id && { node_id: node.id }) });
    });
  }

  async deleteConnector(uuid: string): Promise<void> {
    const connector = await this.repos.volumeConnectors.getByUuid(uuid);
    await this.tasks.withExclusive(connector.node_uuid, async ({ node }) => {
      checkPoweredOff(node, 'volume connector deletion');
      await this.repos.volumeConnectors.delete(connector.uuid);
    });
  }

  async createTarget(input: VolumeTargetCreateInput): Promise<VolumeTargetRecord> {
    const { node_uuid: nodeUuid, ...fields } = input;
    return this.repos.volumeTargets.insert({ ...fields, node_id: (await this.node(nodeUuid)).id });
  }

  async updateTarget(uuid: string, changes: VolumeTargetChanges): Promise<VolumeTargetRecord> {
    const target = await this.repos.volumeTargets.getByUuid(uuid);
    const { node_uuid: nodeUuid = target.node_uuid, ...fields } = changes;
    return this.tasks.withExclusive((await this.node(nodeUuid)).uuid, async ({ node }) => {
      checkPoweredOff(node, 'volume target update');
      return this.repos.volumeTargets.update(target, { ...fields, ...(node.id !== target.node_id && { node_id: node.id }) });
    });
  }

  async deleteTarget(uuid: string): Promise<void> {
    const target = await this.repos.volumeTargets.getByUuid(uuid);
    await this.tasks.withExclusive(target.node_uuid, async ({ node }) => {
      checkPoweredOff(node, 'volume target deletion');
      await this.repos.volumeTargets.delete(target.uuid);
    });
  }

  private async node(uuid: string): Promise<NodeRecord> {
    const node = await this.repos.nodes.findByUuid(uuid);
    if (!node) throw new NodeNotFound({ node: uuid });
    return node;
  }
}
