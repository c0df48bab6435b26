import { DriverNotFound, IncompatibleInterface, InterfaceNotFoundInEntrypoint } from '@ferrum/errors';
import { DriverRegistry } from './driver-registry';
import { fakeHardware } from './hardware-types/fake-hardware';

describe('DriverRegistry', () => {
  const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });

  it('refuses to start with a hardware type nobody implements', () => {
    expect(() => new DriverRegistry({ enabledHardwareTypes: ['no-such-type'] })).toThrow(DriverNotFound);
  });

  it('gives a new node the first enabled implementation of each kind, in the hardware type\'s order', () => {
    expect(registry.resolveInterfaces('fake-hardware', {})).toMatchObject({
      power_interface: 'fake',
      boot_interface: 'fake',
      network_interface: 'flat',
      storage_interface: 'fake',
      vendor_interface: 'fake',
    });
  });

  it('keeps an interface the client named when it is enabled', () => {
    expect(registry.resolveInterfaces('fake-hardware', { network_interface: 'noop' }).network_interface).toBe('noop');
  });

  it('names the valid choices when an interface is not enabled', () => {
    expect(() => registry.resolveInterfaces('fake-hardware', { network_interface: 'neutron' })).toThrow(InterfaceNotFoundInEntrypoint);
    expect(() => registry.resolveInterfaces('fake-hardware', { network_interface: 'neutron' })).toThrow(/Valid interfaces are \['flat', 'noop'\]/);
  });

  it('refuses an enabled implementation the hardware type does not support (fake-hardware excepted)', () => {
    const strict = new DriverRegistry({
      enabledHardwareTypes: ['strict'],
      plugins: [{ register: (api) => api.addHardwareType({ name: 'strict', supported: { ...fakeHardware.supported, network: ['flat'] } }) }],
    });
    expect(() => strict.resolveInterfaces('strict', { network_interface: 'noop' })).toThrow(IncompatibleInterface);
  });

  it('offers one row per enabled implementation with exactly one default per kind', () => {
    const rows = registry.offered();
    const defaults = rows.filter((r) => r.is_default);
    expect(new Set(defaults.map((r) => r.interface_type)).size).toBe(defaults.length);
    expect(defaults).toHaveLength(13);
    expect(rows).toContainEqual({ hardware_type: 'fake-hardware', interface_type: 'network', interface_name: 'noop', is_default: false });
  });
});
