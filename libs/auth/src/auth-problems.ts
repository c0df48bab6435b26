import { silentLogger } from '@ferrum/logging';
import { load } from './authenticator';
import type { AuthConfig } from './from-config';
import { parseHtpasswd } from './htpasswd';
import { Policy } from './policy/policy';
import { parseRolesFile } from './roles-file';
import { KeystoneAuthenticator } from './keystone-authenticator';
import { checkAuthExposure } from './startup-check';

/**
 * Everything wrong with the authentication settings, each naming its option, checked once at start-up
 * with the rest of the configuration: noauth exposed beyond loopback, keystone without its service
 * user, an htpasswd or roles file missing or malformed (with the line at fault).
 */
export function authProblems(config: AuthConfig, listeners: { env: string; host: string }[]): string[] {
  const problems: string[] = [];
  try {
    checkAuthExposure(config.authStrategy, listeners, config.allowInsecureNoauth);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (config.authStrategy === 'keystone') {
    problems.push(...KeystoneAuthenticator.problems({ authUrl: config.keystoneAuthUrl, username: config.keystoneUsername, password: config.keystonePassword }));
  }
  if (config.authStrategy === 'http_basic') {
    problems.push(...fileProblems('FERRUM_HTTP_BASIC_AUTH_USER_FILE', config.httpBasicAuthUserFile, parseHtpasswd));
    if (config.httpBasicRolesFile) problems.push(...fileProblems('FERRUM_HTTP_BASIC_ROLES_FILE', config.httpBasicRolesFile, parseRolesFile));
  }
  if (config.policyFile) {
    try {
      Policy.fromFile(config.policyFile);
    } catch (error) {
      problems.push(`FERRUM_POLICY_FILE: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** The file loaded as the authenticator will load it (then let go): its error, if any. */
function fileProblems(option: string, path: string, parse: (text: string, source: string) => unknown): string[] {
  try {
    load(option, path, parse, silentLogger()).close();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
