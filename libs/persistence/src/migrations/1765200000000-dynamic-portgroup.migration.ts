import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API 1.111: a port's available_for_dynamic_portgroup (NOT NULL, true for every existing port) and a group's
 * dynamic_portgroup. Ironic adds the latter nullable without a server default, so groups that already exist read
 * null, and only new ones get false (its ORM default): the default is set after the column is added.
 */
export class DynamicPortgroup1765200000000 implements MigrationInterface {
  name = 'DynamicPortgroup1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" ADD "available_for_dynamic_portgroup" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "portgroups" ADD "dynamic_portgroup" boolean`);
    await q.query(`ALTER TABLE "portgroups" ALTER COLUMN "dynamic_portgroup" SET DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "portgroups" DROP COLUMN "dynamic_portgroup"`);
    await q.query(`ALTER TABLE "ports" DROP COLUMN "available_for_dynamic_portgroup"`);
  }
}
