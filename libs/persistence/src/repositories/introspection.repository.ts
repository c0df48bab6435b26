import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { InspectionDialect } from '@ferrum/contracts';
import { IntrospectionEvent, IntrospectionState, nextIntrospectionState } from '@ferrum/state-machines';
import { IntrospectionAttributeEntity, IntrospectionDataEntity, IntrospectionNodeEntity } from '../entities/introspection.entities';
import { returnedRows } from './returned-rows';

export interface IntrospectionRecord {
  uuid: string;
  version_id: string;
  state: IntrospectionState;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  manage_boot: boolean;
  /** Whose processing the run gets: ironic-inspector's (`inspector`) or Ironic's built-in inspection (`agent`). */
  dialect: InspectionDialect;
}

/** Events that end a run: they stamp finished_at and drop the node's lookup attributes (spec §3 `finished`). */
const FINISHING: readonly IntrospectionEvent[] = ['finish', 'error', 'timeout', 'abort_end'];

function toRecord(e: IntrospectionNodeEntity): IntrospectionRecord {
  return { ...e, state: e.state as IntrospectionState, manage_boot: e.manage_boot ?? true, dialect: e.dialect === 'agent' ? 'agent' : 'inspector' };
}

/** Raised when another writer changed the row between our read and our compare-and-set. */
export class IntrospectionChanged extends Error {}

/**
 * The inspector cache (spec §3). Transitions go through the §4 table and a `version_id`
 * compare-and-set, so two inspectors (or two callbacks) never both move one node.
 */
