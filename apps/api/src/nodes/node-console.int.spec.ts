import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:net';
import { allOptions, loadConfig } from '@ferrum/config';
// eslint-disable-next-line @nx/enforce-module-boundaries -- spec-only: a conductor starting up restores consoles
import { ConductorHandle, startConductor } from '@ferrum/conductor';
import { silentLogger } from '@ferrum/logging';
import { createTestTransports } from '@ferrum/testing';
import { ApiHarness, PUBLIC_URL, startApiHarness, until } from '../testing/api-harness';

const SECRET = 'console-S3cret';
const ENV = {
  FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ipmi',
  // No BMC answers on the ipmi nodes' address here: an attempt fails in about 2 s and is not retried.
  FERRUM_IPMI_COMMAND_RETRY_TIMEOUT_S: '0',
  FERRUM_IPMI_MIN_COMMAND_INTERVAL_MS: '0',
  FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
};

/** A TCP listener on a free loopback port, standing for another program that holds a console's port. */
async function listenAnywhere(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('node console (states/console)', () => {
  let api: ApiHarness;
  let extra: ConductorHandle | undefined;
  beforeAll(async () => {
    api = await startApiHarness({ env: ENV });
  });
  afterAll(async () => {
    await extra?.close();
    await api.close();
  });

  const path = (ident: string) => `/v1/nodes/${ident}/states/console`;
  const put = (ident: string, body: unknown, version?: string) => api.request('PUT', path(ident), { body, version });
  const get = (ident: string) => api.request('GET', path(ident));
  const read = (uuid: string) => api.db.repos.nodes.findByUuid(uuid).then((n) => n!);
  const settled = (uuid: string) => until(async () => (await read(uuid)).reservation === null, 15_000);
  const setColumns = (uuid: string, sql: string, values: unknown[] = []) => api.db.repos.dataSource.query(`UPDATE nodes SET ${sql} WHERE uuid = $1`, [uuid, ...values]);
  const ipmiNode = (info: Record<string, unknown> = {}) =>
    api.createNode({ driver: 'ipmi', driver_info: { ipmi_address: '127.0.0.1', ipmi_port: 1, ipmi_username: 'admin', ipmi_password: SECRET, ...info } });

  it('shows a new node console as disabled, with no connection information', async () => {
    const node = await api.createNode();
    expect(node.console_interface).toBe('fake');
    for (const version of ['1.1', '1.82']) {
      const reply = await api.request('GET', path(node.uuid as string), { version });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({ console_enabled: false, console_info: null });
    }
  });

  it('enables with 202 and a Location, clears last_error, then shows the fake console info; disables again', async () => {
    const node = await api.createNode({ name: 'console-1' });
    const uuid = node.uuid as string;
    await setColumns(uuid, `last_error = 'an old failure'`);
    const reply = await put('console-1', { enabled: true });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/nodes/console-1/states/console`);
    await until(async () => (await read(uuid)).console_enabled, 10_000);
    await settled(uuid);
    expect(await read(uuid)).toMatchObject({ console_enabled: true, last_error: null });
    // Ironic's FakeConsole answers an empty dict.
    expect((await get(uuid)).json()).toEqual({ console_enabled: true, console_info: {} });
    expect((await api.request('GET', `/v1/nodes/${uuid}/states`)).json().console_enabled).toBe(true);

    expect((await put(uuid, { enabled: 'off' })).statusCode).toBe(202);
    await until(async () => !(await read(uuid)).console_enabled, 10_000);
    expect((await get(uuid)).json()).toEqual({ console_enabled: false, console_info: null });
  });

  it('asking for the state the console is in does nothing (no lock, last_error kept), as Ironic', async () => {
    const node = await api.createNode();
    const uuid = node.uuid as string;
    await setColumns(uuid, `last_error = 'kept'`);
    expect((await put(uuid, { enabled: false })).statusCode).toBe(202);
    expect(await read(uuid)).toMatchObject({ console_enabled: false, last_error: 'kept', reservation: null });
  });

  it('refuses bad bodies before looking at the node, with Ironic messages', async () => {
    const node = await api.createNode();
    const uuid = node.uuid as string;
    const cases: [unknown, string][] = [
      [{}, 'Missing mandatory parameter: enabled'],
      [{ enabled: 'maybe' }, "Invalid enabled: Unrecognized value 'maybe'"],
      [{ enabled: true, extra: 1 }, 'Unexpected arguments: extra'],
    ];
    for (const [body, message] of cases) {
      const reply = await put(uuid, body);
      expect(reply.statusCode).toBe(400);
      expect(api.error(reply).faultstring).toContain(message);
    }
    // The body is checked first: a missing node with a bad body is still a 400.
    expect((await put(randomUUID(), { enabled: 'maybe' })).statusCode).toBe(400);
    expect((await put(randomUUID(), { enabled: true })).statusCode).toBe(404);
    expect((await get(randomUUID())).statusCode).toBe(404);
    expect(await read(uuid)).toMatchObject({ console_enabled: false, reservation: null });
  });

  it('answers 409 for a node locked by another conductor, but still shows its console', async () => {
    const node = await api.createNode();
    const uuid = node.uuid as string;
    const host = await api.lockNode(uuid);
    const reply = await put(uuid, { enabled: true });
    expect(reply.statusCode).toBe(409);
    expect(api.error(reply).faultstring).toBe(`Node ${uuid} is locked by host ${host}, please retry after the current operation is completed.`);
    expect((await get(uuid)).json()).toEqual({ console_enabled: false, console_info: null });
    expect(await read(uuid)).toMatchObject({ console_enabled: false, reservation: host });
  });

  it('refuses a node whose console interface is no-console', async () => {
    const node = await api.createNode({ console_interface: 'no-console' });
    const reply = await put(node.uuid as string, { enabled: true });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Driver fake-hardware does not support console (disabled or not implemented).');
    expect(await read(node.uuid as string)).toMatchObject({ console_enabled: false, reservation: null });
  });

  it('refuses an ipmi node with no terminal port and no port range, or over IPMI 1.5', async () => {
    const node = await ipmiNode();
    expect(node.console_interface).toBe('ipmitool-socat');
    let reply = await put(node.uuid as string, { enabled: true });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("Either missing 'ipmi_terminal_port' parameter in node's driver_info or [console]port_range is not configured");
    const old = await ipmiNode({ ipmi_terminal_port: 18001, ipmi_protocol_version: '1.5' });
    reply = await put(old.uuid as string, { enabled: true });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain('Serial over lan only works with IPMI protocol version 2.0');
  });

  it('records a console that cannot start in last_error, without the password, and leaves it disabled', async () => {
    // Something else listens on the terminal port: socat cannot bind it. (An unreachable BMC does not stop the
    // start: `sol deactivate` exiting 1 is accepted, as Ironic accepts it, and socat reaches the BMC only for a client.)
    const taken = await listenAnywhere();
    try {
      const node = await ipmiNode({ ipmi_terminal_port: taken.port });
      const uuid = node.uuid as string;
      expect((await put(uuid, { enabled: true })).statusCode).toBe(202);
      await until(async () => (await read(uuid)).last_error !== null, 30_000);
      await settled(uuid);
      const after = await read(uuid);
      expect(after.console_enabled).toBe(false);
      expect(after.last_error).toMatch(new RegExp(`^Error enabling the console on node ${uuid}\\. Reason: Console subprocess failed to start\\. Command: socat .*Address already in use`, 's'));
      expect(after.last_error).not.toContain(SECRET);
      expect((await get(uuid)).json()).toEqual({ console_enabled: false, console_info: null });
      // Recorded in the node's history as Ironic records it: a 'console' error event.
      const history = (await api.request('GET', `/v1/nodes/${uuid}/history?detail=true`)).json().history;
      expect(history).toEqual([expect.objectContaining({ event: after.last_error, event_type: 'console', severity: 'ERROR' })]);
    } finally {
      taken.server.close();
    }
  });

  it('deletes a node whose console is enabled', async () => {
    const node = await api.createNode();
    const uuid = node.uuid as string;
    await put(uuid, { enabled: true });
    await until(async () => (await read(uuid)).console_enabled, 10_000);
    await settled(uuid);
    expect((await api.request('DELETE', `/v1/nodes/${uuid}`)).statusCode).toBe(204);
  });

  it('a conductor starting up restarts the enabled consoles it owns; one that fails is recorded disabled', async () => {
    // A conductor group of its own, so that the conductor started here owns these nodes.
    const group = `restore-${randomUUID().slice(0, 6)}`;
    const taken = await listenAnywhere();
    const fake = await api.createNode();
    const broken = await ipmiNode({ ipmi_terminal_port: taken.port });
    for (const n of [fake, broken]) await setColumns(n.uuid as string, `console_enabled = true, conductor_group = $2`, [group]);
    const [transport] = await createTestTransports(1);
    extra = await startConductor({
      config: { ...loadConfig(allOptions, { ...ENV, FERRUM_CONDUCTOR_GROUP: group }), hostname: `cond-${randomUUID().slice(0, 8)}` },
      repos: api.db.repos,
      transport,
      logger: silentLogger(),
    });
    await until(async () => (await read(broken.uuid as string)).last_error !== null, 30_000);
    expect(await read(broken.uuid as string)).toMatchObject({
      console_enabled: false,
      last_error: expect.stringMatching(new RegExp(`^Failed to start console of node ${broken.uuid} while starting the conductor, so changing the console_enabled status to False, error: Console subprocess failed to start\\. `)),
      reservation: null,
    });
    const history = (await api.request('GET', `/v1/nodes/${broken.uuid as string}/history?detail=true`)).json().history;
    expect(history).toEqual([expect.objectContaining({ event_type: 'startup failure', severity: 'ERROR' })]);
    expect(await read(fake.uuid as string)).toMatchObject({ console_enabled: true, last_error: null, reservation: null });
    await extra.close();
    await transport.close();
    taken.server.close();
  }, 60_000);
});
