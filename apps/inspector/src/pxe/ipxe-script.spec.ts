import { dnsmasqArgs } from './dnsmasq-process';
import { bootIpxeScript, inspectionIpxeScript, macFromHexhyp } from './ipxe-script';

describe('iPXE scripts and dnsmasq command line', () => {
  it('boots the agent ramdisk with the callback URL, BOOTIF and extra arguments, retrying until loaded', () => {
    const script = inspectionIpxeScript({ kernelUrl: 'http://x/k', ramdiskUrl: 'http://x/r', callbackUrl: 'http://192.0.2.1:5050/', extraArgs: 'ipa-debug=1' });
    expect(script.split('\n')).toEqual([
      '#!ipxe',
      ':retry_boot',
      'imgfree',
      'kernel --timeout 60000 http://x/k ipa-inspection-callback-url=http://192.0.2.1:5050/v1/continue BOOTIF=${mac} initrd=agent.ramdisk ipa-debug=1 || goto retry',
      'initrd --name agent.ramdisk --timeout 60000 http://x/r || goto retry',
      'boot',
      ':retry',
      'sleep 1',
      'goto retry_boot',
      '',
    ]);
  });

  it("sends a machine to its node's own configuration by the booting NIC's MAC, else to inspection", () => {
    expect(bootIpxeScript('http://192.0.2.1:5050/').split('\n')).toEqual([
      '#!ipxe',
      'chain --autofree http://192.0.2.1:5050/pxelinux.cfg/${mac:hexhyp} || goto inspect',
      ':inspect',
      'chain --autofree http://192.0.2.1:5050/inspector.ipxe',
      '',
    ]);
  });

  it('reads the MAC iPXE puts in the configuration URL', () => {
    expect(macFromHexhyp('52-54-00-AB-cd-01')).toBe('52:54:00:ab:cd:01');
    expect(macFromHexhyp('52:54:00:ab:cd:01')).toBe('52:54:00:ab:cd:01');
    expect(macFromHexhyp('52-54-00-ab-cd')).toBeUndefined();
    expect(macFromHexhyp('../../etc/passwd')).toBeUndefined();
  });

  it('starts dnsmasq with the hostsdir, no DNS, no ping and the iPXE script for iPXE clients', () => {
    const args = dnsmasqArgs({ command: 'dnsmasq', interface: 'br0', dhcpRange: '10.0.0.10,10.0.0.20', hostsdir: '/h', dataDir: '/d', tftpRoot: '/t', ipxeScriptUrl: 'http://i/boot.ipxe' });
    expect(args).toEqual(
      expect.arrayContaining(['--port=0', '--no-ping', '--dhcp-hostsdir=/h', '--interface=br0', '--bind-interfaces', '--dhcp-boot=tag:ipxe,http://i/boot.ipxe', '--enable-tftp', '--tftp-root=/t']),
    );
  });
});
