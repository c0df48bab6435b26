import type { Scenario, Step } from '../step';

const get = (name: string, path: string, version: string | null, extra: Partial<Step> = {}): Step => ({ name, method: 'GET', path, version, ...extra });

/** The root and /v1 documents, and microversion negotiation (spec §2.1–2.3). */
export const versions: Scenario = {
  name: 'versions',
  steps: [
    get('GET / without a version', '/', null),
    get('GET / with a version', '/', '1.78'),
    ...[null, '1.1', '1.22', '1.23', '1.31', '1.32', '1.49', '1.52', '1.55', '1.78', '1.81', 'latest'].map((v) => get(`GET /v1 at ${v ?? 'no header'}`, '/v1', v)),
    get('GET /v1/ with a trailing slash', '/v1/', '1.78'),
    { name: 'POST /v1 is not allowed', method: 'POST', path: '/v1', version: '1.78', body: {} },
    { name: 'DELETE / is not allowed', method: 'DELETE', path: '/', version: null },
    ...[null, '1.1', '1.5', '1.78', 'latest', '1.82', '1.83', '1.0', '2.1', '0.9', 'abc', '1', '1.x', '1.2.3', 'LATEST', ' 1.78'].map((v) =>
      get(`GET /v1/nodes at ${JSON.stringify(v)}`, '/v1/nodes', v),
    ),
    get('unknown top-level path', '/v1/bogus', '1.78'),
    get('unknown path below a known one', '/v1/nodes/x/bogus/y', '1.78'),
    get('unversioned path routed to v1', '/nodes', '1.78'),
    get('unversioned unknown path', '/bogus', '1.78'),
    get('.json suffix on a collection', '/v1/nodes.json', '1.78'),
    get('Accept: */* is JSON', '/v1/chassis', '1.78', { headers: { Accept: '*/*' } }),
    get('global request id is accepted', '/v1/chassis', '1.78', {
      headers: { 'X-Openstack-Request-Id': 'req-6b8c1b40-7c44-4fd1-9d6f-3bb8c2a1e7a9' },
    }),
  ],
};
