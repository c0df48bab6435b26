import { maskDictPassword, maskPassword, scrubSecrets, secretsIn } from './mask-secrets';

describe('secret masking', () => {
  it('masks values whose key contains a secret word, at any depth', () => {
    expect(
      maskDictPassword({
        ipmi_address: '10.0.0.1',
        ipmi_password: 'pw',
        IPMI_PASSWORD: 'pw',
        redfish: { auth_token: 't', user: 'admin' },
        ssh_key_passphrase: 'x',
        list: [{ password: 'not recursed into lists' }],
      }),
    ).toEqual({
      ipmi_address: '10.0.0.1',
      ipmi_password: '******',
      IPMI_PASSWORD: '******',
      redfish: { auth_token: '******', user: 'admin' },
      ssh_key_passphrase: '******',
      list: [{ password: 'not recursed into lists' }],
    });
  });

  it('masks secrets written inside string values', () => {
    expect(maskPassword('ipmitool --password s3cret -U admin', '***')).toBe('ipmitool --password *** -U admin');
    expect(maskPassword('{"password": "s3cret"}', '***')).toBe('{"password": "***"}');
    expect(maskPassword('password=s3cret user=x', '***')).toBe('password=*** user=x');
    expect(maskPassword('nothing here', '***')).toBe('nothing here');
  });
});

describe('secrets in error messages', () => {
  it('finds secrets under secret keys at any depth and in JSON-patch values aimed at a secret field', () => {
    expect(secretsIn({ driver_info: { ipmi_password: 'hunter22', ipmi_username: 'admin' }, rescue_password: 'r3scue' }).sort()).toEqual(['hunter22', 'r3scue']);
    expect(secretsIn([{ op: 'add', path: '/driver_info/redfish_password', value: 's3cr3t!' }, { op: 'add', path: '/name', value: 'visible' }])).toEqual(['s3cr3t!']);
  });

  it('replaces them in a message, also where they appear JSON-escaped', () => {
    const body = { driver_info: { ipmi_password: 'p"w\\d' } };
    const message = JSON.stringify({ error_message: JSON.stringify({ faultstring: `'p"w\\d' is not valid` }) });
    expect(scrubSecrets(message, body)).not.toContain('p\\"w');
    expect(scrubSecrets(message, body)).toContain('******');
  });
});
