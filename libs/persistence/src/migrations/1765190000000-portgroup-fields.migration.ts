import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.102 and 1.103: a port group's physical_network and category (Ironic's String(64) and String(80), nullable). */
export class PortgroupFields1765190000000 implements MigrationInterface {
  name = 'PortgroupFields1765190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "portgroups" ADD "physical_network" character varying(64)`);
    await q.query(`ALTER TABLE "portgroups" ADD "category" character varying(80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "portgroups" DROP COLUMN "category"`);
    await q.query(`ALTER TABLE "portgroups" DROP COLUMN "physical_network"`);
  }
}
