import { checkAuthExposure, isLoopback } from './startup-check';

describe('checkAuthExposure', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])('%s is loopback', (host) => expect(isLoopback(host)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.5', 'ironic.example.com'])('%s is not', (host) => expect(isLoopback(host)).toBe(false));

  it('lets noauth listen on loopback, saying so', () => {
    expect(checkAuthExposure('noauth', [{ env: 'FERRUM_API_HOST', host: '127.0.0.1' }], false)).toMatch(/authentication is off/);
  });

  it('refuses noauth anywhere else, naming the option, unless explicitly allowed', () => {
    const hosts = [
      { env: 'FERRUM_API_HOST', host: '127.0.0.1' },
      { env: 'FERRUM_INSPECTOR_HOST', host: '0.0.0.0' },
    ];
    expect(() => checkAuthExposure('noauth', hosts, false)).toThrow(/FERRUM_AUTH_STRATEGY=noauth with FERRUM_INSPECTOR_HOST=0\.0\.0\.0: .*FERRUM_ALLOW_INSECURE_NOAUTH=true/);
    expect(checkAuthExposure('noauth', hosts, true)).toMatch(/allowed by FERRUM_ALLOW_INSECURE_NOAUTH=true/);
  });

  it('has nothing to say when callers authenticate', () => {
    expect(checkAuthExposure('http_basic', [{ env: 'FERRUM_API_HOST', host: '0.0.0.0' }], false)).toBeUndefined();
  });
});
