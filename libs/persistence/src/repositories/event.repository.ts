import type { ResourceEvent, ResourceEventType } from '@ferrum/contracts';
import type { DataSource } from 'typeorm';
import { returnedRows } from './returned-rows';

/** Any number, as long as nothing else in Ferrum takes this advisory lock: the relays' turn. */
const RELAY_LOCK = 0x66657272; // "ferr"

interface EventRow {
  seq: string;
  type: ResourceEventType;
  uuid: string;
  node_uuid: string | null;
  owner: string | null;
  lessee: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = `e.seq, e.type, e.uuid, e.node_uuid, e.owner, e.lessee, e.data, e.created_at`;

function toEvent(r: EventRow): ResourceEvent {
  return { seq: Number(r.seq), type: r.type, uuid: r.uuid, node_uuid: r.node_uuid, owner: r.owner, lessee: r.lessee, created_at: new Date(r.created_at).toISOString(), data: r.data };
}

/** The outbox the triggers fill (migration ResourceEvents) and the relay numbers; the stream's record to resume from. */
export class EventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Numbers up to `limit` rows not numbered yet, in the order they were written, continuing the last number.
   * One relay at a time does this (a transaction-scoped advisory lock; a relay that finds it taken skips its turn),
   * so numbers have no gaps and never repeat.
   * @returns the events numbered now, in seq order; empty when none waited or another relay had the turn
   */
  async sequence(limit: number): Promise<ResourceEvent[]> {
    return this.dataSource.transaction(async (m) => {
      const [{ turn }]: { turn: boolean }[] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS turn`, [RELAY_LOCK]);
      if (!turn) return [];
      const rows = returnedRows<EventRow>(
        await m.query(
        `WITH pending AS (SELECT id FROM ferrum_events WHERE seq IS NULL ORDER BY id LIMIT $1),
              top AS (SELECT coalesce(max(seq), 0) AS seq FROM ferrum_events),
              numbered AS (SELECT p.id, top.seq + row_number() OVER (ORDER BY p.id) AS seq FROM pending p, top)
         UPDATE ferrum_events e SET seq = n.seq FROM numbered n WHERE e.id = n.id
         RETURNING ${COLUMNS}`,
        [limit],
      ),
      );
      return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
    });
  }

  /** Numbered events after `seq` (up to and including `until`), oldest first. */
  async after(seq: number, limit: number, until?: number): Promise<ResourceEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ferrum_events e WHERE e.seq > $1 AND ($3::bigint IS NULL OR e.seq <= $3) ORDER BY e.seq LIMIT $2`,
      [seq, limit, until ?? null],
    );
    return rows.map(toEvent);
  }

  /** The newest and oldest numbers kept (0 when none was ever numbered). */
  async bounds(): Promise<{ first: number; last: number }> {
    const [row]: { first: string | null; last: string | null }[] = await this.dataSource.query(`SELECT min(seq) AS first, max(seq) AS last FROM ferrum_events`);
    return { first: Number(row?.first ?? 0), last: Number(row?.last ?? 0) };
  }

  /** Forgets numbered events older than `before`, always keeping the newest (numbering continues from it). @returns how many */
  async prune(before: Date): Promise<number> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(`DELETE FROM ferrum_events WHERE created_at < $1 AND seq IS NOT NULL AND seq < (SELECT max(seq) FROM ferrum_events) RETURNING 1`, [before]),
    );
    return rows.length;
  }

  /** An event no row change makes (a conductor that took over from dead peers). */
  async record(type: ResourceEventType, uuid: string, data: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`INSERT INTO ferrum_events (type, uuid, data) VALUES ($1, $2, $3)`, [type, uuid, JSON.stringify(data)]);
  }
}
