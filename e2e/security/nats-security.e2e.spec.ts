import { createUser } from '@nats-io/nkeys';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '@ferrum/logging';
import { inCI } from '@ferrum/testing';
import { NatsSecurity, NatsTransport } from '@ferrum/transport';
import { PrivateNats, natsServerBinary } from '../support/private-nats';
import { TestCa } from '../support/test-ca';

/**
 * NATS beyond a URL: a private nats-server with a certificate from a private CA, verifying client
 * certificates, and admitting only one nkey user. Ferrum's transport connects with the CA, its client
 * certificate and the seed, and calls go through; without any one of them it cannot connect.
 */
describe('TLS and nkey authentication to NATS', () => {
  const binary = natsServerBinary();
  const ca = new TestCa();
  let nats: PrivateNats;
  const user = createUser();
  const seedFile = join(ca.dir, 'ferrum.nk');
  const server = ca.issue('nats-server', 'server');
  const client = ca.issue('ferrum-conductor', 'client');

  beforeAll(async () => {
    if (!binary) {
      if (inCI()) throw new Error('nats-server is required under CI=true');
      return;
    }
    writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()));
    const conf = join(ca.dir, 'nats.conf');
    writeFileSync(
      conf,
      [
        'tls {',
        `  cert_file: "${server.certFile}"`,
        `  key_file: "${server.keyFile}"`,
        `  ca_file: "${ca.caFile}"`,
        '  verify: true',
        '}',
        'authorization {',
        `  users: [ { nkey: "${user.getPublicKey()}" } ]`,
        '}',
      ].join('\n'),
    );
    nats = await PrivateNats.start(binary, undefined, ['-c', conf]);
  });
  afterAll(async () => {
    await nats?.stop();
    ca.remove();
  });

  const connect = (security: NatsSecurity) =>
    NatsTransport.connect(nats.url, { name: 'nats-security-test', defaultTimeoutMs: 5000, logger: silentLogger(), security });

  it('calls through a server that checks the CA, the client certificate and the nkey', async () => {
    if (!binary) return;
    const transport = await connect({ caFile: ca.caFile, certFile: client.certFile, keyFile: client.keyFile, nkeySeedFile: seedFile });
    try {
      await transport.handle('ferrum.test.echo', async (body) => ({ echoed: body }));
      expect(await transport.request('ferrum.test.echo', { hello: 'nats' })).toEqual({ echoed: { hello: 'nats' } });
    } finally {
      await transport.close();
    }
  });

  it('cannot connect without the nkey seed, without a client certificate, or without the CA', async () => {
    if (!binary) return;
    const cert = { certFile: client.certFile, keyFile: client.keyFile };
    for (const security of [
      { caFile: ca.caFile, ...cert },
      { caFile: ca.caFile, nkeySeedFile: seedFile },
      { ...cert, nkeySeedFile: seedFile },
    ]) {
      await expect(connect(security)).rejects.toThrow();
    }
  }, 30_000);
});
