import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type AdapterOptions = FastifyServerOptions<Server>;

/**
 * A Nest application on Fastify, built the same way by the API and the inspector: long path parameters
 * allowed (node names may be 255 characters, find-my-way's default is 100), Nest's own body parser and
 * logger off (acceptJsonBodies and pino take their place). Each service adds its dialect's options.
 */
export function createFastifyApp(module: DynamicModule, options: AdapterOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    ...options,
    routerOptions: { maxParamLength: 1024, ...options.routerOptions },
    // Request and header timeouts are enforced when Node checks its connections: every second, not every 30.
    http: { connectionsCheckingInterval: 1000, ...(options as { http?: object }).http },
  } as AdapterOptions);
  return NestFactory.create<NestFastifyApplication>(module, adapter, { logger: false, abortOnError: false, bodyParser: false });
}

/** The URL an app listens on, with the real port when 0 was asked for. */
export function listeningUrl(app: NestFastifyApplication): string {
  const { address, port, family } = app.getHttpServer().address() as AddressInfo;
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}
