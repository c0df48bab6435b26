import type { Logger } from 'pino';
import { InProcessTransport } from './in-process.transport';
import { inNamespace } from './namespaced.transport';
import { NatsSecurity, NatsTransport } from './nats.transport';
import { PayloadStore, Transport } from './transport';

/** NATS when a URL is configured, otherwise the in-process bus (all roles in one process). */
export async function createTransport(options: {
  natsUrl?: string;
  name: string;
  defaultTimeoutMs: number;
  /** Prefix for every subject (FERRUM_NATS_NAMESPACE). */
  namespace?: string;
  logger?: Logger;
  /** Where bodies larger than a NATS message go (the database). */
  payloads?: PayloadStore;
  /** TLS and credentials for NATS beyond the URL's user:password. */
  security?: NatsSecurity;
}): Promise<Transport> {
  if (options.natsUrl) {
    return inNamespace(await NatsTransport.connect(options.natsUrl, options), options.namespace);
  }
  return new InProcessTransport(options.defaultTimeoutMs, options.logger);
}
