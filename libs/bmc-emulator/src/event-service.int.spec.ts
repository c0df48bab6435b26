import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TESTBEDS_DIR, inCI } from '@ferrum/testing';
import { RedfishEmulator } from './redfish-emulator';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const SUBSCRIPTIONS = '/redfish/v1/EventService/Subscriptions';
const AUTH = { authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` };
const run = promisify(execFile);

/** sushy's EventService (what Ironic's redfish vendor calls) creating, reading and deleting a subscription. */
const SUSHY_CHECK = `
import sys, sushy
root = sushy.Sushy(sys.argv[1], auth=sushy.auth.BasicAuth('admin', 'password'))
service = root.get_event_service()
created = service.subscriptions.create({'Destination': 'https://collector.example/events', 'Protocol': 'Redfish', 'Context': 'lab', 'EventTypes': ['Alert']})
print('created', created.identity, created.destination, created.context, created.event_types)
print('listed', list(service.subscriptions.members_identities))
created.delete()
print('left', list(service.subscriptions.members_identities))
`;

describe('Redfish BMC emulator: event subscriptions', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { ...AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 2 });
    url = await emulator.listen();
  });
  afterAll(() => emulator?.close());

  it("serves the mockup's EventService, its collection starting empty", async () => {
    expect((await call('GET', '/redfish/v1/EventService')).body).toMatchObject({ Id: 'EventService', Subscriptions: { '@odata.id': SUBSCRIPTIONS } });
    expect((await call('GET', SUBSCRIPTIONS)).body).toMatchObject({ Members: [], 'Members@odata.count': 0, '@odata.id': SUBSCRIPTIONS });
  });

  it('creates (201 with a Location), lists, reads and deletes a subscription; an unknown id is a 404', async () => {
    const created = await call('POST', SUBSCRIPTIONS, { Destination: 'https://collector.example/events', Protocol: 'Redfish', Context: 'lab', EventTypes: ['Alert'], HttpHeaders: [{ 'X-Token': 'secret' }] });
    expect(created.status).toBe(201);
    const path = created.location!;
    expect(path).toMatch(new RegExp(`^${SUBSCRIPTIONS}/\\w+$`));
    const member = (await call('GET', path)).body;
    expect(member).toMatchObject({ '@odata.id': path, Destination: 'https://collector.example/events', Protocol: 'Redfish', Context: 'lab', EventTypes: ['Alert'], HttpHeaders: [] });
    expect((await call('GET', SUBSCRIPTIONS)).body).toMatchObject({ Members: [{ '@odata.id': path }], 'Members@odata.count': 1 });
    // The headers are kept for delivery, but never shown.
    expect(emulator.events.list()).toEqual([expect.objectContaining({ httpHeaders: [{ 'X-Token': 'secret' }] })]);

    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', path)).status).toBe(404);
    expect((await call('DELETE', path)).status).toBe(404);
    expect((await call('GET', SUBSCRIPTIONS)).body).toMatchObject({ Members: [] });
  });

  it.each([
    [{ Protocol: 'Redfish' }, 'PropertyMissing'],
    [{ Destination: 'mailto:ops@example.com', Protocol: 'Redfish' }, 'PropertyValueFormatError'],
    [{ Destination: 'https://c.example/', Protocol: 'SNMPv2c' }, 'PropertyValueNotInList'],
    [{ Destination: 'https://c.example/', Protocol: 'Redfish', EventTypes: ['MetricReport'] }, 'PropertyValueNotInList'],
    [{ Destination: 'https://c.example/', Protocol: 'Redfish', Context: 5 }, 'PropertyValueTypeError'],
    [{ Destination: 'https://c.example/', Protocol: 'Redfish', Colour: 'blue' }, 'PropertyUnknown'],
  ])('refuses %j with a 400 %s', async (body, messageId) => {
    const reply = await call('POST', SUBSCRIPTIONS, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: `Base.1.8.${messageId}` } });
  });

  it("is what sushy's EventService expects (create, list, delete)", async () => {
    if (!existsSync('/usr/lib/python3/dist-packages/sushy')) {
      if (inCI()) throw new Error('python3-sushy is required under CI=true');
      return;
    }
    const { stdout } = await run('/usr/bin/python3', ['-c', SUSHY_CHECK, url], { timeout: 60_000 });
    const [created, listed, left] = stdout.trim().split('\n');
    expect(created).toMatch(/^created \d+ https:\/\/collector\.example\/events lab \['Alert'\]$/);
    expect(listed).toMatch(new RegExp(`^listed \\['${SUBSCRIPTIONS}/\\d+'\\]$`));
    expect(left).toBe('left []');
  }, 60_000);
});
