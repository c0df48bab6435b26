import { isPublicApiPath, isPublicInspectorPath } from './public-routes';

describe('public routes', () => {
  it.each(['/', '/v1', '/v1/', '/v1.json', '/v1/lookup', '/v1/lookup?addresses=52:54:00:00:00:01', '/v1/heartbeat/1be26c0b-03f2-4d2e-ae87-c02d7f33c123', '/v1/continue_inspection', '/v1/continue_inspection?node_uuid=1be26c0b-03f2-4d2e-ae87-c02d7f33c123', '/healthz', '/readyz', '/v1/ferrum/openapi.json', '/v1/ferrum/openapi', '/docs', '/docs/', '/docs/reference.css', '/dashboard', '/dashboard/', '/dashboard/index.html', '/dashboard/app.js', '/dashboard/node-table.js', '/dashboard/dashboard.css'])(
    'the API serves %s without credentials',
    (path) => expect(isPublicApiPath(path)).toBe(true),
  );

  it.each(['/v1/nodes', '/nodes', '/lookup', '/v1/heartbeat/NODE-1', '/v1/heartbeat/a/b', '/v1/lookupx', '/v1/drivers', '/metrics', '/v1/nodes?x=/v1/lookup', '/v1/continue_inspection/x', '/v1/ferrum/events', '/v1/ferrum/openapi/x', '/docs/x.css', '/docsx', '/dashboardx', '/dashboard/x/app.js', '/dashboard/..%2fv1%2fnodes', '/dashboard/app.js/x', '/dashboard/app.ts'])(
    'the API asks credentials for %s',
    (path) => expect(isPublicApiPath(path)).toBe(false),
  );

  it('the inspector serves the version documents, the ramdisk callback and the iPXE script without credentials, nothing else', () => {
    for (const path of ['/', '/v1', '/v1/continue', '/boot.ipxe', '/inspector.ipxe', '/pxelinux.cfg/52-54-00-12-34-56', '/healthz']) expect(isPublicInspectorPath(path)).toBe(true);
    for (const path of ['/v1/introspection', '/v1/rules', '/v1/introspection/x/data', '/metrics']) expect(isPublicInspectorPath(path)).toBe(false);
  });
});
