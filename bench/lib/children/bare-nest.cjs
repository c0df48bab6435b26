// Bare Nest on Fastify: one controller answering GET /v1/nodes/:id with a fixed node body (BENCH_NODE_BODY,
// a real node as the API serves it). The floor a Nest-on-Fastify API stands on; decorators are applied as
// functions because the bench is plain JavaScript.
'use strict';
require('reflect-metadata');
const { Controller, Get, Module, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

const node = JSON.parse(process.env.BENCH_NODE_BODY);
const port = Number(process.env.BENCH_PORT);

class NodesController {
  // The same object for every id, serialised by Nest/Fastify on every request as the API's node is.
  show(_id) {
    return node;
  }
}
Reflect.decorate([Controller('v1/nodes')], NodesController);
Reflect.decorate([Get(':id')], NodesController.prototype, 'show', Object.getOwnPropertyDescriptor(NodesController.prototype, 'show'));
Param('id')(NodesController.prototype, 'show', 0);

class AppModule {}
Reflect.decorate([Module({ controllers: [NodesController] })], AppModule);

// Exit with the bench: its stdin pipe closes when it ends, however it ends.
process.stdin.on('end', () => process.exit(0)).resume();

(async () => {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, '127.0.0.1');
  console.log('up');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
