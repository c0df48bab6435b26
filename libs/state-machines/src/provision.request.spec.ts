import { FerrumError, Invalid, InvalidStateRequested, NodeInMaintenance, NodeLocked, NotAcceptable } from '@ferrum/errors';
import { ProvisionRequestBody, ProvisionRequestNode, validateProvisionRequest } from './provision.request';

function caught(fn: () => unknown): FerrumError | undefined {
  try {
    fn();
  } catch (error) {
    return error as FerrumError;
  }
  return undefined;
}

const node = (provision_state: string, extra: Partial<ProvisionRequestNode> = {}): ProvisionRequestNode => ({
  uuid: 'n-1',
  provision_state,
  reservation: null,
  maintenance: false,
  ...extra,
});

const STEPS = [{ interface: 'deploy', step: 'erase_devices' }];

describe('provision request validation', () => {
  it.each([
    ['available', { target: 'active' }, 1, 'deploy'],
    ['available', { target: 'deploy', configdrive: 'x' }, 73, 'deploy'],
    ['active', { target: 'undeploy' }, 73, 'delete'],
    ['manageable', { target: 'clean', clean_steps: STEPS }, 15, 'clean'],
    ['active', { target: 'rescue', rescue_password: 'p' }, 38, 'rescue'],
    ['clean wait', { target: 'abort' }, 13, 'abort'],
    ['inspect wait', { target: 'abort' }, 41, 'abort'],
    ['enroll', { target: 'manage' }, 4, 'manage'],
  ] as [string, ProvisionRequestBody, number, string][])('accepts a node in "%s" asked %j at 1.%d, firing %s', (state, body, minor, event) => {
    expect(validateProvisionRequest(node(state), body, minor).event).toBe(event);
  });

  it.each([
    ['a verb too new wins over maintenance', node('active', { maintenance: true }), { target: 'deploy' }, 72, NotAcceptable, 406],
    ['maintenance wins over the state check', node('active', { maintenance: true, reservation: 'c1' }), { target: 'active' }, 82, NodeInMaintenance, 400],
    ['maintenance applies to rebuild', node('active', { maintenance: true }), { target: 'rebuild' }, 82, NodeInMaintenance, 400],
    ['maintenance applies to the deploy alias', node('available', { maintenance: true }), { target: 'deploy' }, 82, NodeInMaintenance, 400],
    ['the state check wins over parameter mismatches', node('available'), { target: 'provide', clean_steps: STEPS }, 82, InvalidStateRequested, 400],
    ['a reserved node in the wrong state is locked', node('deploying', { reservation: 'c1' }), { target: 'active' }, 82, NodeLocked, 409],
    ['parameter mismatches win over the inspect-abort gate', node('inspect wait'), { target: 'abort', clean_steps: STEPS }, 40, Invalid, 400],
    ['aborting an inspection needs 1.41', node('inspect wait'), { target: 'abort' }, 40, NotAcceptable, 406],
    ['manual cleaning needs clean_steps', node('manageable'), { target: 'clean' }, 82, Invalid, 400],
    ['rescue needs a password', node('active'), { target: 'rescue', rescue_password: ' ' }, 82, Invalid, 400],
    ['an internal event the state takes is not understood', node('deploying', { reservation: 'c1' }), { target: 'done' }, 82, InvalidStateRequested, 400],
    ['an internal event the state does not take fails the state check', node('active', { reservation: 'c1' }), { target: 'done' }, 82, NodeLocked, 409],
  ] as [string, ProvisionRequestNode, ProvisionRequestBody, number, abstract new (...args: never[]) => FerrumError, number][])(
    'orders checks as Ironic: %s',
    (_case, n, body, minor, cls, status) => {
      const error = caught(() => validateProvisionRequest(n, body, minor));
      expect(error).toBeInstanceOf(cls);
      expect(error?.status).toBe(status);
    },
  );

  it('tells a client that sent an internal event it was not understood', () => {
    const error = caught(() => validateProvisionRequest(node('deploying'), { target: 'done' }, 82));
    expect(error?.message).toBe('The requested action "done" could not be understood.');
  });

  it('words the maintenance refusal with the "provisioning" operation, as Ironic does', () => {
    const error = caught(() => validateProvisionRequest(node('available', { maintenance: true }), { target: 'active' }, 82));
    expect(error?.params).toEqual({ op: 'provisioning', node: 'n-1' });
  });

  it('does not apply the 1.41 gate to aborting a clean', () => {
    expect(validateProvisionRequest(node('clean wait'), { target: 'abort' }, 40).event).toBe('abort');
  });
});
