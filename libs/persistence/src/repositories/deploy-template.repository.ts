import { DataSource, In, Repository } from 'typeorm';
import type { DeployTemplateRecord } from '@ferrum/contracts';
import { DeployTemplateAlreadyExists, DeployTemplateDuplicateName, DeployTemplateNotFound } from '@ferrum/errors';
import { DeployTemplateEntity } from '../entities/deploy-template.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(e: DeployTemplateEntity): DeployTemplateRecord {
  return { ...e, created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** Deploy templates: written by the API (as Ironic's), read by conductors at deploy time. */
export class DeployTemplateRepository {
  private readonly repo: Repository<DeployTemplateEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(DeployTemplateEntity);
  }

  async find(ident: string): Promise<DeployTemplateRecord | undefined> {
    const e = await this.repo.findOneBy(UUID_RE.test(ident) ? { uuid: ident } : { name: ident });
    return e ? toRecord(e) : undefined;
  }

  async getByUuid(uuid: string): Promise<DeployTemplateRecord> {
    const e = UUID_RE.test(uuid) ? await this.repo.findOneBy({ uuid }) : null;
    if (!e) throw new DeployTemplateNotFound({ template: uuid });
    return toRecord(e);
  }

  /** The templates named by these traits (Ironic's list_by_names), by id. */
  async listByNames(names: string[]): Promise<DeployTemplateRecord[]> {
    if (!names.length) return [];
    return (await this.repo.find({ where: { name: In(names) }, order: { id: 'ASC' } })).map(toRecord);
  }

  async list(page: Page, marker?: DeployTemplateRecord): Promise<DeployTemplateRecord[]> {
    return (await applyPage(this.repo.createQueryBuilder('t'), 't', page, marker).getMany()).map(toRecord);
  }

  async insert(values: Pick<DeployTemplateEntity, 'uuid' | 'name' | 'extra' | 'steps'>): Promise<DeployTemplateRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.insert(values as never);
    } catch (error) {
      throw this.translate(error, values);
    }
    return this.getByUuid(values.uuid);
  }

  async update(uuid: string, changes: Partial<Pick<DeployTemplateEntity, 'name' | 'extra' | 'steps'>>): Promise<DeployTemplateRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.createQueryBuilder().update(DeployTemplateEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    } catch (error) {
      throw this.translate(error, { uuid, ...changes });
    }
    return this.getByUuid(uuid);
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.repo.delete({ uuid });
    if (!result.affected) throw new DeployTemplateNotFound({ template: uuid });
  }

  private translate(error: unknown, values: Partial<DeployTemplateEntity>): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('name')) return new DeployTemplateDuplicateName({ name: String(values.name) });
    return new DeployTemplateAlreadyExists({ uuid: String(values.uuid) });
  }
}
