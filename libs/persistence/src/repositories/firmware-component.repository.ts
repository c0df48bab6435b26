import { DataSource } from 'typeorm';
import type { FirmwareComponentReading, FirmwareComponentRecord } from '@ferrum/contracts';
import { FirmwareComponentEntity } from '../entities/firmware-component.entity';
import { isoTime } from '../timestamps';

function toRecord(e: FirmwareComponentEntity): FirmwareComponentRecord {
  return {
    component: e.component,
    initial_version: e.initial_version,
    current_version: e.current_version,
    last_version_flashed: e.last_version_flashed,
    created_at: isoTime(e.created_at)!,
    updated_at: isoTime(e.updated_at),
  };
}

/** A node's cached firmware components: written by its firmware interface through the conductor, read by the API. */
export class FirmwareComponentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(nodeId: number): Promise<FirmwareComponentRecord[]> {
    return (await this.dataSource.getRepository(FirmwareComponentEntity).find({ where: { node_id: nodeId }, order: { component: 'ASC' } })).map(toRecord);
  }

  /**
   * Ironic's sync_firmware_components and what its firmware interface does with the result, in one transaction:
   * a new component is created with its version as both initial and current; a known one whose version changed
   * records it as current and last flashed (updated_at set); components not read are kept, as Ironic keeps them.
   */
  async sync(nodeId: number, readings: FirmwareComponentReading[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(FirmwareComponentEntity);
      const current = new Map((await repo.find({ where: { node_id: nodeId } })).map((c) => [c.component, c]));
      for (const r of readings) {
        const known = current.get(r.component);
        if (!known) await repo.insert({ node_id: nodeId, component: r.component, initial_version: r.current_version, current_version: r.current_version });
        else if (known.current_version !== r.current_version) {
          await repo.update({ node_id: nodeId, component: r.component }, { current_version: r.current_version, last_version_flashed: r.current_version, updated_at: () => 'now()' });
        }
      }
    });
  }
}
