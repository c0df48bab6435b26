import { MigrationInterface, QueryRunner } from 'typeorm';

/** The inspector's tables (spec §3), prefixed so they never clash with Ironic's `nodes`. */
export class Introspection1763910000000 implements MigrationInterface {
  name = 'Introspection1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "introspection_nodes" ("uuid" uuid NOT NULL, "version_id" uuid NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'finished', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, "manage_boot" boolean, CONSTRAINT "PK_introspection_nodes_uuid" PRIMARY KEY ("uuid"))`,
    );
    await q.query(`CREATE INDEX "IDX_introspection_nodes_state" ON "introspection_nodes" ("state")`);
    await q.query(`CREATE INDEX "IDX_introspection_nodes_started_at" ON "introspection_nodes" ("started_at")`);
    await q.query(`CREATE INDEX "IDX_introspection_nodes_finished_at" ON "introspection_nodes" ("finished_at")`);
    await q.query(
      `CREATE TABLE "introspection_attributes" ("id" SERIAL NOT NULL, "node_uuid" uuid NOT NULL, "name" character varying(255) NOT NULL, "value" character varying(255) NOT NULL, CONSTRAINT "PK_introspection_attributes_id" PRIMARY KEY ("id"), CONSTRAINT "FK_introspection_attributes_node" FOREIGN KEY ("node_uuid") REFERENCES "introspection_nodes"("uuid") ON DELETE CASCADE)`,
    );
    await q.query(`CREATE INDEX "IDX_introspection_attributes_node_uuid" ON "introspection_attributes" ("node_uuid")`);
    await q.query(`CREATE INDEX "IDX_introspection_attributes_name_value" ON "introspection_attributes" ("name", "value")`);
    await q.query(
      `CREATE TABLE "introspection_data" ("uuid" uuid NOT NULL, "processed" boolean NOT NULL, "data" jsonb NOT NULL, CONSTRAINT "PK_introspection_data" PRIMARY KEY ("uuid", "processed"))`,
    );
    await q.query(
      `CREATE TABLE "introspection_rules" ("uuid" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "description" text, "scope" character varying(255), "conditions" jsonb NOT NULL, "actions" jsonb NOT NULL, CONSTRAINT "PK_introspection_rules_uuid" PRIMARY KEY ("uuid"))`,
    );
    await q.query(
      `CREATE TABLE "introspection_discovery_claims" ("mac" character varying(18) NOT NULL, "node_uuid" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_introspection_discovery_claims_mac" PRIMARY KEY ("mac"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['introspection_discovery_claims', 'introspection_rules', 'introspection_data', 'introspection_attributes', 'introspection_nodes']) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
