import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.100 and 1.101: a port's vendor and category (Ironic's String(32) and String(80), nullable). */
export class PortVendorCategory1765160000000 implements MigrationInterface {
  name = 'PortVendorCategory1765160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" ADD "vendor" character varying(32)`);
    await q.query(`ALTER TABLE "ports" ADD "category" character varying(80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" DROP COLUMN "category"`);
    await q.query(`ALTER TABLE "ports" DROP COLUMN "vendor"`);
  }
}
