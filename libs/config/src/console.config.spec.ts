import { allOptions } from './common.config';
import { ConfigError, loadConfig } from './load-config';

describe('console options', () => {
  it("default to Ironic's, with loopback for the socat address and no port range", () => {
    const config = loadConfig(allOptions, {});
    expect(config).toMatchObject({ consoleSocatAddress: '127.0.0.1', consolePortRange: undefined, consoleTerminalTimeoutS: 600, consoleSubprocessTimeoutS: 10 });
    expect(loadConfig(allOptions, { FERRUM_CONSOLE_PORT_RANGE: '10000:20000', FERRUM_CONSOLE_SOCAT_ADDRESS: '::1' })).toMatchObject({ consolePortRange: '10000:20000', consoleSocatAddress: '::1' });
  });

  it('refuses a bad address, port range or timeout at start-up, naming each', () => {
    let error: unknown;
    try {
      loadConfig(allOptions, { FERRUM_CONSOLE_SOCAT_ADDRESS: 'console.example', FERRUM_CONSOLE_PORT_RANGE: '20000:10000', FERRUM_CONSOLE_TERMINAL_TIMEOUT_S: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('FERRUM_CONSOLE_SOCAT_ADDRESS="console.example"');
    expect(message).toContain('FERRUM_CONSOLE_PORT_RANGE="20000:10000"');
    expect(message).toContain('FERRUM_CONSOLE_TERMINAL_TIMEOUT_S="-1"');
    expect(() => loadConfig(allOptions, { FERRUM_CONSOLE_PORT_RANGE: '10000-20000' })).toThrow(ConfigError);
  });
});
