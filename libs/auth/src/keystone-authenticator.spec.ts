import { silentLogger } from '@ferrum/logging';
import { AuthFailure } from './auth-failure';
import { KeystoneAuthenticator } from './keystone-authenticator';

describe('KeystoneAuthenticator', () => {
  it('answers 503 (not 401, not 500) while Keystone cannot be reached, and never names the password', async () => {
    const auth = new KeystoneAuthenticator(
      KeystoneAuthenticator.options({ authUrl: 'http://127.0.0.1:1/v3', username: 'ferrum', password: 's3cret-pw', timeoutMs: 2000 }),
      silentLogger(),
    );
    const failure = await auth.authenticate({ 'x-auth-token': 'some-token' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthFailure);
    expect((failure as AuthFailure).status).toBe(503);
    expect(JSON.stringify((failure as AuthFailure).body())).not.toContain('s3cret-pw');
  });

  it('answers 401 with the Keystone challenge without even asking Keystone when no token is sent', async () => {
    const auth = new KeystoneAuthenticator(KeystoneAuthenticator.options({ authUrl: 'http://127.0.0.1:1/v3', username: 'u', password: 'p' }), silentLogger());
    const failure = (await auth.authenticate({}).catch((e: unknown) => e)) as AuthFailure;
    expect([failure.status, failure.challenge]).toEqual([401, 'Keystone uri="http://127.0.0.1:1/v3"']);
    expect(auth.validations).toBe(0);
  });

  it('names every missing required option', () => {
    expect(KeystoneAuthenticator.problems({ authUrl: 'http://k/v3' })).toEqual([
      'FERRUM_KEYSTONE_USERNAME=(unset): FERRUM_AUTH_STRATEGY=keystone needs a service user to validate tokens',
      "FERRUM_KEYSTONE_PASSWORD=(unset): FERRUM_AUTH_STRATEGY=keystone needs the service user's password",
    ]);
  });
});
