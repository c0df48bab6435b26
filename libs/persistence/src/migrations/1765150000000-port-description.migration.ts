import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.97: a port's free-text description (Ironic's String(255), nullable). */
export class PortDescription1765150000000 implements MigrationInterface {
  name = 'PortDescription1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" ADD "description" character varying(255)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" DROP COLUMN "description"`);
  }
}
