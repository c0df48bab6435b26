import { readFileSync } from 'node:fs';
import type { AuthConfig } from './from-config';
import { parseHtpasswd } from './htpasswd';
import { Policy } from './policy/policy';
import { parseRolesFile } from './roles-file';
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
    if (!config.keystoneAuthUrl) problems.push('FERRUM_KEYSTONE_AUTH_URL=(unset): FERRUM_AUTH_STRATEGY=keystone needs Keystone\'s URL');
    if (!config.keystoneUsername) problems.push('FERRUM_KEYSTONE_USERNAME=(unset): FERRUM_AUTH_STRATEGY=keystone needs a service user to validate tokens');
    if (!config.keystonePassword) problems.push('FERRUM_KEYSTONE_PASSWORD=(unset): FERRUM_AUTH_STRATEGY=keystone needs the service user\'s password');
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

function fileProblems(option: string, path: string, parse: (text: string, source: string) => unknown): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [`${option}=${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`];
  }
  try {
    parse(text, path);
    return [];
  } catch (error) {
    return [`${option}: ${(error as Error).message}`];
  }
}
