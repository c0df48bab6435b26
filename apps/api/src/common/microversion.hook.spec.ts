import Fastify from 'fastify';
import pino from 'pino';
import { registerRequestHooks } from './microversion.hook';

/** The request hooks on a bare Fastify: which request-id headers a served maximum brings. */
describe('request hooks: request ids', () => {
  const serve = async (maximum: number) => {
    const app = Fastify();
    registerRequestHooks(app, pino({ level: 'silent' }), maximum);
    app.get('/v1/nodes', async () => ({ nodes: [] }));
    await app.ready();
    return app;
  };

  it('sends X-Openstack-Request-Id beside Openstack-Request-Id, the same id, from 1.107 (Ironic 34.0)', async () => {
    const app = await serve(107);
    const reply = await app.inject({ method: 'GET', url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': '1.1' } });
    expect(reply.headers['openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(reply.headers['x-openstack-request-id']).toBe(reply.headers['openstack-request-id']);
    // A refused version gets neither, as in Ironic (refused before its request-id middleware).
    const refused = await app.inject({ method: 'GET', url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': '1.999' } });
    expect([refused.statusCode, refused.headers['openstack-request-id'], refused.headers['x-openstack-request-id']]).toEqual([406, undefined, undefined]);
    await app.close();
  });

  it('sends only Openstack-Request-Id for a release before 1.107', async () => {
    const app = await serve(106);
    const reply = await app.inject({ method: 'GET', url: '/v1/nodes' });
    expect(reply.headers['openstack-request-id']).toMatch(/^req-/);
    expect(reply.headers['x-openstack-request-id']).toBeUndefined();
    await app.close();
  });
});
