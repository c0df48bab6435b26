import { MigrationInterface, QueryRunner } from 'typeorm';

/** Port groups (API 1.23); a port names its group by uuid (ports.portgroup_uuid, there since the start). */
export class Portgroups1765000000000 implements MigrationInterface {
  name = 'Portgroups1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "portgroups" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "name" character varying(255), "address" character varying(18), "node_id" integer NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "internal_info" jsonb NOT NULL DEFAULT '{}', "mode" character varying(255), "properties" jsonb NOT NULL DEFAULT '{}', "standalone_ports_supported" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_portgroups_uuid" UNIQUE ("uuid"), CONSTRAINT "UQ_portgroups_name" UNIQUE ("name"), CONSTRAINT "UQ_portgroups_address" UNIQUE ("address"), CONSTRAINT "PK_portgroups" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_portgroups_node_id" ON "portgroups" ("node_id")`);
    await q.query(`ALTER TABLE "portgroups" ADD CONSTRAINT "FK_portgroups_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
    await q.query(`CREATE INDEX "IDX_ports_portgroup_uuid" ON "ports" ("portgroup_uuid")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_ports_portgroup_uuid"`);
    await q.query(`DROP TABLE "portgroups"`);
  }
}
