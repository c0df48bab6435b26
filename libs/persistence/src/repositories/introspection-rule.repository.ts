import { DataSource } from 'typeorm';
import { DiscoveryClaimEntity, IntrospectionRuleEntity } from '../entities/introspection.entities';
import { uniqueViolation } from '../unique-violation';

export interface IntrospectionRuleRecord {
  uuid: string;
  created_at: Date;
  description: string | null;
  scope: string | null;
  conditions: Record<string, unknown>[];
  actions: Record<string, unknown>[];
}

/** Introspection rules (spec §10), in creation order. */
export class IntrospectionRuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** @returns false when the uuid is taken (the API's 409) */
  async create(rule: Omit<IntrospectionRuleRecord, 'created_at'>): Promise<IntrospectionRuleRecord | false> {
    try {
      await this.dataSource.getRepository(IntrospectionRuleEntity).insert(rule);
    } catch (error) {
      if (uniqueViolation(error)) return false;
      throw error;
    }
    return (await this.get(rule.uuid))!;
  }

  async list(): Promise<IntrospectionRuleRecord[]> {
    return (await this.dataSource.getRepository(IntrospectionRuleEntity).find({ order: { created_at: 'ASC', uuid: 'ASC' } })) as IntrospectionRuleRecord[];
  }

  async get(uuid: string): Promise<IntrospectionRuleRecord | undefined> {
    return ((await this.dataSource.getRepository(IntrospectionRuleEntity).findOneBy({ uuid })) ?? undefined) as IntrospectionRuleRecord | undefined;
  }

  /** @returns whether the rule existed */
  async delete(uuid: string): Promise<boolean> {
    return ((await this.dataSource.getRepository(IntrospectionRuleEntity).delete({ uuid })).affected ?? 0) > 0;
  }

  async deleteAll(): Promise<void> {
    await this.dataSource.getRepository(IntrospectionRuleEntity).createQueryBuilder().delete().execute();
  }

  /**
   * Claims the MACs of an unknown machine for one new node, all or nothing: the primary key lets exactly
   * one of several concurrent callbacks win. @returns the uuid of the node that holds the claim
   */
  async claimMacs(macs: string[], nodeUuid: string): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const rows: { mac: string }[] = await m.query(
        `INSERT INTO introspection_discovery_claims (mac, node_uuid) SELECT unnest($1::varchar[]), $2 ON CONFLICT (mac) DO NOTHING RETURNING mac`,
        [macs, nodeUuid],
      );
      if (rows.length === macs.length) return nodeUuid;
      const holder = await m.getRepository(DiscoveryClaimEntity).findOne({ where: macs.map((mac) => ({ mac })) });
      // Roll back our part of the claim by throwing, then report the holder.
      throw new ClaimTaken(holder?.node_uuid ?? 'unknown');
    }).catch((error: unknown) => {
      if (error instanceof ClaimTaken) return error.holder;
      throw error;
    });
  }

  /**
   * Forgets the claims of a node (its enrolment failed, or it was deleted since). With `olderThanS`, only
   * claims at least that old: a younger one may belong to an enrolment still under way.
   */
  async releaseClaims(nodeUuid: string, olderThanS = 0): Promise<void> {
    await this.dataSource.query(`DELETE FROM introspection_discovery_claims WHERE node_uuid = $1 AND created_at <= now() - make_interval(secs => $2)`, [
      nodeUuid,
      olderThanS,
    ]);
  }
}

class ClaimTaken extends Error {
  constructor(readonly holder: string) {
    super('claimed');
  }
}
