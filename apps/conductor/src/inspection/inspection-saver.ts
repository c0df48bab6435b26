import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { byCodePoint, isValidTrait, type InspectionChanges, type NodeRecord, type PortRecord } from '@ferrum/contracts';
import { FerrumError, InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { NodeTask } from '../locks/task-manager';
import { NodeService } from '../nodes/node.service';
import { MAX_TRAITS_PER_NODE } from '../nodes/node-traits.service';
import { PortService } from '../ports/port.service';
import { LOGGER, REPOS } from '../tokens';

/**
 * Saves what an inspection learned, under the node's lock the caller holds: out-of-band (a driver read the
 * BMC) and in-band (the inspector's whole result, one call per callback) go through here alike.
 * Properties are merged over the node's (what was found wins, other keys stay); a port is created for
 * each new MAC (a MAC that belongs to another node is skipped with a warning, as Ironic's
 * create_ports_if_not_exist does); pxe_enabled is fixed and ports removed where asked; the rules' edits
 * come last, checked as any node update is.
 */
@Injectable()
export class InspectionSaver {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly nodes: NodeService,
    private readonly ports: PortService,
  ) {}

  async save(task: NodeTask, result: InspectionChanges): Promise<NodeRecord> {
    if (result.properties) await task.save({ properties: { ...task.node.properties, ...result.properties } });
    const { add = [], set_pxe = [], remove = [], update = [] } = result.ports ?? {};
    if (add.length || set_pxe.length || remove.length || update.length) {
      const mine = new Map((await this.portsOf(task.node)).map((p) => [p.address.toLowerCase(), p]));
      for (const port of add) {
        const address = port.address.toLowerCase();
        if (mine.has(address)) continue;
        const [other] = await this.repos.ports.list({ address }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
        if (other) {
          this.logger.warn({ node: task.node.uuid, address, owner: other.node_uuid }, 'inspected MAC already belongs to another node; no port created');
          continue;
        }
        try {
          // Known from now on: the hooks' updates below (local-link-connection, physical-network) may name it.
          mine.set(address, await this.repos.ports.insert({ uuid: randomUUID(), address, node_id: task.node.id, pxe_enabled: port.pxe_enabled ?? true, ...(port.extra ? { extra: port.extra } : {}) }));
        } catch (err) {
          if (!(err instanceof FerrumError && (err.code === 'MACAlreadyExists' || err.code === 'PortAlreadyExists'))) throw err;
        }
      }
      for (const { address, pxe_enabled } of set_pxe) {
        const port = mine.get(address.toLowerCase());
        if (port && port.pxe_enabled !== pxe_enabled) await this.ports.updateLocked(task.node, port, { pxe_enabled });
      }
      for (const { address, changes } of update) {
        const port = mine.get(address.toLowerCase());
        if (port) await this.ports.updateLocked(task.node, port, changes);
      }
      for (const address of remove) {
        const port = mine.get(address.toLowerCase());
        if (port) await this.repos.ports.delete(port.uuid);
      }
    }
    if (result.traits) await this.traits(task, result.traits);
    if (result.changes && Object.keys(result.changes).length) return this.nodes.updateLocked(task, result.changes);
    return task.node;
  }

  /** Ironic's add-/remove-trait rule actions: checked as the traits API checks them (syntax, at most 50). */
  private async traits(task: NodeTask, traits: string[]): Promise<void> {
    const next = [...new Set(traits)].sort(byCodePoint);
    const bad = next.find((t) => !isValidTrait(t));
    if (bad !== undefined) throw new InvalidParameterValue({ message: `Invalid trait ${bad}: a trait is a standard trait or CUSTOM_ followed by letters, digits and underscores` });
    if (next.length > MAX_TRAITS_PER_NODE) {
      throw new InvalidParameterValue({
        message: `Could not modify traits for node ${task.node.id} as it would exceed the maximum number of traits per node (${next.length} vs. ${MAX_TRAITS_PER_NODE})`,
      });
    }
    await task.save({ traits: next });
  }

  private portsOf(node: NodeRecord): Promise<PortRecord[]> {
    return this.repos.ports.list({ node_id: node.id }, { limit: 10_000, sortKey: 'id', sortDir: 'asc' });
  }
}
