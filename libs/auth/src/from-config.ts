import type { ConfigOf, authOptions } from '@ferrum/config';
import type { Logger } from 'pino';
import { createAuthenticator, type Authenticator } from './authenticator';

export type AuthConfig = ConfigOf<typeof authOptions>;

/** The authenticator FERRUM_AUTH_STRATEGY and its companions describe (files read and checked now). */
export function authenticatorFromConfig(config: AuthConfig, logger: Logger): Authenticator {
  return createAuthenticator(
    {
      authStrategy: config.authStrategy,
      httpBasicAuthUserFile: config.httpBasicAuthUserFile,
      httpBasicRolesFile: config.httpBasicRolesFile,
      keystone: {
        authUrl: config.keystoneAuthUrl,
        wwwAuthenticateUri: config.keystoneWwwAuthenticateUri,
        username: config.keystoneUsername,
        password: config.keystonePassword,
        projectName: config.keystoneProjectName,
        userDomainName: config.keystoneUserDomainName,
        projectDomainName: config.keystoneProjectDomainName,
        cacheS: config.keystoneTokenCacheS,
      },
    },
    logger,
  );
}
