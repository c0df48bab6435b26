import { MigrationInterface, QueryRunner } from 'typeorm';

/** API 1.86: a node's firmware interface, and the firmware components it cached (Ironic's firmware_information). */
export class Firmware1765090000000 implements MigrationInterface {
  name = 'Firmware1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nodes" ADD "firmware_interface" character varying(255)`);
    await q.query(
      `CREATE TABLE "firmware_information" ("node_id" integer NOT NULL, "component" character varying(255) NOT NULL, "initial_version" character varying(255) NOT NULL, "current_version" character varying(255), "last_version_flashed" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_firmware_information" PRIMARY KEY ("node_id", "component"))`,
    );
    await q.query(`ALTER TABLE "firmware_information" ADD CONSTRAINT "FK_firmware_information_node_id" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "firmware_information"`);
    await q.query(`ALTER TABLE "nodes" DROP COLUMN "firmware_interface"`);
  }
}
