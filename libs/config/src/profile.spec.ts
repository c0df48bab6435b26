import { allOptions } from './common.config';
import { ConfigError, loadConfig } from './load-config';
import { IRONIC_COMPAT_PROFILE, withProfile } from './profile';

describe('FERRUM_PROFILE', () => {
  it('keeps Ferrum\'s own defaults when unset', () => {
    const config = loadConfig(allOptions, {});
    expect(config.profile).toBe('ferrum');
    expect(config.heartbeatTimeoutS).toBe(15);
    expect(config.enabledHardwareTypes).toEqual(['fake-hardware', 'manual-management', 'ipmi', 'redfish']);
    expect(config.inspectorOverwriteExisting).toBe(false);
  });

  it('ironic-compat puts every differing default back to Ironic\'s', () => {
    const config = loadConfig(allOptions, { FERRUM_PROFILE: 'ironic-compat' });
    expect(config.heartbeatTimeoutS).toBe(60);
    expect(config.ringCacheS).toBe(15);
    expect(config.enabledHardwareTypes).toEqual(['ipmi', 'redfish']);
    expect(config.enabled_inspect_interfaces).toEqual(['no-inspect', 'redfish']);
    expect(config.inspectorOverwriteExisting).toBe(true);
    expect(config.inspectorStoreData).toBe('none');
  });

  it('lets an option set explicitly win over the profile', () => {
    const config = loadConfig(allOptions, { FERRUM_PROFILE: 'ironic-compat', FERRUM_HEARTBEAT_TIMEOUT_S: '20', FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' });
    expect(config.heartbeatTimeoutS).toBe(20);
    expect(config.enabledHardwareTypes).toEqual(['fake-hardware']);
  });

  it('names an unknown profile', () => {
    expect(() => loadConfig(allOptions, { FERRUM_PROFILE: 'ironic' })).toThrow(ConfigError);
    expect(() => loadConfig(allOptions, { FERRUM_PROFILE: 'ironic' })).toThrow(/FERRUM_PROFILE="ironic"/);
  });

  it('only sets options that exist', () => {
    const known = new Set(Object.values(allOptions).map((o) => o.env));
    expect(Object.keys(IRONIC_COMPAT_PROFILE).filter((k) => !known.has(k))).toEqual([]);
    expect(withProfile({ FERRUM_PROFILE: 'ironic-compat', FERRUM_API_PORT: '1' }).FERRUM_API_PORT).toBe('1');
  });
});
