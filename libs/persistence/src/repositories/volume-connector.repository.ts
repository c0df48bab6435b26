import { DataSource, Repository } from 'typeorm';
import type { VolumeConnectorRecord } from '@ferrum/contracts';
import { VolumeConnectorAlreadyExists, VolumeConnectorNotFound, VolumeConnectorTypeAndIdAlreadyExists } from '@ferrum/errors';
import { VolumeConnectorEntity } from '../entities/volume-connector.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

export interface VolumeFilter {
  node_id?: number;
  /** Only those of nodes this project owns or leases (a project-scoped caller's view). */
  project?: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type VolumeConnectorValues = Partial<Pick<VolumeConnectorEntity, 'uuid' | 'node_id' | 'type' | 'connector_id' | 'extra'>>;

function toRecord(e: VolumeConnectorEntity): VolumeConnectorRecord {
  const { node, ...rest } = e;
  return { ...rest, node_uuid: node?.uuid ?? '', created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Volume connector rows; (type, connector_id) is unique across all nodes, as in Ironic. */
export class VolumeConnectorRepository {
  private readonly repo: Repository<VolumeConnectorEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(VolumeConnectorEntity);
  }

  private query() {
    return this.repo.createQueryBuilder('connector').innerJoinAndSelect('connector.node', 'node');
  }

  async findByUuid(uuid: string): Promise<VolumeConnectorRecord | undefined> {
    if (!UUID_RE.test(uuid)) return undefined;
    const e = await this.query().where('connector.uuid = :uuid', { uuid }).getOne();
    return e ? toRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<VolumeConnectorRecord> {
    const found = await this.findByUuid(uuid);
    if (!found) throw new VolumeConnectorNotFound({ connector: uuid });
    return found;
  }

  async list(filter: VolumeFilter, page: Page, marker?: VolumeConnectorRecord): Promise<VolumeConnectorRecord[]> {
    const qb = this.query();
    if (filter.node_id !== undefined) qb.andWhere('connector.node_id = :nodeId', { nodeId: filter.node_id });
    if (filter.project !== undefined) qb.andWhere('(node.owner = :project OR node.lessee = :project)', { project: filter.project });
    return (await applyPage(qb, 'connector', page, marker).getMany()).map(toRecord);
  }

  /** The node's connectors, oldest first (what its storage interface sees). */
  async listByNode(nodeId: number): Promise<VolumeConnectorRecord[]> {
    return (await this.query().where('connector.node_id = :nodeId', { nodeId }).orderBy('connector.id', 'ASC').getMany()).map(toRecord);
  }

  async insert(values: VolumeConnectorValues & { uuid: string; node_id: number }): Promise<VolumeConnectorRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(values as never);
      return toRecord(await this.query().where('connector.id = :id', { id: saved.identifiers[0].id as number }).getOneOrFail());
    } catch (error) {
      throw this.translate(error, values);
    }
  }

  /** Only what changed is written (and updated_at set), as Ironic's save(): a patch changing nothing leaves the row alone. */
  async update(current: VolumeConnectorRecord, changes: VolumeConnectorValues): Promise<VolumeConnectorRecord> {
    if (Object.keys(changes).length) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
        await this.repo.createQueryBuilder().update(VolumeConnectorEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid: current.uuid }).execute();
      } catch (error) {
        throw this.translate(error, { type: current.type, connector_id: current.connector_id, ...changes });
      }
    }
    return this.getByUuid(current.uuid);
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.repo.delete({ uuid });
    if (!result.affected) throw new VolumeConnectorNotFound({ connector: uuid });
  }

  private translate(error: unknown, values: VolumeConnectorValues): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('type')) return new VolumeConnectorTypeAndIdAlreadyExists({ type: String(values.type), connector_id: String(values.connector_id) });
    return new VolumeConnectorAlreadyExists({ uuid: String(values.uuid) });
  }
}
