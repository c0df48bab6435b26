import { allOptions, conductorOptions } from './common.config';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives embedded defaults on an empty environment', () => {
    const config = loadConfig(allOptions, {});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.natsUrl).toBeUndefined();
    expect(config.dbDir).toBe('./.ferrum/db');
    expect(config.apiPort).toBe(6385);
    expect(config.enabledHardwareTypes).toEqual(['fake-hardware', 'manual-management', 'ipmi', 'redfish']);
    expect(config.conductorGroup).toBe('');
  });

  it('names every bad option with its value in one error', () => {
    let error: unknown;
    try {
      loadConfig(allOptions, { FERRUM_API_PORT: 'abc', NATS_URL: 'http://x', FERRUM_WORKERS_POOL_SIZE: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('FERRUM_API_PORT="abc"');
    expect(message).toContain('NATS_URL="http://x"');
    expect(message).toContain('FERRUM_WORKERS_POOL_SIZE="0"');
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('parses lists and lower-cases the conductor group', () => {
    const config = loadConfig(conductorOptions, {
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware, manual-management,',
      FERRUM_CONDUCTOR_GROUP: 'Rack1',
    });
    expect(config.enabledHardwareTypes).toEqual(['fake-hardware', 'manual-management']);
    expect(config.conductorGroup).toBe('rack1');
  });

  it('reads FERRUM_LOG_FORMAT (auto unless set) and names it when its value is not json, pretty or auto', () => {
    expect(loadConfig(allOptions, {}).logFormat).toBe('auto');
    expect(loadConfig(allOptions, { FERRUM_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig(allOptions, { FERRUM_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig(allOptions, { FERRUM_LOG_FORMAT: 'yaml' })).toThrow(/FERRUM_LOG_FORMAT="yaml"/);
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(() => loadConfig(allOptions, { DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
  });
});
