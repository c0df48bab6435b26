import type { Scenario, Step, StepContext } from '../step';

const nmi = (c: StepContext) => `/v1/nodes/${c.names.mgmtNode}/management/inject_nmi`;
const bootMode = (c: StepContext) => `/v1/nodes/${c.names.mgmtNode}/states/boot_mode`;
const secureBoot = (c: StepContext) => `/v1/nodes/${c.names.mgmtNode}/states/secure_boot`;
const indicators = (c: StepContext) => `/v1/nodes/${c.names.mgmtNode}/management/indicators`;
const put = (name: string, path: Step['path'], version = '1.78', body: Step['body'] = {}): Step => ({ name, method: 'PUT', path, version, body });

/** inject_nmi (1.29), boot mode / secure boot changes (1.76) and indicators (1.63) on fake-hardware's fake management. */
export const managementScenario: Scenario = {
  name: 'management',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.mgmtNode, driver: 'fake-hardware' }), save: { mgmtNode: 'uuid' } },
    put('inject an NMI', nmi),
    put('inject an NMI at 1.28', nmi, '1.28'),
    put('inject an NMI with an argument', nmi, '1.78', { force: true }),
    put('inject an NMI into a missing node', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/management/inject_nmi'),
    { name: 'get inject_nmi (no such route)', method: 'GET', path: nmi, version: '1.78' },
    // Settled before the next change: the worker holds the node's lock for a moment on both sides.
    { ...put('set the boot mode (fake has none)', bootMode, '1.76', { target: 'uefi' }), settle: (c) => c.names.mgmtNode },
    { ...put('set the boot mode, settled', bootMode, '1.76', { target: 'bios' }), settle: (c) => c.names.mgmtNode },
    { name: 'the failure is the last error', method: 'GET', path: (c) => `/v1/nodes/${c.names.mgmtNode}?fields=boot_mode,secure_boot,last_error`, version: '1.76' },
    put('set an unknown boot mode', bootMode, '1.76', { target: 'efi' }),
    put('set the boot mode without a target', bootMode, '1.76', {}),
    put('set the boot mode at 1.75', bootMode, '1.75', { target: 'uefi' }),
    { ...put('turn secure boot on', secureBoot, '1.76', { target: true }), settle: (c) => c.names.mgmtNode },
    { name: 'that failure too', method: 'GET', path: (c) => `/v1/nodes/${c.names.mgmtNode}?fields=secure_boot,last_error`, version: '1.76' },
    put('secure boot with a string', secureBoot, '1.76', { target: 'yes' }),
    put('secure boot with a bad value', secureBoot, '1.76', { target: 'maybe' }),
    put('secure boot at 1.75', secureBoot, '1.75', { target: false }),
    { name: 'the indicators', method: 'GET', path: (c) => indicators(c), version: '1.78' },
    { name: 'the indicators at 1.62', method: 'GET', path: (c) => indicators(c), version: '1.62' },
    { name: 'one indicator', method: 'GET', path: (c) => `${indicators(c)}/led@system`, version: '1.78' },
    { name: 'the chassis indicator', method: 'GET', path: (c) => `${indicators(c)}/led-0@chassis`, version: '1.78' },
    { name: 'an unknown indicator', method: 'GET', path: (c) => `${indicators(c)}/nope@system`, version: '1.78' },
    { name: 'an unknown component', method: 'GET', path: (c) => `${indicators(c)}/led@nowhere`, version: '1.78' },
    { name: 'a malformed indicator', method: 'GET', path: (c) => `${indicators(c)}/led`, version: '1.78' },
    put('set an indicator (fake cannot)', (c) => `${indicators(c)}/led@system`, '1.78', { state: 'off' }),
    put('set an indicator without a state', (c) => `${indicators(c)}/led@system`, '1.78', {}),
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('mgmtNode')}` },
  ],
};
