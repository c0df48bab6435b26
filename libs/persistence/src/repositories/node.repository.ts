import { historyEventType, type NodeRecord } from '@ferrum/contracts';
import { DuplicateName, InstanceAssociated, InvalidParameterValue, LockLost, NodeAlreadyExists, NodeNotFound } from '@ferrum/errors';
import { Brackets, DataSource, Repository, WhereExpressionBuilder } from 'typeorm';
import { ChassisEntity, NodeEntity } from '../entities';
import { uniqueViolation } from '../unique-violation';
import { preparedRows } from '../prepared';
import { lockedUpdate } from './locked-update';
import { type NodeRow, nodeRow } from './node-row';
import { fromReturnedRow, nodeRecordFromJson, toNodeRecord } from './node.mapper';
import type { NodeHistoryRepository } from './node-history.repository';
import { Page, applyPage } from './page';

export interface NodeFilter {
  associated?: boolean;
  maintenance?: boolean;
  retired?: boolean;
  console_enabled?: boolean;
  provision_state?: string;
  provision_states?: string[];
  driver?: string;
  resource_class?: string;
  fault?: string;
  conductor_group?: string;
  owner?: string;
  lessee?: string;
  project?: string;
  description_contains?: string;
  instance_uuid?: string;
  chassis_id?: number;
  shard?: string[];
  sharded?: boolean;
  /** Children of this node: its UUID as their parent_node column holds it. */
  parent_node?: string;
  /** 1.104: nodes running the instance of this name. */
  instance_name?: string;
  /** Only nodes without a parent (what API node lists show unless asked for children). */
  exclude_children?: boolean;
  uuids?: string[];
  reserved_by?: string[];
  /** No conductor holds the node's lock. */
  unreserved?: boolean;
  /** No power action is under way. */
  no_target_power_state?: boolean;
  exclude_provision_states?: string[];
  /** provision_updated_at older than this many seconds (database clock). */
  provision_updated_before_s?: number;
}

const INSPECTING = `provision_state IN ('inspecting', 'inspect wait')`;

/**
 * What Ironic's update_node adds whenever a save carries provision_state: provision_updated_at, and the
 * inspection times (started on entering inspecting; on leaving inspection for manageable the finish is
 * stamped and the start cleared, for inspect failed the start is cleared). In SQL, so "leaving" is judged
 * against the row's state before this UPDATE.
 */
function stateTimestamps(state: unknown): Record<string, () => string> {
  if (typeof state !== 'string') return {};
  const stamps: Record<string, () => string> = { provision_updated_at: () => 'now()' };
  if (state === 'inspecting') {
    stamps.inspection_started_at = () => 'now()';
    stamps.inspection_finished_at = () => 'NULL';
  } else if (state === 'manageable') {
    stamps.inspection_finished_at = () => `CASE WHEN ${INSPECTING} THEN now() ELSE inspection_finished_at END`;
    stamps.inspection_started_at = () => `CASE WHEN ${INSPECTING} THEN NULL ELSE inspection_started_at END`;
  } else if (state === 'inspect failed') {
    stamps.inspection_started_at = () => `CASE WHEN ${INSPECTING} THEN NULL ELSE inspection_started_at END`;
  }
  return stamps;
}

type PlainNodeRow = NodeRow & { chassis__uuid: string | null };

