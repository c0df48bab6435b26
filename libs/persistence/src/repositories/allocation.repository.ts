import { DataSource, Repository } from 'typeorm';
import type { AllocationRecord } from '@ferrum/contracts';
import { AllocationAlreadyExists, AllocationDuplicateName, AllocationNotFound, NodeAssociated } from '@ferrum/errors';
import { AllocationEntity } from '../entities/allocation.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AllocationFilter {
  node_id?: number;
  resource_class?: string;
  state?: string;
  owner?: string;
}

function toRecord(e: AllocationEntity): AllocationRecord {
  const { node, ...rest } = e;
  return { ...rest, node_uuid: node?.uuid ?? null, state: e.state as AllocationRecord['state'], created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Allocations. Holding a node and releasing it change the node row in the same transaction. */
export class AllocationRepository {
  private readonly repo: Repository<AllocationEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(AllocationEntity);
  }

  private query() {
    return this.repo.createQueryBuilder('allocation').leftJoinAndSelect('allocation.node', 'node');
  }

  async find(ident: string): Promise<AllocationRecord | undefined> {
    const e = await this.query().where(UUID_RE.test(ident) ? 'allocation.uuid = :ident' : 'allocation.name = :ident', { ident }).getOne();
    return e ? toRecord(e) : undefined;
  }

  async get(ident: string): Promise<AllocationRecord> {
    const found = await this.find(ident);
    if (!found) throw new AllocationNotFound({ allocation: ident });
    return found;
  }

  async list(filter: AllocationFilter, page: Page, marker?: AllocationRecord): Promise<AllocationRecord[]> {
    const qb = this.query();
    for (const key of ['node_id', 'resource_class', 'state', 'owner'] as const) {
      if (filter[key] !== undefined) qb.andWhere(`allocation.${key} = :${key}`, { [key]: filter[key] });
    }
    return (await applyPage(qb, 'allocation', page, marker).getMany()).map(toRecord);
  }

  async insert(values: Partial<AllocationEntity>): Promise<AllocationRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.insert(values as never);
    } catch (error) {
      throw this.translate(error, values);
    }
    return this.get(values.uuid!);
  }

  async update(uuid: string, changes: Partial<Pick<AllocationEntity, 'name' | 'extra' | 'state' | 'last_error' | 'node_id'>>): Promise<AllocationRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(AllocationEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      throw this.translate(error, { uuid, ...changes });
    }
    return this.get(uuid);
  }

  /**
   * The allocation takes the node (Ironic's update_allocation with a node): the node's instance_uuid and
   * allocation become the allocation's, its instance_info.traits the allocation's traits. The caller holds
   * the node's lock; a node already holding another instance is refused (NodeAssociated).
   */
  async assign(uuid: string, nodeId: number, host: string): Promise<AllocationRecord> {
    await this.dataSource.transaction(async (m) => {
      const [allocation]: { id: number; traits: string[] | null }[] = await m.query('SELECT id, traits FROM allocations WHERE uuid = $1 FOR UPDATE', [uuid]);
      if (!allocation) throw new AllocationNotFound({ allocation: uuid });
      const rows: { uuid: string; instance_uuid: string | null }[] = await m.query('SELECT uuid, instance_uuid FROM nodes WHERE id = $1 AND reservation = $2', [nodeId, host]);
      if (rows[0]?.instance_uuid && rows[0].instance_uuid !== uuid) throw new NodeAssociated({ node: rows[0].uuid, instance: rows[0].instance_uuid });
      // Only an allocation still waiting for a node takes one: a second worker on it (a takeover racing the
      // first) finds it done and changes nothing.
      const claimed = await m
        .createQueryBuilder()
        .update(AllocationEntity)
        .set({ node_id: nodeId, state: 'active', last_error: null, updated_at: () => 'now()' })
        .where('uuid = :uuid AND node_id IS NULL', { uuid })
        .returning('id')
        .execute();
      if (!((claimed.raw as unknown[] | undefined) ?? []).length) throw new AllocationNotFound({ message: `Allocation ${uuid} already holds a node.` });
      await m.query(
        `UPDATE nodes SET instance_uuid = $1, allocation_uuid = $1, instance_info = jsonb_set(instance_info, '{traits}', $2::jsonb), updated_at = now() WHERE id = $3 AND reservation = $4`,
        [uuid, JSON.stringify(allocation.traits ?? []), nodeId, host],
      );
    });
    return this.get(uuid);
  }

  /**
   * Ironic's take_over_allocation for every orphan at once: allocations still `allocating` whose conductor
   * is not alive (or is this one, but not working on them) become this conductor's, atomically, so two
   * conductors never both take one. @returns the taken ones
   */
  async takeOverOrphans(host: string, alive: string[], runningHere: string[]): Promise<AllocationRecord[]> {
    const result = await this.repo
      .createQueryBuilder()
      .update(AllocationEntity)
      .set({ conductor_affinity: host, updated_at: () => 'now()' })
      .where(`state = 'allocating' AND NOT (uuid::text = ANY(:running))`, { running: runningHere })
      .andWhere('(conductor_affinity IS NULL OR conductor_affinity = :host OR NOT (conductor_affinity = ANY(:alive)))', { host, alive: alive.filter((h) => h !== host) })
      .returning('uuid')
      .execute();
    const rows = (result.raw ?? []) as { uuid: string }[];
    const taken: AllocationRecord[] = [];
    for (const { uuid } of rows) {
      const found = await this.find(uuid);
      if (found) taken.push(found);
    }
    return taken;
  }

  /** Deletes the allocation; the node it held forgets its instance (Ironic's destroy_allocation). */
  async delete(uuid: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [allocation]: { id: number }[] = await m.query('SELECT id FROM allocations WHERE uuid = $1 FOR UPDATE', [uuid]);
      if (!allocation) throw new AllocationNotFound({ allocation: uuid });
      await m.query(`UPDATE nodes SET instance_uuid = NULL, allocation_uuid = NULL, updated_at = now() WHERE allocation_uuid = $1`, [uuid]);
      await m.query('DELETE FROM allocations WHERE uuid = $1', [uuid]);
    });
  }

  private translate(error: unknown, values: Partial<AllocationEntity>): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('name')) return new AllocationDuplicateName({ name: String(values.name) });
    return new AllocationAlreadyExists({ uuid: String(values.uuid) });
  }
}
