import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Inventory } from '@ferrum/contracts';
import { type CollectorContext, defaultContext, Failures, isNotInstalled, message, runProgram } from './collector';
import { collectDmiDecode, parseDmi } from './dmi-decode';
import { collectExtraHardware } from './extra-hardware';
import { inspectionPayload } from './inspection-payload';
import { captureFrame, collectLldp, lldpFromCapture, parseLldpTlvs } from './lldp';
import { collectNumaTopology } from './numa-topology';
import { collectPciDevices } from './pci-devices';
import { collectUsbDevices } from './usb-devices';

/** A fake tree: `path: text` writes a file, `path: {link}` a symlink (sysfs device entries are links), `path: {}` a directory. */
type Tree = Record<string, string | Buffer | { link: string } | Record<string, never>>;

let root: string;
let logs: string[];
const ctx = (over: Partial<CollectorContext> = {}): CollectorContext =>
  defaultContext({ sysfs: join(root, 'sys'), lldpDir: join(root, 'lldp'), log: (m) => logs.push(m), run: () => Promise.reject(new Error('unexpected program')), ...over });

function tree(files: Tree, base = root): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(base, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(full, content);
    else if ('link' in content) symlinkSync(content.link, full);
    else mkdirSync(full, { recursive: true });
  }
}

const notInstalled = (file: string) => Promise.reject(Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' }));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ferrum-collectors-'));
  logs = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('pci-devices collector', () => {
  it('lists each PCI device with its ids without 0x, class, revision, address and NUMA node, as IPA', async () => {
    tree({
      'sys/devices/pci0000:00/0000:00:1f.2/vendor': '0x8086\n',
      'sys/devices/pci0000:00/0000:00:1f.2/device': '0x2922\n',
      'sys/devices/pci0000:00/0000:00:1f.2/class': '0x010601\n',
      'sys/devices/pci0000:00/0000:00:1f.2/revision': '0x02\n',
      'sys/devices/pci0000:00/0000:00:1f.2/numa_node': '-1\n',
      'sys/bus/pci/devices/0000:00:1f.2': { link: '../../../devices/pci0000:00/0000:00:1f.2' },
      'sys/bus/pci/devices/0000:01:00.0/vendor': '0x15b3\n',
      'sys/bus/pci/devices/0000:01:00.0/device': '0x1017\n',
      'sys/bus/pci/devices/0000:01:00.0/class': '0x020000\n',
      // An entry that is not a device directory, and a device whose ids cannot be read: both skipped.
      'sys/bus/pci/devices/stray-file': 'x',
      'sys/bus/pci/devices/0000:02:00.0/vendor': 'garbage\n',
    });
    const failures = new Failures();
    expect(await collectPciDevices(ctx(), failures)).toEqual({
      pci_devices: [
        { vendor_id: '8086', product_id: '2922', class: '010601', revision: '02', bus: '0000:00:1f.2', numa_node_id: '-1' },
        { vendor_id: '15b3', product_id: '1017', class: '020000', revision: null, bus: '0000:01:00.0', numa_node_id: null },
      ],
    });
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('0000:02:00.0')]);
  });

  it('fails the inspection when there is no PCI device list, as IPA', async () => {
    const failures = new Failures();
    expect(await collectPciDevices(ctx(), failures)).toEqual({});
    expect(failures.messages).toEqual([expect.stringMatching(/^Failed to get list of PCI devices: .*ENOENT/)]);
  });
});

