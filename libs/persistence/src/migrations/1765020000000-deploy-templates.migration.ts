import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deploy templates (API 1.55). */
export class DeployTemplates1765020000000 implements MigrationInterface {
  name = 'DeployTemplates1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "deploy_templates" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "name" character varying(255) NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "steps" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_deploy_templates_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_deploy_templates_name" UNIQUE ("name"), CONSTRAINT "PK_deploy_templates" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "deploy_templates"`);
  }
}
