import { IronicHttp } from './http';

/**
 * The operator's day-one path over HTTP, as the baremetal CLI would drive it: enrol a chassis,
 * a node and its port, power it, read it back every way, and remove it all again.
 */
export async function exerciseLifecycle(http: IronicHttp, suffix: string): Promise<void> {
  const chassis = await http.post('/v1/chassis', { description: `rack ${suffix}` });
  expect(chassis.status).toBe(201);

  const created = await http.post('/v1/nodes', {
    name: `node-${suffix}`,
    driver: 'fake-hardware',
    chassis_uuid: chassis.json.uuid,
    driver_info: { ipmi_address: '10.0.0.5', ipmi_password: 'hunter2' },
    properties: { cpus: 8, memory_mb: 16384 },
  });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toContain(`/v1/nodes/${created.json.uuid}`);
  const node = created.json;
  expect(node).toMatchObject({
    name: `node-${suffix}`,
    provision_state: 'enroll',
    power_state: null,
    chassis_uuid: chassis.json.uuid,
    power_interface: 'fake',
    driver_info: { ipmi_address: '10.0.0.5', ipmi_password: '******' },
  });
  expect(typeof node.conductor).toBe('string');

  const byName = await http.get(`/v1/nodes/node-${suffix}`);
  expect(byName.json.uuid).toBe(node.uuid);

  const list = await http.get(`/v1/nodes?driver=fake-hardware&fields=uuid,name,power_state`);
  expect(list.status).toBe(200);
  expect(list.json.nodes).toContainEqual(expect.objectContaining({ uuid: node.uuid, name: `node-${suffix}` }));

  const patched = await http.patch(`/v1/nodes/${node.uuid}`, [
    { op: 'add', path: '/properties/local_gb', value: 100 },
    { op: 'replace', path: '/description', value: 'e2e node' },
  ]);
  expect(patched.status).toBe(200);
  expect(patched.json.properties).toEqual({ cpus: 8, memory_mb: 16384, local_gb: 100 });

  const mac = `52:54:00:${[0, 2, 4].map((i) => suffix.padEnd(6, '0').slice(i, i + 2)).join(':')}`;
  const port = await http.post('/v1/ports', { address: mac.toUpperCase(), node_uuid: node.uuid });
  expect(port.status).toBe(201);
  expect(port.json.address).toBe(mac.toLowerCase());
  const byAddress = await http.get(`/v1/ports?address=${mac}`);
  expect(byAddress.json.ports.map((p: { uuid: string }) => p.uuid)).toEqual([port.json.uuid]);
  const nodePorts = await http.get(`/v1/nodes/${node.uuid}/ports`);
  expect(nodePorts.json.ports).toHaveLength(1);

  const power = await http.put(`/v1/nodes/${node.uuid}/states/power`, { target: 'power on' });
  expect(power.status).toBe(202);
  expect(power.text).toBe('');
  expect(power.headers.get('content-type')).toBeNull();
  await http.until(`/v1/nodes/${node.uuid}/states`, (s) => s.power_state === 'power on' && s.target_power_state === null);
  await http.until(`/v1/nodes/${node.uuid}`, (n) => n.reservation === null);

  const badTarget = await http.put(`/v1/nodes/${node.uuid}/states/power`, { target: 'power sideways' });
  expect(badTarget.status).toBe(400);
  expect(IronicHttp.fault(badTarget.json)).toBeTruthy();

  const conductors = await http.get('/v1/conductors');
  expect(conductors.status).toBe(200);
  expect(conductors.json.conductors.map((c: { hostname: string }) => c.hostname)).toContain(node.conductor);

  expect((await http.delete(`/v1/ports/${port.json.uuid}`)).status).toBe(204);
  expect((await http.delete(`/v1/chassis/${chassis.json.uuid}`)).status).toBe(400);
  expect((await http.delete(`/v1/nodes/${node.uuid}`)).status).toBe(204);
  expect((await http.get(`/v1/nodes/${node.uuid}`)).status).toBe(404);
  expect((await http.delete(`/v1/chassis/${chassis.json.uuid}`)).status).toBe(204);
}