export class IntrospectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(uuid: string): Promise<IntrospectionRecord | undefined> {
    const e = await this.dataSource.getRepository(IntrospectionNodeEntity).findOneBy({ uuid });
    return e ? toRecord(e) : undefined;
  }

  /**
   * Starts a run: the `start` event is checked against the stored row (none → allowed), then the old
   * row with its attributes and data is replaced by a fresh one in `state` (starting; enrolling for discovery).
   * @throws InvalidIntrospectionEvent when the stored state refuses `start` (e.g. already processing)
   */
  async start(uuid: string, options: { manageBoot: boolean; attributes: Record<string, string[]>; state?: IntrospectionState; dialect?: InspectionDialect }): Promise<IntrospectionRecord> {
    return this.dataSource.transaction(async (m) => {
      const old = await m.getRepository(IntrospectionNodeEntity).findOne({ where: { uuid }, lock: { mode: 'pessimistic_write' } });
      if (old) nextIntrospectionState(old.state, 'start');
      await m.delete(IntrospectionNodeEntity, { uuid });
      await m.delete(IntrospectionDataEntity, { uuid });
      const row: IntrospectionNodeEntity = {
        uuid,
        version_id: randomUUID(),
        state: options.state ?? 'starting',
        started_at: new Date(),
        finished_at: null,
        error: null,
        manage_boot: options.manageBoot,
        dialect: options.dialect ?? 'inspector',
      };
      await m.insert(IntrospectionNodeEntity, row);
      await this.insertAttributes(m, uuid, options.attributes);
      return toRecord(row);
    });
  }

  private async insertAttributes(m: EntityManager, uuid: string, attributes: Record<string, string[]>): Promise<void> {
    const rows = Object.entries(attributes).flatMap(([name, values]) => [...new Set(values)].map((value) => ({ node_uuid: uuid, name, value })));
    if (rows.length) await m.insert(IntrospectionAttributeEntity, rows);
  }

  /**
   * Applies an event with compare-and-set on version_id. Finishing events stamp finished_at, record
   * `error` and delete the lookup attributes in the same transaction.
   * @throws InvalidIntrospectionEvent, IntrospectionChanged
   */
  async transition(uuid: string, event: IntrospectionEvent, options: { error?: string | null; expectVersion?: string } = {}): Promise<IntrospectionRecord> {
    return this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(IntrospectionNodeEntity).findOne({ where: { uuid }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new IntrospectionChanged(`Node ${uuid} is not in the introspection cache`);
      if (options.expectVersion && row.version_id !== options.expectVersion) throw new IntrospectionChanged(`Node ${uuid} changed meanwhile`);
      const state = nextIntrospectionState(row.state, event);
      const finishing = FINISHING.includes(event);
      const changes: Partial<IntrospectionNodeEntity> = { state, version_id: randomUUID() };
      if (finishing) {
        changes.finished_at = new Date();
        changes.error = options.error ?? null;
      }
      if (event === 'reapply') changes.started_at = new Date();
      await m.update(IntrospectionNodeEntity, { uuid, version_id: row.version_id }, changes);
      if (finishing) await m.delete(IntrospectionAttributeEntity, { node_uuid: uuid });
      return toRecord({ ...row, ...changes });
    });
  }

  /** Newest first by (started_at, uuid), ironic-inspector's order; `marker` is the last uuid of the previous page. */
  async list(options: { limit: number; marker?: IntrospectionRecord; states?: string[] }): Promise<IntrospectionRecord[]> {
    const qb = this.dataSource.getRepository(IntrospectionNodeEntity).createQueryBuilder('n');
    if (options.states?.length) qb.andWhere('n.state IN (:...states)', { states: options.states });
    if (options.marker) {
      qb.andWhere('(n.started_at < :at OR (n.started_at = :at AND n.uuid < :uuid))', { at: options.marker.started_at, uuid: options.marker.uuid });
    }
    const rows = await qb.orderBy('n.started_at', 'DESC').addOrderBy('n.uuid', 'DESC').limit(options.limit).getMany();
    return rows.map(toRecord);
  }

  /** Nodes under introspection matching the most lookup attributes, best first (spec §8.1). */
  async matchAttributes(attributes: Record<string, string[]>): Promise<{ uuid: string; score: number }[]> {
    const pairs = Object.entries(attributes).flatMap(([name, values]) => values.map((value) => [name, value] as const));
    if (!pairs.length) return [];
    const params: string[] = [];
    const where = pairs.map(([name, value]) => {
      params.push(name, value);
      return `(a.name = $${params.length - 1} AND a.value = $${params.length})`;
    });
    const rows: { node_uuid: string; score: string }[] = await this.dataSource.query(
      `SELECT a.node_uuid, count(*) AS score FROM introspection_attributes a WHERE ${where.join(' OR ')} GROUP BY a.node_uuid ORDER BY score DESC`,
      params,
    );
    return rows.map((r) => ({ uuid: r.node_uuid, score: Number(r.score) }));
  }

  /** `mac` attributes of every unfinished run: the MACs the PXE filter allows. */
  async activeMacs(): Promise<Set<string>> {
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT a.value FROM introspection_attributes a JOIN introspection_nodes n ON n.uuid = a.node_uuid WHERE a.name = 'mac' AND n.finished_at IS NULL`,
    );
    return new Set(rows.map((r) => r.value));
  }

  async countUnfinished(): Promise<number> {
    return this.dataSource.getRepository(IntrospectionNodeEntity).count({ where: { finished_at: IsNull() } });
  }

  async countByState(): Promise<Record<string, number>> {
    const rows: { state: string; n: string }[] = await this.dataSource.query(`SELECT state, count(*) AS n FROM introspection_nodes GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Unfinished runs started before `before` (the timeout sweep, §11). */
  async startedBefore(before: Date): Promise<IntrospectionRecord[]> {
    const rows = await this.dataSource
      .getRepository(IntrospectionNodeEntity)
      .createQueryBuilder('n')
      .where('n.finished_at IS NULL AND n.started_at < :before', { before })
      .getMany();
    return rows.map(toRecord);
  }

  async storeData(uuid: string, processed: boolean, data: unknown): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(IntrospectionDataEntity)
      .values({ uuid, processed, data: data as never })
      .orUpdate(['data'], ['uuid', 'processed'])
      .execute();
  }

  async getData(uuid: string, processed: boolean): Promise<unknown> {
    const row = await this.dataSource.getRepository(IntrospectionDataEntity).findOneBy({ uuid, processed });
    return row?.data;
  }

  /** Drops cache rows (and their data) of nodes deleted since (ironic-inspector's sync_with_ironic). @returns their uuids */
  async forgetDeletedNodes(): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ uuid: string }>(
        await m.query(`DELETE FROM introspection_nodes i WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.uuid = i.uuid) RETURNING i.uuid`),
      );
      const gone = rows.map((r) => r.uuid);
      if (gone.length) await m.query(`DELETE FROM introspection_data WHERE uuid = ANY($1)`, [gone]);
      return gone;
    });
  }

  async delete(uuid: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.delete(IntrospectionNodeEntity, { uuid });
      await m.delete(IntrospectionDataEntity, { uuid });
    });
  }
}
