import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.88: a port's name, unique over all ports as Ironic's uniq_ports0name (String(255), nullable). */
export class PortName1765110000000 implements MigrationInterface {
  name = 'PortName1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" ADD "name" character varying(255)`);
    await q.query(`ALTER TABLE "ports" ADD CONSTRAINT "UQ_ports_name" UNIQUE ("name")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" DROP CONSTRAINT "UQ_ports_name"`);
    await q.query(`ALTER TABLE "ports" DROP COLUMN "name"`);
  }
}
