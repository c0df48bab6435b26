import bcrypt from 'bcryptjs';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { TestCa } from '../support/test-ca';

const run = promisify(execFile);
const BAREMETAL = '/usr/bin/baremetal';

/** The subject CN of the certificate a TLS server presents now. */
function presentedName(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(String(cn));
    });
    socket.once('error', reject);
  });
}

/**
 * HTTPS on the API and the inspector with a throwaway CA: the real CLI over TLS, certificate renewal
 * without a restart, and mutual TLS refusing clients without a certificate.
 */
describe('TLS', () => {
  const ca = new TestCa();
  const server = ca.issue('ferrum-api', 'server');
  const client = ca.issue('metal3-bmo', 'client');
  const caPem = readFileSync(ca.caFile, 'utf8');
  const htpasswd = join(ca.dir, 'htpasswd');
  const live = { certFile: join(ca.dir, 'live.pem'), keyFile: join(ca.dir, 'live.key') };
  const trusted = new Agent({ connect: { ca: caPem } });
  const running: FerrumProcess[] = [];

  beforeAll(() => {
    writeFileSync(htpasswd, `admin:${bcrypt.hashSync('tls-pw', 5)}\n`);
    copyFileSync(server.certFile, live.certFile);
    copyFileSync(server.keyFile, live.keyFile);
  });
  afterAll(async () => {
    await trusted.close();
    for (const p of running) await p.kill();
    ca.remove();
  });

  async function start(env: Record<string, string>): Promise<{ api: string; inspector: string; apiPort: number }> {
    const [apiPort, inspectorPort] = [await freePort(), await freePort()];
    const p = new FerrumProcess('all', { FERRUM_API_PORT: String(apiPort), FERRUM_INSPECTOR_PORT: String(inspectorPort), FERRUM_DB_DIR: 'memory://', ...env });
    running.push(p);
    await p.waitForLog(/Ironic-compatible API listening/, 60_000);
    return { api: `https://127.0.0.1:${apiPort}`, inspector: `https://127.0.0.1:${inspectorPort}`, apiPort };
  }

  it('serves the API and the inspector over HTTPS, to the real CLI too, and takes a renewed certificate without a restart', async () => {
    const { api, inspector, apiPort } = await start({
      FERRUM_TLS_CERT_FILE: live.certFile,
      FERRUM_TLS_KEY_FILE: live.keyFile,
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: htpasswd,
    });
    const root = await request(`${api}/v1`, { dispatcher: trusted });
    expect(root.statusCode).toBe(200);
    // Links say https, so clients that follow them stay on TLS.
    expect(((await root.body.json()) as { nodes: { href: string }[] }).nodes[0].href).toBe(`${api}/v1/nodes/`);
    const insp = await request(`${inspector}/v1`, { dispatcher: trusted });
    await insp.body.dump();
    expect(insp.statusCode).toBe(200);
    // Without the CA, the certificate is not trusted.
    await expect(request(`${api}/v1`)).rejects.toThrow(/certificate/);

    if (existsSync(BAREMETAL)) {
      const auth = ['--os-auth-type', 'http_basic', '--os-username', 'admin', '--os-password', 'tls-pw', '--os-endpoint', api, '--os-cacert', ca.caFile];
      const { stdout } = await run(BAREMETAL, [...auth, 'node', 'create', '--driver', 'fake-hardware', '--name', 'over-tls', '-f', 'json'], { env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
      expect(JSON.parse(stdout).name).toBe('over-tls');
    } else if (inCI()) throw new Error(`${BAREMETAL} is required under CI=true`);

    expect(await presentedName(apiPort, caPem)).toBe('ferrum-api');
    const renewed = ca.issue('ferrum-api-renewed', 'server');
    copyFileSync(renewed.keyFile, live.keyFile);
    copyFileSync(renewed.certFile, live.certFile);
    let name = '';
    for (let i = 0; i < 60 && name !== 'ferrum-api-renewed'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      name = await presentedName(apiPort, caPem);
    }
    expect(name).toBe('ferrum-api-renewed');
  }, 120_000);

  it('with a client CA, lets in only clients presenting a certificate it signed (mutual TLS)', async () => {
    const { api } = await start({ FERRUM_TLS_CERT_FILE: server.certFile, FERRUM_TLS_KEY_FILE: server.keyFile, FERRUM_TLS_CLIENT_CA_FILE: ca.caFile });
    await expect(request(`${api}/v1/nodes`, { dispatcher: trusted })).rejects.toThrow();
    const withCert = new Agent({ connect: { ca: caPem, cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) } });
    const reply = await request(`${api}/v1/nodes`, { dispatcher: withCert });
    expect(reply.statusCode).toBe(200);
    await reply.body.dump();
    await withCert.close();
  }, 60_000);

  it('refuses to start with a key that does not match the certificate, naming the options', async () => {
    const bad = new FerrumProcess('all', { FERRUM_DB_DIR: 'memory://', FERRUM_TLS_CERT_FILE: server.certFile, FERRUM_TLS_KEY_FILE: client.keyFile, FERRUM_API_PORT: String(await freePort()) });
    expect(await bad.wait()).toBe(2);
    expect(bad.logs).toMatch(/FERRUM_TLS_\*: .*(key values mismatch|KEY_VALUES_MISMATCH)/i);
  }, 30_000);
});
