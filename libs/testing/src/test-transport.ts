import { InProcessTransport, NatsTransport, Transport } from '@ferrum/transport';
import { TEST_NATS_URL, useRealService } from './services';

/**
 * Transports for one test: on NATS each call returns its own connection (as separate processes
 * would have); in-process they all share one bus.
 */
export async function createTestTransports(count: number, timeoutMs = 5000): Promise<Transport[]> {
  if (await useRealService('NATS', TEST_NATS_URL, 'the in-process transport')) {
    return Promise.all(Array.from({ length: count }, (_, i) => NatsTransport.connect(TEST_NATS_URL, { name: `test-${i}`, defaultTimeoutMs: timeoutMs })));
  }
  const bus = new InProcessTransport(timeoutMs);
  return Array.from({ length: count }, () => bus);
}
