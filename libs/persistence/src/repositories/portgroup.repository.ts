import { DataSource, Repository } from 'typeorm';
import type { PortgroupRecord } from '@ferrum/contracts';
import {
  PortgroupAlreadyExists,
  PortgroupDuplicateName,
  PortgroupMACAlreadyExists,
  PortgroupNotEmpty,
  PortgroupNotFound,
} from '@ferrum/errors';
import { PortEntity } from '../entities/port.entity';
import { PortgroupEntity } from '../entities/portgroup.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

export interface PortgroupFilter {
  node_id?: number;
  address?: string;
  /** Port groups of nodes this project owns or leases (a project-scoped caller's view). */
  project?: string;
  /** Port groups of nodes in these conductor groups (1.99). */
  conductor_groups?: string[];
  /** Port groups of nodes in these shards (1.106). */
  shards?: string[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(e: PortgroupEntity): PortgroupRecord {
  const { node, ...rest } = e;
  return { ...rest, node_uuid: node?.uuid ?? '', created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Port group rows. A group with member ports cannot be deleted (PortgroupNotEmpty), as in Ironic. */
export class PortgroupRepository {
  private readonly repo: Repository<PortgroupEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(PortgroupEntity);
  }

  private query() {
    return this.repo.createQueryBuilder('portgroup').innerJoinAndSelect('portgroup.node', 'node');
  }

  async findByUuid(uuid: string): Promise<PortgroupRecord | undefined> {
    if (!UUID_RE.test(uuid)) return undefined;
    const e = await this.query().where('portgroup.uuid = :uuid', { uuid }).getOne();
    return e ? toRecord(e) : undefined;
  }

  async findByName(name: string): Promise<PortgroupRecord | undefined> {
    const e = await this.query().where('portgroup.name = :name', { name }).getOne();
    return e ? toRecord(e) : undefined;
  }

  /** By UUID when it looks like one, else by name (Ironic's get_rpc_portgroup). */
  async getByIdent(ident: string): Promise<PortgroupRecord> {
    const found = UUID_RE.test(ident) ? await this.findByUuid(ident) : await this.findByName(ident);
    if (!found) throw new PortgroupNotFound({ portgroup: ident });
    return found;
  }

  async list(filter: PortgroupFilter, page: Page, marker?: PortgroupRecord): Promise<PortgroupRecord[]> {
    const qb = this.query();
    if (filter.node_id !== undefined) qb.andWhere('portgroup.node_id = :nodeId', { nodeId: filter.node_id });
    if (filter.address !== undefined) qb.andWhere('portgroup.address = :address', { address: filter.address });
    if (filter.project !== undefined) qb.andWhere('(node.owner = :project OR node.lessee = :project)', { project: filter.project });
    if (filter.conductor_groups?.length) qb.andWhere('node.conductor_group IN (:...groups)', { groups: filter.conductor_groups });
    if (filter.shards?.length) qb.andWhere('node.shard IN (:...shards)', { shards: filter.shards });
    return (await applyPage(qb, 'portgroup', page, marker).getMany()).map(toRecord);
  }

  async insert(values: Partial<PortgroupEntity>): Promise<PortgroupRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(values as never);
      return toRecord(await this.query().where('portgroup.id = :id', { id: saved.identifiers[0].id as number }).getOneOrFail());
    } catch (error) {
      throw this.translate(error, values);
    }
  }

  async update(uuid: string, changes: Partial<PortgroupEntity>): Promise<PortgroupRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(PortgroupEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      throw this.translate(error, changes);
    }
    const found = await this.findByUuid(uuid);
    if (!found) throw new PortgroupNotFound({ portgroup: uuid });
    return found;
  }

  /** Member ports are checked and the row deleted in one transaction, so a port joining meanwhile cannot be orphaned. */
  async delete(uuid: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(PortgroupEntity).createQueryBuilder('pg').setLock('pessimistic_write').where('pg.uuid = :uuid', { uuid }).getOne();
      if (!row) throw new PortgroupNotFound({ portgroup: uuid });
      // Ironic names the group by its internal id here.
      if (await m.getRepository(PortEntity).exists({ where: { portgroup_uuid: uuid } })) throw new PortgroupNotEmpty({ portgroup: String(row.id) });
      await m.getRepository(PortgroupEntity).delete({ id: row.id });
    });
  }

  /** The ports in this group (what the rules on changing a group look at). */
  async memberPorts(uuid: string): Promise<Pick<PortEntity, 'uuid' | 'pxe_enabled' | 'extra' | 'internal_info'>[]> {
    return this.dataSource.getRepository(PortEntity).find({ where: { portgroup_uuid: uuid }, select: { uuid: true, pxe_enabled: true, extra: true, internal_info: true } });
  }

  /** Gives every member port this physical network (1.102); only ports that differ are written, as Ironic saves only those. */
  async setMembersPhysicalNetwork(uuid: string, physicalNetwork: string | null): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(PortEntity)
      .set({ physical_network: physicalNetwork, updated_at: () => 'now()' })
      .where('portgroup_uuid = :uuid AND physical_network IS DISTINCT FROM :physicalNetwork', { uuid, physicalNetwork })
      .execute();
  }

  private translate(error: unknown, values: Partial<PortgroupEntity>): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('address')) return new PortgroupMACAlreadyExists({ mac: String(values.address) });
    if (column.includes('name')) return new PortgroupDuplicateName({ name: String(values.name) });
    return new PortgroupAlreadyExists({ uuid: String(values.uuid) });
  }
}
