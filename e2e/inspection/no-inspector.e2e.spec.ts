import { ProvisionNode } from '@ferrum/contracts';
import { InspectorHarness, randomMac } from './inspector-harness';

/** The conductor's inspector interface when no inspector process is running. */
describe('inspection without a running inspector', () => {
  const h = new InspectorHarness();
  beforeAll(() => h.start({}, false), 60_000);
  afterAll(() => h.stop());

  it('fails the node at once with a reason that says what to do, and releases the lock', async () => {
    const node = await h.manageableNode({ macs: [randomMac()] });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed' && !n.reservation);
    expect(failed.last_error).toContain('No inspector is running');
  });
});
