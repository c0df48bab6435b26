import type { Scenario, Step, StepContext } from '../step';

const consolePath = (key: string) => (c: StepContext) => `/v1/nodes/${c.v(key)}/states/console`;
const consoleOf = consolePath('consoleNode');
const put = (name: string, body: Step['body'], extra: Partial<Step> = {}): Step => ({ name, method: 'PUT', path: consoleOf, body, ...extra });
const settled = (name: string, body: Step['body']): Step => put(name, body, { settle: (c) => c.v('consoleNode') });
const get = (name: string, version?: string): Step => ({ name, method: 'GET', path: consoleOf, ...(version && { version }) });

/**
 * The node console (states/console): fake-hardware's fake console (Ironic's FakeConsole: starts and stops
 * nothing, answers an empty console_info), a node with no-console, and an ipmi node's ipmitool-socat refusals
 * that come before any process is started (no terminal port and no port range, IPMI 1.5).
 */
export const consoleScenario: Scenario = {
  name: 'console',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.consoleNode, driver: 'fake-hardware' }), save: { consoleNode: 'uuid' } },
    get('the console of a new node'),
    get('the console at 1.1', '1.1'),
    { name: 'the console with a query argument', method: 'GET', path: (c) => `${consoleOf(c)}?fields=console_info` },
    { name: 'the console by name', method: 'GET', path: (c) => `/v1/nodes/${c.names.consoleNode}/states/console` },
    // The fake vendor's async method holds the exclusive lock for the vendor delay both sides are given.
    { name: 'an async passthru takes the lock', method: 'POST', path: (c) => `/v1/nodes/${c.v('consoleNode')}/vendor_passthru/second_method`, body: { bar: 'kazoo' } },
    put('enable while locked', { enabled: true }),
    get('the console while locked'),
    settled('disable while locked (already disabled: nothing to lock)', { enabled: false }),
    settled('enable the console', { enabled: true }),
    get('the enabled console'),
    { name: 'the node shows it', method: 'GET', path: (c) => `/v1/nodes/${c.v('consoleNode')}?fields=console_enabled,last_error,console_interface`, version: '1.78' },
    { name: 'the states show it', method: 'GET', path: (c) => `/v1/nodes/${c.v('consoleNode')}/states` },
    settled('enable it again', { enabled: true }),
    { name: 'change the driver while it is enabled', method: 'PATCH', path: (c) => `/v1/nodes/${c.v('consoleNode')}`, body: [{ op: 'replace', path: '/driver', value: 'manual-management' }] },
    settled('disable it with a string', { enabled: 'false' }),
    get('the disabled console'),
    settled('disable it again', { enabled: false }),
    put('enable at 1.1', { enabled: true }, { version: '1.1', settle: (c) => c.v('consoleNode') }),
    get('enabled at 1.1', '1.1'),
    settled('disable with 0', { enabled: '0' }),
    put('no body', undefined),
    put('an empty body', {}),
    settled('enabled null', { enabled: null }),
    put('enabled not a boolean', { enabled: 'maybe' }),
    put('enabled a number', { enabled: 2 }),
    put('enabled a list', { enabled: [true] }),
    put('an unexpected argument', { enabled: true, mode: 'socat' }),
    put('a misspelled argument', { enable: true }),
    { name: 'the console of a missing node', method: 'GET', path: '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b12/states/console' },
    { name: 'enable the console of a missing node', method: 'PUT', path: '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b12/states/console', body: { enabled: true } },
    { name: 'a bad node name', method: 'GET', path: '/v1/nodes/bad%20name!/states/console' },
    { name: 'POST to the console', method: 'POST', path: consoleOf, body: { enabled: true } },
    { name: 'DELETE the console', method: 'DELETE', path: consoleOf },
    { name: 'a node without a console', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.consoleNone, driver: 'fake-hardware', console_interface: 'no-console' }), save: { consoleNone: 'uuid' } },
    { name: 'its console', method: 'GET', path: consolePath('consoleNone') },
    { name: 'enable it (not supported)', method: 'PUT', path: consolePath('consoleNone'), body: { enabled: true } },
    { name: 'disable it (not supported either)', method: 'PUT', path: consolePath('consoleNone'), body: { enabled: false } },
    {
      name: 'an ipmi node',
      method: 'POST',
      path: '/v1/nodes',
      body: (c) => ({ name: c.names.consoleIpmi, driver: 'ipmi', driver_info: { ipmi_address: '192.0.2.10', ipmi_username: 'admin', ipmi_password: 'secret-pw' } }),
      save: { consoleIpmi: 'uuid' },
    },
    { name: 'its console interface', method: 'GET', path: (c) => `/v1/nodes/${c.v('consoleIpmi')}?fields=console_interface,console_enabled`, version: '1.78' },
    { name: 'its console (disabled)', method: 'GET', path: consolePath('consoleIpmi') },
    { name: 'enable it with no terminal port and no port range', method: 'PUT', path: consolePath('consoleIpmi'), body: { enabled: true } },
    { name: 'validate shows why', method: 'GET', path: (c) => `/v1/nodes/${c.v('consoleIpmi')}/validate` },
    { name: 'IPMI 1.5 with a terminal port', method: 'PATCH', path: (c) => `/v1/nodes/${c.v('consoleIpmi')}`, body: [{ op: 'add', path: '/driver_info/ipmi_terminal_port', value: 18623 }, { op: 'add', path: '/driver_info/ipmi_protocol_version', value: '1.5' }] },
    { name: 'enable it over IPMI 1.5', method: 'PUT', path: consolePath('consoleIpmi'), body: { enabled: true } },
    { name: 'a terminal port that is not a port', method: 'PATCH', path: (c) => `/v1/nodes/${c.v('consoleIpmi')}`, body: [{ op: 'replace', path: '/driver_info/ipmi_terminal_port', value: 'abc' }, { op: 'remove', path: '/driver_info/ipmi_protocol_version' }] },
    { name: 'enable it with that port', method: 'PUT', path: consolePath('consoleIpmi'), body: { enabled: true } },
    { name: 'the ipmi driver properties name the terminal port', method: 'GET', path: '/v1/drivers/ipmi/properties' },
    settled('enable the fake console before deploying', { enabled: true }),
    ...(['manage', 'provide', 'active', 'deleted'] as const).map(
      (target): Step => ({ name: `${target} with the console enabled`, method: 'PUT', path: (c) => `/v1/nodes/${c.v('consoleNode')}/states/provision`, body: { target }, settle: (c) => c.v('consoleNode') }),
    ),
    get('the console after a deployment and its tear-down'),
    { name: 'delete the node with its console enabled', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('consoleNode')}` },
    { name: 'delete the node without a console', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('consoleNone')}` },
    { name: 'delete the ipmi node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('consoleIpmi')}` },
  ],
};
