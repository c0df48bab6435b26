import { ProvisionNode } from '@ferrum/contracts';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/** FERRUM_INSPECTOR_SUBJECT: conductors and inspectors configured with the same prefix find each other. */
describe('inspectors on their own NATS subject', () => {
  const h = new InspectorHarness();
  beforeAll(() => h.start({ FERRUM_INSPECTOR_SUBJECT: 'rack1.inspector' }), 60_000);
  afterAll(() => h.stop());

  it('inspects through the configured subject', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(node.uuid, 'waiting');
    expect((await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]))).status).toBe(200);
    await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
  });
});
