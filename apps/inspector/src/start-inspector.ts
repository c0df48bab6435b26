import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@ferrum/logging';
import { Observability, instrumentFastify } from '@ferrum/observability';
import type { AddressInfo } from 'node:net';
import type { InspectorConfig } from './inspector.config';
import { InspectorModule } from './inspector.module';

export interface InspectorHandle {
  /** Base URL the inspector listens on, with the real port when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

export interface StartInspectorDeps {
  config: InspectorConfig;
  logger: Logger;
}

/** Starts the inspector's HTTP server (ironic-inspector's API port) and resolves once it listens. */
export async function startInspector(deps: StartInspectorDeps): Promise<InspectorHandle> {
  const logger = deps.logger.child({ component: 'inspector' });
  const app = await NestFactory.create<NestFastifyApplication>(InspectorModule, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  const { metrics } = Observability.forProcess();
  instrumentFastify(app.getHttpAdapter().getInstance(), metrics, 'inspector');
  // No introspection runs yet (the inspector issue brings them): every state shows 0.
  metrics.trackIntrospections();
  await app.listen(deps.config.inspectorPort, deps.config.inspectorHost);
  const { address, port, family } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  logger.info({ url }, 'inspector listening');
  let closed = false;
  return {
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      logger.info('inspector stopped');
    },
  };
}
