import type { ProvisionRequestParams } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { bestMatch, formatSchemaError, iterErrors, type Schema } from '../common/schema-errors';
import { stepSchemas } from './step-schemas';

type CleanStep = NonNullable<ProvisionRequestParams['clean_steps']>[number];
type DeployStep = NonNullable<ProvisionRequestParams['deploy_steps']>[number];

/**
 * `clean_steps` of a manual clean: a list of `{interface, step, args?}` (Ironic's _CLEAN_STEPS_SCHEMA); `maximum`
 * is the served API maximum, which decides the release's interface list.
 * @throws InvalidParameterValue (400) "Invalid clean_steps: …" with jsonschema's whole report of its best match.
 */
export function checkCleanSteps(steps: unknown[], maximum: number): CleanStep[] {
  check('clean', steps, stepSchemas(maximum).clean);
  return (steps as CleanStep[]).map((s) => ({ interface: s.interface, step: s.step, ...(s.args !== undefined && { args: s.args }) }));
}

/**
 * `service_steps` of a service (1.87): the same shape as clean steps (Ironic checks both with its steps schema).
 * @throws InvalidParameterValue (400) "Invalid service_steps: …".
 */
export function checkServiceSteps(steps: unknown[], maximum: number): CleanStep[] {
  check('service', steps, stepSchemas(maximum).clean);
  return (steps as CleanStep[]).map((s) => ({ interface: s.interface, step: s.step, ...(s.args !== undefined && { args: s.args }) }));
}

/**
 * `deploy_steps` of a deploy or rebuild: `{interface, step, args, priority}`, all required (Ironic's DEPLOY_STEP_SCHEMA).
 * A priority may be a non-negative integer or a string of digits; the conductor gets the integer, as Ironic's int() gives it.
 * @throws InvalidParameterValue (400) "Invalid deploy_steps: …".
 */
export function checkDeploySteps(steps: unknown[], maximum: number): DeployStep[] {
  check('deploy', steps, stepSchemas(maximum).deploy);
  return (steps as Array<Omit<DeployStep, 'priority'> & { priority: number | string }>).map((s) => ({
    interface: s.interface,
    step: s.step,
    args: s.args,
    priority: Number(s.priority),
  }));
}

/** Ironic's _check_steps: jsonschema.validate, and str() of the error it raises. */
function check(kind: 'clean' | 'deploy' | 'service', steps: unknown[], schema: Schema): void {
  const error = bestMatch(iterErrors(steps, schema));
  if (error) throw new InvalidParameterValue({ message: `Invalid ${kind}_steps: ${formatSchemaError(error)}` });
}
