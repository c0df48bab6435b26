import { legacyProvisionState, sanitizeNode } from './node.view';

describe('node rendering rules', () => {
  it.each([
    ['available', 1, null],
    ['available', 2, 'available'],
    ['inspect wait', 38, 'inspecting'],
    ['inspect wait', 39, 'inspect wait'],
    ['active', 1, 'active'],
  ] as const)('shows %j at 1.%d as %j', (state, version, shown) => {
    expect(legacyProvisionState(state, version)).toBe(shown);
  });

  it('masks passwords, SNMP keys, config drive, image URL and the agent token, and nothing else', () => {
    const body: Record<string, unknown> = {
      driver_info: { ipmi_username: 'admin', ipmi_password: 'pw', snmp_auth_key: 'a', snmp_priv_key: '' },
      instance_info: { image_source: 'glance://x', image_url: 'http://temp', configdrive: 'H4sI', root_gb: 10 },
      driver_internal_info: { agent_secret_token: 'tok', agent_url: 'http://10.0.0.2:9999' },
      extra: { password: 'extra is not masked' },
    };
    sanitizeNode(body);
    expect(body).toEqual({
      driver_info: { ipmi_username: 'admin', ipmi_password: '******', snmp_auth_key: '******', snmp_priv_key: '' },
      instance_info: { image_source: 'glance://x', image_url: '******', configdrive: '******', root_gb: 10 },
      driver_internal_info: { agent_secret_token: '******', agent_url: 'http://10.0.0.2:9999' },
      extra: { password: 'extra is not masked' },
    });
  });

  it('leaves absent fields absent (a fields= selection)', () => {
    const body: Record<string, unknown> = { uuid: 'u' };
    sanitizeNode(body);
    expect(body).toEqual({ uuid: 'u' });
  });
});
