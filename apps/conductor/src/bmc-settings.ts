import { DEFAULT_CONSOLE_SETTINGS, parsePortRange, type BmcSettings } from '@ferrum/drivers';
import type { ConductorConfig } from './conductor.config';

/** The BMC drivers' settings from the validated conductor configuration. */
export function bmcSettings(config: ConductorConfig): BmcSettings {
  return {
    ipmi: {
      minCommandIntervalMs: config.ipmiMinCommandIntervalMs,
      commandRetryTimeoutS: config.ipmiCommandRetryTimeoutS,
      attemptTimeoutS: config.ipmiAttemptTimeoutS,
      maxParallel: config.ipmiMaxParallel,
      ipmitoolPath: config.ipmitoolPath,
    },
    redfish: {
      connectionAttempts: config.redfishConnectionAttempts,
      connectionRetryIntervalMs: config.redfishConnectionRetryIntervalMs,
      requestTimeoutMs: config.redfishRequestTimeoutMs,
      authType: config.redfishAuthType,
      connectionsPerBmc: config.redfishConnectionsPerBmc,
      firmwareUpdate: {
        statusIntervalMs: config.redfishFirmwareUpdateStatusIntervalMs,
        overallTimeoutS: config.redfishFirmwareUpdateOverallTimeoutS,
        rebootDelayS: config.redfishFirmwareUpdateRebootDelayS,
        bmcVersionCheckIntervalMs: config.redfishFirmwareUpdateBmcVersionCheckIntervalMs,
        nicStartingWaitS: config.redfishFirmwareUpdateNicStartingWaitS,
        requiredSuccesses: config.redfishFirmwareUpdateRequiredSuccesses,
        validationIntervalMs: config.redfishFirmwareUpdateValidationIntervalMs,
        resourceValidationTimeoutS: config.redfishFirmwareUpdateResourceValidationTimeoutS,
      },
    },
    powerStateChangeTimeoutS: config.powerStateChangeTimeoutS,
    softPowerOffTimeoutS: config.softPowerOffTimeoutS,
    powerPollIntervalMs: config.powerPollIntervalMs,
    defaultBootMode: config.defaultBootMode,
    console: {
      ...DEFAULT_CONSOLE_SETTINGS,
      socatAddress: config.consoleSocatAddress,
      portRange: config.consolePortRange ? parsePortRange(config.consolePortRange) : undefined,
      terminalTimeoutS: config.consoleTerminalTimeoutS,
      subprocessTimeoutS: config.consoleSubprocessTimeoutS,
      pidDir: config.consolePidDir ?? DEFAULT_CONSOLE_SETTINGS.pidDir,
    },
  };
}
