import { NodeLocked } from '@ferrum/errors';
import { InProcessTransport } from './in-process.transport';
import { InstrumentedTransport, RpcObserver, rpcOutcome } from './instrumented.transport';
import { NoResponders } from './transport';

function recorder() {
  const calls: Parameters<RpcObserver['observeRpc']>[0][] = [];
  return { calls, observer: { observeRpc: (c: (typeof calls)[number]) => calls.push(c) } };
}

describe('InstrumentedTransport', () => {
  it('reports each call on the client and the server side with its outcome', async () => {
    const { calls, observer } = recorder();
    const bus = new InstrumentedTransport(new InProcessTransport(1000), observer);
    await bus.handle('ferrum.conductor.c1.ping.v1', async () => ({ hostname: 'c1' }));
    await bus.handle('ferrum.conductor.c1.node.update.v1', async () => {
      throw new NodeLocked({ node: 'n1', host: 'c2' });
    });
    expect(await bus.request('ferrum.conductor.c1.ping.v1', {})).toEqual({ hostname: 'c1' });
    await expect(bus.request('ferrum.conductor.c1.node.update.v1', {})).rejects.toBeInstanceOf(NodeLocked);
    await expect(bus.request('ferrum.conductor.gone.ping.v1', {})).rejects.toBeInstanceOf(NoResponders);
    expect(calls.map(({ side, subject, outcome }) => [side, subject, outcome])).toEqual([
      ['server', 'ferrum.conductor.c1.ping.v1', 'ok'],
      ['client', 'ferrum.conductor.c1.ping.v1', 'ok'],
      ['server', 'ferrum.conductor.c1.node.update.v1', 'NodeLocked'],
      ['client', 'ferrum.conductor.c1.node.update.v1', 'NodeLocked'],
      ['client', 'ferrum.conductor.gone.ping.v1', 'NoResponders'],
    ]);
    expect(calls.every((c) => c.seconds >= 0)).toBe(true);
  });

  it('logs each handled call with the request id it came with', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = { info: (obj: Record<string, unknown>) => lines.push(obj), debug: () => undefined };
    const bus = new InstrumentedTransport(new InProcessTransport(1000), recorder().observer, logger as never);
    await bus.handle('s.v1', async () => null);
    await bus.request('s.v1', {}, { requestId: 'req-0d8a4f8e-4c2d-4b8e-9b7a-2f1e3c4d5e6f' });
    expect(lines).toEqual([expect.objectContaining({ subject: 's.v1', requestId: 'req-0d8a4f8e-4c2d-4b8e-9b7a-2f1e3c4d5e6f', outcome: 'ok' })]);
  });

  it('passes kind and connection state through', () => {
    const bus = new InstrumentedTransport(new InProcessTransport(1000), recorder().observer);
    expect(bus.kind).toBe('in-process');
    expect(bus.isConnected()).toBe(true);
  });

  it('names outcomes by error code, with one bucket for errors that have none', () => {
    expect(rpcOutcome()).toBe('ok');
    expect(rpcOutcome(new NodeLocked({ node: 'n', host: 'h' }))).toBe('NodeLocked');
    expect(rpcOutcome(new NoResponders('s'))).toBe('NoResponders');
    expect(rpcOutcome(new TypeError('x'))).toBe('error');
  });
});
