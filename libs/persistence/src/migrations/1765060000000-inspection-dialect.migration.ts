import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which inspect interface started a run: `inspector` (ironic-inspector's hooks and answers) or `agent`
 * (Ironic's built-in inspection). NULL for rows written before, which were all the inspector's.
 */
export class InspectionDialect1765060000000 implements MigrationInterface {
  name = 'InspectionDialect1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "introspection_nodes" ADD "dialect" character varying(16)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "introspection_nodes" DROP COLUMN "dialect"`);
  }
}
