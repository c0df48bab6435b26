import { Brackets, DataSource, Repository } from 'typeorm';
import type { RunbookRecord } from '@ferrum/contracts';
import { RunbookAlreadyExists, RunbookDuplicateName, RunbookNotFound } from '@ferrum/errors';
import { RunbookEntity } from '../entities/runbook.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RunbookValues = Pick<RunbookEntity, 'uuid' | 'name' | 'steps' | 'disable_ramdisk' | 'extra' | 'public' | 'owner'>;
export type RunbookChanges = Partial<Omit<RunbookValues, 'uuid'>>;

function toRecord(e: RunbookEntity): RunbookRecord {
  return { ...e, created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Runbooks (1.92): written by the API, as Ironic's are; read again when a clean or service names one. */
export class RunbookRepository {
  private readonly repo: Repository<RunbookEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(RunbookEntity);
  }

  /** By uuid when the identifier looks like one, else by name (Ironic's get_rpc_runbook). */
  async find(ident: string): Promise<RunbookRecord | undefined> {
    const e = await this.repo.findOneBy(UUID_RE.test(ident) ? { uuid: ident } : { name: ident });
    return e ? toRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<RunbookRecord> {
    const e = UUID_RE.test(uuid) ? await this.repo.findOneBy({ uuid }) : null;
    if (!e) throw new RunbookNotFound({ runbook: uuid });
    return toRecord(e);
  }

  /**
   * A page of runbooks. `project` is Ironic's `project` filter: the runbooks that project owns and every
   * public one; `null` matches no owner, so only the public ones.
   */
  async list(page: Page, marker?: RunbookRecord, project?: string | null): Promise<RunbookRecord[]> {
    const qb = this.repo.createQueryBuilder('r');
    if (project !== undefined) {
      qb.andWhere(new Brackets((w) => (project === null ? w.where('r.public = true') : w.where('r.owner = :project', { project }).orWhere('r.public = true'))));
    }
    return (await applyPage(qb, 'r', page, marker).getMany()).map(toRecord);
  }

  async insert(values: RunbookValues): Promise<RunbookRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.insert(values as never);
    } catch (error) {
      throw this.translate(error, values);
    }
    return this.getByUuid(values.uuid);
  }

  async update(uuid: string, changes: RunbookChanges): Promise<RunbookRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(RunbookEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      throw this.translate(error, { uuid, ...changes });
    }
    return this.getByUuid(uuid);
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.repo.delete({ uuid });
    if (!result.affected) throw new RunbookNotFound({ runbook: uuid });
  }

  private translate(error: unknown, values: Partial<RunbookValues>): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('name')) return new RunbookDuplicateName({ name: String(values.name) });
    return new RunbookAlreadyExists({ uuid: String(values.uuid) });
  }
}
