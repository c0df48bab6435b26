import type { NodeRecord } from '@ferrum/contracts';
import { NodeNotFound } from '@ferrum/errors';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ChassisEntity, NodeEntity } from '../entities';
import { fromReturnedRow } from './node.mapper';
import { preparedRows } from '../prepared';
import { fenceSql } from './locked-update';
import { type NodeRow, nodeRow } from './node-row';

/** A lock taken comes with the node as it is under the lock: reserving and loading are one statement. */
export type ReserveResult = { acquired: true; node: NodeRecord } | { acquired: false; holder: string };

// $2 is the holder's hostname, $3 its epoch.
const FENCE = fenceSql('$2', '$3');

/**
 * Node locks live in `nodes.reservation` (the holder's hostname), as in Ironic. Taking one is a
 * single conditional UPDATE, so two conductors can never both succeed, on PostgreSQL or PGlite.
 * Taking and releasing touch updated_at, as Ironic's do (its updated_at column updates on every UPDATE).
 */
export class ReservationRepository {
  private readonly repo: Repository<NodeEntity>;
  private readonly chassis: Repository<ChassisEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(NodeEntity);
    this.chassis = dataSource.getRepository(ChassisEntity);
  }

  async tryReserve(uuid: string, host: string, epoch?: number): Promise<ReserveResult> {
    // Prepared statements (each lock of a power action is taken and given back once): one text with the
    // fencing check, one without (no epoch: tests and tools).
    const [reserved] = await preparedRows<NodeRow>(
      this.dataSource,
      epoch === undefined
        ? `UPDATE nodes SET reservation = $2, updated_at = now() WHERE uuid = $1 AND reservation IS NULL RETURNING ${nodeRow()}`
        : `UPDATE nodes SET reservation = $2, updated_at = now() WHERE uuid = $1 AND reservation IS NULL AND ${FENCE} RETURNING ${nodeRow()}`,
      epoch === undefined ? [uuid, host] : [uuid, host, epoch],
    );
    if (reserved) return { acquired: true, node: await fromReturnedRow(reserved.node, this.chassis) };
    const row = await this.repo.findOne({ where: { uuid }, select: { id: true, reservation: true } });
    if (!row) throw new NodeNotFound({ node: uuid });
    // Released between our UPDATE and SELECT: report it as held by nobody so the caller retries at once.
    return { acquired: false, holder: row.reservation ?? '' };
  }

  /** Releases only our own lock: never clears a lock another conductor took over. */
  async release(uuid: string, host: string, epoch?: number): Promise<boolean> {
    const released = await preparedRows(
      this.dataSource,
      epoch === undefined
        ? 'UPDATE nodes SET reservation = NULL, updated_at = now() WHERE uuid = $1 AND reservation = $2 RETURNING 1'
        : `UPDATE nodes SET reservation = NULL, updated_at = now() WHERE uuid = $1 AND reservation = $2 AND ${FENCE} RETURNING 1`,
      epoch === undefined ? [uuid, host] : [uuid, host, epoch],
    );
    return released.length > 0;
  }

  /**
   * Releases this conductor's locks on every node but `claimed` (those its running work holds): a lock
   * whose release failed (the database was down when the job ended) is given back here once it is up.
   * @returns the nodes released
   */
  /** The database's clock: what `releaseUnclaimed` measures a lock's age by (it is what stamped the lock). */
  async now(): Promise<Date> {
    const [row] = await this.repo.query<{ now: Date | string }[]>('SELECT now() AS now');
    return new Date(row.now);
  }

  /**
   * `takenBefore` (the database's clock, read before the caller listed its claims) spares a lock taken since:
   * a request that claimed its node after that list was made may have locked it before this UPDATE runs.
   */
  async releaseUnclaimed(host: string, claimed: string[], epoch?: number, takenBefore?: Date): Promise<string[]> {
    // A power target left behind is what the lost job could not record: cleared, and last_error says why.
    const rows = await this.repo.query<[{ uuid: string }[], number] | { uuid: string }[]>(
      `UPDATE nodes SET reservation = NULL, updated_at = now(),
              last_error = CASE WHEN target_power_state IS NULL THEN last_error
                                ELSE 'The power action of conductor ' || reservation || ' could not be recorded (the database was unreachable); the power state is read again by the next power sync.' END,
              target_power_state = NULL
       WHERE reservation = $1 AND NOT (uuid = ANY($2::uuid[]))
         AND ($4::timestamptz IS NULL OR updated_at < $4::timestamptz)
         AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM conductors fence WHERE fence.hostname = $1 AND fence.epoch = $3))
       RETURNING uuid`,
      [host, claimed, epoch ?? null, takenBefore?.toISOString() ?? null],
    );
    // TypeORM's postgres driver answers [rows, count] for an UPDATE … RETURNING; PGlite's, the rows.
    const list = Array.isArray(rows[0]) ? (rows[0] as { uuid: string }[]) : (rows as { uuid: string }[]);
    return list.map((r) => r.uuid);
  }

  /**
   * Clears the locks of conductors that died holding them. A power action they were running is
   * abandoned: its target is cleared and the node says why in last_error.
   */
  async clearForDeadHosts(hosts: string[]): Promise<number> {
    if (hosts.length === 0) return 0;
    const withTarget = await this.repo
      .createQueryBuilder()
      .update(NodeEntity)
      .set({
        reservation: null,
        target_power_state: null,
        last_error: () => `'Conductor ' || reservation || ' died while holding the lock; the action it ran was abandoned.'`,
        updated_at: () => 'now()',
      })
      .where('reservation IN (:...hosts) AND target_power_state IS NOT NULL', { hosts })
      .execute();
    const rest = await this.repo
      .createQueryBuilder()
      .update(NodeEntity)
      .set({ reservation: null, updated_at: () => 'now()' })
      .where('reservation IN (:...hosts)', { hosts })
      .execute();
    return (withTarget.affected ?? 0) + (rest.affected ?? 0);
  }

  async countReservedBy(host: string): Promise<number> {
    return this.repo.count({ where: { reservation: host } });
  }

  async countUnreserved(): Promise<number> {
    return this.repo.count({ where: { reservation: IsNull() } });
  }
}
