import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import type { ExclusiveTask } from '../task';
import { InspectorInspect, MANAGED_BOOT_KEY, tearDownManagedBoot } from './inspector-inspect';
import type { InspectorPort } from './inspector.port';

describe('inspector inspect interface', () => {
  const task = { node: { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123' } as NodeRecord, shared: false as const };
  /** A fake inspector that records the calls it gets. */
  const port = () => {
    const calls: unknown[][] = [];
    const fake: InspectorPort & { calls: unknown[][] } = {
      calls,
      start: async (...args) => void calls.push(['start', ...args]),
      abort: async (...args) => void calls.push(['abort', ...args]),
      status: async (...args) => (calls.push(['status', ...args]), { finished: true, error: null }),
    };
    return fake;
  };

  it('starts introspection with managed boot and leaves the node waiting', async () => {
    const p = port();
    expect(await new InspectorInspect(p).inspectHardware(task)).toBe('wait');
    expect(p.calls).toEqual([['start', task.node.uuid, { manageBoot: true, dialect: 'inspector' }]]);
  });

  it('aborts and reads the status through the inspector', async () => {
    const p = port();
    const iface = new InspectorInspect(p);
    await iface.abortInspection(task);
    expect(await iface.inspectionStatus(task)).toEqual({ finished: true, error: null });
    expect(p.calls).toEqual([
      ['abort', task.node.uuid],
      ['status', task.node.uuid],
    ]);
  });

  it('fails validation (and so the inspect request) when the conductor has no inspector', async () => {
    await expect(new InspectorInspect(undefined).validate(task)).rejects.toThrow(InvalidParameterValue);
    await expect(new InspectorInspect(undefined).inspectHardware(task)).rejects.toThrow('FERRUM_INSPECTOR_ENABLED=false');
  });

  describe('managed boot (a boot interface that boots the ramdisk itself: virtual media)', () => {
    /** A task whose boot and power interfaces record what they are asked, and whose record() updates the node. */
    const managedTask = (opts: { bootsRamdiskItself: boolean; failPrepare?: boolean; info?: Record<string, unknown> }) => {
      const calls: unknown[][] = [];
      const t = {
        node: { uuid: task.node.uuid, driver: 'redfish', provision_state: 'inspecting', disable_power_off: false, driver_info: {}, driver_internal_info: { ...opts.info } } as unknown as NodeRecord,
        shared: false as const,
        calls,
        record: async (changes: { driver_internal_info?: Record<string, unknown>; power_state?: string | null }) => {
          t.node = { ...t.node, ...changes } as NodeRecord;
        },
        interfaceOf: (kind: string) =>
          kind === 'boot'
            ? {
                bootsRamdiskItself: opts.bootsRamdiskItself,
                prepareRamdisk: async () => {
                  calls.push(['prepareRamdisk', t.node.driver_internal_info[MANAGED_BOOT_KEY]]);
                  if (opts.failPrepare) throw new Error('no virtual CD');
                },
                cleanUpRamdisk: async () => void calls.push(['cleanUpRamdisk']),
              }
            : { setPowerState: async (_task: unknown, target: string) => void calls.push(['power', target]) },
      };
      return t;
    };

    it("boots the agent itself, as Ironic's _start_managed_inspection: off, ramdisk, the inspector told not to boot, on", async () => {
      const p = port();
      const t = managedTask({ bootsRamdiskItself: true });
      const started = new InspectorInspect(p, 'agent').inspectHardware(t);
      expect(await started).toBe('wait');
      expect(t.calls).toEqual([['power', 'power off'], ['prepareRamdisk', true], ['power', 'power on']]);
      expect(p.calls).toEqual([['start', task.node.uuid, { manageBoot: false, dialect: 'agent' }]]);
      expect(t.node.driver_internal_info[MANAGED_BOOT_KEY]).toBe(true);
    });

    it('leaves the boot to the inspector when the boot interface needs the network (PXE)', async () => {
      const p = port();
      const t = managedTask({ bootsRamdiskItself: false });
      await new InspectorInspect(p, 'agent').inspectHardware(t);
      expect(t.calls).toEqual([]);
      expect(p.calls).toEqual([['start', task.node.uuid, { manageBoot: true, dialect: 'agent' }]]);
    });

    it('tears the boot down when starting fails, and fails the inspection', async () => {
      const p = port();
      const t = managedTask({ bootsRamdiskItself: true, failPrepare: true });
      await expect(new InspectorInspect(p, 'agent').inspectHardware(t as unknown as ExclusiveTask)).rejects.toThrow('no virtual CD');
      expect(t.calls).toEqual([['power', 'power off'], ['prepareRamdisk', true], ['cleanUpRamdisk'], ['power', 'power off']]);
      expect(p.calls).toEqual([]);
      expect(t.node.driver_internal_info).not.toHaveProperty(MANAGED_BOOT_KEY);
    });

    it("tearDownManagedBoot: Ironic's _tear_down_managed_boot for a managed run (media out, power off), nothing otherwise", async () => {
      const managed = managedTask({ bootsRamdiskItself: true, info: { [MANAGED_BOOT_KEY]: true, other: 1 } });
      expect(await tearDownManagedBoot(managed as unknown as ExclusiveTask)).toEqual([]);
      expect(managed.calls).toEqual([['cleanUpRamdisk'], ['power', 'power off']]);
      expect(managed.node.driver_internal_info).toMatchObject({ other: 1 });
      expect(managed.node.driver_internal_info).not.toHaveProperty(MANAGED_BOOT_KEY);
      const unmanaged = managedTask({ bootsRamdiskItself: false });
      expect(await tearDownManagedBoot(unmanaged as unknown as ExclusiveTask)).toEqual([]);
      expect(unmanaged.calls).toEqual([]);
    });

    it('leaves the machine on at the end of a managed run with fast track, for the agent to clean or deploy next', async () => {
      const managed = Object.assign(managedTask({ bootsRamdiskItself: true, info: { [MANAGED_BOOT_KEY]: true } }), { fastTrack: { enabled: true, timeoutS: 300 } });
      expect(await tearDownManagedBoot(managed as unknown as ExclusiveTask)).toEqual([]);
      expect(managed.calls).toEqual([['cleanUpRamdisk']]);
    });
  });
});
