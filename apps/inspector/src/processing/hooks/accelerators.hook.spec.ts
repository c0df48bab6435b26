import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceleratorsOf, loadKnownAccelerators } from './accelerators.hook';
import { KNOWN_ACCELERATORS } from './known-accelerators';

// Two T4s beside a NIC, as IPA's pci-devices collector lists them.
const pci = [
  { vendor_id: '10de', product_id: '1eb8', class: '030200', revision: 'a1', bus: '0000:3b:00.0' },
  { vendor_id: '8086', product_id: '1572', class: '020000', revision: '02', bus: '0000:5e:00.0' },
  { vendor_id: '10de', product_id: '1eb8', class: '030200', revision: 'a1', bus: '0000:d8:00.0' },
];

describe("Ironic's accelerators hook", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'accel-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('lists each known accelerator found with its PCI address', () => {
    const t4 = { vendor_id: '10de', device_id: '1eb8', type: 'GPU', device_info: 'NVIDIA Corporation Tesla T4' };
    expect(acceleratorsOf({ pci_devices: pci }, KNOWN_ACCELERATORS, jest.fn())).toEqual([
      { ...t4, pci_address: '0000:3b:00.0' },
      { ...t4, pci_address: '0000:d8:00.0' },
    ]);
  });

  it('gives an empty list when none is known, and nothing (warned) without PCI data', () => {
    expect(acceleratorsOf({ pci_devices: [pci[1]] }, KNOWN_ACCELERATORS, jest.fn())).toEqual([]);
    const warn = jest.fn();
    expect(acceleratorsOf({ pci_devices: [] }, KNOWN_ACCELERATORS, warn)).toBeUndefined();
    expect(acceleratorsOf({}, KNOWN_ACCELERATORS, warn)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('reads a configured list, keeping its own fields, and refuses a malformed one', () => {
    const mine = file('ok.yaml', 'pci_devices:\n  - vendor_id: "8086"\n    device_id: "1572"\n    type: SmartNIC\n');
    expect(acceleratorsOf({ pci_devices: pci }, loadKnownAccelerators(mine), jest.fn())).toEqual([{ vendor_id: '8086', device_id: '1572', type: 'SmartNIC', pci_address: '0000:5e:00.0' }]);
    expect(loadKnownAccelerators(undefined)).toBe(KNOWN_ACCELERATORS);
    expect(() => loadKnownAccelerators(file('a.yaml', 'gpus: []\n'))).toThrow('Could not find pci_devices in the configuration data.');
    expect(() => loadKnownAccelerators(file('b.yaml', 'pci_devices: x\n'))).toThrow('pci_devices in the configuration file should contain a list of devices.');
    expect(() => loadKnownAccelerators(file('c.yaml', 'pci_devices:\n  - vendor_id: "10de"\n'))).toThrow('missing vendor_id or device_id');
  });
});
