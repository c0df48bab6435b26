import type { Scenario, Step, StepContext } from '../step';

const get = (name: string, path: Step['path'], version: string | null = '1.78', extra: Partial<Step> = {}): Step => ({ name, method: 'GET', path, version, ...extra });
const node = (c: StepContext) => `/v1/nodes/${c.v('agentNode')}`;
const heartbeat = (name: string, body: Step['body'], version = '1.78'): Step => ({ name, method: 'POST', path: (c) => `/v1/heartbeat/${c.v('agentNode')}`, version, body });
const token = { '/body/config/agent_token': 'a fresh random token on each server' };

/** The ramdisk endpoints an agent uses: lookup and heartbeat (spec §13), with fast track. */
export const ramdisk: Scenario = {
  name: 'ramdisk',
  steps: [
    { name: 'create the agent node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.agentNode, driver: 'fake-hardware' }), save: { agentNode: 'uuid' } },
    { name: 'create its port', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('agentNode'), address: c.names.agentMac }) },
    get('GET /v1/lookup at 1.21', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.21'),
    get('lookup without addresses or uuid', '/v1/lookup', '1.22'),
    get('lookup with an invalid MAC', '/v1/lookup?addresses=zz', '1.22'),
    get('lookup of an unknown MAC', '/v1/lookup?addresses=52:54:00:ff:ff:fe', '1.22'),
    get('lookup of a node in enroll', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.22'),
    get('lookup by node uuid in enroll', (c) => `/v1/lookup?node_uuid=${c.v('agentNode')}`, '1.22'),
    {
      name: 'turn fast track on for the node',
      method: 'PATCH',
      path: node,
      body: [{ op: 'add', path: '/driver_info/fast_track', value: true }],
    },
    get('lookup of a fast-track node in enroll', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.22'),
    { name: 'manage the node', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.v('agentNode') },
    get('lookup of a fast-track node in manageable at 1.61', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.61'),
    get('lookup of a fast-track node in manageable at 1.62', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.62', { ignore: token, save: { agentToken: 'config/agent_token' } }),
    get('second lookup once the token is issued', (c) => `/v1/lookup?addresses=${c.names.agentMac}`, '1.62'),
    get('lookup by both MAC and uuid', (c) => `/v1/lookup?addresses=${c.names.agentMac}&node_uuid=${c.v('agentNode')}`, '1.62'),
    get('lookup with an invalid node uuid', '/v1/lookup?node_uuid=not-a-uuid', '1.62'),
    get('lookup with an unexpected argument', (c) => `/v1/lookup?addresses=${c.names.agentMac}&colour=red`, '1.62'),
    get('node shows the token masked', node, 'latest', { ignore: { '/body/driver_internal_info/agent_last_heartbeat': 'time' } }),
    heartbeat('heartbeat at 1.21', { callback_url: 'http://192.0.2.10:9999' }, '1.21'),
    heartbeat('heartbeat without a callback url', {}),
    heartbeat('heartbeat without a token', { callback_url: 'http://192.0.2.10:9999' }),
    heartbeat('heartbeat with a wrong token', { callback_url: 'http://192.0.2.10:9999', agent_token: 'wrong-token-wrong-token-wrong-token' }),
    heartbeat('heartbeat with agent_version below 1.36', { callback_url: 'http://192.0.2.10:9999', agent_version: '9.0.0' }, '1.35'),
    heartbeat('heartbeat with agent_status below 1.72', { callback_url: 'http://192.0.2.10:9999', agent_status: 'start' }, '1.71'),
    heartbeat('heartbeat with an unknown field', { callback_url: 'http://192.0.2.10:9999', colour: 'red' }),
    // With agent_version the API's checks pass and the conductor's are compared too.
    heartbeat('heartbeat with a version and a wrong token', { callback_url: 'http://192.0.2.10:9999', agent_token: 'wrong-token-wrong-token-wrong-token', agent_version: '9.0.0' }),
    heartbeat('heartbeat with a version and no token', { callback_url: 'http://192.0.2.10:9999', agent_version: '9.0.0' }),
    heartbeat('heartbeat with a version below 1.62 and no token', { callback_url: 'http://192.0.2.10:9999', agent_version: '9.0.0' }, '1.61'),
    heartbeat('heartbeat with an invalid agent_status', { callback_url: 'http://192.0.2.10:9999', agent_token: 'wrong-token-wrong-token-wrong-token', agent_status: 'sleeping' }),
    heartbeat('heartbeat with a non-string agent_version', { callback_url: 'http://192.0.2.10:9999', agent_version: 9 }),
    heartbeat('heartbeat with agent_verify_ca below 1.68', { callback_url: 'http://192.0.2.10:9999', agent_version: '9.0.0', agent_verify_ca: 'pem' }, '1.67'),
    heartbeat('heartbeat with the issued token and a version', (c) => ({ callback_url: 'http://192.0.2.10:9999', agent_token: c.v('agentToken'), agent_version: '9.0.0' })),
    { name: 'heartbeat for a missing node', method: 'POST', path: '/v1/heartbeat/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11', body: { callback_url: 'http://192.0.2.10:9999' } },
    {
      name: 'heartbeat with a version for a missing node',
      method: 'POST',
      path: '/v1/heartbeat/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11',
      body: { callback_url: 'http://192.0.2.10:9999', agent_token: 'wrong-token-wrong-token-wrong-token', agent_version: '9.0.0' },
    },
    { name: 'GET heartbeat is not allowed', method: 'GET', path: (c) => `/v1/heartbeat/${c.v('agentNode')}` },
  ],
};
