/**
 * Rule actions, acting on the engine's working copies (never the caller's objects). Failures carry the
 * texts of Ironic's RuleActionExecutionFailure and friends, since they end up in the node's last_error.
 */
import { isValidTrait, pyRepr, pyStr } from '@ferrum/contracts';
import { apiCall } from './api-call';
import { deleteAttribute, extendAttribute, NODE_MODEL, PORT_MODEL, setAttribute } from './attribute-path';
import { addCapability, removeCapability } from './capabilities';
import { actionFailure, errorText, executionFailure, hardwareInspectionFailure, PyError, portNotFound } from './errors';
import type { Logger } from './interpolation';
import { extendPluginData, setPluginData, unsetPluginData } from './plugin-data-path';
import { pyTruthy, pyTypeName, type Dict } from './python-values';
import type { ActionName } from './signatures';
import type { LogLevel } from './types';

/** Ironic's per-node trait limit (dbapi MAX_TRAITS_PER_NODE). */
export const MAX_TRAITS_PER_NODE = 50;
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];

/** What actions change while rules run: copies of the node (without traits), its traits, ports and plugin data. */
export interface RuleState {
  nodeUuid: string;
  node: Dict;
  traits: string[];
  ports: Dict[];
  inventory: Dict;
  pluginData: Dict;
  log: Logger;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

export type Action = (args: Dict, state: RuleState) => void | Promise<void>;

/** Runs `body`, turning any failure into "Inspection rule action execution failed. Reason: <what>: <error>". */
function guarded(what: () => string, body: () => void, log?: Logger): void {
  try {
    body();
  } catch (err) {
    const msg = `${what()}: ${errorText(err)}`;
    log?.('error', msg);
    throw actionFailure(msg);
  }
}

/** Ports are found by UUID as upstream does, or by MAC address as its documentation promises. */
function findPort(state: RuleState, portId: unknown): Dict {
  const wanted = typeof portId === 'string' ? portId.toLowerCase() : portId;
  const port = state.ports.find((p) => p.uuid === portId || (typeof p.address === 'string' && p.address.toLowerCase() === wanted));
  if (!port) throw portNotFound(portId);
  return port;
}

function nodeProperties(state: RuleState): unknown {
  if (state.node.properties === undefined) state.node.properties = {};
  return state.node.properties;
}

export const ACTIONS: Record<ActionName, Action> = {
  fail: ({ msg }) => {
    throw hardwareInspectionFailure(pyStr(msg));
  },
  log: ({ msg, level }, state) => {
    if (typeof level !== 'string') throw new PyError('AttributeError', `'${pyTypeName(level)}' object has no attribute 'lower'`);
    const lower = level.toLowerCase() as LogLevel;
    if (!LOG_LEVELS.includes(lower)) {
      throw executionFailure(`Invalid log level: ${lower}. Choose from {${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}}`);
    }
    state.log(lower, pyStr(msg));
  },
  'set-attribute': ({ path, value }, state) =>
    guarded(
      () => `Failed to set attribute ${pyStr(path)} with value ${pyStr(value)}`,
      () => setAttribute(state.node, NODE_MODEL, path, value),
      state.log,
    ),
  'extend-attribute': ({ path, value, unique }, state) =>
    guarded(
      () => `Failed to extend attribute ${pyStr(path)}`,
      () => {
        const nonList = `Cannot extend non-list attribute ${pyStr(path)} with value ${pyStr(value)}`;
        extendAttribute(state.node, NODE_MODEL, path, value, pyTruthy(unique), nonList);
      },
    ),
  'del-attribute': ({ path }, state) =>
    guarded(() => `Failed to delete attribute at ${pyStr(path)}`, () => deleteAttribute(state.node, NODE_MODEL, path)),
  'set-capability': ({ name, value }, state) =>
    guarded(() => `Failed to set capability ${pyStr(name)}`, () => addCapability(nodeProperties(state), name, value)),
  'unset-capability': ({ name }, state) =>
    guarded(() => `Failed to unset capability ${pyStr(name)}`, () => removeCapability(nodeProperties(state), name)),
  'add-trait': ({ name }, state) =>
    guarded(
      () => `Failed to add new trait ${pyStr(name)}`,
      () => {
        // The API only accepts standard or CUSTOM_ traits; a rule must not store one it would refuse.
        if (typeof name !== 'string' || !isValidTrait(name)) {
          throw new PyError('ValueError', `${pyRepr(name)} is not valid under any of the given schemas`);
        }
        if (state.traits.includes(name)) return;
        if (state.traits.length + 1 > MAX_TRAITS_PER_NODE) {
          throw new PyError(
            'ValueError',
            `Could not modify traits for node ${state.nodeUuid} as it would exceed the maximum number of traits per node ` +
              `(${state.traits.length + 1} vs. ${MAX_TRAITS_PER_NODE})`,
          );
        }
        state.traits.push(name);
      },
    ),
  'remove-trait': ({ name }, state) => {
    const at = state.traits.indexOf(name as string);
    if (at < 0) {
      // Upstream only warns when the node does not have the trait.
      state.log('warning', `Failed to remove trait ${pyStr(name)}: Node ${state.nodeUuid} doesn't have a trait '${pyStr(name)}'`);
      return;
    }
    state.traits.splice(at, 1);
  },
  'set-plugin-data': ({ path, value }, state) =>
    guarded(() => `Failed to set plugin data at ${pyStr(path)}`, () => setPluginData(state.pluginData, path, value)),
  'extend-plugin-data': ({ path, value, unique }, state) =>
    guarded(() => `Failed to extend plugin data at ${pyStr(path)}`, () => extendPluginData(state.pluginData, path, value, pyTruthy(unique))),
  'unset-plugin-data': ({ path }, state) =>
    guarded(
      () => `Failed to unset plugin data at ${pyStr(path)}`,
      () => {
        if (!unsetPluginData(state.pluginData, path)) state.log('warning', `Path ${pyStr(path)} not found`);
      },
    ),
  'set-port-attribute': ({ port_id, path, value }, state) => {
    const port = findPort(state, port_id);
    guarded(
      () => `Failed to set attribute ${pyStr(path)} for port ${pyStr(port_id)}`,
      () => setAttribute(port, PORT_MODEL, path, value),
      state.log,
    );
  },
  'extend-port-attribute': ({ port_id, path, value, unique }, state) => {
    const port = findPort(state, port_id);
    guarded(
      () => `Failed to extend attribute ${pyStr(path)} for port ${pyStr(port_id)}`,
      () => {
        // Upstream's text has the double space.
        const nonList = `Cannot extend non-list attribute ${pyStr(path)} with  value ${pyStr(value)}`;
        extendAttribute(port, PORT_MODEL, path, value, pyTruthy(unique), nonList);
      },
      state.log,
    );
  },
  'del-port-attribute': ({ port_id, path }, state) => {
    const port = findPort(state, port_id);
    guarded(
      () => `Failed to delete attribute ${pyStr(path)} for port ${pyStr(port_id)}`,
      () => deleteAttribute(port, PORT_MODEL, path),
      state.log,
    );
  },
  'api-call': (args, state) => apiCall(args, state),
};
