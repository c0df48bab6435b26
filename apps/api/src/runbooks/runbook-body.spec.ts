import { FerrumError } from '@ferrum/errors';
import { validateRunbook } from './runbook-body';

const step = (extra: Record<string, unknown> = {}) => ({ interface: 'bios', step: 'apply_configuration', args: {}, order: 1, ...extra });

function refusal(body: unknown, name = 'runbook') {
  try {
    validateRunbook(body, name);
  } catch (error) {
    const e = error as FerrumError;
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error('accepted');
}

describe('validateRunbook (Ironic 26.1 RUNBOOK_VALIDATOR)', () => {
  it("fills Ironic's object defaults and keeps orders as integers for the database", () => {
    expect(validateRunbook({ name: 'CUSTOM_AWESOME', steps: [{ interface: 'raid', step: 'delete_configuration', order: '10' }] }, 'runbook')).toEqual({
      uuid: undefined,
      name: 'CUSTOM_AWESOME',
      steps: [{ interface: 'raid', step: 'delete_configuration', args: {}, order: 10 }],
      disable_ramdisk: false,
      extra: {},
      public: false,
      owner: null,
    });
  });

  it('accepts a standard trait as a name, the interfaces of cleaning (vendor and firmware too) and a description it drops', () => {
    const body = { name: 'HW_CPU_X86_AVX2', description: 'kept nowhere', steps: [step({ interface: 'vendor' }), step({ interface: 'firmware', step: 'update' })] };
    expect(validateRunbook(body, 'runbook')).not.toHaveProperty('description');
  });

  it.each([
    ['a name that is no trait', { name: 'awesome', steps: [step()] }, /^Schema error for runbook: 'awesome' is not valid under any of the given schemas/],
    ['no steps', { name: 'CUSTOM_X', steps: [] }, /^Schema error for runbook: \[\] is too short$/],
    ['no name', { steps: [step()] }, /^Schema error for runbook: 'name' is a required property$/],
    ['a step without order', { name: 'CUSTOM_X', steps: [{ interface: 'bios', step: 'x' }] }, /'order' is a required property/],
    ['a negative order', { name: 'CUSTOM_X', steps: [step({ order: -1 })] }, /^Schema error for runbook: -1 is less than the minimum of 0$/],
    ['a deploy-only priority', { name: 'CUSTOM_X', steps: [step({ priority: 10 })] }, /Additional properties are not allowed \('priority' was unexpected\)/],
    ['an interface no clean step runs on', { name: 'CUSTOM_X', steps: [step({ interface: 'boot' })] }, /'boot' is not one of \['vendor', 'power', 'management', 'firmware', 'deploy', 'bios', 'raid'\]/],
    ['an unknown field', { name: 'CUSTOM_X', steps: [step()], traits: [] }, /Additional properties are not allowed \('traits' was unexpected\)/],
    ['an owner longer than 255', { name: 'CUSTOM_X', steps: [step()], owner: 'p'.repeat(256) }, /is too long$/],
  ])('refuses %s (400, in jsonschema words)', (_what, body, message) => {
    expect(refusal(body)).toEqual({ status: 400, code: 'InvalidParameterValue', message: expect.stringMatching(message) });
  });

  it('names the body as the caller did: `patch` for an update', () => {
    expect(refusal({ name: 'lower', steps: [step()] }, 'patch').message).toMatch(/^Schema error for patch: 'lower'/);
  });

  it("refuses the same interface and step twice with Ironic's (deploy template) wording", () => {
    expect(refusal({ name: 'CUSTOM_X', steps: [step(), step({ order: 2 })] })).toEqual({
      status: 400,
      code: 'InvalidDeployTemplate',
      message:
        'Deploy template invalid: Duplicate deploy steps. A template cannot have multiple deploy steps with the same interface and step. Duplicates: interface: bios, step: apply_configuration.',
    });
  });

  it('refuses a uuid that is not one', () => {
    expect(refusal({ name: 'CUSTOM_X', steps: [step()], uuid: 'nope' })).toEqual({ status: 400, code: 'InvalidParameterValue', message: 'Expected UUID for uuid: nope' });
  });
});
