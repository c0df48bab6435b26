import { IpmitoolManagement } from '../ipmi/ipmitool-management';
import { IpmitoolPower } from '../ipmi/ipmitool-power';
import { IpmiCallObserver, IpmitoolRunner } from '../ipmi/ipmitool-runner';
import { IpmitoolVendor } from '../ipmi/ipmitool-vendor';
import { RedfishClient } from '../redfish/redfish-client';
import { RedfishInspect } from '../redfish/redfish-inspect';
import { RedfishManagement } from '../redfish/redfish-management';
import { RedfishPower } from '../redfish/redfish-power';
import { RedfishSystems } from '../redfish/redfish-system';
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
  return {
    power: { ipmitool: () => new IpmitoolPower(ipmitool, settings), redfish: () => new RedfishPower(systems) },
    management: { ipmitool: () => new IpmitoolManagement(ipmitool, settings), redfish: () => new RedfishManagement(systems) },
    inspect: { redfish: () => new RedfishInspect(systems) },
    vendor: { ipmitool: () => new IpmitoolVendor(ipmitool) },
    /** Closes the Redfish connection pools. */
    close: () => systems.client.close(),
  };
}
