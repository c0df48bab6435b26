import type { PortRecord } from '@ferrum/contracts';
import { MACAlreadyExists, PortAlreadyExists, PortDuplicateName, PortNotFound } from '@ferrum/errors';
import { DataSource, Repository } from 'typeorm';
import { PortEntity } from '../entities';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

export interface PortFilter {
  node_id?: number;
  /** Ports in this port group. */
  portgroup_uuid?: string;
  address?: string;
  node_ids?: number[];
  /** Ports of nodes this project owns or leases (a project-scoped caller's view). */
  project?: string;
  /** Ports of nodes in these conductor groups (1.99). */
  conductor_groups?: string[];
  /**
   * Ports whose description contains this (1.97): Ironic's `LIKE '%…%'`, so `%` and `_` in it stay wildcards;
   * case-sensitive, as on Ironic's PostgreSQL.
   */
  description_contains?: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** oslo's strutils.is_int_like: the text is exactly how Python would print the integer ("7", "-7"; not "07"). */
function isIntLike(value: string): boolean {
  return /^-?\d+$/.test(value) && BigInt(value).toString() === value;
}

function toPortRecord(e: PortEntity): PortRecord {
  const { node, ...rest } = e;
  return { ...rest, node_uuid: node?.uuid ?? '', created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

export class PortRepository {
  private readonly repo: Repository<PortEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(PortEntity);
  }

  private query() {
    // Inner join: a port whose node is gone is skipped, as Ironic's port list does.
    return this.repo.createQueryBuilder('port').innerJoinAndSelect('port.node', 'node');
  }

  async findByUuid(uuid: string): Promise<PortRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
    const e = await this.query().where('port.uuid = :uuid', { uuid }).getOne();
    return e ? toPortRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<PortRecord> {
    const port = await this.findByUuid(uuid);
    if (!port) throw new PortNotFound({ port: uuid });
    return port;
  }

  /**
   * Ironic's Port.get: an integer-like ident is the row id, a UUID the uuid, anything else the name (1.88).
   * Its MAC branch is left out: the API lets only UUIDs and logical names through, and no MAC is either.
   */
  async getByIdent(ident: string): Promise<PortRecord> {
    let qb = this.query();
    if (isIntLike(ident)) {
      const id = Number(ident);
      // Past the int4 column's range nothing can match (PostgreSQL would refuse the comparison).
      qb = Number.isSafeInteger(id) && Math.abs(id) <= 2 ** 31 - 1 ? qb.where('port.id = :id', { id }) : qb.where('false');
    } else if (UUID_RE.test(ident)) qb = qb.where('port.uuid = :ident', { ident });
    else qb = qb.where('port.name = :ident', { ident });
    const e = await qb.getOne();
    if (!e) throw new PortNotFound({ port: ident });
    return toPortRecord(e);
  }

  async list(filter: PortFilter, page: Page, marker?: PortRecord): Promise<PortRecord[]> {
    const qb = this.query();
    if (filter.node_id !== undefined) qb.andWhere('port.node_id = :nodeId', { nodeId: filter.node_id });
    if (filter.address !== undefined) qb.andWhere('port.address = :address', { address: filter.address });
    if (filter.portgroup_uuid !== undefined) qb.andWhere('port.portgroup_uuid = :pg', { pg: filter.portgroup_uuid });
    if (filter.project !== undefined) qb.andWhere('(node.owner = :project OR node.lessee = :project)', { project: filter.project });
    if (filter.conductor_groups?.length) qb.andWhere('node.conductor_group IN (:...groups)', { groups: filter.conductor_groups });
    if (filter.description_contains !== undefined) qb.andWhere('port.description LIKE :contains', { contains: `%${filter.description_contains}%` });
    if (filter.node_ids) {
      if (filter.node_ids.length === 0) return [];
      qb.andWhere('port.node_id IN (:...nodeIds)', { nodeIds: filter.node_ids });
    }
    return (await applyPage(qb, 'port', page, marker).getMany()).map(toPortRecord);
  }

  async insert(port: Partial<PortEntity>): Promise<PortRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(port as never);
      const row = await this.query().where('port.id = :id', { id: saved.identifiers[0].id as number }).getOneOrFail();
      return toPortRecord(row);
    } catch (error) {
      throw this.translate(error, port, 'insert');
    }
  }

  async update(uuid: string, changes: Partial<PortEntity>): Promise<PortRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(PortEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      throw this.translate(error, changes, 'update');
    }
    return this.getByUuid(uuid);
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.repo.delete({ uuid });
    if (!result.affected) throw new PortNotFound({ port: uuid });
  }

  /** Every port's MAC (lower case), and whether its node is in one of `states` (the PXE filter's one read). */
  async macsByNodeState(states: readonly string[]): Promise<{ all: Set<string>; inStates: Set<string> }> {
    const rows: { address: string; hit: boolean }[] = await this.repo.query(
      'SELECT lower(p.address) AS address, (n.provision_state = ANY($1)) AS hit FROM ports p JOIN nodes n ON n.id = p.node_id',
      [states],
    );
    return { all: new Set(rows.map((r) => r.address)), inStates: new Set(rows.filter((r) => r.hit).map((r) => r.address)) };
  }

  /**
   * Ironic's create_port knows only the MAC: any other clash, a taken name included, is PortAlreadyExists
   * with the new port's UUID. Only update_port says PortDuplicateName. Clients see exactly that, so we keep it.
   */
  private translate(error: unknown, port: Partial<PortEntity>, write: 'insert' | 'update'): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('address')) return new MACAlreadyExists({ mac: String(port.address) });
    if (write === 'update' && column === 'name') return new PortDuplicateName({ name: String(port.name) });
    return new PortAlreadyExists({ uuid: String(port.uuid) });
  }
}
