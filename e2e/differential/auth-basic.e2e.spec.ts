import bcrypt from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { RealIronic, realIronicInstalled } from './real-ironic';
import { DifferentialRunner, Server } from './runner';
import type { Scenario, Step } from './step';

/**
 * Exactly Ironic, with authentication: the real Ironic 21.4 and Ferrum both run `http_basic` on the same
 * htpasswd file, and every step (no credentials, wrong ones, malformed headers, public routes, writes) is
 * sent to both and compared, WWW-Authenticate and the absence of request-id and version headers included.
 */
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const USERS = { admin: 'pw-admin-0', legacy: 'pw-legacy-0' };

function scenario(): Scenario {
  const get = (name: string, path: string, headers: Record<string, string> = {}, version: string | null = '1.78'): Step => ({ name, method: 'GET', path, headers, version });
  const ok = { Authorization: basic('admin', USERS.admin) };
  return {
    name: 'http_basic',
    steps: [
      get('root document needs no credentials', '/', {}, null),
      // At 1.1 the /v1 documents list the same collections on both sides (the differential suite covers the rest).
      get('/v1 needs no credentials', '/v1', {}, '1.1'),
      get('/v1/ with a trailing slash needs no credentials', '/v1/', {}, '1.1'),
      get('/v1.json needs no credentials', '/v1.json', {}, '1.1'),
      get('node list without credentials', '/v1/nodes'),
      get('node list without credentials, no version', '/v1/nodes', {}, null),
      get('unversioned node list without credentials', '/nodes'),
      get('node list with a wrong password', '/v1/nodes', { Authorization: basic('admin', 'wrong') }),
      get('node list as an unknown user', '/v1/nodes', { Authorization: basic('mallory', USERS.admin) }),
      get('Authorization without a token', '/v1/nodes', { Authorization: 'Basic' }),
      get('Authorization of another type', '/v1/nodes', { Authorization: 'Bearer abc.def' }),
      get('Authorization that is not base64', '/v1/nodes', { Authorization: 'Basic !!!!' }),
      get('Authorization without a colon', '/v1/nodes', { Authorization: `Basic ${Buffer.from('admin').toString('base64')}` }),
      get('Authorization with a bad padding', '/v1/nodes', { Authorization: 'Basic YWRt' + 'a' }),
      get('node list with credentials', '/v1/nodes', ok),
      get('lower-case scheme', '/v1/nodes', { Authorization: basic('admin', USERS.admin).replace('Basic', 'basic') }),
      get('a $2y$ entry (htpasswd -B) is accepted', '/v1/nodes', { Authorization: basic('legacy', USERS.legacy) }),
      get('unknown path without credentials', '/v1/bogus'),
      get('lookup needs no credentials', '/v1/lookup?addresses=52:54:00:12:34:56'),
      { name: 'heartbeat needs no credentials', method: 'POST', path: `/v1/heartbeat/${randomUUID()}`, body: { callback_url: 'http://127.0.0.1:9999' } },
      { name: 'heartbeat of an upper-case name is not public', method: 'POST', path: '/v1/heartbeat/NODE-1', body: { callback_url: 'http://127.0.0.1:9999' } },
      { name: 'create a node without credentials', method: 'POST', path: '/v1/nodes', body: { driver: 'fake-hardware', name: 'sneaky' } },
      { name: 'create a node with a wrong password', method: 'POST', path: '/v1/nodes', headers: { Authorization: basic('admin', 'nope') }, body: { driver: 'fake-hardware', name: 'sneaky' } },
      get('nothing was created', '/v1/nodes?fields=name', ok),
    ],
  };
}

describe('differential: http_basic authentication against the real Ironic 21.4', () => {
  const available = realIronicInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-auth-diff-'));
  const htpasswd = join(dir, 'htpasswd');
  let ironic: RealIronic;
  let ferrum: FerrumProcess;
  let runner: DifferentialRunner;

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error('python3-ironic is required under CI=true (.ci/run installs it)');
      return;
    }
    // Cost 5, as `htpasswd -B` writes; one entry in the $2y$ spelling htpasswd uses.
    writeFileSync(
      htpasswd,
      `admin:${bcrypt.hashSync(USERS.admin, 5)}\nlegacy:${bcrypt.hashSync(USERS.legacy, 5).replace(/^\$2b\$/, '$2y$')}\n`,
    );
    const probe = { Authorization: basic('admin', USERS.admin) };
    const [ironicPort, ferrumPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
    ironic = new RealIronic(ironicPort, { DEFAULT: { auth_strategy: 'http_basic', http_basic_auth_user_file: htpasswd, enabled_hardware_types: 'fake-hardware' } }, probe);
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(ferrumPort),
      FERRUM_INSPECTOR_PORT: String(inspectorPort),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: htpasswd,
      FERRUM_PIN_RELEASE_VERSION: '2023.1',
      FERRUM_LOG_LEVEL: 'warn',
    });
    await ironic.start();
    const url = `http://127.0.0.1:${ferrumPort}`;
    for (let i = 0; i < 600 && (await fetch(`${url}/v1/drivers`, { headers: probe }).then((r) => r.status, () => 0)) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const names = { tag: randomBytes(3).toString('hex') };
    runner = new DifferentialRunner(new Server('ironic', ironic.url, names), new Server('ferrum', url, names), {}, (line) => process.stdout.write(`${line}\n`));
  }, 180_000);

  afterAll(async () => {
    await ferrum?.kill();
    await ironic?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every authentication step as Ironic does', async () => {
    if (!available) return;
    const results = await runner.run(scenario());
    const differing = results.filter((r) => r.differences.length > 0);
    expect(differing.map((r) => `${r.step}: ${JSON.stringify(r.differences.slice(0, 4))}`)).toEqual([]);
    expect(results.length).toBe(scenario().steps.length);
  }, 300_000);
});
