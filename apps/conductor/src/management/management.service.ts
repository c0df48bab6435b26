import { Inject, Injectable } from '@nestjs/common';
import { INTERFACE_KINDS, InterfaceKind, InterfaceValidation, type IndicatorMap } from '@ferrum/contracts';
import { BOOT_DEVICES, BootDevice, DriverRegistry } from '@ferrum/drivers';
import { FerrumError, InvalidParameterValue, UnsupportedDriverExtension } from '@ferrum/errors';
import { TaskManager } from '../locks/task-manager';
import { DRIVERS } from '../tokens';

const VALIDATION_FAILURES = ['InvalidParameterValue', 'MissingParameterValue', 'UnsupportedDriverExtension'];

/** Boot device, maintenance and node validation: calls that finish before the API replies. */
@Injectable()
export class ManagementService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  /** Every interface but vendor, each checked under a shared lock (§7.7). */
  async validate(uuid: string): Promise<Record<string, InterfaceValidation>> {
    const task = await this.tasks.shared(uuid);
    const result: Record<string, InterfaceValidation> = {};
    for (const kind of INTERFACE_KINDS.filter((k): k is Exclude<InterfaceKind, 'vendor'> => k !== 'vendor')) {
      try {
        await this.drivers.get(task.node, kind).validate(task);
        result[kind] = { result: true };
      } catch (err) {
        const expected = err instanceof FerrumError && VALIDATION_FAILURES.includes(err.code);
        result[kind] = { result: false, reason: expected ? err.message : `Unexpected exception, traceback saved into log by ironic conductor service that is running on ${this.tasks.hostname}: ${String(err)}` };
      }
    }
    return result;
  }

  async supportedBootDevices(uuid: string): Promise<string[]> {
    const task = await this.tasks.shared(uuid);
    return this.drivers.get(task.node, 'management').getSupportedBootDevices(task);
  }

  async getBootDevice(uuid: string) {
    return this.tasks.withExclusive(uuid, (task) => this.drivers.get(task.node, 'management').getBootDevice(task));
  }

  async setBootDevice(uuid: string, device: string, persistent: boolean): Promise<void> {
    await this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      const supported = await management.getSupportedBootDevices(task);
      if (!(BOOT_DEVICES as readonly string[]).includes(device) || !supported.includes(device as BootDevice)) {
        throw new InvalidParameterValue({ message: `Invalid boot device ${device} specified.` });
      }
      await management.setBootDevice(task, device as BootDevice, persistent);
    });
  }

  async indicators(uuid: string): Promise<IndicatorMap> {
    return this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      if (!management.getSupportedIndicators) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'get_supported_indicators' });
      return management.getSupportedIndicators(task);
    });
  }

  async indicatorState(uuid: string, component: string, indicator: string): Promise<string> {
    return this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      if (!management.getIndicatorState) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'get_indicator_state' });
      return management.getIndicatorState(task, component, indicator);
    });
  }

  async setIndicatorState(uuid: string, component: string, indicator: string, state: string): Promise<void> {
    await this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      if (!management.setIndicatorState) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'set_indicator_state' });
      await management.setIndicatorState(task, component, indicator, state);
    });
  }

  async injectNmi(uuid: string): Promise<void> {
    await this.tasks.withExclusive(uuid, async (task) => {
      const management = this.drivers.get(task.node, 'management');
      await management.validate(task);
      if (!management.injectNmi) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'inject_nmi' });
      await management.injectNmi(task);
    });
  }

  /** Maintenance goes through the node's exclusive lock, so a busy node answers 409 (§7.6). */
  async setMaintenance(uuid: string, maintenance: boolean, reason?: string | null): Promise<void> {
    await this.tasks.withExclusive(uuid, (task) =>
      task.save(maintenance ? { maintenance: true, maintenance_reason: reason ?? null } : { maintenance: false, maintenance_reason: null, fault: null }),
    );
  }
}