describe('numa-topology collector', () => {
  const twoNodes: Tree = {
    'sys/devices/system/node/online': '0-1\n',
    'sys/devices/system/node/node0/meminfo': 'Node 0 MemTotal:       16319532 kB\nNode 0 MemFree:        1000 kB\n',
    'sys/devices/system/node/node0/cpulist': '0-1,4-5\n',
    'sys/devices/system/node/node1/meminfo': 'Node 1 MemTotal:       2 GB\n',
    'sys/devices/system/cpu/cpu0/topology/core_id': '0\n',
    'sys/devices/system/cpu/cpu1/topology/core_id': '1\n',
    'sys/devices/system/cpu/cpu4/topology/core_id': '0\n',
    'sys/devices/system/cpu/cpu5/topology/core_id': '1\n',
    'sys/devices/system/cpu/cpu10/topology/core_id': '0\n',
    'sys/devices/system/node/node0/cpu0': { link: '../../cpu/cpu0' },
    'sys/devices/system/node/node0/cpu1': { link: '../../cpu/cpu1' },
    'sys/devices/system/node/node0/cpu4': { link: '../../cpu/cpu4' },
    'sys/devices/system/node/node0/cpu5': { link: '../../cpu/cpu5' },
    'sys/devices/system/node/node1/cpu10': { link: '../../cpu/cpu10' },
    'sys/class/net/eth0/device/numa_node': '0\n',
    'sys/class/net/eth1/device/numa_node': '1\n',
    'sys/class/net/lo/mtu': '65536\n',
  };

  it('reports each node memory in KiB, each core with its thread siblings and each NIC with its node', async () => {
    tree(twoNodes);
    const failures = new Failures();
    expect(await collectNumaTopology(ctx(), failures)).toEqual({
      numa_topology: {
        ram: [
          { numa_node: 0, size_kb: 16319532 },
          { numa_node: 1, size_kb: 2 * 1024 * 1024 },
        ],
        cpus: [
          { cpu: 0, numa_node: 0, thread_siblings: [0, 4] },
          { cpu: 1, numa_node: 0, thread_siblings: [1, 5] },
          { cpu: 0, numa_node: 1, thread_siblings: [10] },
        ],
        nics: [
          { name: 'eth0', numa_node: 0 },
          { name: 'eth1', numa_node: 1 },
        ],
      },
    });
    expect(failures.messages).toEqual([]);
  });

  it('skips with a log line, not an error, on a machine without NUMA information in sysfs', async () => {
    tree({ 'sys/class/net/eth0/device/numa_node': '0\n' });
    const failures = new Failures();
    expect(await collectNumaTopology(ctx(), failures)).toEqual({});
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('NUMA node path does not exist')]);
  });

  it('skips with a log line when a node cannot be read (no MemTotal), as IPA', async () => {
    tree({ ...twoNodes, 'sys/devices/system/node/node1/meminfo': 'Node 1 MemFree: 3 kB\n' });
    const failures = new Failures();
    expect(await collectNumaTopology(ctx(), failures)).toEqual({});
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('Memory information is not available')]);
  });
});

const DMIDECODE = `# dmidecode 3.3
Getting SMBIOS data from sysfs.
SMBIOS 2.8 present.

Handle 0x0000, DMI type 0, 24 bytes
BIOS Information
\tVendor: SeaBIOS
\tVersion: 1.16.0
\tRelease Date: 04/01/2014
\tCharacteristics:
\t\tBIOS characteristics not supported
\t\tTargeted content distribution is supported
\tBIOS Revision: 0.0

Handle 0x0400, DMI type 4, 42 bytes
Processor Information
\tSocket Designation: CPU 0
\tType: Central Processor
\tVersion: pc-q35-8.2
\tFlags:
\t\tFPU (Floating-point unit on-chip)
\t\tVME (Virtual mode extension)
\tCore Count: 2

Handle 0x1000, DMI type 16, 23 bytes
Physical Memory Array
\tLocation: Other
\tMaximum Capacity: 8 GB
\tNumber Of Devices: 1

Handle 0x1001, DMI type 16, 23 bytes
Physical Memory Array
\tLocation: Other
\tNumber Of Devices: 2

Handle 0x1100, DMI type 17, 40 bytes
Memory Device
\tArray Handle: 0x1000
\tSize: 8 GB
\tLocator: DIMM 0

`;

