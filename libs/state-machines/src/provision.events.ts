/**
 * FSM events (§14.2). User events are what API verbs turn into (§7.3); internal events are raised only by the
 * conductor's flows and are refused when a client sends them as a provision target.
 */
export const USER_EVENTS = [
  'manage',
  'provide',
  'inspect',
  'clean',
  'deploy',
  'rebuild',
  'delete',
  'abort',
  'adopt',
  'rescue',
  'unrescue',
  'unhold',
  'service',
] as const;
export type UserEvent = (typeof USER_EVENTS)[number];

export const INTERNAL_EVENTS = ['done', 'fail', 'wait', 'resume', 'hold'] as const;
export type InternalEvent = (typeof INTERNAL_EVENTS)[number];

export type ProvisionEvent = UserEvent | InternalEvent;
export const PROVISION_EVENTS: readonly ProvisionEvent[] = [...USER_EVENTS, ...INTERNAL_EVENTS];

export function isProvisionEvent(value: unknown): value is ProvisionEvent {
  return typeof value === 'string' && (PROVISION_EVENTS as readonly string[]).includes(value);
}

export function isInternalEvent(value: unknown): value is InternalEvent {
  return typeof value === 'string' && (INTERNAL_EVENTS as readonly string[]).includes(value);
}
