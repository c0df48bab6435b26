import { MigrationInterface, QueryRunner } from 'typeorm';

/** Durable async vendor passthru results. */
export class Jobs1763900000000 implements MigrationInterface {
  name = 'Jobs1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "jobs" ("uuid" uuid NOT NULL, "state" character varying(16) NOT NULL, "kind" character varying(64) NOT NULL, "node_uuid" uuid, "driver" character varying(255) NOT NULL, "method" character varying(255) NOT NULL, "conductor" character varying(255) NOT NULL, "result" jsonb, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_jobs_uuid" PRIMARY KEY ("uuid"))`,
    );
    await q.query(`CREATE INDEX "IDX_jobs_state" ON "jobs" ("state")`);
    await q.query(`CREATE INDEX "IDX_jobs_conductor" ON "jobs" ("conductor")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "jobs"`);
  }
}
