import { DriverRegistry, loadDriverPlugins } from '@ferrum/drivers';
import { MissingParameterValue } from '@ferrum/errors';

describe('example driver plugin, loaded by package name as FERRUM_DRIVER_PLUGINS does', () => {
  const registry = new DriverRegistry({
    enabledHardwareTypes: ['fake-hardware', 'example-hardware'],
    plugins: loadDriverPlugins(['@ferrum/driver-example']),
  });

  it('adds the example-hardware type with its own power interface as the default', () => {
    expect(registry.hardwareTypes).toContain('example-hardware');
    expect(registry.defaultInterface('example-hardware', 'power')).toBe('example');
    expect(registry.offered()).toContainEqual({ hardware_type: 'example-hardware', interface_type: 'power', interface_name: 'example', is_default: true });
  });

  it('publishes its driver_info properties', () => {
    expect(registry.properties('example-hardware')).toMatchObject({ example_address: 'Address of the example BMC. Required.' });
  });

  it('validates driver_info like a real driver', async () => {
    const power = registry.power({ driver: 'example-hardware', power_interface: 'example' });
    const node = { driver: 'example-hardware', driver_info: {} } as never;
    await expect(power.validate({ node, shared: true })).rejects.toBeInstanceOf(MissingParameterValue);
  });

  it('says which package failed when a plugin cannot be loaded', () => {
    expect(() => loadDriverPlugins(['@ferrum/no-such-plugin'])).toThrow(/@ferrum\/no-such-plugin/);
  });
});
