import { MAX_VERSION } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { isProvisionVerb, notAcceptable, PROVISION_VERBS, ProvisionMicroversion as V, ProvisionParam, ProvisionVerb } from './provision.verbs';

/** The optional body fields of a provision request, as the API has parsed them (types checked, shapes not). */
export interface ProvisionParams {
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: unknown[] | null;
  deploy_steps?: unknown[] | null;
  rescue_password?: string | null;
  disable_ramdisk?: boolean | null;
  service_steps?: unknown[] | null;
  /** A runbook's name or UUID (1.92): its steps stand in for clean_steps or service_steps. */
  runbook?: string | null;
}

/** What a runbook gives the verb that takes it: its steps, and its disable_ramdisk for the whole request. */
export interface RunbookSteps {
  steps: unknown[];
  disable_ramdisk: boolean;
}

/**
 * Finds the runbook a request names and checks that the caller may use it on this node (Ironic's
 * _handle_runbook up to its trait check); it throws that lookup's errors. Only the API can answer it.
 */
export type RunbookResolver = (runbook: string) => RunbookSteps;

// Ironic prints the targets a runbook goes with as a Python list.
const RUNBOOK_TARGETS = "['clean', 'service']";

const CONFIGDRIVE_KEYS = ['meta_data', 'network_data', 'user_data', 'vendor_data'];

/**
 * Parameter/target mismatches and parameter version gates (§7.3 step 4), in Ironic's order and wording.
 * Presence follows Ironic: configdrive, clean_steps and deploy_steps count only when truthy (an empty list
 * is "not given"), rescue_password and disable_ramdisk whenever they are not null. Aliases are checked as the
 * verb they stand for, so `deploy` takes what `active` takes.
 * @throws Invalid (400) for a mismatch or a malformed configdrive; NotAcceptable (406) for deploy_steps below
 *   1.69, disable_ramdisk below 1.70 and a runbook below 1.92. The configdrive object gates (1.56, 1.59) are 400s
 *   in Ironic, not 406s. A runbook's lookup errors are the resolver's.
 * @returns the parameters to send: with a runbook, its steps and disable_ramdisk in place of the given ones.
 */
export function checkVerbParams(verb: string, given: ProvisionParams, apiMinor: number, resolveRunbook?: RunbookResolver, servedMaximum: number = MAX_VERSION): ProvisionParams {
  // A target that is no verb takes no parameters; it is refused as not understood after these checks.
  const accepts: Partial<Record<string, number>> = isProvisionVerb(verb) ? PROVISION_VERBS[verb].accepts : {};
  const target: string = isProvisionVerb(verb) ? PROVISION_VERBS[verb].canonical : verb;
  const takes = (param: string) => {
    const since = accepts[param];
    return since !== undefined && apiMinor >= since;
  };

  if (truthy(given.configdrive)) {
    if (!takes('configdrive')) {
      const allowed = apiMinor >= V.CONFIGDRIVE_REBUILD ? 'active, rebuild' : 'active';
      throw invalid(`Adding a config drive is only supported when setting provision state to ${allowed}`);
    }
    checkConfigdrive(given.configdrive, apiMinor);
  }
  if (given.disable_ramdisk != null) checkDisableRamdisk(target, apiMinor, servedMaximum);
  const runbook = truthy(given.runbook) ? given.runbook! : undefined;
  const params = runbook === undefined ? given : withRunbook(runbook, given, apiMinor, takes('runbook') ? target : undefined, resolveRunbook);
  // With a runbook, steps left for another target are blamed on it (a runbook with clean_steps on a service).
  const onlyWith = (param: string, verbs: string) => (runbook === undefined ? `"${param}" is only valid when setting target provision state to ${verbs}` : `"runbooks" is only valid when setting target provision state to any of ${RUNBOOK_TARGETS}`);
  if (truthy(params.clean_steps) && !takes('clean_steps')) {
    throw invalid(onlyWith('clean_steps', 'clean'));
  }
  if (truthy(params.deploy_steps)) {
    if (apiMinor < V.DEPLOY_STEPS) {
      throw notAcceptable(`Request not acceptable. The minimal required API version should be 1.${V.DEPLOY_STEPS}`);
    }
    if (!takes('deploy_steps')) {
      throw invalid('"deploy_steps" is only valid when setting target provision state to active or rebuild');
    }
  }
  if (params.rescue_password != null && !takes('rescue_password')) {
    throw invalid('"rescue_password" is only valid when setting target provision state to rescue');
  }
  if (truthy(params.service_steps) && !takes('service_steps')) {
    throw invalid(onlyWith('service_steps', 'service'));
  }
  return params;
}

/**
 * The request with the runbook's steps in place of the target's own (Ironic's _handle_runbook, 1.92): 406 below
 * 1.92, the resolver's lookup and checks, then a runbook plus the target's own steps is refused. Another target
 * keeps its parameters: Ironic checks the runbook and then ignores it, unless steps were given too.
 */
