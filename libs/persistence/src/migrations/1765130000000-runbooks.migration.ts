import { MigrationInterface, QueryRunner } from 'typeorm';

/** Runbooks (API 1.92). The owner index serves a project's list (its own runbooks or public ones). */
export class Runbooks1765130000000 implements MigrationInterface {
  name = 'Runbooks1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "runbooks" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "name" character varying(255) NOT NULL, "steps" jsonb NOT NULL DEFAULT '[]', "disable_ramdisk" boolean NOT NULL DEFAULT false, "extra" jsonb NOT NULL DEFAULT '{}', "public" boolean NOT NULL DEFAULT false, "owner" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_runbooks_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_runbooks_name" UNIQUE ("name"), CONSTRAINT "PK_runbooks" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_runbooks_owner" ON "runbooks" ("owner")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "runbooks"`);
  }
}
