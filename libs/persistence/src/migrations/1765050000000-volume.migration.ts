import { MigrationInterface, QueryRunner } from 'typeorm';

/** Volume connectors and targets (API 1.32), deleted with their node as Ironic's destroy_node does. */
export class Volume1765050000000 implements MigrationInterface {
  name = 'Volume1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "volume_connectors" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "node_id" integer NOT NULL, "type" character varying NOT NULL, "connector_id" character varying NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_volume_connectors_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_volume_connectors_type_connector_id" UNIQUE ("type", "connector_id"), CONSTRAINT "PK_volume_connectors" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_volume_connectors_node_id" ON "volume_connectors" ("node_id")`);
    await q.query(`ALTER TABLE "volume_connectors" ADD CONSTRAINT "FK_volume_connectors_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
    await q.query(
      `CREATE TABLE "volume_targets" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "node_id" integer NOT NULL, "volume_type" character varying NOT NULL, "properties" jsonb NOT NULL DEFAULT '{}', "boot_index" integer NOT NULL, "volume_id" character varying NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_volume_targets_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_volume_targets_node_id_boot_index" UNIQUE ("node_id", "boot_index"), CONSTRAINT "PK_volume_targets" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_volume_targets_node_id" ON "volume_targets" ("node_id")`);
    await q.query(`ALTER TABLE "volume_targets" ADD CONSTRAINT "FK_volume_targets_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "volume_targets"`);
    await q.query(`DROP TABLE "volume_connectors"`);
  }
}
