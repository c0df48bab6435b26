import { openApiPath, operationId, tagOf } from './openapi-operation';

describe('OpenAPI names of routes', () => {
  it.each([
    ['/v1/nodes/:ident', '/v1/nodes/{ident}'],
    ['/v1/nodes/:node_ident/vifs/:vif', '/v1/nodes/{node_ident}/vifs/{vif}'],
    ['/v1/heartbeat/:node(^[a-z0-9-]+$)', '/v1/heartbeat/{node}'],
    ['/v1', '/v1'],
  ])('writes the route %s as the path %s', (url, path) => expect(openApiPath(url)).toBe(path));

  it('gives each method and path its own operation id', () => {
    expect(operationId('GET', '/v1/nodes/:ident/states')).toBe('getV1NodesIdentStates');
    expect(operationId('PUT', '/v1/nodes/:ident/states/provision')).toBe('putV1NodesIdentStatesProvision');
    expect(operationId('GET', '/')).toBe('getRoot');
    expect(operationId('GET', '/v1/ferrum/openapi.json')).not.toBe(operationId('GET', '/v1/ferrum/openapi'));
  });

  it('files routes under their collection, the Ferrum extensions and the version documents', () => {
    expect(tagOf('/v1/nodes/:ident')).toBe('nodes');
    expect(tagOf('/v1/ferrum/events')).toBe('ferrum');
    expect(tagOf('/docs')).toBe('ferrum');
    expect(tagOf('/v1')).toBe('versions');
    expect(tagOf('/')).toBe('versions');
    expect(tagOf('/healthz')).toBe('operations');
    expect(tagOf('/readyz/detail')).toBe('operations');
    expect(tagOf('/dashboard/app.js')).toBe('dashboard');
  });
});
