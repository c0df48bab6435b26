import { ProvisionNode } from '@ferrum/contracts';
import { allOptions, loadConfig } from '@ferrum/config';
import { silentLogger } from '@ferrum/logging';
import { Observability } from '@ferrum/observability';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { InspectorHandle, startInspector } from '@ferrum/inspector';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/**
 * Two inspectors on one database and bus: the conductor's start goes to either (one NATS queue group),
 * the ramdisk may call back to the other, and the run still completes — their state is in the database.
 */
describe('two inspectors sharing the database', () => {
  const h = new InspectorHarness();
  let second: InspectorHandle;
  beforeAll(async () => {
    await h.start();
    const config = loadConfig(allOptions, { FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0', FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0', FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0' });
    // Its own connection (the harness's third one, in the same namespace): on NATS the two form the queue group.
    second = await startInspector({ config: { ...config, inspectorPort: 0 }, repos: h.db.repos, transport: h.transports[2], logger: silentLogger(), observability: new Observability() });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await h.stop();
  });

  it('completes inspections whichever inspector started them and whichever the ramdisk calls', async () => {
    const nodes = [];
    for (let i = 0; i < 4; i++) {
      const mac = randomMac();
      const node = await h.manageableNode({ macs: [mac] });
      await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
      nodes.push({ node, mac });
    }
    for (const { node } of nodes) await h.untilIntrospection(node.uuid, 'waiting');
    for (const [i, { mac }] of nodes.entries()) {
      const url = i % 2 ? second.url : h.inspector.url;
      const res = await fetch(`${url}/v1/continue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inspectionPayload([{ name: 'eth0', mac }])) });
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    for (const { node } of nodes) {
      const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
      expect(done.properties.cpus).toBe('8');
    }
  });
});
