import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.109: the hardware health the BMC last reported (Ironic's nodes.health). */
export class NodeHealth1765170000000 implements MigrationInterface {
  name = 'NodeHealth1765170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "health" character varying(15)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "health"`);
  }
}
