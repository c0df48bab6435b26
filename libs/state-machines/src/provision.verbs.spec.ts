import { FerrumError, InvalidStateRequested, NodeLocked, NotAcceptable } from '@ferrum/errors';
import { PROVISION_STATES, ProvisionState } from './provision.states';
import {
  checkVerbAllowed,
  eventForTarget,
  PROVISION_VERB_NAMES,
  PROVISION_VERBS,
  ProvisionVerb,
  resolveVerb,
} from './provision.verbs';

function caught(fn: () => unknown): FerrumError {
  try {
    fn();
  } catch (error) {
    return error as FerrumError;
  }
  throw new Error('expected an error');
}

const LATEST = 82;

/** §7.3 verbatim: target, minimum minor version, FSM event, the states it is allowed from. */
const VERB_TABLE: [ProvisionVerb, number, string, ProvisionState[]][] = [
  ['active', 1, 'deploy', ['available', 'deploy failed']],
  ['deploy', 73, 'deploy', ['available', 'deploy failed']],
  ['rebuild', 1, 'rebuild', ['active', 'deploy failed', 'error']],
  ['deleted', 1, 'delete', ['active', 'wait call-back', 'deploy failed', 'error', 'rescue', 'rescue wait', 'rescue failed', 'unrescue failed', 'service wait', 'service failed']],
  ['undeploy', 73, 'delete', ['active', 'wait call-back', 'deploy failed', 'error', 'rescue', 'rescue wait', 'rescue failed', 'unrescue failed', 'service wait', 'service failed']],
  ['manage', 4, 'manage', ['enroll', 'available', 'clean failed', 'inspect failed', 'adopt failed']],
  ['provide', 4, 'provide', ['manageable']],
  ['inspect', 6, 'inspect', ['manageable', 'inspect failed']],
  ['abort', 13, 'abort', ['clean wait', 'clean hold', 'deploy hold', 'rescue wait', 'inspect wait', 'service wait', 'service hold', 'service failed', 'wait call-back']],
  ['clean', 15, 'clean', ['manageable']],
  ['adopt', 17, 'adopt', ['manageable', 'adopt failed']],
  ['rescue', 38, 'rescue', ['active', 'rescue', 'rescue failed', 'unrescue failed', 'service failed']],
  ['unrescue', 38, 'unrescue', ['rescue', 'rescue failed', 'unrescue failed']],
  // 1.85, checked against the node's state (see below): Ironic's MIN_VERB_VERSIONS does not list it.
  ['unhold', 1, 'unhold', ['clean hold', 'deploy hold', 'service hold']],
  // 1.87, checked against the node's state as unhold is.
  ['service', 1, 'service', ['active', 'service hold', 'service failed']],
];

/**
 * Pairs the FSM accepts although §7.3 does not list them: they are the conductor's own moves (ending a manual
 * clean, cleaning after teardown). Ironic's API checks only the FSM, so it lets them through, and while they
 * run the conductor holds the node, so the client still gets 409 from the lock.
 */
const CONDUCTOR_ONLY: Partial<Record<ProvisionVerb, ProvisionState[]>> = { manage: ['cleaning'], clean: ['deleting'] };

