import { Inject, Injectable } from '@nestjs/common';
import type { AllocationCreateInput, AllocationRecord, NodeRecord } from '@ferrum/contracts';
import { AllocationFailed, InvalidState, NodeLocked, NodeNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { UPDATE_ALLOWED_STATES, stateIn } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { CONFIG, LOGGER, REPOS } from '../tokens';

const ALL = { limit: Number.MAX_SAFE_INTEGER, sortKey: 'id', sortDir: 'asc' } as const;

const hasTraits = (node: NodeRecord, traits: string[]) => traits.every((t) => node.traits.includes(t));

/**
 * Allocations (Ironic's conductor/allocations.py): pick a random available node of the resource class
 * that has the traits (among the candidates, of the owner, the allocation's name first), then hold it
 * under its lock — its instance_uuid becomes the allocation's. A backfill describes an active node.
 */
@Injectable()
export class AllocationService {
  /** Allocations this process is working on (the orphan pass leaves them alone). */
  private readonly running = new Set<string>();

  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(CONFIG) private readonly config: Pick<ConductorConfig, 'hostname'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(input: AllocationCreateInput): Promise<AllocationRecord> {
    const { node_uuid: nodeUuid, ...fields } = input;
    const node = nodeUuid ? await this.repos.nodes.findByUuid(nodeUuid) : undefined;
    if (nodeUuid && !node) throw new NodeNotFound({ node: nodeUuid });
    // The slot first: a full pool refuses before anything is written.
    const slot = node ? undefined : this.pool.reserve();
    let allocation: AllocationRecord;
    try {
      allocation = await this.repos.allocations.insert({ ...fields, state: 'allocating', conductor_affinity: this.config.hostname });
    } catch (err) {
      slot?.release();
      throw err;
    }
    if (node) return this.backfill(allocation, node);
    slot!.run(() => this.allocate(allocation));
    return allocation;
  }

  /**
   * Finishes allocations a dead conductor (or this one before a restart) left `allocating` (Ironic's
   * _check_orphan_allocations). @returns the uuids taken over
   */
  async resumeOrphans(heartbeatTimeoutS: number): Promise<string[]> {
    const alive = (await this.repos.conductors.listAlive(heartbeatTimeoutS)).map((c) => c.hostname);
    const orphans = await this.repos.allocations.takeOverOrphans(this.config.hostname, alive, [...this.running]);
    for (const allocation of orphans) {
      let slot;
      try {
        slot = this.pool.reserve();
      } catch {
        // A full pool leaves the rest for the next pass: they stay this conductor's and are taken again then.
        break;
      }
      slot.run(() => this.allocate(allocation));
    }
    if (orphans.length) this.logger.info({ allocations: orphans.map((a) => a.uuid) }, 'took over orphaned allocations');
    return orphans.map((a) => a.uuid);
  }

  async destroy(uuid: string): Promise<void> {
    const allocation = await this.repos.allocations.get(uuid);
    if (!allocation.node_uuid) return this.repos.allocations.delete(allocation.uuid);
    await this.tasks.withExclusive(allocation.node_uuid, async ({ node }) => {
      if (!node.maintenance) {
        if (node.target_provision_state && !stateIn(UPDATE_ALLOWED_STATES, node.provision_state)) {
          throw new InvalidState({
            message: `Cannot remove allocation ${allocation.uuid} for node ${node.uuid}, because the node is in state ${node.provision_state} where updates are not allowed (and maintenance mode is off)`,
          });
        }
        if (node.provision_state === 'active') {
          throw new InvalidState({ message: `Cannot remove allocation ${allocation.uuid} for node ${node.uuid}, because the node is active (and maintenance mode is off)` });
        }
      }
      // Removed while the node's lock is held, so no deploy can start on the node in between.
      await this.repos.allocations.delete(allocation.uuid);
    });
  }

  /** Ironic's do_allocate: never throws; a failure leaves the allocation in `error` with the reason. */
  private async allocate(allocation: AllocationRecord): Promise<void> {
    this.running.add(allocation.uuid);
    try {
      await this.reserveOne(allocation, await this.candidates(allocation));
    } catch (err) {
      const reason = err instanceof AllocationFailed ? err.message : `Unexpected exception during allocation: ${err instanceof Error ? err.message : String(err)}`;
      this.logger.warn({ allocation: allocation.uuid, reason }, 'allocation failed');
      await this.repos.allocations.update(allocation.uuid, { state: 'error', last_error: reason, node_id: null }).catch(() => undefined);
    } finally {
      this.running.delete(allocation.uuid);
    }
  }

  private async candidates(allocation: AllocationRecord): Promise<NodeRecord[]> {
    const nodes = (
      await this.repos.nodes.list(
        {
          resource_class: allocation.resource_class ?? undefined,
          provision_state: 'available',
          associated: false,
          maintenance: false,
          ...(allocation.candidate_nodes.length && { uuids: allocation.candidate_nodes }),
          ...(allocation.owner && { project: allocation.owner }),
        },
        ALL,
      )
    ).filter((n) => n.power_state !== null);
    const fail = (error: string) => new AllocationFailed({ uuid: allocation.uuid, error });
    if (!nodes.length) {
      throw fail(
        allocation.candidate_nodes.length
          ? `none of the requested nodes are available and match the resource class ${allocation.resource_class}`
          : `no available nodes match the resource class ${allocation.resource_class}`,
      );
    }
    const fitting = allocation.traits.length ? nodes.filter((n) => hasTraits(n, allocation.traits)) : nodes;
    if (!fitting.length) throw fail(`no suitable nodes have the requested traits ${allocation.traits.join(', ')}`);
    // Random, so concurrent allocations spread over the nodes; a node named like the allocation first.
    for (let i = fitting.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [fitting[i], fitting[j]] = [fitting[j], fitting[i]];
    }
    const named = fitting.findIndex((n) => allocation.name && n.name === allocation.name);
    if (named > 0) fitting.unshift(...fitting.splice(named, 1));
    return fitting;
  }

  /** Tries each candidate under its lock, re-checking it there; locked ones are retried on the next round. */
  private async reserveOne(allocation: AllocationRecord, nodes: NodeRecord[]): Promise<void> {
    let remaining = nodes;
    for (let round = 0; round < 3 && remaining.length; round++) {
      const locked: NodeRecord[] = [];
      for (const candidate of remaining) {
        try {
          const held = await this.tasks.withExclusive(candidate.uuid, async ({ node }) => {
            if (!this.stillFits(node, allocation)) return false;
            await this.repos.allocations.assign(allocation.uuid, node.id, this.config.hostname);
            return true;
          });
          if (held) {
            this.logger.info({ allocation: allocation.uuid, node: candidate.uuid }, 'node reserved for allocation');
            return;
          }
        } catch (err) {
          if (err instanceof NodeLocked) locked.push(candidate);
          else if (!(err instanceof NodeNotFound)) throw err;
        }
      }
      remaining = locked;
    }
    throw new AllocationFailed({
      uuid: allocation.uuid,
      error: remaining.length ? `could not reserve any of ${remaining.length} suitable nodes` : 'all nodes were filtered out during reservation',
    });
  }

  private stillFits(node: NodeRecord, allocation: AllocationRecord): boolean {
    return (
      !node.maintenance &&
      !node.instance_uuid &&
      node.provision_state === 'available' &&
      node.resource_class === allocation.resource_class &&
      hasTraits(node, allocation.traits)
    );
  }

  /** Ironic's backfill_allocation: the allocation describes an active node; a mismatch fails it (kept in error). */
  private async backfill(allocation: AllocationRecord, target: NodeRecord): Promise<AllocationRecord> {
    try {
      return await this.tasks.withExclusive(target.uuid, async ({ node }) => {
        const errors: string[] = [];
        if (node.provision_state !== 'active') errors.push(`Node must be in the "active" state, but the current state is "${node.provision_state}"`);
        if (allocation.resource_class && node.resource_class !== allocation.resource_class) {
          errors.push(`Resource class ${node.resource_class} does not match the requested resource class ${allocation.resource_class}`);
        }
        if (allocation.traits.length && !hasTraits(node, allocation.traits)) {
          errors.push(`List of traits ${JSON.stringify(node.traits)} does not match the requested traits ${JSON.stringify(allocation.traits)}`);
        }
        if (allocation.candidate_nodes.length && !allocation.candidate_nodes.includes(node.uuid)) {
          errors.push(`Candidate nodes must be empty or contain the target node, but got ${JSON.stringify(allocation.candidate_nodes)}`);
        }
        if (errors.length) throw new AllocationFailed({ uuid: allocation.uuid, error: `Cannot backfill an allocation for node ${node.uuid}: ${errors.join('; ')}` });
        return this.repos.allocations.assign(allocation.uuid, node.id, this.config.hostname);
      });
    } catch (err) {
      await this.repos.allocations.update(allocation.uuid, { state: 'error', last_error: err instanceof Error ? err.message : String(err), node_id: null }).catch(() => undefined);
      throw err;
    }
  }
}
