import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import { AuthFailure } from './auth-failure';
import type { Authenticator, Headers } from './authenticator';
import { withImpliedRoles, type Credentials } from './credentials';
import { Lru } from './lru';
import type { RoleAssignment } from './roles-file';

/** ironic-lib's challenge: clients (and browsers) answer it with Basic credentials. */
export const BASIC_CHALLENGE = 'Basic realm="Baremetal API"';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Sources of users and roles; files in production (reloaded when they change), maps in tests. */
export interface BasicAuthSources {
  users(): ReadonlyMap<string, string>;
  /** Undefined without a roles file: every user is then a system administrator, as in Ironic. */
  roles(): ReadonlyMap<string, RoleAssignment> | undefined;
}

/**
 * HTTP Basic authentication against bcrypt digests, with ironic-lib's answers in its order: no header
 * 401, an unparsable one 400, an unknown user or wrong password 401 (the same message: which one is not
 * disclosed). bcrypt is slow by design; results are cached (LRU, keyed by a hash of digest and password,
 * never the password itself), so a client that sends the same credentials costs one bcrypt, not one per request.
 */
export class BasicAuthenticator implements Authenticator {
  private readonly verified = new Lru<string, boolean>(256);
  private readonly pending = new Map<string, Promise<boolean>>();
  /** bcrypt runs counted (tests and the benchmark read it). */
  bcryptRuns = 0;

  constructor(private readonly sources: BasicAuthSources) {}

  async authenticate(headers: Headers): Promise<Credentials> {
    const [user, password] = parseBasic(headers.authorization);
    const digest = this.sources.users().get(user);
    if (digest === undefined || !(await this.check(digest, password))) throw new AuthFailure(401, 'Incorrect username or password', { challenge: BASIC_CHALLENGE });
    const roles = this.sources.roles();
    if (!roles) return { user, roles: withImpliedRoles(['admin']), projectId: null, projectName: null, system: true, via: 'http_basic' };
    const assigned = roles.get(user);
    return {
      user,
      roles: withImpliedRoles(assigned?.roles ?? []),
      projectId: assigned?.projectId ?? null,
      projectName: assigned?.projectName ?? null,
      system: assigned?.system ?? false,
      via: 'http_basic',
    };
  }

  private check(digest: string, password: string): Promise<boolean> {
    const key = createHash('sha256').update(digest).update('\0').update(password).digest('base64');
    const known = this.verified.get(key);
    if (known !== undefined) return Promise.resolve(known);
    let running = this.pending.get(key);
    if (!running) {
      this.bcryptRuns++;
      // bcryptjs knows $2a$ and $2b$; $2y$ (PHP's and htpasswd's name) is the same algorithm.
      running = bcrypt.compare(password, digest.replace(/^\$2y\$/, '$2b$')).then(
        (ok) => {
          this.verified.set(key, ok);
          return ok;
        },
        () => false,
      );
      this.pending.set(key, running);
      void running.finally(() => this.pending.delete(key));
    }
    return running;
  }

  close(): void {}
}

/** ironic-lib's parse_header and parse_token, with their errors. */
function parseBasic(header: string | string[] | undefined): [string, string] {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) throw new AuthFailure(401, 'Authorization required', { challenge: BASIC_CHALLENGE });
  const parts = value.trim().split(/\s+/);
  if (parts.length < 2) throw new AuthFailure(400, 'Could not parse Authorization header');
  const [type, token] = [parts[0], value.trim().slice(parts[0].length).trim()];
  if (type.toLowerCase() !== 'basic') throw new AuthFailure(400, `Unsupported authorization type "${type}"`);
  if (token.length % 4 !== 0 || !BASE64.test(token)) throw new AuthFailure(400, 'Could not decode authorization token');
  const pair = Buffer.from(token, 'base64');
  const colon = pair.indexOf(0x3a);
  if (colon === -1) throw new AuthFailure(400, 'Could not decode authorization token');
  const user = new TextDecoder('utf-8', { fatal: true });
  try {
    return [user.decode(pair.subarray(0, colon)), pair.subarray(colon + 1).toString('utf8')];
  } catch {
    throw new AuthFailure(400, 'Could not decode authorization token');
  }
}
