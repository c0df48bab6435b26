import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The iPXE configuration of each node the conductor is booting from the network (Ironic writes the same as a
 * file, <http_root>/<node uuid>/config, linked from pxelinux.cfg/<mac>). A row lives from prepare_ramdisk to
 * clean_up_ramdisk; the inspector serves it to the machine by the booting NIC's MAC. Gone with its node.
 */
export class NetbootConfigs1765220000000 implements MigrationInterface {
  name = 'NetbootConfigs1765220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ferrum_netboot_configs" ("node_id" integer NOT NULL, "script" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ferrum_netboot_configs" PRIMARY KEY ("node_id"), CONSTRAINT "FK_ferrum_netboot_configs_node" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ferrum_netboot_configs"`);
  }
}
