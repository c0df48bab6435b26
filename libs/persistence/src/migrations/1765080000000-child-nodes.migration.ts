import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A node's parent (API 1.83): the UUID of another node, as Ironic keeps it — a plain string with no
 * foreign key, so deleting a parent leaves its children pointing at it. Indexed, as Ironic's
 * parent_node_idx, because every node list filters on it.
 */
export class ChildNodes1765080000000 implements MigrationInterface {
  name = 'ChildNodes1765080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "parent_node" character varying(36)`);
    await q.query(`CREATE INDEX "IDX_nodes_parent_node" ON "nodes" ("parent_node")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_nodes_parent_node"`);
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "parent_node"`);
  }
}
