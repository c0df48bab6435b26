import { MigrationInterface, QueryRunner } from 'typeorm';

/** A node's history of errors (API 1.78). */
export class NodeHistory1765010000000 implements MigrationInterface {
  name = 'NodeHistory1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "node_history" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "node_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "severity" character varying(255) NOT NULL, "event_type" character varying(255) NOT NULL, "event" text NOT NULL, "conductor" character varying(255), "user" character varying(255), CONSTRAINT "UQ_node_history_uuid" UNIQUE ("uuid"), CONSTRAINT "PK_node_history" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_node_history_node_id" ON "node_history" ("node_id")`);
    await q.query(`ALTER TABLE "node_history" ADD CONSTRAINT "FK_node_history_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "node_history"`);
  }
}
