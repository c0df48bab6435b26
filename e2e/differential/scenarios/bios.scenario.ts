import type { Scenario, Step, StepContext } from '../step';

const bios = (c: StepContext) => `/v1/nodes/${c.names.biosNode}/bios`;
const node = (c: StepContext) => `/v1/nodes/${c.names.biosNode}`;
const get = (name: string, path: Step['path'], version: string | null = '1.78'): Step => ({ name, method: 'GET', path, version });
const clean = (name: string, steps: unknown[]): Step => ({
  name,
  method: 'PUT',
  path: (c) => `${node(c)}/states/provision`,
  body: { target: 'clean', clean_steps: steps },
  settle: (c) => c.names.biosNode,
});

/** BIOS settings (1.40, registry 1.74) kept by the fake BIOS interface's manual clean steps. */
export const biosScenario: Scenario = {
  name: 'bios',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.biosNode, driver: 'fake-hardware', bios_interface: 'fake' }), save: { biosNode: 'uuid' } },
    get('no settings yet', bios),
    get('at 1.39', bios, '1.39'),
    { name: 'manage it', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.names.biosNode },
    clean('apply two settings', [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }, { name: 'BootMode', value: 'Uefi' }] } }]),
    get('the settings', bios),
    get('the settings at 1.74 in detail', (c) => `${bios(c)}?detail=true`),
    get('the settings with fields', (c) => `${bios(c)}?fields=name`),
    get('detail at 1.73', (c) => `${bios(c)}?detail=true`, '1.73'),
    get('fields at 1.73', (c) => `${bios(c)}?fields=name`, '1.73'),
    get('fields and detail', (c) => `${bios(c)}?fields=name&detail=true`),
    get('one setting', (c) => `${bios(c)}/LogicalProc`),
    get('one setting at 1.73', (c) => `${bios(c)}/LogicalProc`, '1.73'),
    get('a missing setting', (c) => `${bios(c)}/Nope`),
    clean('apply one changed, one dropped', [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Disabled' }] } }]),
    get('the settings after', bios),
    clean('factory reset', [{ interface: 'bios', step: 'factory_reset' }]),
    get('none after the reset', bios),
    get('of a missing node', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/bios'),
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('biosNode')}` },
  ],
};
