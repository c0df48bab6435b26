import { InvalidParameterValue } from '@ferrum/errors';
import { checkCleanSteps, checkDeploySteps } from './provision-steps';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterValue);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('clean and deploy step shapes', () => {
  it('accepts clean steps with or without args', () => {
    expect(checkCleanSteps([{ interface: 'bios', step: 'factory_reset' }, { interface: 'raid', step: 'create_configuration', args: { x: 1 } }])).toEqual([
      { interface: 'bios', step: 'factory_reset' },
      { interface: 'raid', step: 'create_configuration', args: { x: 1 } },
    ]);
  });

  it.each([
    [5, "Invalid clean_steps: 5 is not of type 'object'"],
    [{ step: 'x' }, "Invalid clean_steps: 'interface' is a required property"],
    [{ interface: 'bios' }, "Invalid clean_steps: 'step' is a required property"],
    [{ interface: 'vendor', step: 'x' }, "Invalid clean_steps: 'vendor' is not one of ['power', 'management', 'deploy', 'bios', 'raid']"],
    [{ interface: 'bios', step: 5 }, "Invalid clean_steps: 5 is not of type 'string'"],
    [{ interface: 'bios', step: '' }, "Invalid clean_steps: '' is too short"],
    [{ interface: 'bios', step: 'x', args: [] }, "Invalid clean_steps: [] is not of type 'object'"],
    [{ interface: 'bios', step: 'x', priority: 1 }, "Invalid clean_steps: Additional properties are not allowed ('priority' was unexpected)"],
  ])('refuses the clean step %j with Ironic\'s words', (step, message) => {
    expect(reason(() => checkCleanSteps([step]))).toBe(message);
  });

  it('requires args and priority on deploy steps and turns a digit string priority into a number', () => {
    expect(checkDeploySteps([{ interface: 'deploy', step: 'deploy', args: {}, priority: '90' }])).toEqual([
      { interface: 'deploy', step: 'deploy', args: {}, priority: 90 },
    ]);
    expect(reason(() => checkDeploySteps([{ interface: 'deploy', step: 'deploy', priority: 1 }]))).toBe("Invalid deploy_steps: 'args' is a required property");
    expect(reason(() => checkDeploySteps([{ interface: 'deploy', step: 'deploy', args: {} }]))).toBe("Invalid deploy_steps: 'priority' is a required property");
    expect(reason(() => checkDeploySteps([{ interface: 'deploy', step: 'deploy', args: {}, priority: -1 }]))).toBe(
      'Invalid deploy_steps: -1 is not valid under any of the given schemas',
    );
  });
});