describe('dmi-decode collector', () => {
  it('parses bios, processors and memory (arrays summed, devices listed) the way IPA does', async () => {
    const calls: string[][] = [];
    const failures = new Failures();
    const data = await collectDmiDecode(ctx({ run: (file, args) => (calls.push([file, ...args]), Promise.resolve(DMIDECODE)) }), failures);
    expect(calls).toEqual([['dmidecode', '-t', 'bios', '-t', 'processor', '-t', 'memory']]);
    expect(failures.messages).toEqual([]);
    expect(data).toEqual({
      dmi: {
        bios: {
          Handle: 'Handle 0x0000, DMI type 0, 24 bytes',
          Vendor: 'SeaBIOS',
          Version: '1.16.0',
          'Release Date': '04/01/2014',
          Characteristics: ['BIOS characteristics not supported', 'Targeted content distribution is supported'],
          'BIOS Revision': '0.0',
        },
        cpu: [
          {
            Handle: 'Handle 0x0400, DMI type 4, 42 bytes',
            'Socket Designation': 'CPU 0',
            Type: 'Central Processor',
            Version: 'pc-q35-8.2',
            Flags: ['FPU (Floating-point unit on-chip)', 'VME (Virtual mode extension)'],
            'Core Count': '2',
          },
        ],
        memory: {
          Location: 'Other',
          'Maximum Capacity': '8 GB',
          'Number Of Devices': 3,
          devices: [{ Handle: 'Handle 0x1100, DMI type 17, 40 bytes', 'Array Handle': '0x1000', Size: '8 GB', Locator: 'DIMM 0' }],
        },
      },
    });
  });

  it('gives empty sections when dmidecode prints no records', () => {
    expect(parseDmi('# dmidecode 3.3\n# No SMBIOS nor DMI entry point found, sorry.\n')).toEqual({ bios: {}, cpu: [], memory: { devices: [] } });
  });

  it('skips with a log line, not an error, when dmidecode is not installed', async () => {
    const failures = new Failures();
    expect(await collectDmiDecode(ctx({ run: notInstalled }), failures)).toEqual({});
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('dmidecode program is not installed')]);
  });

  it('fails the inspection when dmidecode runs but fails, as IPA', async () => {
    const failures = new Failures();
    await collectDmiDecode(ctx({ run: () => Promise.reject(new Error('Command failed: /sys/firmware/dmi/tables/smbios_entry_point: Permission denied')) }), failures);
    expect(failures.messages).toEqual(['failed to run dmidecode: Command failed: /sys/firmware/dmi/tables/smbios_entry_point: Permission denied']);
  });

  it('recognises a program that is not installed with the real runner', async () => {
    const err: unknown = await runProgram('ferrum-no-such-program', []).catch((e: unknown) => e);
    expect(isNotInstalled(err)).toBe(true);
    expect(message(err)).toBe('spawn ferrum-no-such-program ENOENT');
  });
});

/** An LLDP frame: destination, source, ethertype 0x88cc, then chassis id, port id, TTL, End TLVs and padding. */
function lldpFrame(): Buffer {
  const tlv = (type: number, value: Buffer) => Buffer.concat([Buffer.from([(type << 1) | (value.length >> 8), value.length & 0xff]), value]);
  const header = Buffer.from('0180c200000e' + '525400aabbcc' + '88cc', 'hex');
  const pdu = Buffer.concat([
    tlv(1, Buffer.from('04525400aabbcc', 'hex')),
    tlv(2, Buffer.from('0545746865726e6574312f31', 'hex')),
    tlv(3, Buffer.from('0078', 'hex')),
    tlv(0, Buffer.alloc(0)),
  ]);
  return Buffer.concat([header, pdu]);
}

function pcap(frame: Buffer): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(1, 20);
  const record = Buffer.alloc(16);
  record.writeUInt32LE(frame.length, 8);
  record.writeUInt32LE(frame.length, 12);
  return Buffer.concat([global, record, frame]);
}

