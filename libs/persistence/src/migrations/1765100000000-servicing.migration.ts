import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.87: the service step a node is running (Ironic's nodes.service_step). */
export class Servicing1765100000000 implements MigrationInterface {
  name = 'Servicing1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "service_step" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "service_step"`);
  }
}
