import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { CreateNode, PowerState, PowerTarget, powerTargetEndState } from '@ferrum/contracts';
import { PowerInterface, SharedTask, fakeHardware } from '@ferrum/drivers';
import { PowerStateFailure } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ConductorHandle, startConductor } from '../start-conductor';

/** A BMC the test can flip behind Ferrum's back, and make refuse orders. */
class LabPower implements PowerInterface {
  static readonly hardware = new Map<string, PowerState>();
  static refuse = new Set<string>();
  /** Runs while the BMC is being asked (something else happening to the node meanwhile). */
  static duringRead?: (uuid: string) => Promise<void>;
  getProperties() {
    return {};
  }
  async validate() {}
  async getPowerState(task: SharedTask) {
    const during = LabPower.duringRead;
    LabPower.duringRead = undefined;
    await during?.(task.node.uuid);
    return LabPower.hardware.get(task.node.uuid) ?? null;
  }
  async setPowerState(task: SharedTask, target: PowerTarget) {
    if (LabPower.refuse.has(task.node.uuid)) throw new PowerStateFailure({ pstate: target });
    LabPower.hardware.set(task.node.uuid, powerTargetEndState(target));
  }
  getSupportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off'];
  }
}

async function withConductor(env: Record<string, string>, fn: (c: ConductorHandle, create: () => Promise<string>, db: TestDatabase) => Promise<void>) {
  const db = await createTestDatabase();
  const transports: Transport[] = await createTestTransports(2);
  const host = `periodic-${randomUUID().slice(0, 8)}`;
  const conductor = await startConductor({
    config: {
      ...loadConfig(allOptions, { FERRUM_ENABLED_HARDWARE_TYPES: 'lab-hardware', FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0', FERRUM_CHECK_PROVISION_STATE_INTERVAL_S: '0', ...env }),
      hostname: host,
    },
    repos: db.repos,
    transport: transports[0],
    logger: silentLogger(),
    driverPlugins: [
      {
        register: (api) => {
          api.addHardwareType({ name: 'lab-hardware', supported: { ...fakeHardware.supported, power: ['lab'] } });
          api.addInterface('power', 'lab', () => new LabPower());
        },
      },
    ],
  });
  // Nodes in enroll are not synced (Ironic); these start out manageable.
  const create = async () => {
    const { uuid } = await testClient(transports[1]).call(CreateNode, { node: { driver: 'lab-hardware' } }, { host });
    await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'manageable' WHERE uuid = $1`, [uuid]);
    return uuid;
  };
  try {
    await fn(conductor, create, db);
  } finally {
    await conductor.close();
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  }
}

describe('power state sync', () => {
  it('fills in an unknown power state, then forces the hardware back after an out-of-band change', async () => {
    await withConductor({}, async (conductor, create, db) => {
      const uuid = await create();
      LabPower.hardware.set(uuid, 'power on');
      expect((await conductor.runPeriodic('power-sync')).recorded).toBe(1);
      expect((await db.repos.nodes.getByIdent(uuid)).power_state).toBe('power on');

      LabPower.hardware.set(uuid, 'power off'); // someone pressed the button
      const report = await conductor.runPeriodic('power-sync');
      expect(report.forced).toBe(1);
      expect(LabPower.hardware.get(uuid)).toBe('power on');
      expect(await db.repos.nodes.getByIdent(uuid)).toMatchObject({ power_state: 'power on', reservation: null });
    });
  });

  it('does not undo a power action that started while it asked the BMC: it checks again under the lock, as Ironic does', async () => {
    await withConductor({}, async (conductor, create, db) => {
      const uuid = await create();
      LabPower.hardware.set(uuid, 'power off');
      await conductor.runPeriodic('power-sync');
      expect((await db.repos.nodes.getByIdent(uuid)).power_state).toBe('power off');
      // While the sync waits for the BMC, an inspection boots the machine and records it (seen in the lab: the
      // sync then forced the stale "power off" onto a machine in inspect wait).
      LabPower.duringRead = async (node) => {
        LabPower.hardware.set(node, 'power on');
        await db.repos.dataSource.query(`UPDATE nodes SET power_state = 'power on', provision_state = 'inspecting' WHERE uuid = $1`, [node]);
      };
      const report = await conductor.runPeriodic('power-sync');
      expect(report.forced).toBe(0);
      expect(LabPower.hardware.get(uuid)).toBe('power on');
      expect(await db.repos.nodes.getByIdent(uuid)).toMatchObject({ power_state: 'power on', reservation: null });
    });
  });

  it('records the hardware state instead when forcing is turned off', async () => {
    await withConductor({ FERRUM_FORCE_POWER_STATE_DURING_SYNC: 'false' }, async (conductor, create, db) => {
      const uuid = await create();
      LabPower.hardware.set(uuid, 'power on');
      await conductor.runPeriodic('power-sync');
      LabPower.hardware.set(uuid, 'power off');
      await conductor.runPeriodic('power-sync');
      expect((await db.repos.nodes.getByIdent(uuid)).power_state).toBe('power off');
      expect(LabPower.hardware.get(uuid)).toBe('power off');
    });
  });

  it('puts a node that keeps refusing into maintenance with fault "power failure"', async () => {
    await withConductor({ FERRUM_POWER_STATE_SYNC_MAX_RETRIES: '2' }, async (conductor, create, db) => {
      const uuid = await create();
      LabPower.hardware.set(uuid, 'power on');
      await conductor.runPeriodic('power-sync');
      LabPower.hardware.set(uuid, 'power off');
      LabPower.refuse.add(uuid);
      await conductor.runPeriodic('power-sync');
      expect((await db.repos.nodes.getByIdent(uuid)).maintenance).toBe(false);
      await conductor.runPeriodic('power-sync');
      const node = await db.repos.nodes.getByIdent(uuid);
      expect(node).toMatchObject({ maintenance: true, fault: 'power failure', reservation: null });
      expect(node.maintenance_reason).toContain('max retries exceeded');
      // A node in maintenance is left alone by later passes.
      expect((await conductor.runPeriodic('power-sync')).checked).toBe(0);
    });
  });

  it('skips nodes that are locked, in maintenance or waiting for a callback', async () => {
    await withConductor({}, async (conductor, create, db) => {
      const [locked, maint, waiting] = [await create(), await create(), await create()];
      for (const u of [locked, maint, waiting]) LabPower.hardware.set(u, 'power on');
      await db.repos.conductors.register('peer', '', []);
      await db.repos.reservations.tryReserve(locked, 'peer');
      await db.repos.dataSource.query(`UPDATE nodes SET maintenance = true WHERE uuid = $1`, [maint]);
      await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'wait call-back' WHERE uuid = $1`, [waiting]);
      const free = await create();
      LabPower.hardware.set(free, 'power on');
      expect(await conductor.runPeriodic('power-sync')).toMatchObject({ checked: 1, recorded: 1 });
    });
  });
});

describe('callback timeouts', () => {
  it('fails a node that waited too long for its callback, with last_error and the failed state\'s target', async () => {
    await withConductor({ FERRUM_DEPLOY_CALLBACK_TIMEOUT_S: '60' }, async (conductor, create, db) => {
      const [old, fresh] = [await create(), await create()];
      await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'wait call-back', target_provision_state = 'active', provision_updated_at = now() - interval '2 minutes' WHERE uuid = $1`, [old]);
      await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'wait call-back', target_provision_state = 'active', provision_updated_at = now() WHERE uuid = $1`, [fresh]);
      expect(await conductor.runPeriodic('callback-timeouts')).toEqual([old]);
      const failed = await db.repos.nodes.getByIdent(old);
      expect(failed).toMatchObject({ provision_state: 'deploy failed', target_provision_state: 'active', reservation: null });
      expect(failed.last_error).toContain('Timeout reached while waiting for callback');
      expect((await db.repos.nodes.getByIdent(fresh)).provision_state).toBe('wait call-back');
    });
  });
});
