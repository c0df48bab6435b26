import type { Answer } from './runner';

interface Fault {
  faultcode?: string;
  faultstring?: string;
  code?: number;
  description?: string;
}

/** The inner error document of an answer (fault or framework shape), or undefined when it has none. */
function error(answer: Answer): Fault | undefined {
  const body = answer.body as { error_message?: unknown } | undefined;
  if (typeof body?.error_message !== 'string') return undefined;
  try {
    return JSON.parse(body.error_message) as Fault;
  } catch {
    return undefined;
  }
}

/** Ironic failed with a Python exception (500, "Server") whose text matches `text`. */
function ironicCrashed(ironic: Answer, text: RegExp): boolean {
  const fault = error(ironic);
  return ironic.status === 500 && fault?.faultcode === 'Server' && text.test(fault.faultstring ?? '');
}

function clientFault(answer: Answer, status: number, text: RegExp): boolean {
  const fault = error(answer);
  return answer.status === status && fault?.faultcode === 'Client' && text.test(fault.faultstring ?? '');
}

function routerError(answer: Answer, status: number): boolean {
  return answer.status === status && error(answer)?.code === status;
}

const MALFORMED_JSON = /^The request body is not valid JSON: /;
const PORTGROUP_NONE = /^Portgroup None could not be found\.$/;

/** Ferrum lists the node's ports where Ironic 21.4 fails: the same answer as for the node's uuid. */
function listsPorts(ironic: Answer, ferrum: Answer): boolean {
  return clientFault(ironic, 404, PORTGROUP_NONE) && ferrum.status === 200 && Array.isArray((ferrum.body as { ports?: unknown }).ports);
}

/** The same upstream bug for the port groups of a node named by its name. */
function listsPortgroups(ironic: Answer, ferrum: Answer): boolean {
  return clientFault(ironic, 404, PORTGROUP_NONE) && ferrum.status === 200 && Array.isArray((ferrum.body as { portgroups?: unknown }).portgroups);
}

/**
 * Both refuse with the same words, where only the order of a quoted object's keys differs (the same
 * characters, and the same root cause after them).
 */
function sameRefusalKeysReordered(ironic: Answer, ferrum: Answer): boolean {
  const [i, f] = [error(ironic)?.faultstring, error(ferrum)?.faultstring];
  if (ironic.status !== 400 || ferrum.status !== 400 || !i || !f || i === f) return false;
  const cause = (text: string) => text.slice(text.lastIndexOf('. Possible root cause: '));
  return [...i].sort().join('') === [...f].sort().join('') && cause(i) === cause(f);
}

/** Ferrum's answer is Ironic's plus exactly the named top-level keys (with Ironic's keys and values unchanged). */
function onlyAdds(keys: string[]) {
  return (ironic: Answer, ferrum: Answer): boolean => {
    if (ironic.status !== 200 || ferrum.status !== 200) return false;
    const i = ironic.body as Record<string, unknown>;
    const f = { ...(ferrum.body as Record<string, unknown>) };
    if (!keys.every((k) => k in f && !(k in i))) return false;
    for (const k of keys) delete f[k];
    return JSON.stringify(Object.entries(i).sort()) === JSON.stringify(Object.entries(f).sort());
  };
}

/**
 * Steps where the real Ironic is plainly wrong and Ferrum deliberately answers otherwise, keyed by
 * "scenario › step", plus the one deliberate Ferrum extension the differential meets. Each entry says
 * why, and accepts only the one shape of difference it names.
 */
