import { readFileSync } from 'node:fs';

/**
 * Splits a kernel command line into key → value (`ipa-api-url=http://…`, `BOOTIF=01-…`); a bare word maps to
 * ''. Double quotes group a value with spaces, as the kernel allows.
 */
export function parseKernelParams(cmdline: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of cmdline.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) {
    const word = match[0];
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? '' : word.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    params[key] = value;
  }
  return params;
}

/** Where the parameters came from; only a real boot (/proc/cmdline) may reboot or power off the machine. */
export type ParamSource = 'proc' | 'env' | 'flags';

/**
 * The agent's parameters: the kernel command line (/proc/cmdline, or FERRUM_AGENT_CMDLINE for tests), then
 * the same keys from the environment in upper snake case (IPA_API_URL for ipa-api-url), then
 * `--ipa-api-url=…` flags. Later sources win.
 */
export function gatherParams(env: NodeJS.ProcessEnv, argv: string[], readCmdline = () => readFileSync('/proc/cmdline', 'utf8')): { params: Record<string, string>; source: ParamSource } {
  let source: ParamSource = 'proc';
  let cmdline = env.FERRUM_AGENT_CMDLINE;
  if (cmdline !== undefined) source = 'env';
  else {
    try {
      cmdline = readCmdline();
    } catch {
      cmdline = '';
    }
  }
  const params = parseKernelParams(cmdline);
  for (const key of KNOWN_PARAMS) {
    const fromEnv = env[envName(key)];
    if (fromEnv !== undefined) {
      params[key] = fromEnv;
      source = 'env';
    }
  }
  // FERRUM_AGENT_HOST/PORT (libs/config agentOptions) are the server-style names of the listen address.
  if (env.FERRUM_AGENT_HOST !== undefined && params['ipa-listen-host'] === undefined) params['ipa-listen-host'] = env.FERRUM_AGENT_HOST;
  if (env.FERRUM_AGENT_PORT !== undefined && params['ipa-listen-port'] === undefined) params['ipa-listen-port'] = env.FERRUM_AGENT_PORT;
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m) {
      params[m[1]] = m[2];
      source = 'flags';
    }
  }
  return { params, source };
}

export const envName = (key: string) => key.toUpperCase().replace(/-/g, '_');

export const KNOWN_PARAMS = [
  'ipa-api-url',
  'ipa-inspection-callback-url',
  'ipa-inspection-collectors',
  'BOOTIF',
  'ipa-agent-token',
  'ipa-driver-name',
  'ipa-listen-host',
  'ipa-listen-port',
  'ipa-advertise-host',
  'ipa-advertise-port',
  'ipa-advertise-protocol',
  'ipa-lookup-timeout',
  'ipa-lookup-interval',
  'ipa-image-download-connection-retries',
  'ipa-image-download-connection-retry-interval',
  'ipa-image-download-connection-timeout',
  'ipa-debug',
  'ferrum-target-device',
  'ferrum-sim-interfaces',
] as const;
