import { rewriteUrl, stripsJsonSuffix } from './path-rewrite';

describe('URL rewriting', () => {
  it.each([
    ['/', '/'],
    ['/v1', '/v1'],
    ['/v1/', '/v1'],
    ['/v1/nodes/', '/v1/nodes'],
    ['/nodes', '/v1/nodes'],
    ['/nodes/detail?limit=1', '/v1/nodes/detail?limit=1'],
    ['/v1/nodes?fields=uuid', '/v1/nodes?fields=uuid'],
    ['/v10/nodes', '/v1/v10/nodes'],
    ['/healthz', '/healthz'],
    ['/readyz', '/readyz'],
    ['/metrics', '/metrics'],
    ['/metrics/nodes', '/v1/metrics/nodes'],
    ['/dashboard', '/dashboard'],
    ['/dashboard/', '/dashboard'],
    ['/dashboard/app.js', '/dashboard/app.js'],
    ['/dashboardx', '/v1/dashboardx'],
  ])('serves %s as %s', (input, output) => {
    expect(rewriteUrl(input)).toEqual({ url: output, jsonSuffix: false });
  });

  it('drops a trailing .json and remembers it for name lookups', () => {
    expect(rewriteUrl('/v1/nodes/node-1.json?fields=name')).toEqual({ url: '/v1/nodes/node-1?fields=name', jsonSuffix: true });
    expect(rewriteUrl('/nodes.json')).toEqual({ url: '/v1/nodes', jsonSuffix: true });
  });

  describe('the .json suffix from API 1.91 (Ironic JsonExtensionMiddleware)', () => {
    it('is stripped for a version below 1.91 named in the header, kept from 1.91, and kept without a header', () => {
      expect(stripsJsonSuffix('1.90', 91)).toBe(true);
      expect(stripsJsonSuffix(' 1.78 ', 111)).toBe(true);
      expect(stripsJsonSuffix('1.91', 111)).toBe(false);
      expect(stripsJsonSuffix('latest', 111)).toBe(false);
      expect(stripsJsonSuffix(undefined, 111)).toBe(false);
      expect(rewriteUrl('/v1/nodes/test.json', false)).toEqual({ url: '/v1/nodes/test.json', jsonSuffix: false });
    });

    it('is always stripped by a release without 1.91 (pinned, or Ferrum serving less), as Ironic 21.4 did', () => {
      expect(stripsJsonSuffix(undefined, 82)).toBe(true);
      expect(stripsJsonSuffix('1.91', 90)).toBe(true);
    });
  });
});
