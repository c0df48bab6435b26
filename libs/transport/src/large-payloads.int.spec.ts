import { InternalError } from '@ferrum/errors';
import { TEST_NATS_URL, createTestDatabase, useRealService } from '@ferrum/testing';
import { NatsTransport } from './nats.transport';
import type { PayloadStore } from './transport';

/**
 * A body larger than a NATS message (1 MiB by default: a deploy's config drive, a large vendor passthru
 * reply) travels by reference: parked in the payload store (the database), its id sent instead. Here the
 * inline limit is lowered to 4 KiB so the test moves little data; the path is the same.
 */
describe('large payloads over NATS', () => {
  let available = false;
  beforeAll(async () => {
    available = await useRealService('NATS', TEST_NATS_URL, 'nothing: large-payload test skipped');
  });

  it('parks requests and replies larger than a message in the database, and leaves nothing behind', async () => {
    if (!available) return;
    const db = await createTestDatabase();
    const options = { payloads: db.repos.payloads, maxInlineBytes: 4096 };
    const [server, client] = [await NatsTransport.connect(TEST_NATS_URL, options), await NatsTransport.connect(TEST_NATS_URL, options)];
    const subject = `test.${process.pid}.large.v1`;
    try {
      await server.handle(subject, async (payload) => ({ got: (payload as { blob: string }).blob.length, back: 'y'.repeat(20_000) }));
      const reply = await client.request<{ got: number; back: string }>(subject, { blob: 'x'.repeat(1_200_000) });
      expect(reply.got).toBe(1_200_000);
      expect(reply.back).toHaveLength(20_000);
      // Taken once: the table is empty again.
      expect(await db.repos.dataSource.query(`SELECT count(*)::int AS n FROM rpc_payloads`)).toEqual([{ n: 0 }]);
    } finally {
      await client.close();
      await server.close();
      await db.close();
    }
  });

  it('without a store, refuses a body too large with a clear error instead of a broken connection', async () => {
    if (!available) return;
    const transport = await NatsTransport.connect(TEST_NATS_URL, { maxInlineBytes: 4096 });
    try {
      const error = await transport.request(`test.${process.pid}.nobody.v1`, { blob: 'x'.repeat(10_000) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalError);
      expect((error as Error).message).toMatch(/larger than the message bus takes/);
    } finally {
      await transport.close();
    }
  });

  it('a store is what a PayloadStore says: the repository takes a body once', async () => {
    const db = await createTestDatabase();
    try {
      const store: PayloadStore = db.repos.payloads;
      const id = await store.put('{"a":1}');
      expect(await store.take(id)).toBe('{"a":1}');
      expect(await store.take(id)).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
