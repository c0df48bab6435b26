import type { ResourceEvent } from '@ferrum/contracts';
import { matches, parseTypes } from './event-filter';

const event = (over: Partial<ResourceEvent>): ResourceEvent => ({
  seq: 1,
  type: 'node.updated',
  uuid: 'n1',
  node_uuid: 'n1',
  owner: 'P1',
  lessee: null,
  created_at: '2026-12-06T00:00:00.000Z',
  data: {},
  ...over,
});

describe('event filters', () => {
  it('takes event types and whole resources, and names what it does not know', () => {
    expect([...parseTypes('node, port.deleted')]).toEqual(['node', 'port.deleted']);
    expect(() => parseTypes('nodes,port')).toThrow(/^Unknown event type nodes; known: node, port, allocation, inspection, conductor, node.created/);
    expect(() => parseTypes(',')).toThrow(/^Unknown event type ''/);
  });

  it('lets an event through when it matches every filter given', () => {
    const types = parseTypes('node,port.deleted');
    expect(matches({ types }, event({}))).toBe(true);
    expect(matches({ types }, event({ type: 'port.created' }))).toBe(false);
    expect(matches({ types }, event({ type: 'port.deleted' }))).toBe(true);
    expect(matches({ node: 'n2' }, event({}))).toBe(false);
    expect(matches({ node: 'n1', owner: 'P1' }, event({ type: 'port.created', uuid: 'p1' }))).toBe(true);
    expect(matches({ owner: 'P2' }, event({}))).toBe(false);
    expect(matches({}, event({ type: 'conductor.lost', node_uuid: null, owner: null }))).toBe(true);
  });
});
