import type { Scenario, Step, StepContext } from '../step';

const node = (c: StepContext) => `/v1/nodes/${c.v('locked')}`;
const at = (sub: string) => (c: StepContext) => `${node(c)}${sub}`;
const LAST: Partial<Step> = { settle: (c) => c.v('locked') };

/**
 * Node locks (spec §3.2 NodeLocked): the fake vendor's async method holds the exclusive lock for the
 * fake vendor delay both sides are given, and lock retries are off on both, so what the other requests
 * meet meanwhile is deterministic.
 */
export const locks: Scenario = {
  name: 'locks',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.locked, driver: 'fake-hardware' }), save: { locked: 'uuid' } },
    { name: 'an async passthru takes the exclusive lock', method: 'POST', path: at('/vendor_passthru/second_method'), body: { bar: 'kazoo' } },
    { name: 'patch while locked', method: 'PATCH', path: node, body: [{ op: 'add', path: '/extra/a', value: 1 }] },
    { name: 'power on while locked', method: 'PUT', path: at('/states/power'), body: { target: 'power on' } },
    { name: 'manage while locked', method: 'PUT', path: at('/states/provision'), body: { target: 'manage' } },
    { name: 'maintenance while locked', method: 'PUT', path: at('/maintenance'), body: { reason: 'x' } },
    { name: 'set boot device while locked', method: 'PUT', path: at('/management/boot_device'), body: { boot_device: 'pxe' } },
    { name: 'delete while locked', method: 'DELETE', path: node },
    { name: 'read the locked node', method: 'GET', path: node, version: '1.78' },
    { name: 'a shared-lock passthru while locked', method: 'POST', path: at('/vendor_passthru/fourth_method_shared_lock'), body: { bar: 'woof' }, ...LAST },
    { name: 'patch once the lock is gone', method: 'PATCH', path: node, body: [{ op: 'add', path: '/extra/a', value: 2 }] },
    { name: 'delete once the lock is gone', method: 'DELETE', path: node },
  ],
};
