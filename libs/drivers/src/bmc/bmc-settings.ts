import { ConsoleSettings, DEFAULT_CONSOLE_SETTINGS } from '../console/console-settings';
import type { FirmwareUpdateSettings } from '../redfish/redfish-firmware-update';

/** How the IPMI driver talks to BMCs (Ironic's [ipmi] options). */
export interface IpmiSettings {
  /** Minimum time between the end of one ipmitool call to a BMC and the start of the next (BMCs are fragile). */
  minCommandIntervalMs: number;
  /** How long a retryable failure (no answer, BMC busy) is retried before the call fails. */
  commandRetryTimeoutS: number;
  /** How long one ipmitool attempt waits for an answer (ipmitool -N; with -R 1 it gives up after twice that). */
  attemptTimeoutS: number;
  /** ipmitool processes running at once across all BMCs. */
  maxParallel: number;
  /** The ipmitool binary. */
  ipmitoolPath: string;
}

/** How the Redfish driver talks to BMCs (Ironic's [redfish] options). */
export interface RedfishSettings {
  /** Attempts per request when the BMC cannot be reached or answers 5xx. */
  connectionAttempts: number;
  /** Wait between those attempts. */
  connectionRetryIntervalMs: number;
  /** Per-request timeout (headers and body). */
  requestTimeoutMs: number;
  /** Authentication when the node does not say: basic, session or auto (session, falling back to basic). */
  authType: 'basic' | 'session' | 'auto';
  /** Keep-alive connections per BMC address. */
  connectionsPerBmc: number;
  /** The firmware interface's update step; absent or partial: Ironic's defaults (DEFAULT_FIRMWARE_UPDATE_SETTINGS). */
  firmwareUpdate?: Partial<FirmwareUpdateSettings>;
}

/** Settings shared by the real BMC drivers. */
export interface BmcSettings {
  ipmi: IpmiSettings;
  redfish: RedfishSettings;
  /** How long a power action waits for the BMC to report the target state (Ironic power_state_change_timeout). */
  powerStateChangeTimeoutS: number;
  /** Default wait for soft power off / soft reboot when the request gives no timeout (Ironic soft_power_off_timeout). */
  softPowerOffTimeoutS: number;
  /** Interval between PowerState polls while waiting (Redfish; IPMI polls at its minimum command interval). */
  powerPollIntervalMs: number;
  /** Boot mode assumed when the node does not say (capabilities boot_mode, boot_mode). Ironic defaults to uefi. */
  defaultBootMode: 'uefi' | 'bios';
  /** Serial consoles (ipmitool-socat); absent: the defaults. */
  console?: ConsoleSettings;
}

export const DEFAULT_BMC_SETTINGS: BmcSettings = {
  ipmi: { minCommandIntervalMs: 5000, commandRetryTimeoutS: 60, attemptTimeoutS: 1, maxParallel: 32, ipmitoolPath: 'ipmitool' },
  redfish: { connectionAttempts: 5, connectionRetryIntervalMs: 4000, requestTimeoutMs: 60_000, authType: 'auto', connectionsPerBmc: 8 },
  powerStateChangeTimeoutS: 60,
  softPowerOffTimeoutS: 600,
  powerPollIntervalMs: 1000,
  defaultBootMode: 'uefi',
  console: DEFAULT_CONSOLE_SETTINGS,
};
