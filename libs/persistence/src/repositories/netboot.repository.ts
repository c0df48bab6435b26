import type { DataSource } from 'typeorm';

/** The iPXE configurations of nodes being booted from the network (migration NetbootConfigs), one per node. */
export class NetbootRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the node's configuration, replacing any it had. */
  async write(nodeId: number, script: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ferrum_netboot_configs (node_id, script, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (node_id) DO UPDATE SET script = EXCLUDED.script, updated_at = now()`,
      [nodeId, script],
    );
  }

  async remove(nodeId: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM ferrum_netboot_configs WHERE node_id = $1`, [nodeId]);
  }

  /** The configuration of the node one of whose ports has this MAC (any case); undefined when it has none. */
  async scriptForMac(mac: string): Promise<string | undefined> {
    const rows: { script: string }[] = await this.dataSource.query(
      `SELECT c.script FROM ferrum_netboot_configs c JOIN ports p ON p.node_id = c.node_id WHERE lower(p.address) = lower($1) LIMIT 1`,
      [mac],
    );
    return rows[0]?.script;
  }
}
