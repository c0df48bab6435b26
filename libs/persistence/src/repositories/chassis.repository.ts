import type { ChassisRecord } from '@ferrum/contracts';
import { ChassisAlreadyExists, ChassisNotEmpty, ChassisNotFound } from '@ferrum/errors';
import { DataSource, Repository } from 'typeorm';
import { ChassisEntity } from '../entities';
import { isoTime } from '../timestamps';
import { foreignKeyViolation, uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

function toChassisRecord(e: ChassisEntity): ChassisRecord {
  return { ...e, created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Chassis are written by the API directly (Ironic makes no conductor call for them). */
export class ChassisRepository {
  private readonly repo: Repository<ChassisEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ChassisEntity);
  }

  async findByUuid(uuid: string): Promise<ChassisRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
    const e = await this.repo.findOneBy({ uuid });
    return e ? toChassisRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<ChassisRecord> {
    const c = await this.findByUuid(uuid);
    if (!c) throw new ChassisNotFound({ chassis: uuid });
    return c;
  }

  async list(page: Page, marker?: ChassisRecord): Promise<ChassisRecord[]> {
    return (await applyPage(this.repo.createQueryBuilder('chassis'), 'chassis', page, marker).getMany()).map(toChassisRecord);
  }

  async insert(chassis: Partial<ChassisEntity>): Promise<ChassisRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(chassis as never);
      return toChassisRecord(await this.repo.findOneByOrFail({ id: saved.identifiers[0].id as number }));
    } catch (error) {
      if (uniqueViolation(error)) throw new ChassisAlreadyExists({ uuid: String(chassis.uuid) });
      throw error;
    }
  }

  async update(uuid: string, changes: Partial<ChassisEntity>): Promise<ChassisRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(ChassisEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      if (uniqueViolation(error)) throw new ChassisAlreadyExists({ uuid: String(changes.uuid) });
      throw error;
    }
    return this.getByUuid(changes.uuid ?? uuid);
  }

  /** The foreign key refuses to delete a chassis that nodes still reference: ChassisNotEmpty, nothing deleted. */
  async delete(uuid: string): Promise<void> {
    try {
      const result = await this.repo.delete({ uuid });
      if (!result.affected) throw new ChassisNotFound({ chassis: uuid });
    } catch (error) {
      if (foreignKeyViolation(error)) throw new ChassisNotEmpty({ chassis: uuid });
      throw error;
    }
  }
}
