import { dnsmasqArgs } from './dnsmasq-process';
import { inspectionIpxeScript } from './ipxe-script';

describe('iPXE script and dnsmasq command line', () => {
  it('boots the agent ramdisk with the callback URL, BOOTIF and extra arguments, retrying until loaded', () => {
    const script = inspectionIpxeScript({ kernelUrl: 'http://x/k', ramdiskUrl: 'http://x/r', callbackUrl: 'http://192.0.2.1:5050/', extraArgs: 'ipa-debug=1' });
    expect(script.split('\n')).toEqual([
      '#!ipxe',
      ':retry_boot',
      'imgfree',
      'kernel --timeout 60000 http://x/k ipa-inspection-callback-url=http://192.0.2.1:5050/v1/continue BOOTIF=${mac} initrd=agent.ramdisk ipa-debug=1 || goto retry_boot',
      'initrd --name agent.ramdisk --timeout 60000 http://x/r || goto retry_boot',
      'boot',
      '',
    ]);
  });

  it('starts dnsmasq with the hostsdir, no DNS, no ping and the iPXE script for iPXE clients', () => {
    const args = dnsmasqArgs({ command: 'dnsmasq', interface: 'br0', dhcpRange: '10.0.0.10,10.0.0.20', hostsdir: '/h', dataDir: '/d', tftpRoot: '/t', ipxeScriptUrl: 'http://i/boot.ipxe' });
    expect(args).toEqual(
      expect.arrayContaining(['--port=0', '--no-ping', '--dhcp-hostsdir=/h', '--interface=br0', '--bind-interfaces', '--dhcp-boot=tag:ipxe,http://i/boot.ipxe', '--enable-tftp', '--tftp-root=/t']),
    );
  });
});
