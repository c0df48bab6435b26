import type { AnyCall } from '@ferrum/contracts';

/**
 * Where a call travels on NATS. The only place subjects are spelled: the Ferrum server subscribes
 * to them and the Ferrum client sends to them, from the call's scope and pattern.
 *
 * - conductor calls: `ferrum.conductor.<hostname>.<pattern>`, one conductor's own subjects;
 * - driver calls: `ferrum.driver.<hardware type>.<pattern>`, answered by the queue group `ferrum.driver.<hardware type>`;
 * - inspector calls: `<prefix>.<pattern>` (prefix `ferrum.inspector` by default), answered by the queue group `<prefix>`.
 */
export interface Route {
  /** The conductor that must answer a conductor call. */
  host?: string;
  /** The hardware type whose conductors answer a driver call. */
  driver?: string;
}

/** NATS subject tokens may not contain '.', '*', '>' or whitespace; hostnames may contain dots. */
export function subjectToken(value: string): string {
  return value.replace(/[.*>\s]/g, '_');
}

export function subjectOf(call: AnyCall, route: Route, inspectorPrefix: string): { subject: string; queue?: string } {
  switch (call.scope) {
    case 'conductor':
      if (!route.host) throw new Error(`${call.pattern} needs a conductor hostname`);
      return { subject: `ferrum.conductor.${subjectToken(route.host)}.${call.pattern}` };
    case 'driver': {
      if (!route.driver) throw new Error(`${call.pattern} needs a hardware type`);
      const queue = `ferrum.driver.${subjectToken(route.driver)}`;
      return { subject: `${queue}.${call.pattern}`, queue };
    }
    case 'inspector':
      return { subject: `${inspectorPrefix}.${call.pattern}`, queue: inspectorPrefix };
  }
}
