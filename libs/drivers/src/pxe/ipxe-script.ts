/** What an iPXE script boots: a kernel with its command line and one ramdisk, both fetched by URL. */
export interface IpxeRamdiskBoot {
  kernel: string;
  ramdisk: string;
  /** The kernel command line; `${mac}` and other iPXE settings in it are expanded by iPXE. */
  args: string;
  /** The name the ramdisk is loaded under (the command line says `initrd=<name>`, which EFI kernels need). */
  initrdName: string;
}

/**
 * An iPXE script that boots a ramdisk, trying again (after a pause) until the kernel and ramdisk both load: a
 * machine whose HTTP server is restarting boots once it is back instead of falling through to the next device.
 */
export function ipxeRamdiskScript(b: IpxeRamdiskBoot): string {
  // One line: a line break in a parameter (driver_info/kernel_append_params) would start a command of its own.
  const args = b.args.replace(/\s+/g, ' ').trim();
  return [
    '#!ipxe',
    ':retry_boot',
    'imgfree',
    `kernel --timeout 60000 ${b.kernel} ${args} || goto retry`,
    `initrd --name ${b.initrdName} --timeout 60000 ${b.ramdisk} || goto retry`,
    'boot',
    ':retry',
    'sleep 1',
    'goto retry_boot',
    '',
  ].join('\n');
}
