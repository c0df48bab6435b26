import type { ConductorRecord } from '@ferrum/contracts';
import { ConductorNotFound } from '@ferrum/errors';
import { DataSource, Repository } from 'typeorm';
import { ConductorEntity, ConductorHardwareInterfaceEntity } from '../entities';
import { isoTime } from '../timestamps';
import { Page, applyPage } from './page';
import { returnedRows } from './returned-rows';

export interface OfferedInterface {
  hardware_type: string;
  interface_type: string;
  interface_name: string;
  is_default: boolean;
}

export interface LiveConductor {
  hostname: string;
  conductor_group: string;
  hardware_types: string[];
}

/**
 * Conductor registrations and heartbeats. Liveness is judged with the database clock
 * (`now()`), so conductors with skewed clocks still agree on who is alive.
 */
export class ConductorRepository {
  private readonly conductors: Repository<ConductorEntity>;
  private readonly offers: Repository<ConductorHardwareInterfaceEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.conductors = dataSource.getRepository(ConductorEntity);
    this.offers = dataSource.getRepository(ConductorHardwareInterfaceEntity);
  }

  /**
   * Registers (or re-registers after a restart) and replaces what this conductor offers.
   * @returns the new epoch: the fencing token of this incarnation's locked writes
   */
  async register(hostname: string, group: string, offered: OfferedInterface[]): Promise<number> {
    await this.conductors
      .createQueryBuilder()
      .insert()
      .into(ConductorEntity)
      .values({ hostname, conductor_group: group, online: true, updated_at: () => 'now()' })
      .orUpdate(['conductor_group', 'online', 'updated_at'], ['hostname'])
      .execute();
    await this.conductors.increment({ hostname }, 'epoch', 1);
    const row = await this.conductors.findOneByOrFail({ hostname });
    await this.offers.delete({ conductor_id: row.id });
    if (offered.length) await this.offers.insert(offered.map((o) => ({ ...o, conductor_id: row.id })));
    return row.epoch;
  }

  async heartbeat(hostname: string): Promise<boolean> {
    const result = await this.conductors
      .createQueryBuilder()
      .update(ConductorEntity)
      .set({ updated_at: () => 'now()', online: true })
      .where('hostname = :hostname', { hostname })
      .execute();
    return !!result.affected;
  }

  async markOffline(hostname: string): Promise<void> {
    await this.conductors.update({ hostname }, { online: false });
  }

  /**
   * Marks conductors found dead offline, once: the survivor whose update changed the row makes the one
   * `conductor.lost` event (the trigger reads the transaction's `ferrum.conductor_offline`). One that comes
   * back is online again at its next heartbeat.
   * @returns the hostnames this call marked
   */
  async markLost(hostnames: string[]): Promise<string[]> {
    if (!hostnames.length) return [];
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('ferrum.conductor_offline', 'lost', true)`);
      const rows = returnedRows<{ hostname: string }>(await m.query(`UPDATE conductors SET online = false WHERE hostname = ANY($1) AND online RETURNING hostname`, [hostnames]));
      return rows.map((r) => r.hostname);
    });
  }

  /** Online conductors whose heartbeat is younger than `timeoutS`, with the hardware types they offer. */
  async listAlive(timeoutS: number): Promise<LiveConductor[]> {
    const rows: { hostname: string; conductor_group: string; hardware_type: string | null }[] = await this.conductors
      .createQueryBuilder('c')
      .leftJoin(ConductorHardwareInterfaceEntity, 'o', 'o.conductor_id = c.id')
      .select(['c.hostname AS hostname', 'c.conductor_group AS conductor_group', 'o.hardware_type AS hardware_type'])
      .where('c.online = true')
      .andWhere(`c.updated_at > now() - make_interval(secs => :timeout)`, { timeout: timeoutS })
      .distinct(true)
      .getRawMany();
    const byHost = new Map<string, LiveConductor>();
    for (const r of rows) {
      const c = byHost.get(r.hostname) ?? { hostname: r.hostname, conductor_group: r.conductor_group, hardware_types: [] };
      if (r.hardware_type && !c.hardware_types.includes(r.hardware_type)) c.hardware_types.push(r.hardware_type);
      byHost.set(r.hostname, c);
    }
    return [...byHost.values()];
  }

  /** Hostnames that hold node locks but are not alive: their locks are to be cleared. */
  async deadHostsHoldingLocks(timeoutS: number): Promise<string[]> {
    const rows: { reservation: string }[] = await this.dataSource.query(
      `SELECT DISTINCT n.reservation FROM nodes n
        WHERE n.reservation IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM conductors c WHERE c.hostname = n.reservation AND c.online
                            AND c.updated_at > now() - make_interval(secs => $1))`,
      [timeoutS],
    );
    return rows.map((r) => r.reservation);
  }

  async get(hostname: string, timeoutS: number): Promise<ConductorRecord> {
    const e = await this.conductors.findOneBy({ hostname });
    if (!e) throw new ConductorNotFound({ conductor: hostname });
    return (await this.toRecords([e], timeoutS))[0];
  }

  async list(page: Page, timeoutS: number, markerHostname?: string): Promise<ConductorRecord[]> {
    let marker: ConductorEntity | undefined;
    if (markerHostname) {
      marker = (await this.conductors.findOneBy({ hostname: markerHostname })) ?? undefined;
      if (!marker) throw new ConductorNotFound({ conductor: markerHostname });
    }
    const qb = this.conductors.createQueryBuilder('c');
    const rows = await applyPage(qb, 'c', page, marker).getMany();
    return this.toRecords(rows, timeoutS);
  }

  /** The (hardware type, interface) rows of alive conductors, for /v1/drivers. */
  async listOfferedByAlive(timeoutS: number): Promise<(OfferedInterface & { hostname: string })[]> {
    return this.offers
      .createQueryBuilder('o')
      .innerJoin(ConductorEntity, 'c', 'c.id = o.conductor_id')
      .select(['c.hostname AS hostname', 'o.hardware_type AS hardware_type', 'o.interface_type AS interface_type', 'o.interface_name AS interface_name', 'o.is_default AS is_default'])
      .where('c.online = true')
      .andWhere(`c.updated_at > now() - make_interval(secs => :timeout)`, { timeout: timeoutS })
      .getRawMany();
  }

  private async toRecords(rows: ConductorEntity[], timeoutS: number): Promise<ConductorRecord[]> {
    if (rows.length === 0) return [];
    const alive = new Set((await this.listAlive(timeoutS)).map((c) => c.hostname));
    const offers: { conductor_id: number; hardware_type: string }[] = await this.offers
      .createQueryBuilder('o')
      .select(['o.conductor_id AS conductor_id', 'o.hardware_type AS hardware_type'])
      .where('o.conductor_id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .distinct(true)
      .getRawMany();
    return rows.map((r) => ({
      hostname: r.hostname,
      conductor_group: r.conductor_group,
      online: alive.has(r.hostname),
      drivers: [...new Set(offers.filter((o) => o.conductor_id === r.id).map((o) => o.hardware_type))].sort(),
      created_at: isoTime(r.created_at)!,
      updated_at: isoTime(r.updated_at),
    }));
  }
}
