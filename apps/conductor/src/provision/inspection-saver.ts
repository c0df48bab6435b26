import { randomUUID } from 'node:crypto';
import type { InspectionResult } from '@ferrum/drivers';
import { FerrumError } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { NodeTask } from '../locks/task-manager';

/**
 * Saves what an out-of-band inspection read, under the node's lock: properties merged over the node's
 * (what was found wins, other keys stay), and a port for each MAC the node has no port for yet.
 * A MAC that belongs to another node is skipped with a warning, as Ironic's create_ports_if_not_exist does.
 */
export async function saveInspection(repos: Repositories, logger: Logger, task: NodeTask, result: InspectionResult): Promise<void> {
  await task.save({ properties: { ...task.node.properties, ...result.properties } });
  for (const port of result.ports) {
    const address = port.address.toLowerCase();
    const [existing] = await repos.ports.list({ address }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
    if (existing) {
      if (existing.node_uuid !== task.node.uuid) logger.warn({ node: task.node.uuid, address, owner: existing.node_uuid }, 'inspected MAC already belongs to another node; no port created');
      continue;
    }
    try {
      await repos.ports.insert({ uuid: randomUUID(), address, node_id: task.node.id, pxe_enabled: port.pxe_enabled ?? true });
    } catch (err) {
      if (!(err instanceof FerrumError && (err.code === 'MACAlreadyExists' || err.code === 'PortAlreadyExists'))) throw err;
    }
  }
}
