import { DataSource, Repository } from 'typeorm';
import type { VolumeTargetRecord } from '@ferrum/contracts';
import { VolumeTargetAlreadyExists, VolumeTargetBootIndexAlreadyExists, VolumeTargetNotFound } from '@ferrum/errors';
import { VolumeTargetEntity } from '../entities/volume-target.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';
import type { VolumeFilter } from './volume-connector.repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type VolumeTargetValues = Partial<Pick<VolumeTargetEntity, 'uuid' | 'node_id' | 'volume_type' | 'properties' | 'boot_index' | 'volume_id' | 'extra'>>;

function toRecord(e: VolumeTargetEntity): VolumeTargetRecord {
  const { node, ...rest } = e;
  return { ...rest, node_uuid: node?.uuid ?? '', created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Volume target rows; a node has at most one target per boot index, as in Ironic. */
export class VolumeTargetRepository {
  private readonly repo: Repository<VolumeTargetEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(VolumeTargetEntity);
  }

  private query() {
    return this.repo.createQueryBuilder('target').innerJoinAndSelect('target.node', 'node');
  }

  async findByUuid(uuid: string): Promise<VolumeTargetRecord | undefined> {
    if (!UUID_RE.test(uuid)) return undefined;
    const e = await this.query().where('target.uuid = :uuid', { uuid }).getOne();
    return e ? toRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<VolumeTargetRecord> {
    const found = await this.findByUuid(uuid);
    if (!found) throw new VolumeTargetNotFound({ target: uuid });
    return found;
  }

  async list(filter: VolumeFilter, page: Page, marker?: VolumeTargetRecord): Promise<VolumeTargetRecord[]> {
    const qb = this.query();
    if (filter.node_id !== undefined) qb.andWhere('target.node_id = :nodeId', { nodeId: filter.node_id });
    if (filter.project !== undefined) qb.andWhere('(node.owner = :project OR node.lessee = :project)', { project: filter.project });
    return (await applyPage(qb, 'target', page, marker).getMany()).map(toRecord);
  }

  /** The node's targets, oldest first (what its storage interface sees). */
  async listByNode(nodeId: number): Promise<VolumeTargetRecord[]> {
    return (await this.query().where('target.node_id = :nodeId', { nodeId }).orderBy('target.id', 'ASC').getMany()).map(toRecord);
  }

  async insert(values: VolumeTargetValues & { uuid: string; node_id: number }): Promise<VolumeTargetRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(values as never);
      return toRecord(await this.query().where('target.id = :id', { id: saved.identifiers[0].id as number }).getOneOrFail());
    } catch (error) {
      throw this.translate(error, values);
    }
  }

  /** Only what changed is written (and updated_at set), as Ironic's save(): a patch changing nothing leaves the row alone. */
  async update(current: VolumeTargetRecord, changes: VolumeTargetValues): Promise<VolumeTargetRecord> {
    if (Object.keys(changes).length) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
        await this.repo.createQueryBuilder().update(VolumeTargetEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid: current.uuid }).execute();
      } catch (error) {
        throw this.translate(error, { boot_index: current.boot_index, ...changes });
      }
    }
    return this.getByUuid(current.uuid);
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.repo.delete({ uuid });
    if (!result.affected) throw new VolumeTargetNotFound({ target: uuid });
  }

  /** Ironic's tear_down_storage_configuration: a torn-down instance leaves no volume targets behind. */
  async deleteByNode(nodeId: number): Promise<void> {
    await this.repo.delete({ node_id: nodeId });
  }

  private translate(error: unknown, values: VolumeTargetValues): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('boot_index')) return new VolumeTargetBootIndexAlreadyExists({ boot_index: String(values.boot_index) });
    return new VolumeTargetAlreadyExists({ uuid: String(values.uuid) });
  }
}
