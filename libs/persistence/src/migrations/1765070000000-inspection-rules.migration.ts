import { MigrationInterface, QueryRunner } from 'typeorm';

/** Inspection rules (API 1.96), read by the inspector for the `agent` inspect interface's runs. */
export class InspectionRules1765070000000 implements MigrationInterface {
  name = 'InspectionRules1765070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "inspection_rules" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "description" character varying(255), "priority" integer NOT NULL, "sensitive" boolean NOT NULL, "phase" character varying(16) NOT NULL, "conditions" jsonb NOT NULL, "actions" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_inspection_rules_uuid" UNIQUE ("uuid"), CONSTRAINT "PK_inspection_rules" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inspection_rules"`);
  }
}
