import bcrypt from 'bcryptjs';
import { AuthFailure } from './auth-failure';
import { BasicAuthenticator } from './basic-authenticator';
import type { RoleAssignment } from './roles-file';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('BasicAuthenticator', () => {
  const users = new Map([
    ['alice', bcrypt.hashSync('wonderland', 4)],
    ['legacy', bcrypt.hashSync('old', 4).replace(/^\$2b\$/, '$2y$')],
    ['bob', bcrypt.hashSync('builder', 4)],
  ]);
  let roles: Map<string, RoleAssignment> | undefined;
  const auth = new BasicAuthenticator({ users: () => users, roles: () => roles });

  async function refusal(authorization?: string): Promise<{ status: number; body: unknown; challenge?: string }> {
    try {
      await auth.authenticate(authorization === undefined ? {} : { authorization });
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      return { status: error.status, body: error.body(), challenge: error.challenge };
    }
    throw new Error('accepted');
  }

  beforeEach(() => (roles = undefined));

  it("answers ironic-lib's errors in its order", async () => {
    const challenge = 'Basic realm="Baremetal API"';
    expect(await refusal()).toEqual({ status: 401, body: { error: { message: 'Authorization required', code: 401 } }, challenge });
    expect(await refusal('Basic')).toEqual({ status: 400, body: { error: { message: 'Could not parse Authorization header', code: 400 } }, challenge: undefined });
    expect((await refusal('Digest abc')).body).toEqual({ error: { message: 'Unsupported authorization type "Digest"', code: 400 } });
    expect((await refusal('Basic not base64!')).status).toBe(400);
    expect((await refusal(`Basic ${Buffer.from('no-colon').toString('base64')}`)).body).toEqual({ error: { message: 'Could not decode authorization token', code: 400 } });
    expect(await refusal(basic('alice', 'wrong'))).toEqual({ status: 401, body: { error: { message: 'Incorrect username or password', code: 401 } }, challenge });
    // An unknown user gets the same answer as a wrong password: which one it was is not disclosed.
    expect(await refusal(basic('mallory', 'wonderland'))).toEqual(await refusal(basic('alice', 'wrong')));
  });

  it('makes every user a system administrator without a roles file, as Ironic does', async () => {
    expect(await auth.authenticate({ authorization: basic('alice', 'wonderland') })).toEqual({
      user: 'alice',
      roles: expect.arrayContaining(['admin', 'member', 'reader']),
      projectId: null,
      projectName: null,
      system: true,
      via: 'http_basic',
    });
    expect((await auth.authenticate({ authorization: basic('legacy', 'old') })).user).toBe('legacy');
  });

  it('gives the roles file’s roles (with the implied ones) and scope, and none to a user it does not list', async () => {
    roles = new Map([['bob', { roles: ['member'], system: false, projectId: 'p-1', projectName: 'tenant' }]]);
    expect(await auth.authenticate({ authorization: basic('bob', 'builder') })).toEqual({
      user: 'bob',
      roles: ['member', 'reader'],
      projectId: 'p-1',
      projectName: 'tenant',
      system: false,
      via: 'http_basic',
    });
    expect(await auth.authenticate({ authorization: basic('alice', 'wonderland') })).toMatchObject({ user: 'alice', roles: [], system: false, projectId: null });
  });

  it('runs bcrypt once for a client that keeps sending the same credentials, also when they arrive at once', async () => {
    const fresh = new BasicAuthenticator({ users: () => users, roles: () => undefined });
    await Promise.all(Array.from({ length: 20 }, () => fresh.authenticate({ authorization: basic('bob', 'builder') })));
    for (let i = 0; i < 50; i++) await fresh.authenticate({ authorization: basic('bob', 'builder') });
    expect(fresh.bcryptRuns).toBe(1);
    // A new password (the file changed) is checked anew.
    users.set('bob', bcrypt.hashSync('rebuilt', 4));
    await expect(fresh.authenticate({ authorization: basic('bob', 'builder') })).rejects.toBeInstanceOf(AuthFailure);
    expect((await fresh.authenticate({ authorization: basic('bob', 'rebuilt') })).user).toBe('bob');
    expect(fresh.bcryptRuns).toBe(3);
  });
});
