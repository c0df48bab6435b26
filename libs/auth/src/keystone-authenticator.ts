import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { AuthFailure } from './auth-failure';
import type { Authenticator, Headers } from './authenticator';
import type { Credentials } from './credentials';
import { Lru } from './lru';

export interface KeystoneOptions {
  /** Keystone's identity endpoint, with or without `/v3`. */
  authUrl: string;
  /** Where clients are told to get a token (`WWW-Authenticate: Keystone uri=…`); the auth URL when unset. */
  wwwAuthenticateUri?: string;
  /** The service user Ferrum validates tokens as (keystonemiddleware's [keystone_authtoken] password plugin). */
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  /** Longest time a validated token is trusted without asking Keystone again (it is never trusted past its expiry). */
  cacheS: number;
  timeoutMs: number;
}

interface KeystoneToken {
  expires_at: string;
  user?: { name?: string; id?: string };
  roles?: { name: string }[];
  project?: { id: string; name?: string };
  system?: { all?: boolean };
}

const UNAUTHORIZED = 'The request you have made requires authentication.';

/**
 * Validates `X-Auth-Token` against Keystone as keystonemiddleware's auth_token does: `GET /v3/auth/tokens`
 * with the service's own token, the answer cached (bounded, keyed by a hash of the token) until the
 * token expires or `cacheS` passes. Roles, project and system scope come from the token, so the policy
 * sees a Keystone user as it sees an htpasswd one.
 */
export class KeystoneAuthenticator implements Authenticator {
  private readonly cache = new Lru<string, { credentials: Credentials; until: number }>(4096);
  private service?: { token: string; until: number };
  private readonly base: string;
  /** Validations that went to Keystone (tests read it). */
  validations = 0;

  /** The options Ferrum cannot validate tokens without, each missing one named (start-up reports them all). */
  static problems(given: Partial<KeystoneOptions>): string[] {
    const required = [
      ['authUrl', 'FERRUM_KEYSTONE_AUTH_URL', "Keystone's URL"],
      ['username', 'FERRUM_KEYSTONE_USERNAME', 'a service user to validate tokens'],
      ['password', 'FERRUM_KEYSTONE_PASSWORD', "the service user's password"],
    ] as const;
    return required.filter(([key]) => !given[key]).map(([, env, what]) => `${env}=(unset): FERRUM_AUTH_STRATEGY=keystone needs ${what}`);
  }

  static options(given: Partial<KeystoneOptions>): KeystoneOptions {
    const problems = KeystoneAuthenticator.problems(given);
    if (problems.length) throw new Error(problems.join('; '));
    return { projectName: 'service', userDomainName: 'Default', projectDomainName: 'Default', cacheS: 300, timeoutMs: 10_000, ...given } as KeystoneOptions;
  }

  constructor(
    private readonly options: KeystoneOptions,
    private readonly logger: Logger,
  ) {
    this.base = options.authUrl.replace(/\/+$/, '').replace(/\/v3$/, '');
  }

  private get challenge(): string {
    return `Keystone uri="${this.options.wwwAuthenticateUri ?? this.options.authUrl}"`;
  }

  async authenticate(headers: Headers): Promise<Credentials> {
    const raw = headers['x-auth-token'];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (!token) throw this.unauthorized();
    const key = createHash('sha256').update(token).digest('base64');
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.credentials;
    const body = await this.validate(token);
    const expires = Date.parse(body.expires_at);
    if (!(expires > Date.now())) throw this.unauthorized();
    const credentials: Credentials = {
      user: body.user?.name ?? body.user?.id ?? null,
      // Keystone puts implied roles into the token itself.
      roles: (body.roles ?? []).map((r) => r.name.toLowerCase()),
      projectId: body.project?.id ?? null,
      projectName: body.project?.name ?? null,
      system: body.system?.all === true,
      via: 'keystone',
    };
    this.cache.set(key, { credentials, until: Math.min(expires, Date.now() + this.options.cacheS * 1000) });
    return credentials;
  }

  private unauthorized(): AuthFailure {
    return new AuthFailure(401, UNAUTHORIZED, { title: 'Unauthorized', challenge: this.challenge });
  }

  private unavailable(why: string): AuthFailure {
    this.logger.error({ why }, 'cannot validate a token: Keystone is unavailable');
    return new AuthFailure(503, 'The Keystone service is temporarily unavailable.');
  }

  private async validate(token: string, retry = true): Promise<KeystoneToken> {
    const service = await this.serviceToken();
    this.validations++;
    const reply = await this.fetch('/v3/auth/tokens', { headers: { 'X-Auth-Token': service, 'X-Subject-Token': token } });
    if (reply.status === 200) return ((await reply.json()) as { token: KeystoneToken }).token;
    await reply.body?.cancel();
    // Our own token expired or was revoked: get a new one, once.
    if (reply.status === 401 && retry) {
      this.service = undefined;
      return this.validate(token, false);
    }
    if (reply.status === 404 || reply.status === 401 || reply.status === 400) throw this.unauthorized();
    throw this.unavailable(`token validation answered ${reply.status}`);
  }

  private async serviceToken(): Promise<string> {
    if (this.service && this.service.until > Date.now()) return this.service.token;
    const o = this.options;
    const reply = await this.fetch('/v3/auth/tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: o.username, domain: { name: o.userDomainName }, password: o.password } } },
          scope: { project: { name: o.projectName, domain: { name: o.projectDomainName } } },
        },
      }),
    });
    const token = reply.headers.get('x-subject-token');
    if (reply.status !== 201 || !token) {
      await reply.body?.cancel();
      // The password is never in the message: only the user and the status.
      throw this.unavailable(`the service user ${o.username} could not log in to Keystone (${reply.status})`);
    }
    const { token: body } = (await reply.json()) as { token: KeystoneToken };
    // Renewed a minute early, so a validation never goes out with a token about to expire.
    this.service = { token, until: Date.parse(body.expires_at) - 60_000 };
    return token;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      throw this.unavailable((error as Error).message);
    }
  }

  close(): void {}
}