/** A row of `SELECT <node row>, c.uuid AS chassis__uuid …` mapped as an UPDATE … RETURNING row is. */
function fromPlainRow({ node, chassis__uuid }: PlainNodeRow): NodeRecord {
  return nodeRecordFromJson(node, chassis__uuid);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Node rows: reads for the API, writes for the conductor. Every write is one statement, so a failure leaves nothing half-written. */
export class NodeRepository {
  private readonly repo: Repository<NodeEntity>;

  constructor(
    private readonly dataSource: DataSource,
    /** Where an error a locked write sets is also recorded (Ironic's node_history_record). */
    private readonly history?: NodeHistoryRepository,
  ) {
    this.repo = dataSource.getRepository(NodeEntity);
  }

  private query() {
    return this.repo.createQueryBuilder('node').leftJoinAndSelect('node.chassis', 'chassis');
  }

  async findByUuid(uuid: string): Promise<NodeRecord | undefined> {
    if (!UUID_RE.test(uuid)) return undefined;
    return this.findOne('n.uuid = $1', uuid);
  }

  async findByName(name: string): Promise<NodeRecord | undefined> {
    return this.findOne('n.name = $1', name);
  }

  /**
   * One node by a unique column, in one plain statement: the hottest read of the API (every GET, PATCH and
   * action on a node starts here) skips the query builder and the entity transformer, which cost more CPU
   * than the query itself. The row comes back as an UPDATE … RETURNING row does, and is mapped the same way.
   */
  private async findOne(where: 'n.uuid = $1' | 'n.name = $1', value: string): Promise<NodeRecord | undefined> {
    const rows = await preparedRows<PlainNodeRow>(
      this.dataSource,
      `SELECT ${nodeRow('n')}, c.uuid AS chassis__uuid FROM nodes n LEFT JOIN chassis c ON c.id = n.chassis_id WHERE ${where} LIMIT 1`,
      [value],
    );
    return rows.length ? fromPlainRow(rows[0]) : undefined;
  }

  /**
   * The nodes owning any of these port addresses (the agent's lookup by MAC), in one plain statement: the
   * ramdisk's hottest read. At most `limit` nodes, by id.
   */
  async findByPortAddresses(addresses: string[], limit: number): Promise<NodeRecord[]> {
    if (!addresses.length) return [];
    const rows = await preparedRows<PlainNodeRow>(
      this.dataSource,
      `SELECT ${nodeRow('n')}, c.uuid AS chassis__uuid FROM nodes n LEFT JOIN chassis c ON c.id = n.chassis_id
       WHERE n.id IN (SELECT p.node_id FROM ports p WHERE p.address = ANY($1::text[])) ORDER BY n.id LIMIT ${Math.trunc(limit)}`,
      [addresses],
    );
    return rows.map(fromPlainRow);
  }

  /** By UUID when it looks like one, else by name (Ironic's rule). */
  async getByIdent(ident: string): Promise<NodeRecord> {
    const node = UUID_RE.test(ident) ? await this.findByUuid(ident) : await this.findByName(ident);
    if (!node) throw new NodeNotFound({ node: ident });
    return node;
  }

  async getById(id: number): Promise<NodeRecord> {
    const e = await this.query().where('node.id = :id', { id }).getOne();
    if (!e) throw new NodeNotFound({ node: String(id) });
    return toNodeRecord(e);
  }

  async list(filter: NodeFilter, page: Page, marker?: NodeRecord): Promise<NodeRecord[]> {
    const qb = this.query();
    const f = filter;
    if (f.associated !== undefined) qb.andWhere(`node.instance_uuid IS ${f.associated ? 'NOT ' : ''}NULL`);
    if (f.maintenance !== undefined) qb.andWhere('node.maintenance = :maintenance', { maintenance: f.maintenance });
    if (f.retired !== undefined) qb.andWhere('node.retired = :retired', { retired: f.retired });
    if (f.console_enabled !== undefined) qb.andWhere('node.console_enabled = :consoleEnabled', { consoleEnabled: f.console_enabled });
    if (f.provision_state !== undefined) qb.andWhere('node.provision_state = :ps', { ps: f.provision_state });
    if (f.provision_states) qb.andWhere('node.provision_state IN (:...pss)', { pss: f.provision_states });
    for (const key of ['driver', 'resource_class', 'fault', 'conductor_group', 'owner', 'lessee', 'instance_uuid'] as const) {
      if (f[key] !== undefined) qb.andWhere(`node.${key} = :${key}`, { [key]: f[key] });
    }
    if (f.project !== undefined) {
      qb.andWhere(new Brackets((w) => w.where('node.owner = :project').orWhere('node.lessee = :project')), { project: f.project });
    }
    if (f.description_contains !== undefined) {
      qb.andWhere(`node.description LIKE :desc ESCAPE '\\'`, { desc: `%${f.description_contains.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    if (f.chassis_id !== undefined) qb.andWhere('node.chassis_id = :chassisId', { chassisId: f.chassis_id });
    if (f.shard) qb.andWhere('node.shard IN (:...shards)', { shards: f.shard });
    if (f.sharded !== undefined) qb.andWhere(`node.shard IS ${f.sharded ? 'NOT ' : ''}NULL`);
    if (f.parent_node !== undefined) qb.andWhere('node.parent_node = :parentNode', { parentNode: f.parent_node });
    if (f.instance_name !== undefined) qb.andWhere('node.instance_name = :instanceName', { instanceName: f.instance_name });
    if (f.exclude_children) qb.andWhere('node.parent_node IS NULL');
    if (f.uuids) {
      if (f.uuids.length === 0) return [];
      qb.andWhere('node.uuid IN (:...uuids)', { uuids: f.uuids });
    }
    if (f.reserved_by) {
      if (f.reserved_by.length === 0) return [];
      qb.andWhere('node.reservation IN (:...hosts)', { hosts: f.reserved_by });
    }
    if (f.unreserved) qb.andWhere('node.reservation IS NULL');
    if (f.no_target_power_state) qb.andWhere('node.target_power_state IS NULL');
    if (f.exclude_provision_states?.length) qb.andWhere('node.provision_state NOT IN (:...excluded)', { excluded: f.exclude_provision_states });
    if (f.provision_updated_before_s !== undefined) {
      qb.andWhere('node.provision_updated_at < now() - make_interval(secs => :age)', { age: f.provision_updated_before_s });
    }
    return (await applyPage(qb, 'node', page, marker).getMany()).map(toNodeRecord);
  }

  /** Minimal columns of every node, for ring computations over many nodes. */
  async listRoutingInfo(): Promise<{ uuid: string; driver: string; conductor_group: string }[]> {
    return this.repo.find({ select: { uuid: true, driver: true, conductor_group: true } });
  }

  /** How many nodes are in each (provision state, power state) pair: one GROUP BY, for the metrics scrape. */
  async countByState(): Promise<{ provision_state: string; power_state: string | null; count: number }[]> {
    const rows: { provision_state: string; power_state: string | null; count: string }[] = await this.repo
      .createQueryBuilder('node')
      .select(['node.provision_state AS provision_state', 'node.power_state AS power_state', 'COUNT(*) AS count'])
      .groupBy('node.provision_state')
      .addGroupBy('node.power_state')
      .getRawMany();
    // COUNT(*) is a bigint, which pg hands over as a string.
    return rows.map((r) => ({ provision_state: r.provision_state, power_state: r.power_state, count: Number(r.count) }));
  }

  /** Nodes per shard, most first (ties by shard, no shard first): Ironic's get_shard_list. */
  async countByShard(): Promise<{ shard: string | null; count: number }[]> {
    const rows: { shard: string | null; count: string }[] = await this.dataSource.query(
      'SELECT shard, count(id) AS count FROM nodes GROUP BY shard ORDER BY count(id) DESC, shard ASC NULLS FIRST',
    );
    return rows.map((r) => ({ shard: r.shard, count: Number(r.count) }));
  }

  async insert(node: Partial<NodeEntity>): Promise<NodeRecord> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: TS2589 expanding TypeORM's QueryDeepPartialEntity over the recursive Dict columns
      const saved = await this.repo.insert(node as never);
      return this.getById(saved.identifiers[0].id as number);
    } catch (error) {
      throw this.translate(error, node);
    }
  }

  /**
   * Writes changes to a node this conductor holds the lock on. The reservation check in the WHERE
   * clause means a conductor that lost its lock (declared dead) cannot overwrite the new holder's work.
   */
  async updateLocked(
    uuid: string,
    host: string,
    changes: { [K in keyof NodeEntity]?: unknown },
    epoch?: number,
    /** The history event type of the error it sets, when the provision state does not say (Ironic's 'console'…). */
    historyEventTypeOverride?: string,
    /**
     * Also gives the lock back, in the same statement: a job's last write and its release are one commit
     * (readers see the outcome and the free node at once, and a power action costs one commit fewer).
     */
    release = false,
  ): Promise<NodeRecord> {
    // A write that sets an error also records it in the node's history, in the same transaction (the
    // common write, without an error, stays one statement).
    const lastError = typeof changes.last_error === 'string' && changes.last_error ? changes.last_error : undefined;
    const set = { ...changes, ...stateTimestamps(changes.provision_state), updated_at: () => 'now()', ...(release && { reservation: null }) };
    const update = (repo: Repository<NodeEntity>) =>
      fenced(repo.createQueryBuilder().update(NodeEntity).set(set as never).where('uuid = :uuid AND reservation = :host', { uuid, host }), host, epoch).returning(nodeRow());
    const write = async (repo: Repository<NodeEntity>): Promise<NodeRow[]> => {
      // The common write, without an error to record: one prepared statement (its text depends only on which
      // columns change, so each connection prepares a handful).
      if (!lastError || !this.history) {
        const statement = lockedUpdate(this.dataSource, set, { uuid, host, epoch }) ?? update(repo).getQueryAndParameters();
        return preparedRows<NodeRow>(this.dataSource, ...statement);
      }
      // The activity an error belongs to is the one the node was in (verifying, deploying…), read under the lock.
      const before: { provision_state: string }[] = await repo.manager.query('SELECT provision_state FROM nodes WHERE uuid = $1', [uuid]);
      const rows = ((await update(repo).execute()).raw ?? []) as NodeRow[];
      if (rows.length) {
        const { id, provision_state } = rows[0].node;
        await this.history.record(repo.manager, id, { event: lastError, eventType: historyEventTypeOverride ?? historyEventType(before[0]?.provision_state ?? provision_state), conductor: host });
      }
      return rows;
    };
    let rows: NodeRow[];
    try {
      rows = lastError && this.history ? await this.dataSource.transaction((m) => write(m.getRepository(NodeEntity))) : await write(this.repo);
    } catch (error) {
      // The node's uuid names it in InstanceAssociated, as Ironic's message does; changes rarely carry it.
      throw this.translate(error, { uuid, ...changes } as Partial<NodeEntity>);
    }
    if (!rows.length) {
      // The node is there but not ours any more (taken over, or this incarnation replaced): say so.
      if (await this.repo.exists({ where: { uuid } })) throw new LockLost({ node: uuid, host });
      throw new NodeNotFound({ node: uuid });
    }
    return fromReturnedRow(rows[0].node, this.repo.manager.getRepository(ChassisEntity));
  }

  /** Deletes a node (ports go with it by cascade) that this conductor holds the lock on. */
  async deleteLocked(uuid: string, host: string, epoch?: number): Promise<boolean> {
    const result = await fenced(this.repo.createQueryBuilder().delete().from(NodeEntity).where('uuid = :uuid AND reservation = :host', { uuid, host }), host, epoch).execute();
    return !!result.affected;
  }

  private translate(error: unknown, node: Partial<NodeEntity>): unknown {
    const column = uniqueViolation(error);
    if (!column) return error;
    if (column.includes('name')) return new DuplicateName({ name: String(node.name) });
    if (column.includes('instance_uuid')) return new InstanceAssociated({ instance: String(node.instance_uuid), node: String(node.uuid ?? node.name ?? '') });
    if (column.includes('uuid')) return new NodeAlreadyExists({ uuid: String(node.uuid) });
    return new InvalidParameterValue({ message: `Duplicate value for ${column}` });
  }
}

/**
 * The fencing check of a write under a node lock: the writer must still be the registered incarnation of
 * its hostname (`epoch` from its registration). Without an epoch (tests, tools) only the hostname counts.
 */
export function fenced<Q extends WhereExpressionBuilder>(query: Q, host: string, epoch: number | undefined): Q {
  if (epoch === undefined) return query;
  return query.andWhere('EXISTS (SELECT 1 FROM conductors fence WHERE fence.hostname = :fenceHost AND fence.epoch = :fenceEpoch)', {
    fenceHost: host,
    fenceEpoch: epoch,
  });
}
