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
  const args = [`ipa-inspection-callback-url=${o.callbackUrl.replace(/\/+$/, '')}/v1/continue`, 'BOOTIF=${mac}', 'initrd=agent.ramdisk', o.extraArgs]
    .filter(Boolean)
    .join(' ');
  return ['#!ipxe', ':retry_boot', 'imgfree', `kernel --timeout 60000 ${o.kernelUrl} ${args} || goto retry_boot`, `initrd --name agent.ramdisk --timeout 60000 ${o.ramdiskUrl} || goto retry_boot`, 'boot', ''].join('\n');
}
