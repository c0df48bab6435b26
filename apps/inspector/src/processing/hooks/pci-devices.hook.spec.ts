import { pciDeviceCapabilities } from './pci-devices.hook';

const aliases = [
  { vendor_id: '8086', product_id: '1572', name: 'x710' },
  { vendor_id: '10de', product_id: '1eb8', name: 'gpu_t4' },
];
// IPA's pci-devices collector: one entry per function (two ports of an X710, two T4s, a SATA controller).
const pciDevices = [
  { vendor_id: '8086', product_id: '1572', class: '020000', revision: '02', bus: '0000:3b:00.0' },
  { vendor_id: '8086', product_id: '1572', class: '020000', revision: '02', bus: '0000:3b:00.1' },
  { vendor_id: '10de', product_id: '1eb8', class: '030200', revision: 'a1', bus: '0000:af:00.0' },
  { vendor_id: '10de', product_id: '1eb8', class: '030200', revision: 'a1', bus: '0000:d8:00.0' },
  { vendor_id: '8086', product_id: 'a182', class: '010601', revision: '09', bus: '0000:00:17.0' },
];

describe("Ironic's pci-devices hook", () => {
  it('counts the devices each alias matches, as string capability values', () => {
    expect(pciDeviceCapabilities({ pci_devices: pciDevices }, aliases, jest.fn())).toEqual({ x710: '2', gpu_t4: '2' });
  });

  it('leaves the node alone when no device matches an alias', () => {
    expect(pciDeviceCapabilities({ pci_devices: pciDevices.slice(4) }, aliases, jest.fn())).toBeUndefined();
    expect(pciDeviceCapabilities({ pci_devices: pciDevices }, [], jest.fn())).toBeUndefined();
  });

  it('warns only when aliases are set and the ramdisk sent no PCI devices', () => {
    const warn = jest.fn();
    expect(pciDeviceCapabilities({}, aliases, warn)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('No information about PCI devices was received from the ramdisk.');
    warn.mockClear();
    pciDeviceCapabilities({}, [], warn);
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets a later alias for the same vendor and product win, as Ironic keys them by that pair', () => {
    const twice = [...aliases, { vendor_id: '8086', product_id: '1572', name: 'nic_40g' }];
    expect(pciDeviceCapabilities({ pci_devices: pciDevices }, twice, jest.fn())).toEqual({ nic_40g: '2', gpu_t4: '2' });
  });
});
