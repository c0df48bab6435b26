import { rewriteUrl } from './path-rewrite';

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
  ])('serves %s as %s', (input, output) => {
    expect(rewriteUrl(input)).toEqual({ url: output, jsonSuffix: false });
  });

  it('drops a trailing .json and remembers it for name lookups', () => {
    expect(rewriteUrl('/v1/nodes/node-1.json?fields=name')).toEqual({ url: '/v1/nodes/node-1?fields=name', jsonSuffix: true });
    expect(rewriteUrl('/nodes.json')).toEqual({ url: '/v1/nodes', jsonSuffix: true });
  });
});
