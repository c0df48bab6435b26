import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.95: nodes that must never be powered off (Ironic's nodes.disable_power_off). */
export class DisablePowerOff1765140000000 implements MigrationInterface {
  name = 'DisablePowerOff1765140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "disable_power_off" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "disable_power_off"`);
  }
}