describe('provision verbs', () => {
  it('knows exactly the targets of §7.3', () => {
    expect([...PROVISION_VERB_NAMES].sort()).toEqual(VERB_TABLE.map(([verb]) => verb).sort());
  });

  it.each(VERB_TABLE)('maps target "%s" (from 1.%d) to the FSM event %s', (verb, minVersion, event) => {
    expect(resolveVerb(verb, LATEST)).toMatchObject({ verb, event, minVersion });
    expect(resolveVerb(verb, minVersion).event).toBe(event);
    expect(eventForTarget(verb)).toBe(event);
  });

  it.each(VERB_TABLE.filter(([, minVersion]) => minVersion > 1))(
    'answers 406 to "%s" from a client older than 1.%d',
    (verb, minVersion) => {
      const error = caught(() => resolveVerb(verb, minVersion - 1));
      expect(error).toBeInstanceOf(NotAcceptable);
      expect(error.status).toBe(406);
      expect(error.message).toBe('Request not acceptable.');
    },
  );

  it('needs 1.73 for the deploy and undeploy aliases, which behave as active and deleted', () => {
    expect(() => resolveVerb('deploy', 72)).toThrow(NotAcceptable);
    expect(() => resolveVerb('undeploy', 72)).toThrow(NotAcceptable);
    expect(resolveVerb('deploy', 73)).toMatchObject({ event: 'deploy', canonical: 'active' });
    expect(resolveVerb('undeploy', 73)).toMatchObject({ event: 'delete', canonical: 'deleted' });
    expect(resolveVerb('active', 1).canonical).toBe('active');
  });

  it.each(['done', 'fail', 'wait', 'resume', 'deploy complete', 'frobnicate', 'toString'])(
    'does not understand "%s" as a provision target (400)',
    (target) => {
      const error = caught(() => resolveVerb(target, LATEST));
      expect(error).toBeInstanceOf(InvalidStateRequested);
      expect(error.status).toBe(400);
      expect(error.message).toBe(`The requested action "${target}" could not be understood.`);
    },
  );

  it('asks for 1.41 before aborting an inspection, but not other aborts', () => {
    expect(PROVISION_VERBS.abort.minVersionFrom).toEqual({ 'inspect wait': 41, 'wait call-back': 110 });
  });

  it('asks for 1.85 before releasing a hold, after the state check', () => {
    expect(PROVISION_VERBS.unhold.minVersionFrom).toEqual({ 'clean hold': 85, 'deploy hold': 85, 'service hold': 85 });
    expect(PROVISION_VERBS.service.minVersionFrom).toEqual({ active: 87, 'service hold': 87, 'service failed': 87 });
  });

  describe('illegal-verb rule', () => {
    it.each(VERB_TABLE)('lets "%s" (1.%d, %s) through only from the states §7.3 allows', (verb, _v, _e, from) => {
      const passes = PROVISION_STATES.filter((state) => {
        try {
          checkVerbAllowed({ uuid: 'n-1', provision_state: state, reservation: null }, verb);
          return true;
        } catch {
          return false;
        }
      });
      expect([...passes].sort()).toEqual([...from, ...(CONDUCTOR_ONLY[verb] ?? [])].sort());
    });

    it('refuses to deploy a node locked by another conductor with 409 NodeLocked', () => {
      const error = caught(() =>
        checkVerbAllowed({ uuid: 'n-1', provision_state: 'deploying', reservation: 'conductor-2' }, 'active'),
      );
      expect(error).toBeInstanceOf(NodeLocked);
      expect(error.status).toBe(409);
      expect(error.message).toBe('Node n-1 is locked by host conductor-2, please retry after the current operation is completed.');
    });

    it('refuses to deploy an unlocked active node with 400 naming the verb as sent', () => {
      const error = caught(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'active', reservation: null }, 'active'));
      expect(error).toBeInstanceOf(InvalidStateRequested);
      expect(error.status).toBe(400);
      expect(error.message).toBe('The requested action "active" can not be performed on node "n-1" while it is in state "active".');
    });

    it('names the alias the client sent, not the verb it stands for', () => {
      const error = caught(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'enroll', reservation: null }, 'undeploy'));
      expect(error.message).toBe('The requested action "undeploy" can not be performed on node "n-1" while it is in state "enroll".');
    });

    it('treats an empty reservation as no lock', () => {
      expect(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'active', reservation: '' }, 'provide')).toThrow(
        InvalidStateRequested,
      );
    });

    it('refuses an unknown target against any state, with 409 while the node is locked', () => {
      expect(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'available', reservation: null }, 'frobnicate')).toThrow(
        InvalidStateRequested,
      );
      expect(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'available', reservation: 'c1' }, 'frobnicate')).toThrow(
        NodeLocked,
      );
    });

    it('lets an internal event through where the FSM takes it (it is refused later as not understood)', () => {
      expect(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'deploying', reservation: 'c1' }, 'done')).not.toThrow();
      expect(() => checkVerbAllowed({ uuid: 'n-1', provision_state: 'active', reservation: null }, 'done')).toThrow(
        InvalidStateRequested,
      );
    });
  });
});
