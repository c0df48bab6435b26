import { randomBytes } from 'node:crypto';
import { INSPECTOR_QUEUE } from '@ferrum/contracts';
import { FerrumClient, InProcessTransport, NatsTransport, Transport, inNamespace } from '@ferrum/transport';
import { TEST_NATS_URL, useRealService } from './services';

/** A NATS namespace of its own for one test, so parallel test files never answer each other. */
export function testNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/**
 * Transports for one test: on NATS each call returns its own connection (as separate processes
 * would have), all in one fresh namespace; in-process they all share one bus.
 */
export async function createTestTransports(count: number, timeoutMs = 5000): Promise<Transport[]> {
  if (await useRealService('NATS', TEST_NATS_URL, 'the in-process transport')) {
    const namespace = testNamespace();
    return Promise.all(
      Array.from({ length: count }, async (_, i) =>
        inNamespace(await NatsTransport.connect(TEST_NATS_URL, { name: `test-${i}`, defaultTimeoutMs: timeoutMs }), namespace),
      ),
    );
  }
  const bus = new InProcessTransport(timeoutMs);
  return Array.from({ length: count }, () => bus);
}

/** The Nest client a test calls services with, as the API does: `client.call(CreateNode, req, { host })`. */
export function testClient(transport: Transport, timeoutMs = 5000): FerrumClient {
  return new FerrumClient(transport, { inspectorPrefix: INSPECTOR_QUEUE, timeoutMs });
}
