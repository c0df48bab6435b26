import { RouteTable } from './route-table';

describe('route table', () => {
  const routes = new RouteTable();
  routes.add('GET', '/v1/nodes/:ident');
  routes.add('PATCH', '/v1/nodes/:ident');
  routes.add('DELETE', '/v1/nodes/:ident');
  routes.add('HEAD', '/v1/nodes/:ident');
  routes.add('PUT', '/v1/nodes/:ident/states/power');

  it('lists the methods a concrete path has, without HEAD', () => {
    expect(routes.allowedMethods('/v1/nodes/n1')).toEqual(['DELETE', 'GET', 'PATCH']);
    expect(routes.allowedMethods('/v1/nodes/n1/states/power')).toEqual(['PUT']);
  });

  it('matches parameters within one segment only', () => {
    expect(routes.allowedMethods('/v1/nodes/n1/bogus')).toEqual([]);
    expect(routes.allowedMethods('/v1/nodes')).toEqual([]);
  });
});
