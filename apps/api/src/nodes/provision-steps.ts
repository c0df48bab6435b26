import type { ProvisionRequestParams } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { bestMatch, formatSchemaError, iterErrors, type Schema } from '../common/schema-errors';
import { CLEAN_STEPS_SCHEMA, DEPLOY_STEPS_SCHEMA } from './step-schemas';

type CleanStep = NonNullable<ProvisionRequestParams['clean_steps']>[number];
type DeployStep = NonNullable<ProvisionRequestParams['deploy_steps']>[number];

/**
 * `clean_steps` of a manual clean: a list of `{interface, step, args?}` (Ironic's _CLEAN_STEPS_SCHEMA).
 * @throws InvalidParameterValue (400) "Invalid clean_steps: …" with jsonschema's whole report of its best match.
 */
export function checkCleanSteps(steps: unknown[]): CleanStep[] {
  check('clean', steps, CLEAN_STEPS_SCHEMA);
  return (steps as CleanStep[]).map((s) => ({ interface: s.interface, step: s.step, ...(s.args !== undefined && { args: s.args }) }));
}

/**
 * `deploy_steps` of a deploy or rebuild: `{interface, step, args, priority}`, all required (Ironic's DEPLOY_STEP_SCHEMA).
 * A priority may be a non-negative integer or a string of digits; the conductor gets the integer, as Ironic's int() gives it.
 * @throws InvalidParameterValue (400) "Invalid deploy_steps: …".
 */
export function checkDeploySteps(steps: unknown[]): DeployStep[] {
  check('deploy', steps, DEPLOY_STEPS_SCHEMA);
  return (steps as Array<Omit<DeployStep, 'priority'> & { priority: number | string }>).map((s) => ({
    interface: s.interface,
    step: s.step,
    args: s.args,
    priority: Number(s.priority),
  }));
}

/** Ironic's _check_steps: jsonschema.validate, and str() of the error it raises. */
function check(kind: 'clean' | 'deploy', steps: unknown[], schema: Schema): void {
  const error = bestMatch(iterErrors(steps, schema));
  if (error) throw new InvalidParameterValue({ message: `Invalid ${kind}_steps: ${formatSchemaError(error)}` });
}
