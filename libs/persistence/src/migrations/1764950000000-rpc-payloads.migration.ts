import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bodies of calls between services too large for a NATS message (1 MiB by default): the sender stores
 * the body here and sends its id; the receiver takes it (read and deleted in one statement).
 */
export class RpcPayloads1764950000000 implements MigrationInterface {
  name = 'RpcPayloads1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "rpc_payloads" ("id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_rpc_payloads_id" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_rpc_payloads_created_at" ON "rpc_payloads" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rpc_payloads"`);
  }
}
