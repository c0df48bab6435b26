import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { NodeHistoryRecord } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import { NodeHistoryEntity } from '../entities/node-history.entity';
import { isoTime } from '../timestamps';

function toRecord(e: NodeHistoryEntity): NodeHistoryRecord {
  const { node: _node, ...rest } = e;
  return { ...rest, severity: e.severity as NodeHistoryRecord['severity'], created_at: isoTime(e.created_at)! };
}

/** What to record of an error; the conductor and the node come from the locked write that set it. */
export interface HistoryEvent {
  event: string;
  eventType: string;
  severity?: 'ERROR' | 'INFO';
  conductor: string | null;
  user?: string | null;
}

/** Ironic's [conductor]node_history_max_entries: the entries kept per node (0 keeps none). */
export const DEFAULT_HISTORY_MAX_ENTRIES = 300;

/** A node's history (Ironic's node_history): written with the error it records, read by the API. */
export class NodeHistoryRepository {
  /** Set once at start-up from FERRUM_NODE_HISTORY_MAX_ENTRIES. */
  maxEntries = DEFAULT_HISTORY_MAX_ENTRIES;

  constructor(private readonly dataSource: DataSource) {}

  /** Records an event in the caller's transaction, and drops the node's oldest beyond the maximum. */
  async record(m: EntityManager, nodeId: number, e: HistoryEvent): Promise<void> {
    if (this.maxEntries <= 0) return;
    await m.getRepository(NodeHistoryEntity).insert({
      uuid: randomUUID(),
      node_id: nodeId,
      severity: e.severity ?? 'ERROR',
      event_type: e.eventType,
      event: e.event,
      conductor: e.conductor,
      user: e.user ?? null,
    });
    await m.query(
      `DELETE FROM node_history WHERE node_id = $1 AND id <= (SELECT id FROM node_history WHERE node_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
      [nodeId, this.maxEntries],
    );
  }

  /** Oldest first, as Ironic lists them; `marker` is the uuid of the last entry of the previous page. */
  async list(nodeId: number, limit: number, marker?: NodeHistoryRecord): Promise<NodeHistoryRecord[]> {
    const qb = this.dataSource.getRepository(NodeHistoryEntity).createQueryBuilder('h').where('h.node_id = :nodeId', { nodeId });
    if (marker) qb.andWhere('h.id > :markerId', { markerId: marker.id });
    return (await qb.orderBy('h.id', 'ASC').take(limit).getMany()).map(toRecord);
  }

  async getByUuid(uuid: string): Promise<NodeHistoryRecord> {
    const found = /^[0-9a-f-]{36}$/i.test(uuid) ? await this.dataSource.getRepository(NodeHistoryEntity).findOneBy({ uuid }) : null;
    // Ironic's NodeHistoryNotFound.
    if (!found) throw new NotFound({ message: `Node history record ${uuid} could not be found.` });
    return toRecord(found);
  }
}
