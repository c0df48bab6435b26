import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { AgentPool } from './agent-pool';
import { buildFleet } from './fleet';
import { MachineRoom } from './machine-room';
import type { PoolCommand, PoolEvent } from '@ferrum/contracts';
import { mockupDir } from './repo-files';

/** The pool's side, recorded: what the room told it, and a way to send the room the pool's events. */
class RecordingPool extends EventEmitter {
  readonly sent: PoolCommand[] = [];
  send(command: PoolCommand): void {
    this.sent.push(command);
  }
  say(event: PoolEvent): void {
    this.emit(event.event, event);
  }
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('the machine room', () => {
  let cd: Server;
  let cdUrl = '';
  let emulator: RedfishEmulator;
  let pool: RecordingPool;
  let room: MachineRoom;
  let system = '';

  beforeAll(async () => {
    cd = createServer((_req, res) => res.end('ipa-api-url=http://127.0.0.1:6385 ipa-listen-port=0'));
    await new Promise<void>((resolve) => cd.listen(0, '127.0.0.1', resolve));
    cdUrl = `http://127.0.0.1:${(cd.address() as { port: number }).port}/agent.iso`;
  });
  afterAll(() => new Promise<void>((resolve) => cd.close(() => resolve())));
  beforeEach(() => {
    emulator = new RedfishEmulator({ mockupDir: mockupDir(), systems: 1 });
    pool = new RecordingPool();
    const fleet = buildFleet(emulator, { disks: 'discard', dir: '/tmp/lab', shares: { bmcTimeout: 0, agentCrash: 0, badChecksum: 0 } });
    system = fleet[0].system;
    room = new MachineRoom(emulator, pool as unknown as AgentPool, fleet, { bootDelayMs: 0, log: () => undefined });
    emulator.setPower(system, 'Off');
    emulator.emit('vmedia', { system, device: 'CD1', image: cdUrl, mediaTypes: ['CD', 'DVD'], writeProtected: true });
  });
  afterEach(() => room.close());

  const bootFromCd = async () => {
    const before = pool.sent.length;
    emulator.system(system)!.boot = { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' };
    emulator.setPower(system, 'On');
    await until(() => pool.sent.length > before);
    return pool.sent[pool.sent.length - 1] as Extract<PoolCommand, { op: 'boot' }>;
  };

  it('boots the agent with the command line on the virtual CD when the machine powers on from it, and stops it at power off', async () => {
    const boot = await bootFromCd();
    expect(boot).toMatchObject({ op: 'boot', machine: 'lab-0001', cmdline: 'ipa-api-url=http://127.0.0.1:6385 ipa-listen-port=0', disk: 'discard' });
    expect(room.counts).toMatchObject({ agentBoots: 1, running: 1 });
    emulator.setPower(system, 'Off');
    expect(pool.sent[pool.sent.length - 1]).toEqual({ op: 'stop', machine: 'lab-0001' });
    expect(room.counts.running).toBe(0);
  });

  it("powers the machine off when its agent asks, but not for an agent of an earlier boot (the machine was power-cycled since)", async () => {
    const first = await bootFromCd();
    // Ferrum power-cycles the machine into a new boot while the first agent's power-off request is on its way.
    emulator.setPower(system, 'Off');
    const second = await bootFromCd();
    expect(second.boot).not.toBe(first.boot);
    pool.say({ event: 'power', machine: 'lab-0001', boot: first.boot, action: 'poweroff' });
    expect(emulator.system(system)!.powerState).toBe('On');
    expect(room.counts.running).toBe(1);
    pool.say({ event: 'power', machine: 'lab-0001', boot: second.boot, action: 'poweroff' });
    expect(emulator.system(system)!.powerState).toBe('Off');
    expect(room.counts.running).toBe(0);
  });

  it('starts nothing when the machine boots from its disk, or is powered off before the agent started', async () => {
    emulator.system(system)!.boot = { BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' };
    emulator.setPower(system, 'On');
    expect(room.counts).toMatchObject({ diskBoots: 1, agentBoots: 0 });
    emulator.setPower(system, 'Off');
    const slow = new MachineRoom(emulator, pool as unknown as AgentPool, buildFleet(emulator, { disks: 'discard', dir: '/tmp/lab', shares: { bmcTimeout: 0, agentCrash: 0, badChecksum: 0 } }), { bootDelayMs: 50, log: () => undefined });
    try {
      const sent = pool.sent.length;
      emulator.system(system)!.boot = { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' };
      emulator.setPower(system, 'On');
      emulator.setPower(system, 'Off');
      await new Promise((r) => setTimeout(r, 150));
      expect(pool.sent.slice(sent).filter((c) => c.op === 'boot')).toEqual([]);
    } finally {
      slow.close();
    }
  });
});
