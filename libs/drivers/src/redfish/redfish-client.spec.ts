import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedfishError } from '@ferrum/errors';
import { DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { RedfishClient } from './redfish-client';
import type { RedfishDriverInfo } from './redfish-driver-info';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('RedfishClient', () => {
  let server: Server;
  let handler: Handler;
  let info: RedfishDriverInfo;
  const settings = { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 3, connectionRetryIntervalMs: 1 };
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${String(req.headers['x-auth-token'] ?? (req.headers.authorization ? 'basic' : '-'))}`);
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    info = { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'u', password: 'p4ss-word', verifyCa: true, authType: 'basic' };
  });
  beforeEach(() => (seen.length = 0));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  it('retries a read the BMC answered with 503, and returns what followed', async () => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? json(res, 503, {}) : json(res, 200, { PowerState: 'On' }));
    const client = new RedfishClient(settings);
    await expect(client.get(info, '/redfish/v1/Systems/1')).resolves.toEqual({ PowerState: 'On' });
    expect(seen).toEqual(['GET /redfish/v1/Systems/1 basic', 'GET /redfish/v1/Systems/1 basic']);
    await client.close();
  });

  it('never repeats an action the BMC failed with 500, and reports the Redfish message', async () => {
    handler = (_req, res) => json(res, 500, { error: { code: 'Base.1.8.InternalError', message: 'boom', '@Message.ExtendedInfo': [{ Message: 'The reset failed.' }] } });
    const client = new RedfishClient(settings);
    const error = await client.post(info, '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'On' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as Error).message).toBe(`HTTP POST ${info.origin}/redfish/v1/Systems/1/Actions/ComputerSystem.Reset returned code 500. boom The reset failed.`);
    expect(seen).toHaveLength(1);
    await client.close();
  });

  it('logs in once, and again when the BMC forgets the session', async () => {
    let token = 't1';
    handler = (req, res) => {
      if (req.method === 'POST') return json(res, 201, {}, { 'x-auth-token': token, location: '/redfish/v1/SessionService/Sessions/1' });
      if (req.method === 'DELETE') return json(res, 204, {});
      return req.headers['x-auth-token'] === token ? json(res, 200, { ok: true }) : json(res, 401, {});
    };
    const client = new RedfishClient(settings);
    const session = { ...info, authType: 'session' as const };
    await client.get(session, '/a');
    await client.get(session, '/b');
    token = 't2'; // the BMC restarted: the old token is gone
    await client.get(session, '/c');
    await client.close();
    expect(seen).toEqual([
      'POST /redfish/v1/SessionService/Sessions -',
      'GET /a t1',
      'GET /b t1',
      'GET /c t1',
      'POST /redfish/v1/SessionService/Sessions -',
      'GET /c t2',
      'DELETE /redfish/v1/SessionService/Sessions/1 t2',
    ]);
  });

  it('falls back to basic auth in auto mode when the BMC has no session service', async () => {
    handler = (req, res) => (req.method === 'POST' ? json(res, 404, {}) : json(res, req.headers.authorization ? 200 : 401, {}));
    const client = new RedfishClient(settings);
    await client.get({ ...info, authType: 'auto' }, '/x');
    await client.get({ ...info, authType: 'auto' }, '/y');
    expect(seen).toEqual(['POST /redfish/v1/SessionService/Sessions -', 'GET /x basic', 'GET /y basic']);
    await client.close();
  });
});
