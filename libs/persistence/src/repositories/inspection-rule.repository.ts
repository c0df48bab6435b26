import { DataSource, Repository } from 'typeorm';
import type { Dict, InspectionRuleRecord } from '@ferrum/contracts';
import { InspectionRuleAlreadyExists, InspectionRuleNotFound } from '@ferrum/errors';
import { InspectionRuleEntity } from '../entities/inspection-rule.entity';
import { isoTime } from '../timestamps';
import { uniqueViolation } from '../unique-violation';
import { Page, applyPage } from './page';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a rule is made of (everything but its id and timestamps). */
export type InspectionRuleValues = Omit<InspectionRuleRecord, 'created_at' | 'updated_at' | 'conditions' | 'actions'> & { conditions: Dict[]; actions: Dict[] };

/** A stored rule as it is: conditions and actions are never null in the database. */
export type StoredInspectionRule = InspectionRuleRecord & { conditions: Dict[]; actions: Dict[] };

function toRecord(e: InspectionRuleEntity): StoredInspectionRule {
  return {
    uuid: e.uuid,
    description: e.description,
    priority: e.priority,
    sensitive: e.sensitive,
    phase: e.phase,
    conditions: e.conditions,
    actions: e.actions,
    created_at: isoTime(e.created_at)!,
    updated_at: isoTime(e.updated_at),
  };
}

/**
 * Ironic's inspection rules (1.96): written by the inspector on the API's behalf, read by the inspector for
 * each `agent` run. (ironic-inspector's rules are `IntrospectionRuleRepository`.)
 */
export class InspectionRuleRepository {
  private readonly repo: Repository<InspectionRuleEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(InspectionRuleEntity);
  }

  /** @throws InspectionRuleNotFound (also for a string that is no UUID: nothing could be stored under it) */
  async getByUuid(uuid: string): Promise<StoredInspectionRule> {
    return toRecord(await this.entity(uuid));
  }

  /** A page in the API's order; `marker` is the uuid of the rule the previous page ended on. */
  async list(page: Page, marker?: string): Promise<StoredInspectionRule[]> {
    const after = marker === undefined ? undefined : await this.entity(marker);
    return (await applyPage(this.repo.createQueryBuilder('r'), 'r', page, after).getMany()).map(toRecord);
  }

  /** Every rule, by id: the order Ironic's engine gets them in (before its stable sort by priority). */
  async listAll(): Promise<StoredInspectionRule[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(toRecord);
  }

  /** @throws InspectionRuleAlreadyExists when the uuid is taken */
  async create(values: InspectionRuleValues): Promise<StoredInspectionRule> {
    try {
      // A copy: TypeORM writes the generated id into the object it inserts.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      await this.repo.insert({ ...values } as never);
    } catch (error) {
      if (uniqueViolation(error)) throw new InspectionRuleAlreadyExists({ uuid: values.uuid });
      throw error;
    }
    return this.getByUuid(values.uuid);
  }

  /** Sets the given fields and updated_at. @throws InspectionRuleNotFound */
  async update(uuid: string, changes: Partial<Omit<InspectionRuleValues, 'uuid'>>): Promise<StoredInspectionRule> {
    await this.entity(uuid);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
    const result = await this.repo.createQueryBuilder().update(InspectionRuleEntity).set({ ...changes, updated_at: () => 'now()' } as never).where('uuid = :uuid', { uuid }).execute();
    if (!result.affected) throw new InspectionRuleNotFound({ rule: uuid });
    return this.getByUuid(uuid);
  }

  /** @throws InspectionRuleNotFound */
  async delete(uuid: string): Promise<void> {
    const result = UUID_RE.test(uuid) ? await this.repo.delete({ uuid }) : { affected: 0 };
    if (!result.affected) throw new InspectionRuleNotFound({ rule: uuid });
  }

  private async entity(uuid: string): Promise<InspectionRuleEntity> {
    const e = UUID_RE.test(uuid) ? await this.repo.findOneBy({ uuid }) : null;
    if (!e) throw new InspectionRuleNotFound({ rule: uuid });
    return e;
  }
}