function withRunbook(runbook: string, params: ProvisionParams, apiMinor: number, target: string | undefined, resolve?: RunbookResolver): ProvisionParams {
  if (apiMinor < V.RUNBOOKS) throw notAcceptable();
  if (!resolve) throw new Error('a runbook was given but nothing resolves runbooks here');
  const found = resolve(runbook);
  const key = target === 'clean' ? 'clean_steps' : target === 'service' ? 'service_steps' : undefined;
  if (key && truthy(params[key])) throw invalid(`Please provide either "${key}" or a runbook, but not both.`);
  return { ...params, disable_ramdisk: found.disable_ramdisk, ...(key && { [key]: found.steps }) };
}

/**
 * Parameters a verb cannot do without (§7.3). Ironic checks these last, when it dispatches the verb.
 * @throws Invalid (400).
 */
export function checkRequiredParams(verb: ProvisionVerb, params: ProvisionParams): void {
  const requires: readonly ProvisionParam[] = PROVISION_VERBS[verb].requires;
  for (const param of requires) {
    switch (param) {
      case 'clean_steps':
        if (!truthy(params.clean_steps)) throw invalid('"clean_steps" is required when setting target provision state to clean');
        break;
      case 'rescue_password':
        // Ironic strips before it checks, so a password of only spaces is refused too.
        if (!params.rescue_password?.trim()) {
          throw invalid('A non-empty "rescue_password" is required when setting target provision state to rescue');
        }
        break;
      case 'service_steps':
        if (!truthy(params.service_steps)) throw invalid('"service_steps" is required when setting target provision state to service');
        break;
      case 'configdrive':
      case 'deploy_steps':
      case 'disable_ramdisk':
      case 'runbook':
        break;
      default: {
        const unreachable: never = param;
        throw new Error(`unhandled provision parameter ${String(unreachable)}`);
      }
    }
  }
}

/** The configdrive is a string (gzip+base64 or URL) or, from 1.56, an object the conductor builds one from. */
function checkConfigdrive(configdrive: unknown, apiMinor: number): void {
  if (typeof configdrive === 'string') return;
  if (typeof configdrive !== 'object' || configdrive === null || Array.isArray(configdrive)) {
    throw invalid(`Invalid configdrive format: ${JSON.stringify(configdrive)} is not of type 'object', 'string', 'null'`);
  }
  const drive = configdrive as Record<string, unknown>;
  for (const [key, value] of Object.entries(drive)) {
    if (!CONFIGDRIVE_KEYS.includes(key)) {
      throw invalid(`Invalid configdrive format: Additional properties are not allowed ('${key}' was unexpected)`);
    }
    const objectOnly = key !== 'user_data';
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (objectOnly && !isObject) throw invalid(`Invalid configdrive format: ${key} must be an object`);
    if (!objectOnly && !(value === null || typeof value === 'string' || typeof value === 'object')) {
      throw invalid(`Invalid configdrive format: ${key} must be an object, an array, a string or null`);
    }
  }
  if (apiMinor < V.BUILD_CONFIGDRIVE) {
    throw invalid(`Providing a JSON object for configdrive is only supported starting with API version 1.${V.BUILD_CONFIGDRIVE}`);
  }
  if ('vendor_data' in drive && apiMinor < V.CONFIGDRIVE_VENDOR_DATA) {
    throw invalid(`Providing vendor_data in configdrive is only supported starting with API version 1.${V.CONFIGDRIVE_VENDOR_DATA}`);
  }
}

/** Python truthiness, which decides in Ironic whether an optional parameter was given. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function invalid(message: string): Invalid {
  return new Invalid({ message });
}

/**
 * disable_ramdisk: with manual cleaning from 1.70 (Ironic 21.4's check: the version first, then the verb); a
 * release with 1.108 (Ironic 34.0's check_allow_disable_ramdisk) takes it with servicing too, from 1.108.
 */
function checkDisableRamdisk(target: string, apiMinor: number, servedMaximum: number): void {
  const notNow = () => notAcceptable('disable_ramdisk is not acceptable in this API version');
  if (servedMaximum < V.SERVICE_DISABLE_RAMDISK) {
    if (apiMinor < V.CLEAN_DISABLE_RAMDISK) throw notNow();
    if (target !== 'clean') throw invalid('disable_ramdisk is supported only with manual cleaning');
    return;
  }
  if (target === 'clean' || target === 'service') {
    if (apiMinor < (target === 'clean' ? V.CLEAN_DISABLE_RAMDISK : V.SERVICE_DISABLE_RAMDISK)) throw notNow();
    return;
  }
  throw invalid('disable_ramdisk is supported only with manual cleaning or servicing');
}
