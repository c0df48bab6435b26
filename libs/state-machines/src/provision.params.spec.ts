import { FerrumError, Invalid, NotAcceptable } from '@ferrum/errors';
import { checkRequiredParams, checkVerbParams, ProvisionParams } from './provision.params';
import { ProvisionVerb } from './provision.verbs';

function caught(fn: () => unknown): FerrumError | undefined {
  try {
    fn();
  } catch (error) {
    return error as FerrumError;
  }
  return undefined;
}

const STEPS = [{ interface: 'deploy', step: 'erase_devices' }];

describe('provision parameters', () => {
  it.each([
    ['active', { configdrive: 'H4sI...' }, 1],
    ['deploy', { configdrive: 'http://example.com/cd.iso', deploy_steps: STEPS }, 73],
    ['rebuild', { configdrive: 'H4sI...' }, 35],
    ['active', { configdrive: { meta_data: {}, user_data: '#cloud-config' } }, 56],
    ['active', { configdrive: { user_data: ['a'], network_data: {}, vendor_data: {} } }, 59],
    ['active', { deploy_steps: STEPS }, 69],
    ['rebuild', { deploy_steps: STEPS }, 69],
    ['clean', { clean_steps: STEPS }, 15],
    ['clean', { clean_steps: STEPS, disable_ramdisk: true }, 70],
    ['rescue', { rescue_password: 'hunter2' }, 38],
    // Empty values count as not given, as they do in Ironic.
    ['manage', { configdrive: '', clean_steps: [], deploy_steps: [] }, 4],
    ['manage', { configdrive: null, rescue_password: null, disable_ramdisk: null }, 4],
  ] as [ProvisionVerb, ProvisionParams, number][])('accepts "%s" with %j at 1.%d', (verb, params, minor) => {
    expect(caught(() => checkVerbParams(verb, params, minor))).toBeUndefined();
  });

  it.each([
    ['configdrive on provide', 'provide', { configdrive: 'x' }, 82, 400, 'Adding a config drive is only supported when setting provision state to active, rebuild'],
    ['configdrive on rebuild before 1.35', 'rebuild', { configdrive: 'x' }, 34, 400, 'Adding a config drive is only supported when setting provision state to active'],
    ['a configdrive object before 1.56', 'active', { configdrive: { meta_data: {} } }, 55, 400, 'Providing a JSON object for configdrive is only supported starting with API version 1.56'],
    ['vendor_data in a configdrive before 1.59', 'active', { configdrive: { vendor_data: {} } }, 58, 400, 'Providing vendor_data in configdrive is only supported starting with API version 1.59'],
    ['an unknown configdrive key', 'active', { configdrive: { user: {} } }, 82, 400, "Invalid configdrive format: Additional properties are not allowed ('user' was unexpected)"],
    ['a configdrive meta_data that is not an object', 'active', { configdrive: { meta_data: 'x' } }, 82, 400, 'Invalid configdrive format: meta_data must be an object'],
    ['disable_ramdisk before 1.70', 'clean', { clean_steps: STEPS, disable_ramdisk: false }, 69, 406, 'disable_ramdisk is not acceptable in this API version'],
    ['disable_ramdisk on provide', 'provide', { disable_ramdisk: true }, 82, 400, 'disable_ramdisk is supported only with manual cleaning'],
    ['clean_steps on provide', 'provide', { clean_steps: STEPS }, 82, 400, '"clean_steps" is only valid when setting target provision state to clean'],
    ['deploy_steps before 1.69', 'active', { deploy_steps: STEPS }, 68, 406, 'Request not acceptable. The minimal required API version should be 1.69'],
    ['deploy_steps on deleted', 'deleted', { deploy_steps: STEPS }, 82, 400, '"deploy_steps" is only valid when setting target provision state to active or rebuild'],
    ['rescue_password on unrescue', 'unrescue', { rescue_password: 'x' }, 82, 400, '"rescue_password" is only valid when setting target provision state to rescue'],
    ['an empty rescue_password on active', 'active', { rescue_password: '' }, 82, 400, '"rescue_password" is only valid when setting target provision state to rescue'],
  ] as [string, ProvisionVerb, ProvisionParams, number, number, string][])(
    'refuses %s (as Ironic 21.4: the served maximum pinned to 2023.1)',
    (_case, verb, params, minor, status, message) => {
      const error = caught(() => checkVerbParams(verb, params, minor, undefined, 82));
      expect(error).toBeInstanceOf(status === 406 ? NotAcceptable : Invalid);
      expect(error?.status).toBe(status);
      expect(error?.message).toBe(message);
    },
  );

  it('checks the configdrive before disable_ramdisk, clean_steps, deploy_steps and rescue_password, as Ironic does', () => {
    const all = { configdrive: 'x', disable_ramdisk: true, clean_steps: STEPS, deploy_steps: STEPS, rescue_password: 'p' };
    expect(caught(() => checkVerbParams('provide', all, 82))?.message).toMatch(/config drive/);
    expect(caught(() => checkVerbParams('provide', { ...all, configdrive: null }, 82))?.message).toMatch(/disable_ramdisk/);
    expect(caught(() => checkVerbParams('provide', { ...all, configdrive: null, disable_ramdisk: null }, 82))?.message).toMatch(/clean_steps/);
  });

  it('gives a target that is no verb no parameters at all', () => {
    expect(caught(() => checkVerbParams('done', { clean_steps: STEPS }, 82))?.message).toMatch(/clean_steps/);
    expect(caught(() => checkVerbParams('done', {}, 82))).toBeUndefined();
  });

  it.each([
    ['clean', {}, '"clean_steps" is required when setting target provision state to clean'],
    ['clean', { clean_steps: [] }, '"clean_steps" is required when setting target provision state to clean'],
    ['rescue', {}, 'A non-empty "rescue_password" is required when setting target provision state to rescue'],
    ['rescue', { rescue_password: '   ' }, 'A non-empty "rescue_password" is required when setting target provision state to rescue'],
  ] as [ProvisionVerb, ProvisionParams, string][])('refuses "%s" without what it needs (%j)', (verb, params, message) => {
    const error = caught(() => checkRequiredParams(verb, params));
    expect(error).toBeInstanceOf(Invalid);
    expect(error?.status).toBe(400);
    expect(error?.message).toBe(message);
  });

  it('asks nothing more of verbs without required parameters', () => {
    expect(caught(() => checkRequiredParams('active', {}))).toBeUndefined();
    expect(caught(() => checkRequiredParams('rescue', { rescue_password: 'p' }))).toBeUndefined();
  });
});

