import type { Dict } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { parseRedfishDriverInfo } from './redfish-driver-info';

const parse = (driver_info: Record<string, unknown>) => parseRedfishDriverInfo({ driver_info: driver_info as Dict }, 'auto');

describe('redfish driver_info', () => {
  it('assumes https when the address has no scheme, and takes a system id or path', () => {
    expect(parse({ redfish_address: 'bmc.example:8443', redfish_system_id: '1' })).toMatchObject({ origin: 'https://bmc.example:8443', systemPath: '/redfish/v1/Systems/1', verifyCa: true, authType: 'auto' });
    expect(parse({ redfish_address: 'http://10.0.0.1', redfish_system_id: '/redfish/v1/Systems/abc/' }).systemPath).toBe('/redfish/v1/Systems/abc');
    expect(parse({ redfish_address: 'http://10.0.0.1', redfish_verify_ca: 'False', redfish_auth_type: 'session' })).toMatchObject({ verifyCa: false, authType: 'session', systemPath: undefined });
  });

  it.each([
    [{}, MissingParameterValue, /redfish_address/],
    [{ redfish_address: 'ftp://x' }, InvalidParameterValue, /Invalid Redfish address/],
    [{ redfish_address: 'http://x', redfish_auth_type: 'oauth' }, InvalidParameterValue, /redfish_auth_type/],
    [{ redfish_address: 'http://x', redfish_verify_ca: '/no/such/ca.pem' }, InvalidParameterValue, /redfish_verify_ca/],
  ])('refuses %j', (info, type, message) => {
    expect(() => parse(info)).toThrow(type);
    expect(() => parse(info)).toThrow(message);
  });
});
