import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.104: the instance's name on the node (Ironic's nodes.instance_name), filtered on by node lists. */
export class InstanceName1765180000000 implements MigrationInterface {
  name = 'InstanceName1765180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "instance_name" character varying(255)`);
    await q.query(`CREATE INDEX "IDX_nodes_instance_name" ON "nodes" ("instance_name")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_nodes_instance_name"`);
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "instance_name"`);
  }
}
