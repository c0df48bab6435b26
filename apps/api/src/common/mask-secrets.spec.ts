import { maskDictPassword, maskPassword } from './mask-secrets';

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
