import { describeImage, imageUrl } from './firmware-image';

describe('what a SimpleUpdate image says about itself', () => {
  it.each([
    ['http://images/P79%20v1.46.bin', { version: 'P79 v1.46', bmc: false }],
    ['http://images/fw/bmc-1.46.0.bin', { version: 'bmc-1.46.0', bmc: true }],
    ['http://images/BMC_2.0.fwpkg', { version: 'BMC_2.0', bmc: true }],
    ['http://images/bios-1.46', { version: 'bios-1.46', bmc: false }],
    ['http://images/firmware.bin?version=2.0.0', { version: '2.0.0', bmc: false }],
  ])('%s', (uri, expected) => {
    expect(describeImage(new URL(uri))).toEqual(expected);
  });

  it('takes the scheme of a URI without one from TransferProtocol, and has no URL without either', () => {
    expect(imageUrl('images:8080/bios.bin', 'HTTP')?.href).toBe('http://images:8080/bios.bin');
    expect(imageUrl('https://images/bios.bin', 'HTTP')?.href).toBe('https://images/bios.bin');
    expect(imageUrl('images/bios.bin')).toBeUndefined();
  });
});
