import { routeSource } from './advertise';

describe('routeSource: the address the agent advertises, from `ip route get`', () => {
  it("reads iproute2's and busybox's output (the ramdisk has busybox's, without -j)", () => {
    expect(routeSource('192.0.2.1 dev eth0 src 192.0.2.114 uid 0 \n    cache \n')).toBe('192.0.2.114');
    expect(routeSource('192.0.2.1 dev eth0  src 192.0.2.114 \n')).toBe('192.0.2.114');
    expect(routeSource('fd00:fe::1 from :: dev eth0 proto kernel src fd00:fe::8 metric 256 pref medium\n')).toBe('fd00:fe::8');
    expect(routeSource('local 127.0.0.1 dev lo table local\n')).toBeUndefined();
  });
});
