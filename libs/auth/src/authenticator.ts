import type { Logger } from 'pino';
import { BasicAuthenticator } from './basic-authenticator';
import { NOAUTH_CREDENTIALS, type Credentials } from './credentials';
import { HtpasswdError, parseHtpasswd } from './htpasswd';
import { KeystoneAuthenticator, type KeystoneOptions } from './keystone-authenticator';
import { parseRolesFile } from './roles-file';
import { WatchedFile } from './watched-file';

export type Headers = Record<string, string | string[] | undefined>;

/** Turns a request's headers into credentials, or throws AuthFailure. */
export interface Authenticator {
  authenticate(headers: Headers): Promise<Credentials>;
  close(): void;
}

export const AUTH_STRATEGIES = ['noauth', 'http_basic', 'keystone'] as const;
export type AuthStrategy = (typeof AUTH_STRATEGIES)[number];

export interface AuthOptions {
  authStrategy: AuthStrategy;
  httpBasicAuthUserFile: string;
  httpBasicRolesFile?: string;
  keystone?: Partial<KeystoneOptions>;
}

/** noauth: no credentials asked, everyone is the system administrator (Ironic's noauth). */
export class NoAuthenticator implements Authenticator {
  authenticate(): Promise<Credentials> {
    return Promise.resolve(NOAUTH_CREDENTIALS);
  }
  close(): void {}
}

/** A start-up error naming the option at fault. */
export class AuthConfigError extends Error {}

/**
 * The authenticator the options ask for, with its files read and checked now: a missing or bad file stops
 * start-up with the option's name and the line at fault. Files are then watched and reloaded on change.
 */
export function createAuthenticator(options: AuthOptions, logger: Logger): Authenticator {
  switch (options.authStrategy) {
    case 'noauth':
      return new NoAuthenticator();
    case 'keystone':
      return new KeystoneAuthenticator(KeystoneAuthenticator.options(options.keystone ?? {}), logger);
    case 'http_basic': {
      const users = load('FERRUM_HTTP_BASIC_AUTH_USER_FILE', options.httpBasicAuthUserFile, parseHtpasswd, logger);
      const roles = options.httpBasicRolesFile ? load('FERRUM_HTTP_BASIC_ROLES_FILE', options.httpBasicRolesFile, parseRolesFile, logger) : undefined;
      const basic = new BasicAuthenticator({ users: () => users.current, roles: () => roles?.current });
      basic.close = () => {
        users.close();
        roles?.close();
      };
      return basic;
    }
  }
}

/** A watched configuration file; a missing or malformed one throws AuthConfigError naming the option (and the line). */
export function load<T>(option: string, path: string, parse: (text: string, source: string) => T, logger: Logger): WatchedFile<T> {
  try {
    return new WatchedFile(path, parse, (error) => {
      if (error) logger.error({ file: path, err: error.message }, `${option} changed but cannot be read; the previous content stays in use`);
      else logger.info({ file: path }, `${option} reloaded`);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuthConfigError(error instanceof HtpasswdError || !code ? `${option}: ${(error as Error).message}` : `${option}=${path}: cannot read it (${code})`);
  }
}
