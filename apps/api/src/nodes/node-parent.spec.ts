import { NOAUTH_CREDENTIALS } from '@ferrum/auth';
import type { NodeRecord } from '@ferrum/contracts';
import { HTTPForbidden, Invalid, NodeNotFound } from '@ferrum/errors';
import type { IronicRequest } from '../common/ironic-request';
import { resolveParentNode } from './node-parent';

const req: IronicRequest = { version: 83, requestId: 'req-1', jsonSuffix: false, credentials: NOAUTH_CREDENTIALS };
const PARENT = { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'din', owner: 'p1' } as NodeRecord;

/** A lookup that knows one node, by UUID or name, and refuses `forbidden`. */
const lookup = {
  authorized: (_req: IronicRequest, rule: string, ident: string) => {
    expect(rule).toBe('baremetal:node:get');
    if (ident === 'forbidden') return Promise.reject(new HTTPForbidden({ resource: rule }));
    if (ident === PARENT.uuid || ident === PARENT.name) return Promise.resolve(PARENT);
    return Promise.reject(new NodeNotFound({ node: ident }));
  },
};

describe('resolveParentNode', () => {
  it('finds the parent by UUID or by name', async () => {
    await expect(resolveParentNode(lookup, req, PARENT.uuid, 'p1')).resolves.toBe(PARENT);
    await expect(resolveParentNode(lookup, req, 'din', 'p1')).resolves.toBe(PARENT);
  });

  it.each([
    ['an unknown node', 'nobody', 'p1', 'nobody'],
    ['a node the caller may not see', 'forbidden', 'p1', 'forbidden'],
    ['a parent of another owner', 'din', 'p2', 'din'],
    ['a parent with an owner, for a child without', 'din', null, 'din'],
    ['null', null, 'p1', 'None'],
    ['a non-string', 12, 'p1', '12'],
  ])('refuses %s with one message that names the value as given', async (_what, value, owner, shown) => {
    const refused = resolveParentNode(lookup, req, value, owner);
    await expect(refused).rejects.toBeInstanceOf(Invalid);
    await expect(refused).rejects.toThrow(`Unable to apply the requested parent_node '${shown}'. Requested value was invalid.`);
  });
});
