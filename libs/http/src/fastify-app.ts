import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type TlsSettings, httpsOptions, reloadCertificates } from './tls';

type AdapterOptions = FastifyServerOptions<Server>;

/**
 * A Nest application on Fastify, built the same way by the API and the inspector: long path parameters
 * allowed (node names may be 255 characters, find-my-way's default is 100), Nest's own body parser and
 * logger off (acceptJsonBodies and pino take their place). Each service adds its dialect's options.
 */
export async function createFastifyApp(module: DynamicModule, options: AdapterOptions = {}, tls?: TlsSettings): Promise<NestFastifyApplication> {
  // Request and header timeouts are enforced when Node checks its connections: every second, not every 30.
  const checking = { connectionsCheckingInterval: 1000 };
  const adapter = new FastifyAdapter({
    ...options,
    routerOptions: { maxParamLength: 1024, ...options.routerOptions },
    ...(tls ? { https: { ...httpsOptions(tls.files), ...checking } } : { http: checking }),
  } as AdapterOptions);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: false, abortOnError: false, bodyParser: false });
  if (tls) {
    const stop = reloadCertificates(app.getHttpServer() as unknown as HttpsServer, tls.files, tls.onReload);
    app.getHttpAdapter().getInstance().addHook('onClose', async () => stop());
  }
  return app;
}

/** The URL an app listens on, with the real port when 0 was asked for. */
export function listeningUrl(app: NestFastifyApplication): string {
  const server = app.getHttpServer();
  const { address, port, family } = server.address() as AddressInfo;
  // An https.Server is a tls.Server: it has setSecureContext.
  const scheme = 'setSecureContext' in server ? 'https' : 'http';
  return `${scheme}://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}