export const ALLOW_LIST: Record<string, { reason: string; accepts: (ironic: Answer, ferrum: Answer) => boolean }> = {
  ...Object.fromEntries(
    ['node-fields › patch a bad IPv4 address into network_data', 'node-fields › patch a bad MTU into network_data'].map((step) => [
      step,
      {
        reason:
          "The message quotes the stored network_data object as Python prints it; Ironic keeps JSON as text (its keys in the order sent), Ferrum's jsonb columns keep keys in PostgreSQL's order (shorter first), so the same keys and values are listed in another order",
        accepts: sameRefusalKeysReordered,
      },
    ]),
  ),
  'node-fields › conductor_group back to none': {
    reason: "Ironic crashes (500) when conductor_group is removed by a PATCH (its object refuses None for the group); Ferrum puts the node back in the default group (''), as a node created without one",
    accepts: (i, f) => i.status === 500 && f.status === 200 && (f.body as { conductor_group?: unknown }).conductor_group === '',
  },
  'console › enabled null (settled)': {
    reason:
      "Ironic accepts {enabled: null} (202), then its worker fails assigning None to the node's non-nullable console_enabled and records that in last_error (an Ironic bug); Ferrum takes null as a disable, which here changes nothing",
    accepts: (i, f) => {
      const [ib, fb] = [i.body, f.body] as { last_error?: unknown; console_enabled?: unknown }[];
      return /^Async execution of _set_console_mode failed with error: Field `console_enabled' cannot be None$/.test(String(ib?.last_error)) && fb?.last_error === null && ib?.console_enabled === fb?.console_enabled;
    },
  },
  'microversion gates › filter include_children at 1.82': {
    reason:
      'Ironic 21.4 has no such argument (400 "Unexpected arguments"); from 22.0, which brought it with API 1.83, Ironic refuses it below 1.83 with a 406 naming that version, as Ferrum (which serves 1.83) does',
    accepts: (i, f) => clientFault(i, 400, /^Unexpected arguments: include_children$/) && clientFault(f, 406, /^Request not acceptable\. The minimal required API version should be 1\.83$/),
  },
  'versions › unknown path below a known one': {
    reason: 'Ironic crashes (500, pecan passes the extra segments to get_one); Ferrum answers the router 404',
    accepts: (i, f) => ironicCrashed(i, /get_one\(\) takes .* positional arguments/) && routerError(f, 404),
  },
  'nodes › list nodes with an unknown field': {
    reason: 'Ironic crashes (500, AttributeError on the Node object); Ferrum refuses the field with a 400',
    accepts: (i, f) => ironicCrashed(i, /^type object 'Node' has no attribute 'nope'$/) && clientFault(f, 400, /^Field nope is not a valid field\.$/),
  },
  'nodes › create a node with malformed JSON': {
    reason: 'Ironic crashes (500, the JSON decoder error escapes); Ferrum answers 400 naming the parse error',
    accepts: (i, f) => ironicCrashed(i, /line \d+ column \d+/) && clientFault(f, 400, MALFORMED_JSON),
  },
  'node actions › power with malformed JSON': {
    reason: 'Ironic ignores a body it cannot parse and complains about the missing target; Ferrum says the body is not JSON',
    accepts: (i, f) => clientFault(i, 400, /^Missing mandatory parameter: target$/) && clientFault(f, 400, MALFORMED_JSON),
  },
  'node actions › GET states/power is not allowed': {
    reason: 'Ironic crashes (500, pecan passes "power" to NodeStatesController.get); Ferrum answers the router 405',
    accepts: (i, f) => ironicCrashed(i, /NodeStatesController\.get\(\) takes/) && routerError(f, 405),
  },
  'raid › get states/raid': {
    reason: 'Ironic crashes (500, pecan passes "raid" to NodeStatesController.get); Ferrum answers the router 405, as for GET states/power',
    accepts: (i, f) => ironicCrashed(i, /NodeStatesController\.get\(\) takes/) && routerError(f, 405),
  },
  'traits › traits with an unexpected argument': {
    reason: 'Ironic crashes (500, pecan passes the query argument to get_all); Ferrum refuses the argument with a 400',
    accepts: (i, f) => ironicCrashed(i, /get_all\(\) got an unexpected keyword argument 'limit'/) && clientFault(f, 400, /^Unexpected arguments: limit$/),
  },
  'traits › one trait at 1.36': {
    reason: 'Ironic crashes (500, pecan passes the trait to the node\'s get_one below 1.37); Ferrum answers the router 405',
    accepts: (i, f) => ironicCrashed(i, /get_one\(\) takes .* positional arguments/) && routerError(f, 405),
  },
  'shards › the shards with an argument': {
    reason: 'Ironic crashes (500, pecan passes the query argument to get_all); Ferrum refuses the argument with a 400',
    accepts: (i, f) => ironicCrashed(i, /get_all\(\) got an unexpected keyword argument 'limit'/) && clientFault(f, 400, /^Unexpected arguments: limit$/),
  },
  'volume › the volume document with an argument': {
    reason: 'Ironic crashes (500, pecan passes the query argument to VolumeController.get); Ferrum refuses the argument with a 400',
    accepts: (i, f) => ironicCrashed(i, /VolumeController\.get\(\) got an unexpected keyword argument 'x'/) && clientFault(f, 400, /^Unexpected arguments: x$/),
  },
  'volume › an unknown volume collection': {
    reason: 'Ironic crashes (500, pecan passes the unknown segment to VolumeController.get); Ferrum answers the router 404',
    accepts: (i, f) => ironicCrashed(i, /VolumeController\.get\(\) takes 1 positional argument/) && routerError(f, 404),
  },
  'portgroups › groups of the node': {
    reason: 'Ironic 21.4 fails to list the port groups of a node named by its name ("Portgroup None", the same upstream bug as for ports); Ferrum lists them',
    accepts: listsPortgroups,
  },
  'portgroups › groups of the node in detail': {
    reason: 'Ironic 21.4 fails to list the port groups of a node named by its name ("Portgroup None", the same upstream bug as for ports); Ferrum lists them',
    accepts: listsPortgroups,
  },
  'portgroups › the group ports by its name': {
    reason: "Ironic 21.4 finds a group by name for ?portgroup= but not as the parent of /portgroups/{name}/ports (an upstream bug: 404); Ferrum lists the group's ports",
    accepts: (i, f) => clientFault(i, 404, /^Portgroup \S+ could not be found\.$/) && f.status === 200 && Array.isArray((f.body as { ports?: unknown }).ports),
  },
  'portgroups › add a port of another node to the group': {
    reason: "Ironic raises its BadRequest, which has no HTTP code, so the right message goes out as a 500; Ferrum answers it as the 400 it is",
    accepts: (i, f) => i.status === 500 && clientFault(f, 400, /^Port can not be added to a portgroup belonging to a different node\.$/) && error(i)?.faultstring === error(f)?.faultstring,
  },
  'portgroups › delete a group with ports': {
    reason: "Ironic on SQLite crashes on its foreign key (500) before its own PortgroupNotEmpty check; Ferrum refuses with Ironic's PortgroupNotEmpty (400), as Ironic does on MySQL",
    accepts: (i, f) => ironicCrashed(i, /FOREIGN KEY constraint failed/) && clientFault(f, 400, /^Cannot complete the requested action because portgroup \d+ contains ports\.$/),
  },
  'portgroups › move a group with ports to another node': {
    reason: "Ironic 21.4 crashes (500) when a patch changes a group's node (it writes the new uuid onto the old node); Ferrum applies its rules: a group with ports cannot move (PortgroupNotEmpty, 400)",
    accepts: (i, f) => ironicCrashed(i, /UNIQUE constraint failed: nodes\.uuid/) && clientFault(f, 400, /can not be associated with node .* because there are ports associated with this portgroup\.$/),
  },
  'portgroups › move the empty group to the other node': {
    reason: "Ironic 21.4 crashes (500) when a patch changes a group's node (it writes the new uuid onto the old node); Ferrum moves the empty group, as the API documents",
    accepts: (i, f) => ironicCrashed(i, /UNIQUE constraint failed: nodes\.uuid/) && f.status === 200,
  },
  'ports › ports of the node': {
    reason: 'Ironic 21.4 fails to list the ports of a node named by its name ("Portgroup None", an upstream bug); Ferrum lists them',
    accepts: listsPorts,
  },
  'ports › ports of the node in detail': {
    reason: 'Ironic 21.4 fails to list the ports of a node named by its name ("Portgroup None", an upstream bug); Ferrum lists them',
    accepts: listsPorts,
  },
  'chassis › create a node through the chassis': {
    reason: "Ironic's routing passes the chassis uuid as the node body (a schema error whatever the body); Ferrum refuses the operation (403) as documented",
    accepts: (i, f) => clientFault(i, 400, /^Schema error for node: '[0-9a-f-]{36}' is not of type 'object'$/) && clientFault(f, 403, /^Operation not permitted\.$/),
  },
  "history › the detail path (the CLI's --long)": {
    reason:
      "Ferrum extension: `baremetal node history list --long` (ironicclient 5.0.1) asks for /history/detail, which Ironic 21.4 takes for an entry named 'detail' (404); Ferrum answers the detailed list",
    accepts: (i, f) => clientFault(i, 404, /^Node history record detail could not be found\.$/) && f.status === 200 && Array.isArray((f.body as { history?: unknown }).history),
  },
  'drivers and conductors › ipmi driver passthru methods': {
    reason:
      "Ferrum extension: the agent's driver-level `lookup` stays reachable through driver passthru on the hardware types an agent boots on (ipmi, redfish, manual-management), for agents that look up that way; Ironic 21.4 has only GET /v1/lookup",
    accepts: onlyAdds(['lookup']),
  },
  'errors › create a node with a NUL in extra': {
    reason:
      "Ironic keeps JSON fields as text, where an escaped NUL survives; Ferrum's jsonb columns cannot hold one, so it refuses NUL at the edge with a 400 (on Ironic, a NUL in a text column such as a name fails in PostgreSQL as a 500)",
    accepts: (i, f) => i.status === 201 && clientFault(f, 400, /^Invalid input for extra\.k: the NUL character/),
  },
};
