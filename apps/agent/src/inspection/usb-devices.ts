import { join } from 'node:path';
import { isFile, list, readInt, readText } from '../inventory/sysfs';
import { type Collector } from './collector';

export interface UsbDevice {
  product: string;
  vendor: string;
  /** lshw's handle: `USB:<bus>:<device number>`. */
  handle: string;
}

/**
 * lshw's class for a USB class code (its usb.cc): hubs are `bus`, HID `input`, mass storage `storage`, … and
 * everything else (vendor-specific, smart card, CDC data, per-interface 00) stays `generic`.
 */
const LSHW_CLASS: Record<number, string> = {
  0x01: 'multimedia',
  0x02: 'communication',
  0x03: 'input',
  0x07: 'printer',
  0x08: 'storage',
  0x09: 'bus',
  0x0e: 'multimedia',
  0xe0: 'network',
};

async function classCode(path: string): Promise<number | null> {
  const text = await readText(path);
  return text !== null && /^[0-9a-f]{1,2}$/i.test(text) ? Number.parseInt(text, 16) : null;
}

/**
 * IPA's `usb-devices` collector: `usb_devices: [{product, vendor, handle}]`. IPA takes the USB devices lshw
 * classes as `generic`; lshw is not on the Ferrum ramdisk, so this reads what lshw itself reads, from
 * /sys/bus/usb/devices: devices only (not root hubs `usbN`, not interfaces `1-1:1.0`), classed the lshw way
 * from the device class and then the active configuration's interface classes. Product and vendor are the
 * device's own strings ('' when it has none; lshw could fall back to usb.ids names, which are not shipped).
 * No USB bus in sysfs is a machine without USB: an empty list and a log line.
 */
export const collectUsbDevices: Collector = async (ctx) => {
  const root = join(ctx.sysfs, 'bus/usb/devices');
  const names = await list(root);
  if (!names.length) {
    ctx.log(`usb-devices: no USB devices in ${root}`);
    return { usb_devices: [] };
  }
  const devices: UsbDevice[] = [];
  for (const name of names) {
    if (name.includes(':') || name.startsWith('usb')) continue;
    const dir = join(root, name);
    if (!(await isFile(join(dir, 'idVendor')))) continue;
    let cls = 'generic';
    const codes = [join(dir, 'bDeviceClass'), ...names.filter((n) => n.startsWith(`${name}:`)).map((n) => join(root, n, 'bInterfaceClass'))];
    for (const path of codes) {
      if (cls !== 'generic') break;
      const code = await classCode(path);
      if (code !== null) cls = LSHW_CLASS[code] ?? 'generic';
    }
    if (cls !== 'generic') continue;
    const bus = await readInt(join(dir, 'busnum'));
    const devnum = await readInt(join(dir, 'devnum'));
    devices.push({
      product: (await readText(join(dir, 'product'))) ?? '',
      vendor: (await readText(join(dir, 'manufacturer'))) ?? '',
      handle: bus !== null && devnum !== null ? `USB:${bus}:${devnum}` : '',
    });
  }
  return { usb_devices: devices };
};
