import { InvalidParameterValue } from '@ferrum/errors';
import type { BmcSettings } from '../bmc/bmc-settings';
import { bootModeOf } from '../bmc/boot-mode';
import type { BootDevice, BootDeviceState, ManagementInterface } from '../interfaces/management.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { IPMI_PROPERTIES, parseIpmiDriverInfo } from './ipmi-driver-info';
import type { IpmitoolRunner } from './ipmitool-runner';

/** Ironic's ipmitool boot devices and the boot-flag selector byte of each (IPMI 2.0 table 28-14, bits 5:2). */
const DEVICE_SELECTOR: Record<string, string> = { pxe: '0x04', disk: '0x08', safe: '0x0c', cdrom: '0x14', bios: '0x18' };
const SUPPORTED: BootDevice[] = ['pxe', 'disk', 'cdrom', 'bios', 'safe'];

/** What `chassis bootparam get 5` prints → Ironic's boot device names. */
const SELECTOR_NAMES: [RegExp, BootDevice | null][] = [
  [/Force Boot from default Hard-Drive, request Safe-Mode/i, 'safe'],
  [/Force Boot from default Hard-Drive/i, 'disk'],
  [/Force PXE/i, 'pxe'],
  [/Force Boot from CD\/DVD/i, 'cdrom'],
  [/Force Boot into BIOS Setup/i, 'bios'],
  [/No override/i, null],
];

/**
 * Ironic's `ipmitool` management interface. In UEFI mode the boot device is set with the raw Set
 * System Boot Options command (ipmitool's `chassis bootdev` cannot set the EFI bit on old ipmitool
 * versions, which is why Ironic does it raw); in BIOS mode with `chassis bootdev X [options=persistent]`.
 */
export class IpmitoolManagement implements ManagementInterface {
  constructor(
    private readonly ipmitool: IpmitoolRunner,
    private readonly settings: BmcSettings,
  ) {}

  getProperties() {
    return { ...IPMI_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    parseIpmiDriverInfo(task.node);
  }

  async getSupportedBootDevices(_task: SharedTask): Promise<BootDevice[]> {
    return [...SUPPORTED];
  }

  async setBootDevice(task: ExclusiveTask, device: BootDevice, persistent: boolean): Promise<void> {
    if (!SUPPORTED.includes(device)) {
      throw new InvalidParameterValue({ message: `Invalid boot device ${device} specified. Supported: ${SUPPORTED.join(', ')}` });
    }
    const info = parseIpmiDriverInfo(task.node);
    if (info.disableBootTimeout) {
      // Without this, many BMCs forget the boot flags 60 s after they are set (IPMI 2.0 boot flag valid timer).
      await this.ipmitool.execute(info, ['raw', '0x00', '0x08', '0x03', '0x08']);
    }
    if (bootModeOf(task.node, this.settings.defaultBootMode) === 'uefi') {
      // Boot flags byte 1: 0x80 valid, 0x40 persistent, 0x20 EFI.
      const flags = persistent ? '0xe0' : '0xa0';
      await this.ipmitool.execute(info, ['raw', '0x00', '0x08', '0x05', flags, DEVICE_SELECTOR[device], '0x00', '0x00', '0x00']);
      return;
    }
    await this.ipmitool.execute(info, ['chassis', 'bootdev', device, ...(persistent ? ['options=persistent'] : [])]);
  }

  /** Ironic's ipmitool inject_nmi: `chassis power diag` (the IPMI "pulse diagnostic interrupt"). */
  async injectNmi(task: ExclusiveTask): Promise<void> {
    await this.ipmitool.execute(parseIpmiDriverInfo(task.node), ['power', 'diag']);
  }

  async getBootDevice(task: ExclusiveTask): Promise<BootDeviceState> {
    const out = await this.ipmitool.execute(parseIpmiDriverInfo(task.node), ['chassis', 'bootparam', 'get', '5']);
    const selector = /Boot Device Selector\s*:\s*(.*)/i.exec(out)?.[1] ?? '';
    const match = SELECTOR_NAMES.find(([re]) => re.test(selector));
    return { boot_device: match ? match[1] : null, persistent: /Options apply to all future boots/i.test(out) };
  }
}
