import { allOptions, interfaceSettings, loadConfig } from '@ferrum/config';
import { DriverRegistry } from './driver-registry';

/** FERRUM_PROFILE=ironic-compat names interfaces by Ironic's names: every one must exist here, or the conductor would not start. */
describe('the ironic-compat profile', () => {
  it('enables only implementations Ferrum has, and each enabled hardware type gets a default of every kind', () => {
    const config = loadConfig(allOptions, { FERRUM_PROFILE: 'ironic-compat' });
    const registry = new DriverRegistry({ enabledHardwareTypes: config.enabledHardwareTypes, ...interfaceSettings(config) });
    expect(registry.resolveInterfaces('ipmi', {})).toMatchObject({ boot_interface: 'ipxe', deploy_interface: 'direct', inspect_interface: 'no-inspect', power_interface: 'ipmitool', vendor_interface: 'ipmitool' });
    expect(registry.resolveInterfaces('redfish', {})).toMatchObject({ boot_interface: 'ipxe', power_interface: 'redfish', inspect_interface: 'redfish', vendor_interface: 'redfish' });
  });
});
