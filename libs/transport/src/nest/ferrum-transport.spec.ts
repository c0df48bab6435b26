import { Controller, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { RequestOf, defineCall } from '@ferrum/contracts';
import { InternalError, InvalidParameterValue, NodeLocked } from '@ferrum/errors';
import { z } from 'zod';
import { InProcessTransport } from '../in-process.transport';
import { NoResponders } from '../transport';
import { FerrumClient } from './ferrum.client';
import { FerrumServer } from './ferrum.server';
import { Handles } from './handles.decorator';
import { RpcErrorFilter } from './rpc-error.filter';
import { FerrumRpcContext } from './rpc.context';

const Add = defineCall<{ a: number; b: number }, { sum: number }>()('conductor', 'test.add.v1', z.object({ a: z.number(), b: z.number() }));
const Lock = defineCall<{ node_uuid: string }, null>()('conductor', 'test.lock.v1', z.object({ node_uuid: z.string() }));
const Crash = defineCall<Record<string, never>, null>()('conductor', 'test.crash.v1', z.object({}));
const Slow = defineCall<{ ms: number }, string>()('conductor', 'test.slow.v1', z.object({ ms: z.number() }));
const WhichDriver = defineCall<Record<string, never>, string>()('driver', 'test.which.v1', z.object({}));
const Hello = defineCall<{ name: string }, string>()('inspector', 'test.hello.v1', z.object({ name: z.string() }));

@Controller()
class TestController {
  @Handles(Add)
  add(req: RequestOf<typeof Add>) {
    return { sum: req.a + req.b };
  }

  @Handles(Lock)
  lock(req: RequestOf<typeof Lock>): null {
    throw new NodeLocked({ node: req.node_uuid, host: 'elsewhere' });
  }

  @Handles(Crash)
  crash(): null {
    throw new Error('secret detail from inside the handler');
  }

  @Handles(Slow)
  async slow(req: RequestOf<typeof Slow>) {
    await new Promise((r) => setTimeout(r, req.ms));
    return 'done';
  }

  @Handles(WhichDriver)
  which(@Payload() _req: unknown, @Ctx() ctx: FerrumRpcContext) {
    return ctx.getHardwareType();
  }

  @Handles(Hello)
  hello(req: RequestOf<typeof Hello>) {
    return `hello ${req.name}`;
  }
}

// The type check is part of the contract: a handler of the wrong shape does not compile.
export class WrongHandlers {
  // @ts-expect-error the reply of Add is { sum: number }, not a string
  @Handles(Add) add(req: RequestOf<typeof Add>) {
    return String(req.a);
  }

  // @ts-expect-error the request of Add has no `c`
  @Handles(Add) addC(req: { c: number }) {
    return { sum: req.c };
  }
}

describe('the Ferrum transport strategy (Nest microservices over the Ferrum bus)', () => {
  let bus: InProcessTransport;
  let app: INestMicroservice;
  let server: FerrumServer;
  let client: FerrumClient;

  beforeEach(async () => {
    bus = new InProcessTransport(2000);
    server = new FerrumServer(bus, { hostname: 'c1.example.org', hardwareTypes: ['ipmi', 'redfish'], inspectorPrefix: 'ferrum.inspector' });
    app = await NestFactory.createMicroservice({ module: class TestModule {}, controllers: [TestController] }, { strategy: server, logger: false });
    app.useGlobalFilters(new RpcErrorFilter(undefined, 'test service'));
    await app.listen();
    client = new FerrumClient(bus, { inspectorPrefix: 'ferrum.inspector', timeoutMs: 2000 });
  });

  afterEach(async () => {
    await app.close();
    await bus.close();
  });

  it('answers a call on the conductor it was sent to, with the typed reply', async () => {
    const reply = await client.call(Add, { a: 2, b: 3 }, { host: 'c1.example.org' });
    expect(reply).toEqual({ sum: 5 });
    await expect(client.call(Add, { a: 2, b: 3 }, { host: 'c2' })).rejects.toBeInstanceOf(NoResponders);
  });

  it('rebuilds a domain error at the caller as the same class', async () => {
    const error = await client.call(Lock, { node_uuid: 'n1' }, { host: 'c1.example.org' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeLocked);
    expect((error as NodeLocked).status).toBe(409);
  });

  it('refuses a malformed request at the edge with a 400 naming the field', async () => {
    const bad = { a: 'two', b: 3 } as unknown as RequestOf<typeof Add>;
    const error = await client.call(Add, bad, { host: 'c1.example.org' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterValue);
    expect((error as Error).message).toBe('Malformed test.add.v1 request: a: Invalid input: expected number, received string');
  });

  it('hides an unexpected failure behind a generic internal error', async () => {
    const error = await client.call(Crash, {}, { host: 'c1.example.org' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe('Internal error in test service');
  });

  it('answers driver calls in each hardware type it offers, and tells the handler which', async () => {
    expect(await client.call(WhichDriver, {}, { driver: 'ipmi' })).toBe('ipmi');
    expect(await client.call(WhichDriver, {}, { driver: 'redfish' })).toBe('redfish');
    await expect(client.call(WhichDriver, {}, { driver: 'idrac' })).rejects.toBeInstanceOf(NoResponders);
  });

  it('answers inspector calls in the inspectors’ queue group', async () => {
    expect(await client.call(Hello, { name: 'world' })).toBe('hello world');
  });

  it('drains: after stopListening no call arrives, and the calls already accepted are awaited', async () => {
    const running = client.call(Slow, { ms: 100 }, { host: 'c1.example.org' });
    await new Promise((r) => setTimeout(r, 20));
    expect(server.inFlight).toBe(1);
    await server.stopListening();
    await expect(client.call(Add, { a: 1, b: 1 }, { host: 'c1.example.org' })).rejects.toBeInstanceOf(NoResponders);
    await server.idle();
    expect(server.inFlight).toBe(0);
    await expect(running).resolves.toBe('done');
  });
});
