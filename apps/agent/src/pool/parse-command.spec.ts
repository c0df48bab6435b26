import { parseCommand } from './parse-command';

const hardware = { cpus: 4, memoryMiB: 8192, nics: [{ name: 'eth0', mac: '52-54-00-AA-BB-01' }], disks: [{ name: 'sda', sizeGiB: 40 }] };

describe('parseCommand (the pool protocol on stdin)', () => {
  it('takes boot, stop and shutdown lines as they are sent', () => {
    const boot = { op: 'boot', machine: 'm1', cmdline: 'ipa-api-url=http://127.0.0.1:6385', hardware, disk: 'discard', faults: { crashOn: 'standby.prepare_image', corruptImage: true } };
    expect(parseCommand(JSON.stringify(boot))).toEqual({ command: boot });
    expect(parseCommand('{"op":"stop","machine":"m1"}')).toEqual({ command: { op: 'stop', machine: 'm1' } });
    expect(parseCommand('{"op":"shutdown"}')).toEqual({ command: { op: 'shutdown' } });
  });

  it('says what is wrong with a line that is not JSON, has an unknown op or misses a field', () => {
    expect(parseCommand('boot m1')).toEqual({ error: expect.stringMatching(/^not JSON \(.*\): boot m1$/) });
    expect(parseCommand('{"op":"reset","machine":"m1"}')).toEqual({ error: 'unknown op "reset" (boot, stop or shutdown): {"op":"reset","machine":"m1"}' });
    expect(parseCommand('[1]')).toEqual({ error: 'unknown op null (boot, stop or shutdown): [1]' });
    expect(parseCommand('{"op":"stop"}')).toEqual({ error: expect.stringMatching(/^bad command \(machine: .*\): \{"op":"stop"\}$/) });
    const noDisk = JSON.stringify({ op: 'boot', machine: 'm1', cmdline: '', hardware });
    expect(parseCommand(noDisk)).toEqual({ error: expect.stringMatching(/^bad command \(disk: /) });
  });

  it('refuses hardware the inventory cannot be built from: a MAC that is not one, a disk name that is not a device name', () => {
    const badMac = { op: 'boot', machine: 'm1', cmdline: '', disk: 'discard', hardware: { ...hardware, nics: [{ name: 'eth0', mac: 'not-a-mac' }] } };
    expect(parseCommand(JSON.stringify(badMac))).toEqual({ error: expect.stringMatching(/^bad command \(hardware\.nics\.0\.mac: not a MAC address\)/) });
    const badDisk = { op: 'boot', machine: 'm1', cmdline: '', disk: 'discard', hardware: { ...hardware, disks: [{ name: 'sda b', sizeGiB: 1 }] } };
    expect(parseCommand(JSON.stringify(badDisk))).toEqual({ error: expect.stringMatching(/^bad command \(hardware\.disks\.0\.name: not a device name\)/) });
  });
});
