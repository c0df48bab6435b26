import { MigrationInterface, QueryRunner } from 'typeorm';

/** A node's BIOS settings (API 1.40, registry fields 1.74). */
export class BiosSettings1765040000000 implements MigrationInterface {
  name = 'BiosSettings1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "bios_settings" ("node_id" integer NOT NULL, "name" character varying(255) NOT NULL, "value" text, "attribute_type" character varying(255), "allowable_values" jsonb, "lower_bound" integer, "max_length" integer, "min_length" integer, "read_only" boolean, "reset_required" boolean, "unique" boolean, "upper_bound" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bios_settings" PRIMARY KEY ("node_id", "name"))`,
    );
    await q.query(`ALTER TABLE "bios_settings" ADD CONSTRAINT "FK_bios_settings_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "bios_settings"`);
  }
}
