import { ConsolePorts } from '../console/console-ports';
import { DEFAULT_CONSOLE_SETTINGS } from '../console/console-settings';
import { SocatConsoles } from '../console/socat-consoles';
import { IpmitoolManagement } from '../ipmi/ipmitool-management';
import { IpmitoolSocatConsole } from '../ipmi/ipmitool-socat-console';
import { IpmitoolPower } from '../ipmi/ipmitool-power';
import { IpmiCallObserver, IpmitoolRunner } from '../ipmi/ipmitool-runner';
import { IpmitoolVendor } from '../ipmi/ipmitool-vendor';
import { RedfishBios } from '../redfish/redfish-bios';
import { RedfishFirmware } from '../redfish/redfish-firmware';
import { RedfishClient } from '../redfish/redfish-client';
import { RedfishInspect } from '../redfish/redfish-inspect';
import { RedfishManagement } from '../redfish/redfish-management';
import { RedfishPower } from '../redfish/redfish-power';
import { RedfishSystems } from '../redfish/redfish-system';
import { RedfishVendor } from '../redfish/redfish-vendor';
import { RedfishVirtualMediaBoot } from '../redfish/redfish-virtual-media-boot';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from './bmc-settings';

export interface BmcOptions {
  settings?: BmcSettings;
  /** Sees every ipmitool argv (tests prove the password never appears on it). */
  observeIpmi?: IpmiCallObserver;
}

/**
 * The ipmitool and redfish implementations, sharing one ipmitool runner (so per-BMC serialization and
 * the parallel limit hold across power and management) and one Redfish client (pools and sessions).
 */
export function bmcImplementations(options: BmcOptions = {}) {
  const settings = options.settings ?? DEFAULT_BMC_SETTINGS;
  const ipmitool = new IpmitoolRunner(settings.ipmi, undefined, options.observeIpmi);
  const systems = new RedfishSystems(new RedfishClient(settings.redfish), settings);
  const consoleSettings = settings.console ?? DEFAULT_CONSOLE_SETTINGS;
  const consoles = new SocatConsoles(consoleSettings);
  const consolePorts = new ConsolePorts(consoleSettings.portRange, consoleSettings.socatAddress);
  return {
    power: { ipmitool: () => new IpmitoolPower(ipmitool, settings), redfish: () => new RedfishPower(systems) },
    management: { ipmitool: () => new IpmitoolManagement(ipmitool, settings), redfish: () => new RedfishManagement(systems) },
    inspect: { redfish: () => new RedfishInspect(systems) },
    bios: { redfish: () => new RedfishBios(systems) },
    boot: { 'redfish-virtual-media': () => new RedfishVirtualMediaBoot(systems) },
    firmware: { redfish: () => new RedfishFirmware(systems) },
    vendor: { ipmitool: () => new IpmitoolVendor(ipmitool), redfish: () => new RedfishVendor(systems) },
    console: { 'ipmitool-socat': () => new IpmitoolSocatConsole(ipmitool, consoles, consolePorts, consoleSettings) },
    /** Closes the Redfish connection pools and stops the consoles this conductor serves. */
    close: async () => {
      await Promise.all([systems.client.close(), consoles.stopAll()]);
    },
  };
}
