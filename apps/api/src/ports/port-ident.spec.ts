import { portIdent } from './port-ident';

describe('portIdent', () => {
  it('takes a UUID or a logical name where 1.88 is served, at any requested version', () => {
    expect(portIdent('eth0.storage', 88)).toBe('eth0.storage');
    expect(portIdent('1be26c0b-03f2-4d2e-ae87-c02d7f33c123', 89)).toBe('1be26c0b-03f2-4d2e-ae87-c02d7f33c123');
    expect(() => portIdent('52:54:00:12:34:56', 88)).toThrow('Expected UUID or name for port_ident: 52:54:00:12:34:56');
  });

  it('takes only a UUID, as the older release did, where the served maximum is below 1.88', () => {
    expect(() => portIdent('eth0', 82)).toThrow('Expected UUID for port_uuid: eth0');
    expect(portIdent('1be26c0b-03f2-4d2e-ae87-c02d7f33c123', 82)).toBe('1be26c0b-03f2-4d2e-ae87-c02d7f33c123');
  });
});
