import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A conductor's registration count (its epoch). Writes under a node lock check that the writer is still
 * the registered incarnation of its hostname: a process that was replaced (restarted under the same name
 * while it hung) cannot write with a lock it no longer holds.
 */
export class ConductorEpoch1764960000000 implements MigrationInterface {
  name = 'ConductorEpoch1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conductors" ADD "epoch" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conductors" DROP COLUMN "epoch"`);
  }
}
