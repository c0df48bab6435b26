import * as contracts from '@ferrum/contracts';
import {
  isPowerTarget,
  POWER_CHANGE_REFUSED_STATES,
  POWER_OFF,
  POWER_ON,
  POWER_TARGETS,
  powerTargetEndState,
  SOFT_POWER_MIN_VERSION,
  SOFT_POWER_TARGETS,
} from './power.states';

describe('power states', () => {
  it('uses the very constants of @ferrum/contracts instead of copies', () => {
    expect(POWER_TARGETS).toBe(contracts.POWER_TARGETS);
    expect(powerTargetEndState).toBe(contracts.powerTargetEndState);
    expect([POWER_ON, POWER_OFF]).toEqual(['power on', 'power off']);
  });

  it.each(['power on', 'power off', 'rebooting', 'soft rebooting', 'soft power off'])('accepts "%s" as a power target', (t) => {
    expect(isPowerTarget(t)).toBe(true);
  });

  it.each(['on', 'error', 'Power On', '', null])('refuses %p as a power target', (t) => {
    expect(isPowerTarget(t)).toBe(false);
  });

  it('needs 1.27 for the soft targets', () => {
    expect(SOFT_POWER_TARGETS).toEqual(['soft rebooting', 'soft power off']);
    expect(SOFT_POWER_MIN_VERSION).toBe(27);
  });

  it('refuses power changes while a node is cleaning', () => {
    expect([...POWER_CHANGE_REFUSED_STATES].sort()).toEqual(['clean wait', 'cleaning']);
  });
});
