import type { ProvisionRequestParams } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { pyRepr } from '../common/python-format';

type CleanStep = NonNullable<ProvisionRequestParams['clean_steps']>[number];
type DeployStep = NonNullable<ProvisionRequestParams['deploy_steps']>[number];

/**
 * Interfaces a user step may name: the keys of Ironic's CLEANING_/DEPLOYING_INTERFACE_PRIORITY in this
 * release, in that order, as jsonschema's enum message lists them. Whether the step exists is the conductor's check.
 */
export const STEP_INTERFACES = ['power', 'management', 'deploy', 'bios', 'raid'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `clean_steps` of a manual clean: a list of `{interface, step, args?}` (Ironic's _CLEAN_STEPS_SCHEMA).
 * @throws InvalidParameterValue (400) "Invalid clean_steps: …" with jsonschema's wording for the first problem.
 */
export function checkCleanSteps(steps: unknown[]): CleanStep[] {
  return steps.map((raw) => {
    const step = checkStep('clean', raw, ['interface', 'step', 'args'], ['interface', 'step']);
    return { interface: step.interface as string, step: step.step as string, ...(step.args !== undefined && { args: step.args as Record<string, unknown> }) };
  });
}

/**
 * `deploy_steps` of a deploy or rebuild: `{interface, step, args, priority}`, all required (Ironic's DEPLOY_STEP_SCHEMA).
 * A priority may be a non-negative integer or a string of digits; the conductor gets the integer.
 * @throws InvalidParameterValue (400) "Invalid deploy_steps: …".
 */
export function checkDeploySteps(steps: unknown[]): DeployStep[] {
  return steps.map((raw) => {
    const step = checkStep('deploy', raw, ['interface', 'step', 'args', 'priority'], ['interface', 'step', 'args', 'priority']);
    const priority = step.priority;
    const valid = (Number.isInteger(priority) && (priority as number) >= 0) || (typeof priority === 'string' && /^[0-9]+$/.test(priority));
    if (!valid) throw invalid('deploy', `${pyRepr(priority)} is not valid under any of the given schemas`);
    return { interface: step.interface as string, step: step.step as string, args: step.args as Record<string, unknown>, priority: Number(priority) };
  });
}

function checkStep(kind: 'clean' | 'deploy', raw: unknown, allowed: string[], required: string[]): Record<string, unknown> {
  if (!isObject(raw)) throw invalid(kind, `${pyRepr(raw)} is not of type 'object'`);
  for (const key of required) if (!(key in raw)) throw invalid(kind, `'${key}' is a required property`);
  if (!(STEP_INTERFACES as readonly unknown[]).includes(raw.interface)) {
    throw invalid(kind, `${pyRepr(raw.interface)} is not one of ${pyRepr([...STEP_INTERFACES])}`);
  }
  if (typeof raw.step !== 'string') throw invalid(kind, `${pyRepr(raw.step)} is not of type 'string'`);
  if (raw.step.length === 0) throw invalid(kind, `${pyRepr(raw.step)} is too short`);
  if (raw.args !== undefined && !isObject(raw.args)) throw invalid(kind, `${pyRepr(raw.args)} is not of type 'object'`);
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw invalid(kind, `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  return raw;
}

function invalid(kind: 'clean' | 'deploy', reason: string): InvalidParameterValue {
  return new InvalidParameterValue({ message: `Invalid ${kind}_steps: ${reason}` });
}
