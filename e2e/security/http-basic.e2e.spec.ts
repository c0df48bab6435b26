import bcrypt from 'bcryptjs';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const run = promisify(execFile);
const BAREMETAL = '/usr/bin/baremetal';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * http_basic as Metal3 runs it: the real `baremetal` CLI with `--os-auth-type http_basic` against an
 * all-in-one Ferrum reading an htpasswd file; refusals change nothing; the file is re-read when it changes;
 * and a server that would listen beyond loopback without authentication refuses to start.
 */
describe('http_basic authentication', () => {
  const cli = existsSync(BAREMETAL);
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-http-basic-'));
  const htpasswd = join(dir, 'htpasswd');
  let ferrum: FerrumProcess;
  let api: IronicHttp;
  let endpoint: string;

  beforeAll(async () => {
    if (!cli && inCI()) throw new Error(`${BAREMETAL} is required under CI=true (apt-get install python3-ironicclient)`);
    writeFileSync(htpasswd, `admin:${bcrypt.hashSync('s3cret', 5).replace(/^\$2b\$/, '$2y$')}\n`);
    const port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: htpasswd,
    });
    endpoint = `http://127.0.0.1:${port}`;
    api = new IronicHttp(endpoint);
    await api.waitUntilUp(30_000);
  });
  afterAll(async () => {
    await ferrum?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bm(auth: string[], ...args: string[]): Promise<{ ok: boolean; out: string }> {
    try {
      const { stdout } = await run(BAREMETAL, ['--os-endpoint', endpoint, ...auth, ...args], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, timeout: 60_000 });
      return { ok: true, out: stdout };
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      return { ok: false, out: `${e.stderr ?? ''}${e.stdout ?? ''}` };
    }
  }
  const asAdmin = ['--os-auth-type', 'http_basic', '--os-username', 'admin', '--os-password', 's3cret'];
  const nodeCount = async () => (await api.request('GET', '/v1/nodes', undefined, { Authorization: basic('admin', 's3cret') })).json.nodes.length as number;

  it('lets the real CLI in with --os-auth-type http_basic, and nobody without the password', async () => {
    if (!cli) return;
    const created = await bm(asAdmin, 'node', 'create', '--driver', 'fake-hardware', '--name', 'basic-1', '-f', 'json');
    expect(created.ok).toBe(true);
    expect(JSON.parse(created.out)).toMatchObject({ name: 'basic-1', provision_state: 'enroll' });
    const listed = await bm(asAdmin, 'node', 'list', '-f', 'json');
    expect(JSON.parse(listed.out).map((n: { Name: string }) => n.Name)).toContain('basic-1');

    const before = await nodeCount();
    for (const auth of [['--os-auth-type', 'http_basic', '--os-username', 'admin', '--os-password', 'wrong'], ['--os-auth-type', 'none']]) {
      const refused = await bm(auth, 'node', 'create', '--driver', 'fake-hardware', '--name', 'intruder');
      expect(refused).toEqual({ ok: false, out: expect.stringContaining('Unauthorized (HTTP 401)') });
      expect((await bm(auth, 'node', 'delete', 'basic-1')).ok).toBe(false);
    }
    expect(await nodeCount()).toBe(before);
    expect(JSON.parse((await bm(asAdmin, 'node', 'show', 'basic-1', '-f', 'json')).out).name).toBe('basic-1');
  }, 120_000);

  it('re-reads the htpasswd file when it changes: a new user gets in, a removed one is out', async () => {
    const asOps = { Authorization: basic('ops', 'n3w') };
    expect((await api.request('GET', '/v1/nodes', undefined, asOps)).status).toBe(401);
    writeFileSync(htpasswd, `ops:${bcrypt.hashSync('n3w', 5)}\n`);
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api.request('GET', '/v1/nodes', undefined, asOps)).status;
    }
    expect(status).toBe(200);
    expect((await api.request('GET', '/v1/nodes', undefined, { Authorization: basic('admin', 's3cret') })).status).toBe(401);
    // A broken edit keeps the last good file in force and says so in the log.
    writeFileSync(htpasswd, 'ops:{SHA}notbcrypt\n');
    await ferrum.waitForLog(/FERRUM_HTTP_BASIC_AUTH_USER_FILE changed but cannot be read/, 10_000);
    expect((await api.request('GET', '/v1/nodes', undefined, asOps)).status).toBe(200);
  }, 60_000);

  it('refuses to start without authentication on an address beyond loopback, naming the options', async () => {
    const exposed = new FerrumProcess('api', {
      FERRUM_API_HOST: '0.0.0.0',
      FERRUM_API_PORT: String(await freePort()),
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      NATS_URL: 'nats://127.0.0.1:1',
    });
    expect(await exposed.wait()).toBe(2);
    expect(exposed.logs).toMatch(/FERRUM_AUTH_STRATEGY=noauth with FERRUM_API_HOST=0\.0\.0\.0: .*FERRUM_ALLOW_INSECURE_NOAUTH=true/);
    const badFile = new FerrumProcess('all', { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'absent'), FERRUM_DB_DIR: 'memory://' });
    expect(await badFile.wait()).toBe(2);
    expect(badFile.logs).toMatch(/FERRUM_HTTP_BASIC_AUTH_USER_FILE=.*absent: cannot read it \(ENOENT\)/);
  }, 60_000);
});
