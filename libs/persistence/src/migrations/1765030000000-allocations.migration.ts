import { MigrationInterface, QueryRunner } from 'typeorm';

/** Allocations (API 1.52); a node names its allocation by uuid (nodes.allocation_uuid, there since the start). */
export class Allocations1765030000000 implements MigrationInterface {
  name = 'Allocations1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "allocations" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "name" character varying(255), "node_id" integer, "state" character varying(15) NOT NULL DEFAULT 'allocating', "last_error" text, "resource_class" character varying(80), "traits" jsonb NOT NULL DEFAULT '[]', "candidate_nodes" jsonb NOT NULL DEFAULT '[]', "extra" jsonb NOT NULL DEFAULT '{}', "owner" character varying(255), "conductor_affinity" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_allocations_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_allocations_name" UNIQUE ("name"), CONSTRAINT "PK_allocations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_allocations_node_id" ON "allocations" ("node_id")`);
    await q.query(`ALTER TABLE "allocations" ADD CONSTRAINT "FK_allocations_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "allocations"`);
  }
}
