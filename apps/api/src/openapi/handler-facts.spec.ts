import { NodeHistoryController } from '../nodes/node-history.controller';
import { ShardController } from '../shards/shard.controller';
import { handlerFacts } from './handler-facts';

const method = (prototype: object, name: string) => Object.getOwnPropertyDescriptor(prototype, name)?.value as (...args: unknown[]) => unknown;

// These read the compiled controllers as the server runs them (swc, as tools/build.mjs builds dist/).
describe('what a controller method says about its route', () => {
  it('finds the microversion gate, the policy rule and the accepted query parameters of node history', () => {
    const facts = handlerFacts(method(NodeHistoryController.prototype, 'list'));
    expect(facts.gate).toEqual({ name: 'NODE_HISTORY', minor: 78 });
    expect(facts.policies).toEqual(['baremetal:node:history:get']);
    expect(facts.query).toEqual(['detail', 'marker', 'limit']);
  });

  it('finds a collection gate and an empty query list', () => {
    const facts = handlerFacts(method(ShardController.prototype, 'list'));
    expect(facts.gate).toEqual({ name: 'SHARDS', minor: 82 });
    expect(facts.query).toEqual([]);
  });

  it('tells a gate from a version that only changes the answer', () => {
    function handler(req: { version: number }) {
      checkSubResourceVersion(req, Microversion.VIFS);
      return allows(req, Microversion.VIF_ATTACH_PORT);
    }
    const facts = handlerFacts(handler as (...args: unknown[]) => unknown);
    expect(facts.gate?.name).toBe('VIFS');
    expect(facts.changes.map((v) => v.name)).toEqual(['VIF_ATTACH_PORT']);
    expect(facts.query).toBeUndefined();
  });
});

const Microversion = { VIFS: 28, VIF_ATTACH_PORT: 67 };
const checkSubResourceVersion = (_req: unknown, _v: number): void => undefined;
const allows = (req: { version: number }, v: number): boolean => req.version >= v;
