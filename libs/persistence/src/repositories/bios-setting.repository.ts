import { DataSource } from 'typeorm';
import type { BiosSettingRecord } from '@ferrum/contracts';
import { BiosSettingEntity } from '../entities/bios-setting.entity';
import { isoTime } from '../timestamps';

function toRecord(e: BiosSettingEntity): BiosSettingRecord {
  const { node: _node, node_id: _nodeId, ...rest } = e;
  return { ...rest, created_at: isoTime(e.created_at)!, updated_at: isoTime(e.updated_at) };
}

/** A node's cached BIOS settings: written by its BIOS interface through the conductor, read by the API. */
export class BiosSettingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(nodeId: number): Promise<BiosSettingRecord[]> {
    return (await this.dataSource.getRepository(BiosSettingEntity).find({ where: { node_id: nodeId }, order: { name: 'ASC' } })).map(toRecord);
  }

  async get(nodeId: number, name: string): Promise<BiosSettingRecord | undefined> {
    const e = await this.dataSource.getRepository(BiosSettingEntity).findOneBy({ node_id: nodeId, name });
    return e ? toRecord(e) : undefined;
  }

  /**
   * The node's settings become exactly these, in one transaction (Ironic's sync_node_setting, then its
   * create, save and delete lists): new ones created, changed ones updated (updated_at set), others dropped.
   */
  async replace(nodeId: number, settings: BiosSettingRecord[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(BiosSettingEntity);
      const current = new Map((await repo.find({ where: { node_id: nodeId } })).map((s) => [s.name, s]));
      const given = new Set(settings.map((s) => s.name));
      const gone = [...current.keys()].filter((n) => !given.has(n));
      if (gone.length) await m.query('DELETE FROM bios_settings WHERE node_id = $1 AND name = ANY($2::text[])', [nodeId, gone]);
      for (const s of settings) {
        const { created_at: _c, updated_at: _u, ...fields } = s;
        const existing = current.get(s.name);
        if (!existing) await repo.insert({ ...fields, node_id: nodeId });
        else if (existing.value !== s.value) await repo.update({ node_id: nodeId, name: s.name }, { ...fields, updated_at: () => 'now()' });
      }
    });
  }
}