describe('lldp collector', () => {
  const expected = [
    [1, '04525400aabbcc'],
    [2, '0545746865726e6574312f31'],
    [3, '0078'],
    [0, ''],
  ];

  it('parses TLVs as IPA: 7-bit type, 9-bit length, value in hex, reporting a trailing byte', () => {
    const frame = lldpFrame();
    expect(lldpFromCapture(frame)).toEqual(expected);
    const log: string[] = [];
    expect(parseLldpTlvs(Buffer.from('0202abcd01', 'hex'), (m) => log.push(m))).toEqual([[1, 'abcd']]);
    expect(log).toEqual([expect.stringContaining('trailing byte')]);
    expect(captureFrame(pcap(frame))).toEqual(frame);
  });

  it('reports lldp_raw per interface from the captured frames (raw or pcap), [] where none was captured', async () => {
    tree({
      'sys/class/net/eth0/device': {},
      'sys/class/net/eth1/device': {},
      'sys/class/net/eth2/device': {},
      'sys/class/net/bond0/bonding': {},
      'sys/class/net/lo/mtu': '65536\n',
      'sys/class/net/virbr0/bridge': {},
      'lldp/eth0': lldpFrame(),
      'lldp/eth1': pcap(lldpFrame()),
      'lldp/lo': lldpFrame(),
    });
    const failures = new Failures();
    expect(await collectLldp(ctx(), failures)).toEqual({ lldp_raw: { bond0: [], eth0: expected, eth1: expected, eth2: [] } });
    expect(failures.messages).toEqual([]);
  });

  it('ignores a captured frame that is not LLDP', async () => {
    const frame = lldpFrame();
    frame.writeUInt16BE(0x0800, 12);
    tree({ 'sys/class/net/eth0/device': {}, 'lldp/eth0': frame });
    expect(await collectLldp(ctx(), new Failures())).toEqual({ lldp_raw: { eth0: [] } });
    expect(logs).toEqual([expect.stringContaining('ethertype 0x800')]);
  });

  it('sends {} with a log line, not an error, when there are no captures at all (IPA: sockets could not be opened)', async () => {
    tree({ 'sys/class/net/eth0/device': {} });
    const failures = new Failures();
    expect(await collectLldp(ctx(), failures)).toEqual({ lldp_raw: {} });
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('no LLDP captures')]);
  });
});

describe('usb-devices collector', () => {
  const usb = (name: string, files: Record<string, string>): Tree =>
    Object.fromEntries(Object.entries(files).map(([f, v]) => [`sys/bus/usb/devices/${name}/${f}`, `${v}\n`]));

  it('lists the devices lshw classes as generic, with product, vendor and handle, as IPA', async () => {
    tree({
      // Root hub and an external hub: lshw's usbhost and bus, not generic.
      ...usb('usb1', { idVendor: '1d6b', bDeviceClass: '09', busnum: '1', devnum: '1', product: 'xHCI Host Controller' }),
      ...usb('1-1', { idVendor: '0424', bDeviceClass: '09', busnum: '1', devnum: '2', product: 'Hub' }),
      // A vendor-specific device: generic.
      ...usb('1-1.1', { idVendor: '0403', bDeviceClass: 'ff', busnum: '1', devnum: '3', product: 'FT232R USB UART', manufacturer: 'FTDI' }),
      // Class per interface: a keyboard (HID, input) and a vendor interface (generic), one without strings.
      ...usb('1-2', { idVendor: '046d', bDeviceClass: '00', busnum: '1', devnum: '4', product: 'USB Keyboard', manufacturer: 'Logitech' }),
      ...usb('1-2:1.0', { bInterfaceClass: '03' }),
      ...usb('2-1', { idVendor: '0b1f', bDeviceClass: '00', busnum: '2', devnum: '2' }),
      ...usb('2-1:1.0', { bInterfaceClass: 'ff' }),
    });
    expect(await collectUsbDevices(ctx(), new Failures())).toEqual({
      usb_devices: [
        { product: 'FT232R USB UART', vendor: 'FTDI', handle: 'USB:1:3' },
        { product: '', vendor: '', handle: 'USB:2:2' },
      ],
    });
  });

  it('reports an empty list with a log line on a machine without USB', async () => {
    const failures = new Failures();
    expect(await collectUsbDevices(ctx(), failures)).toEqual({ usb_devices: [] });
    expect(failures.messages).toEqual([]);
    expect(logs).toEqual([expect.stringContaining('no USB devices')]);
  });
});

