import { negotiateVersion } from './microversion';

describe('microversion negotiation', () => {
  it('gives 1.1, not the newest version, to a client that sends no header', () => {
    expect(negotiateVersion(undefined)).toEqual({ ok: true, minor: 1 });
  });

  it.each([
    ['1.78', 78],
    ['1.1', 1],
    ['latest', 82],
    ['LATEST', 82],
    [' 1.50 ', 50],
  ])('accepts %j as 1.%d', (header, minor) => {
    expect(negotiateVersion(header)).toEqual({ ok: true, minor });
  });

  it.each(['1', '1.2.3', 'abc', '1.x', '', 'v1.2'])('refuses the unparsable value %j', (header) => {
    expect(negotiateVersion(header)).toEqual({ ok: false, description: 'Invalid value for X-OpenStack-Ironic-API-Version header', unparsable: true });
  });

  it('refuses a minor version above the maximum and names the supported range', () => {
    const result = negotiateVersion('1.83');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.description).toContain('[1.1, 1.82]');
  });

  it.each(['1.0', '2.1', '0.5'])('refuses %j', (header) => {
    expect(negotiateVersion(header).ok).toBe(false);
  });
});
