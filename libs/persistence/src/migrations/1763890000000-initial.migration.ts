import { MigrationInterface, QueryRunner } from 'typeorm';

/** Nodes, ports, chassis, conductors and what each conductor offers. Generated from the entities, then frozen. */
export class Initial1763890000000 implements MigrationInterface {
  name = 'Initial1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "chassis" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "description" character varying(255), "extra" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_4576224109a5d9d27ad156f8706" UNIQUE ("uuid"), CONSTRAINT "PK_12cc14414b1620d5cf1a50594c2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "conductors" ("id" SERIAL NOT NULL, "hostname" character varying(255) NOT NULL, "conductor_group" character varying(255) NOT NULL DEFAULT '', "online" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_e8466997cfee77b2ff93ac7a3af" UNIQUE ("hostname"), CONSTRAINT "PK_9f53cbeb7a32453d36ff522469a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "conductor_hardware_interfaces" ("id" SERIAL NOT NULL, "conductor_id" integer NOT NULL, "hardware_type" character varying(255) NOT NULL, "interface_type" character varying(16) NOT NULL, "interface_name" character varying(255) NOT NULL, "is_default" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_1bf2bb6298e2c7741ea5863da15" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_d23e0480dec7448b3b4c2ac24a" ON "conductor_hardware_interfaces"  ("conductor_id", "hardware_type", "interface_type", "interface_name") `);
    await q.query(`CREATE TABLE "nodes" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "name" character varying(255), "driver" character varying(255) NOT NULL, "driver_info" jsonb NOT NULL DEFAULT '{}', "driver_internal_info" jsonb NOT NULL DEFAULT '{}', "properties" jsonb NOT NULL DEFAULT '{}', "instance_info" jsonb NOT NULL DEFAULT '{}', "instance_uuid" character varying(36), "extra" jsonb NOT NULL DEFAULT '{}', "chassis_id" integer, "power_state" character varying(15), "target_power_state" character varying(15), "provision_state" character varying(15) NOT NULL, "target_provision_state" character varying(15), "provision_updated_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "reservation" character varying(255), "maintenance" boolean NOT NULL DEFAULT false, "maintenance_reason" text, "fault" character varying(255), "console_enabled" boolean NOT NULL DEFAULT false, "inspection_started_at" TIMESTAMP WITH TIME ZONE, "inspection_finished_at" TIMESTAMP WITH TIME ZONE, "clean_step" jsonb NOT NULL DEFAULT '{}', "deploy_step" jsonb NOT NULL DEFAULT '{}', "raid_config" jsonb NOT NULL DEFAULT '{}', "target_raid_config" jsonb NOT NULL DEFAULT '{}', "resource_class" character varying(80), "bios_interface" character varying(255), "boot_interface" character varying(255), "console_interface" character varying(255), "deploy_interface" character varying(255), "inspect_interface" character varying(255), "management_interface" character varying(255), "network_interface" character varying(255), "power_interface" character varying(255), "raid_interface" character varying(255), "rescue_interface" character varying(255), "storage_interface" character varying(255), "vendor_interface" character varying(255), "traits" jsonb NOT NULL DEFAULT '[]', "conductor_group" character varying(255) NOT NULL DEFAULT '', "automated_clean" boolean, "protected" boolean NOT NULL DEFAULT false, "protected_reason" text, "owner" character varying(255), "lessee" character varying(255), "description" text, "allocation_uuid" character varying(36), "retired" boolean NOT NULL DEFAULT false, "retired_reason" text, "network_data" jsonb NOT NULL DEFAULT '{}', "boot_mode" character varying(64), "secure_boot" boolean, "shard" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c5812748ce4c2cae2613c989284" UNIQUE ("uuid"), CONSTRAINT "UQ_b8645506b68b2c103372aacc0ff" UNIQUE ("name"), CONSTRAINT "UQ_2994baf87c33aa2bf294f29e1e8" UNIQUE ("instance_uuid"), CONSTRAINT "PK_682d6427523a0fa43d062ea03ee" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_319f484ddfaaa99d0f0027b47f" ON "nodes"  ("provision_state") `);
    await q.query(`CREATE INDEX "IDX_dff26b799489b2816cbd1cbb69" ON "nodes"  ("reservation") `);
    await q.query(`CREATE INDEX "IDX_0cb469fd910d1a7b2551d974c5" ON "nodes"  ("conductor_group") `);
    await q.query(`CREATE TABLE "ports" ("id" SERIAL NOT NULL, "uuid" uuid NOT NULL, "address" character varying(18) NOT NULL, "node_id" integer NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "internal_info" jsonb NOT NULL DEFAULT '{}', "local_link_connection" jsonb NOT NULL DEFAULT '{}', "pxe_enabled" boolean NOT NULL DEFAULT true, "physical_network" character varying(64), "portgroup_uuid" character varying(36), "is_smartnic" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_aaa743749a48527efcfa728daf5" UNIQUE ("uuid"), CONSTRAINT "UQ_6db5aaef0a5852a0af4329928b8" UNIQUE ("address"), CONSTRAINT "PK_291c9f372b1ce97c885e96f5ff4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_b4344ea43a59f7700059043eb8" ON "ports"  ("node_id") `);
    await q.query(`ALTER TABLE "conductor_hardware_interfaces" ADD CONSTRAINT "FK_af863d041c40c442549ad77faa1" FOREIGN KEY ("conductor_id") REFERENCES "conductors"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "nodes" ADD CONSTRAINT "FK_8c994c7958e5483cfa0b2abeceb" FOREIGN KEY ("chassis_id") REFERENCES "chassis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "ports" ADD CONSTRAINT "FK_b4344ea43a59f7700059043eb88" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ports" DROP CONSTRAINT "FK_b4344ea43a59f7700059043eb88"`);
    await q.query(`ALTER TABLE "nodes" DROP CONSTRAINT "FK_8c994c7958e5483cfa0b2abeceb"`);
    await q.query(`ALTER TABLE "conductor_hardware_interfaces" DROP CONSTRAINT "FK_af863d041c40c442549ad77faa1"`);
    await q.query(`DROP INDEX "public"."IDX_b4344ea43a59f7700059043eb8"`);
    await q.query(`DROP TABLE "ports"`);
    await q.query(`DROP INDEX "public"."IDX_0cb469fd910d1a7b2551d974c5"`);
    await q.query(`DROP INDEX "public"."IDX_dff26b799489b2816cbd1cbb69"`);
    await q.query(`DROP INDEX "public"."IDX_319f484ddfaaa99d0f0027b47f"`);
    await q.query(`DROP TABLE "nodes"`);
    await q.query(`DROP INDEX "public"."IDX_d23e0480dec7448b3b4c2ac24a"`);
    await q.query(`DROP TABLE "conductor_hardware_interfaces"`);
    await q.query(`DROP TABLE "conductors"`);
    await q.query(`DROP TABLE "chassis"`);
  }
}