describe('extra-hardware collector', () => {
  it('sends what hardware-detect prints as data', async () => {
    const out = JSON.stringify([['cpu', 'logical', 'number', 4]]);
    expect(await collectExtraHardware(ctx({ run: (file) => (file === 'hardware-detect' ? Promise.resolve(out) : Promise.reject(new Error(file))) }), new Failures())).toEqual({
      data: [['cpu', 'logical', 'number', 4]],
    });
  });

  it('fails the inspection when the hardware package is missing or prints no JSON, as IPA', async () => {
    const failures = new Failures();
    expect(await collectExtraHardware(ctx({ run: notInstalled }), failures)).toEqual({});
    expect(await collectExtraHardware(ctx({ run: () => Promise.resolve('not json') }), failures)).toEqual({});
    expect(failures.messages).toEqual(['failed to run hardware-detect utility: spawn hardware-detect ENOENT', expect.stringMatching(/^JSON returned from hardware-detect cannot be decoded: /)]);
  });
});

describe('inspection payload with the collectors', () => {
  const inventory = { interfaces: [], cpu: {}, memory: {}, disks: [], system_vendor: {}, boot: {} } as unknown as Inventory;

  it('runs the listed collectors in order, before error and logs; skipped collectors add nothing and no error', async () => {
    tree({
      'sys/bus/pci/devices/0000:00:00.0/vendor': '0x8086\n',
      'sys/bus/pci/devices/0000:00:00.0/device': '0x29c0\n',
      'sys/bus/pci/devices/0000:00:00.0/class': '0x060000\n',
    });
    const p = await inspectionPayload({
      inventory,
      collectors: ['default', 'numa-topology', 'pci-devices', 'dmi-decode', 'usb-devices', 'logs'],
      bootif: null,
      version: '1',
      logFiles: {},
      context: ctx({ run: notInstalled }),
    });
    expect(Object.keys(p)).toEqual(['inventory', 'boot_interface', 'configuration', 'pci_devices', 'usb_devices', 'error', 'logs']);
    expect(p.error).toBeNull();
    expect(p.pci_devices).toEqual([expect.objectContaining({ vendor_id: '8086', product_id: '29c0', bus: '0000:00:00.0' })]);
  });

  it('puts collector failures and an unexpected collector error into error, and still sends the rest', async () => {
    const p = await inspectionPayload({
      inventory,
      collectors: ['default', 'pci-devices', 'extra-hardware', 'dmi-decode'],
      bootif: null,
      version: '1',
      logFiles: {},
      // Memory array without "Number Of Devices": IPA's KeyError, which fails the collector.
      context: ctx({ run: (file) => (file === 'dmidecode' ? Promise.resolve('Handle 0x1000, DMI type 16, 23 bytes\nPhysical Memory Array\n\tLocation: Other\n') : notInstalled(file)) }),
    });
    expect(p.inventory).toBe(inventory);
    expect(String(p.error).split('\n')).toEqual([
      expect.stringMatching(/^Failed to get list of PCI devices: /),
      'failed to run hardware-detect utility: spawn hardware-detect ENOENT',
      expect.stringMatching(/^collector dmi-decode failed: memory array .* has no 'Number Of Devices'/),
    ]);
  });
});