describe('a runbook in place of steps (1.92)', () => {
  const RUNBOOK_STEPS = [{ interface: 'bios', step: 'apply_configuration', args: {}, order: 1 }];
  const resolver = (disable_ramdisk = true) => {
    const asked: string[] = [];
    return { asked, resolve: (name: string) => (asked.push(name), { steps: RUNBOOK_STEPS, disable_ramdisk }) };
  };

  it.each(['clean', 'service'] as const)('gives "%s" the runbook\'s steps and its disable_ramdisk', (verb) => {
    const r = resolver();
    const params = checkVerbParams(verb, { runbook: 'CUSTOM_RB' }, 92, r.resolve);
    expect(params).toEqual({ runbook: 'CUSTOM_RB', disable_ramdisk: true, [`${verb}_steps`]: RUNBOOK_STEPS });
    expect(r.asked).toEqual(['CUSTOM_RB']);
    expect(caught(() => checkRequiredParams(verb, params))).toBeUndefined();
  });

  it('is not acceptable below 1.92, before anything is looked up', () => {
    const r = resolver();
    const error = caught(() => checkVerbParams('clean', { runbook: 'CUSTOM_RB' }, 91, r.resolve));
    expect([error?.status, error?.message]).toEqual([406, 'Request not acceptable.']);
    expect(r.asked).toEqual([]);
  });

  it.each([
    ['clean', { runbook: 'CUSTOM_RB', clean_steps: STEPS }, 'Please provide either "clean_steps" or a runbook, but not both.'],
    ['service', { runbook: 'CUSTOM_RB', service_steps: STEPS }, 'Please provide either "service_steps" or a runbook, but not both.'],
    ['service', { runbook: 'CUSTOM_RB', clean_steps: STEPS }, '"runbooks" is only valid when setting target provision state to any of [\'clean\', \'service\']'],
    ['provide', { runbook: 'CUSTOM_RB', service_steps: STEPS }, '"runbooks" is only valid when setting target provision state to any of [\'clean\', \'service\']'],
  ] as [ProvisionVerb, ProvisionParams, string][])('refuses "%s" with %j (400)', (verb, params, message) => {
    const error = caught(() => checkVerbParams(verb, params, 92, resolver().resolve));
    expect(error).toBeInstanceOf(Invalid);
    expect([error?.status, error?.message]).toEqual([400, message]);
  });

  it("checks a runbook sent with another target and then leaves that target's parameters alone, as Ironic 26.1 does", () => {
    const r = resolver(false);
    expect(checkVerbParams('provide', { runbook: 'CUSTOM_RB' }, 92, r.resolve)).toEqual({ runbook: 'CUSTOM_RB', disable_ramdisk: false });
    expect(r.asked).toEqual(['CUSTOM_RB']);
  });

  it("lets the resolver's refusal through, after the disable_ramdisk check and before the step mismatches", () => {
    const refuse = () => {
      throw new Invalid({ message: 'not approved' });
    };
    expect(caught(() => checkVerbParams('provide', { runbook: 'CUSTOM_RB', disable_ramdisk: true }, 92, refuse))?.message).toMatch(/disable_ramdisk/);
    expect(caught(() => checkVerbParams('provide', { runbook: 'CUSTOM_RB', clean_steps: STEPS }, 92, refuse))?.message).toBe('not approved');
  });

  it('ignores an empty runbook, as Ironic does a falsy one', () => {
    expect(checkVerbParams('clean', { runbook: '', clean_steps: STEPS }, 92)).toEqual({ runbook: '', clean_steps: STEPS });
  });
});

describe('disable_ramdisk with servicing (1.108)', () => {
  const check = (verb: string, apiMinor: number, served: number) => caught(() => checkVerbParams(verb, { disable_ramdisk: true }, apiMinor, undefined, served));

  it('is taken with service from 1.108 and with clean from 1.70, in a release that has 1.108', () => {
    expect(check('service', 108, 111)).toBeUndefined();
    expect(check('clean', 70, 111)).toBeUndefined();
    expect(check('service', 107, 111)).toBeInstanceOf(NotAcceptable);
    expect(check('clean', 69, 111)?.message).toBe('disable_ramdisk is not acceptable in this API version');
  });

  it("refuses it with other verbs in that release's words, and keeps 21.4's check (version first, clean only) before", () => {
    expect(check('active', 111, 111)).toMatchObject({ status: 400, message: 'disable_ramdisk is supported only with manual cleaning or servicing' });
    expect(check('service', 101, 101)).toMatchObject({ status: 400, message: 'disable_ramdisk is supported only with manual cleaning' });
    expect(check('active', 69, 82)).toBeInstanceOf(NotAcceptable);
  });
});
