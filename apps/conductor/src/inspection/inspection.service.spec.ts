import type { NodeRecord } from '@ferrum/contracts';
import { MANAGED_BOOT_KEY } from '@ferrum/drivers';
import type { Logger } from 'pino';
import type { TaskManager } from '../locks/task-manager';
import type { InspectionSaver } from './inspection-saver';
import { InspectionService } from './inspection.service';

/** A node under a fake lock whose boot and power interfaces record their calls (what the end of a run does to the machine). */
function harness(state: string, info: Record<string, unknown>, opts: { failCleanUp?: boolean } = {}) {
  const calls: string[] = [];
  const task = {
    node: { uuid: '6f3c1f9e-0d5e-4a4e-9d0a-2f9b8a1c0e11', provision_state: state, target_provision_state: 'manageable', inspect_interface: 'agent', disable_power_off: false, last_error: null, driver_internal_info: info } as unknown as NodeRecord,
    shared: false as const,
    save: async (changes: Partial<NodeRecord>) => (task.node = { ...task.node, ...changes }),
    record: async (changes: Partial<NodeRecord>) => void (task.node = { ...task.node, ...changes }),
    interfaceOf: (kind: string) =>
      kind === 'boot'
        ? {
            cleanUpRamdisk: async () => {
              calls.push('eject');
              if (opts.failCleanUp) throw new Error('BMC gone');
            },
          }
        : { setPowerState: async (_t: unknown, target: string) => void calls.push(target) },
  };
  const tasks = { withExclusive: async (_uuid: string, fn: (t: typeof task) => Promise<unknown>) => fn(task) } as unknown as TaskManager;
  const logger = { info: () => undefined } as unknown as Logger;
  return { calls, task, service: new InspectionService(tasks, logger, {} as InspectionSaver) };
}

describe('InspectionService.finish', () => {
  it("tears down a boot the conductor managed (virtual media): media ejected, powered off, then manageable", async () => {
    const h = harness('inspect wait', { [MANAGED_BOOT_KEY]: true });
    expect(await h.service.finish(h.task.node.uuid, null)).toBe(true);
    expect(h.calls).toEqual(['eject', 'power off']);
    expect(h.task.node).toMatchObject({ provision_state: 'manageable', target_provision_state: null, last_error: null });
    expect(h.task.node.driver_internal_info).not.toHaveProperty(MANAGED_BOOT_KEY);
  });

  it("leaves the machine alone when the inspector booted it (PXE)", async () => {
    const h = harness('inspect wait', {});
    expect(await h.service.finish(h.task.node.uuid, null)).toBe(true);
    expect(h.calls).toEqual([]);
    expect(h.task.node.provision_state).toBe('manageable');
  });

  it("fails a run whose clean-up failed, in Ironic's words", async () => {
    const h = harness('inspect wait', { [MANAGED_BOOT_KEY]: true }, { failCleanUp: true });
    await h.service.finish(h.task.node.uuid, null);
    expect(h.task.node).toMatchObject({ provision_state: 'inspect failed', last_error: 'Inspection clean up failed: unable to clean up ramdisk boot: BMC gone' });
  });

  it('tears the boot down after an abort too (the node already in inspect failed)', async () => {
    const h = harness('inspect failed', { [MANAGED_BOOT_KEY]: true });
    expect(await h.service.finish(h.task.node.uuid, 'Inspection was aborted by request.')).toBe(false);
    expect(h.calls).toEqual(['eject', 'power off']);
  });
});
