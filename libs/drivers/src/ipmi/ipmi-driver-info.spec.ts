import type { Dict } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { parseIpmiDriverInfo } from './ipmi-driver-info';

const parse = (driver_info: Record<string, unknown>) => parseIpmiDriverInfo({ uuid: 'n1', driver_info: driver_info as Dict });

describe('ipmi driver_info', () => {
  it('takes Ironic defaults: ADMINISTRATOR, IPMI 2.0, no bridging, empty password', () => {
    expect(parse({ ipmi_address: '10.0.0.9' })).toMatchObject({ address: '10.0.0.9', privLevel: 'ADMINISTRATOR', protocolVersion: '2.0', bridging: 'no', password: '', disableBootTimeout: true, forceBootDevice: false });
  });

  it.each([
    [{}, MissingParameterValue, /\['ipmi_address'\]/],
    [{ ipmi_address: 'a', ipmi_port: 'x' }, InvalidParameterValue, /ipmi_port/],
    [{ ipmi_address: 'a', ipmi_port: 70000 }, InvalidParameterValue, /ipmi_port/],
    [{ ipmi_address: 'a', ipmi_priv_level: 'GOD' }, InvalidParameterValue, /Invalid privilege level value:GOD/],
    [{ ipmi_address: 'a', ipmi_protocol_version: '3.0' }, InvalidParameterValue, /Invalid IPMI protocol version value 3.0/],
    [{ ipmi_address: 'a', ipmi_bridging: 'triple' }, InvalidParameterValue, /ipmi_bridging=triple/],
    [{ ipmi_address: 'a', ipmi_bridging: 'single' }, MissingParameterValue, /ipmi_target_channel, ipmi_target_address not provided/],
    [{ ipmi_address: 'a', ipmi_cipher_suite: 18 }, InvalidParameterValue, /ipmi_cipher_suite/],
    [{ ipmi_address: 'a', ipmi_cipher_suite: 3, ipmi_protocol_version: '1.5' }, InvalidParameterValue, /requires ipmi_protocol_version 2.0/],
    [{ ipmi_address: 'a', ipmi_hex_kg_key: 'xyz' }, InvalidParameterValue, /hexadecimal/],
    [{ ipmi_address: 'a', ipmi_force_boot_device: 'maybe' }, InvalidParameterValue, /Invalid boolean value "maybe"/],
  ])('refuses %j', (info, type, message) => {
    expect(() => parse(info)).toThrow(type);
    expect(() => parse(info)).toThrow(message);
  });
});
