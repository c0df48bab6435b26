import { commonOptions, conductorOptions, driverOptions, loadConfig } from '@ferrum/config';
import { bmcSettings } from './bmc-settings';
import type { ConductorConfig } from './conductor.config';

const config = (env: Record<string, string>): ConductorConfig => ({ ...loadConfig({ ...commonOptions, ...conductorOptions, ...driverOptions }, env), hostname: 'c1' });

describe('bmcSettings', () => {
  it("passes the Redfish firmware update options to the firmware interface's update step (Ironic's defaults unless set)", () => {
    const defaults = bmcSettings(config({})).redfish.firmwareUpdate;
    expect(defaults).toEqual({
      statusIntervalMs: 5000,
      overallTimeoutS: 7200,
      rebootDelayS: 300,
      bmcVersionCheckIntervalMs: 30_000,
      nicStartingWaitS: 30,
      requiredSuccesses: 3,
      validationIntervalMs: 30_000,
      resourceValidationTimeoutS: 480,
    });
    const set = bmcSettings(config({ FERRUM_REDFISH_FIRMWARE_UPDATE_STATUS_INTERVAL_MS: '100', FERRUM_REDFISH_FIRMWARE_UPDATE_REQUIRED_SUCCESSES: '0', FERRUM_REDFISH_FIRMWARE_UPDATE_VALIDATION_INTERVAL_MS: '10' })).redfish.firmwareUpdate;
    expect(set).toMatchObject({ statusIntervalMs: 100, requiredSuccesses: 0, validationIntervalMs: 10 });
  });
});
