import { MAX_VERSION, apiMaximum } from '@ferrum/contracts';
import { negotiateVersion } from './microversion';

describe('microversion negotiation', () => {
  it('gives 1.1, not the newest version, to a client that sends no header', () => {
    expect(negotiateVersion(undefined, MAX_VERSION)).toEqual({ ok: true, minor: 1 });
  });

  it.each([
    ['1.78', 78],
    ['1.1', 1],
    ['latest', MAX_VERSION],
    ['LATEST', MAX_VERSION],
    [' 1.50 ', 50],
  ])('accepts %j as 1.%d', (header, minor) => {
    expect(negotiateVersion(header, MAX_VERSION)).toEqual({ ok: true, minor });
  });

  it.each(['1', '1.2.3', 'abc', '1.x', '', 'v1.2'])('refuses the unparsable value %j', (header) => {
    expect(negotiateVersion(header, MAX_VERSION)).toEqual({ ok: false, description: 'Invalid value for X-OpenStack-Ironic-API-Version header', unparsable: true });
  });

  it('refuses a minor version above the maximum and names the supported range', () => {
    const result = negotiateVersion(`1.${MAX_VERSION + 1}`, MAX_VERSION);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.description).toContain(`[1.1, 1.${MAX_VERSION}]`);
  });

  it.each(['1.0', '2.1', '0.5'])('refuses %j', (header) => {
    expect(negotiateVersion(header, MAX_VERSION).ok).toBe(false);
  });

  describe('pinned to a release (pin_release_version)', () => {
    const antelope = apiMaximum('2023.1');

    it('serves at most that release maximum: 2023.1 and 21.4 are 1.82', () => {
      expect(antelope).toBe(82);
      expect(apiMaximum('21.4')).toBe(82);
      expect(negotiateVersion('latest', antelope)).toEqual({ ok: true, minor: 82 });
    });

    it('refuses a newer version as Ironic pinned refuses it, naming the pinned range', () => {
      const result = negotiateVersion('1.83', antelope);
      expect(result).toEqual({ ok: false, description: 'Version 1.83 was requested but the minor version is not supported by this service. The supported version range is: [1.1, 1.82].' });
    });

    it("never raises the maximum above Ferrum's own, and unset means Ferrum's own", () => {
      expect(apiMaximum('2026.1')).toBe(Math.min(111, MAX_VERSION));
      expect(apiMaximum(undefined)).toBe(MAX_VERSION);
    });
  });
});
