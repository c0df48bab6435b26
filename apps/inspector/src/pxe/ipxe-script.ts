import { ipxeRamdiskScript } from '@ferrum/drivers';

export interface IpxeOptions {
  kernelUrl: string;
  ramdiskUrl: string;
  /** Base URL of the inspector as ramdisks reach it. */
  callbackUrl: string;
  extraArgs: string;
}

/**
 * The iPXE script inspection boots run (ironic-inspector's inspector.ipxe): the agent ramdisk with the
 * callback URL and BOOTIF=${mac} (iPXE fills in the booting NIC), retried until the images load.
 */
export function inspectionIpxeScript(o: IpxeOptions): string {
  const args = [`ipa-inspection-callback-url=${o.callbackUrl.replace(/\/+$/, '')}/v1/continue`, 'BOOTIF=${mac}', 'initrd=agent.ramdisk', o.extraArgs].filter(Boolean).join(' ');
  return ipxeRamdiskScript({ kernel: o.kernelUrl, ramdisk: o.ramdiskUrl, args, initrdName: 'agent.ramdisk' });
}

/**
 * The script dnsmasq hands every iPXE client (Ironic's boot.ipxe, with its fallback script set to inspection): the
 * configuration of the node the conductor is network-booting, found by the booting NIC's MAC; when that MAC has
 * none, the inspection ramdisk.
 */
export function bootIpxeScript(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    '#!ipxe',
    `chain --autofree ${base}/pxelinux.cfg/\${mac:hexhyp} || goto inspect`,
    ':inspect',
    `chain --autofree ${base}/inspector.ipxe`,
    '',
  ].join('\n');
}

/** A MAC as iPXE's `${mac:hexhyp}` writes it (52-54-00-12-34-56), or as a MAC; undefined for anything else. */
export function macFromHexhyp(text: string): string | undefined {
  const mac = text.toLowerCase().replace(/-/g, ':');
  return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) ? mac : undefined;
}
