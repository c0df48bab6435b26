/**
 * Ironic's inspection rules engine (common/inspection_rules/engine.py): rules of the phase run by
 * priority, highest first; a rule's actions run, in order, when all its conditions hold; the first
 * error fails inspection. Everything happens on copies: the caller gets back what changed and saves it.
 */
import { ACTIONS, type RuleState } from './actions';
import { ArgsError, bindArgs, namedArgs, ACTION_NAMES, ACTION_SIGNATURES, OPERATOR_NAMES, OPERATOR_SIGNATURES, type Signature } from './signatures';
import { IronicRuleError, PyError, RuleFailed } from './errors';
import { interpolate, type FormatContext, type Logger } from './interpolation';
import { OPERATORS } from './operators';
import { cloneJson, isDict, jsonEqual, type Dict } from './python-values';
import type { InspectionPhase, InspectionRule, Loop, RuleCondition, RuleDeps, RuleOutcome, RuleTarget } from './types';

/**
 * Highest priority first. Upstream sorts (stably) its stored rules followed by the built-in ones, so at
 * equal priority user rules (in the order given, i.e. as listed from the database) run before built-in ones.
 */
export function sortRules(rules: InspectionRule[]): InspectionRule[] {
  return [...rules].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || Number(a.built_in ?? false) - Number(b.built_in ?? false));
}

/** Ironic's parse_inverted_operator: a single leading '!' (spaces allowed around it) inverts the condition. */
export function parseInvertedOperator(op: string): { op: string; inverted: boolean } {
  const trimmed = op.trim();
  if ((trimmed.match(/!/g) ?? []).length > 1) {
    throw new PyError(
      'ValueError',
      'Multiple exclamation marks are not allowed. To apply the invert of an operation, simply add an exclamation mark ' +
        '(with an optional space) before the operator, e.g. eq - !eq.',
    );
  }
  return { op: trimmed.replace(/^!+/, '').trim(), inverted: trimmed.startsWith('!') };
}

/** A loop that is absent, empty or an empty object means "no loop", as upstream's truthiness test. */
function loopOf(loop: Loop | undefined): Loop | undefined {
  if (Array.isArray(loop)) return loop.length ? loop : undefined;
  return isDict(loop) && Object.keys(loop).length ? loop : undefined;
}

interface RuleRun {
  rule: InspectionRule;
  state: RuleState;
  mask: boolean;
  /** The engine's own diagnostics: quiet for sensitive rules, whose arguments may hold secrets. */
  diag: Logger;
}

function formatContext(run: RuleRun, loop?: { item: unknown }): FormatContext {
  const { state } = run;
  return { node: { ...state.node, traits: [...state.traits] }, inventory: state.inventory, plugin_data: state.pluginData, mask: run.mask, loop };
}

/** Ironic's _process_args: named arguments, interpolated where the signature says (all of them inside a loop). */
function processArgs(run: RuleRun, sig: Signature, args: unknown, op: string, loop?: { item: unknown }): Dict {
  const named = namedArgs(sig, args ?? {});
  const ctx = formatContext(run, loop);
  const processed = Object.fromEntries(
    Object.entries(named).map(([k, v]) => [k, sig.formatted.includes(k) || loop ? interpolate(v, ctx, op, run.diag) : v]),
  );
  // Interpolation turns numbers into strings, so inside loops eq/lt/gt compare everything as strings.
  if (loop && Object.hasOwn(sig.optional, 'force_strings')) processed.force_strings = true;
  return bindArgs(sig, processed);
}

function checkOnce(run: RuleRun, condition: RuleCondition, op: keyof typeof OPERATORS, inverted: boolean, loop?: { item: unknown }): boolean {
  const result = OPERATORS[op](processArgs(run, OPERATOR_SIGNATURES[op], condition.args, op, loop));
  return inverted ? !result : result;
}

/**
 * Upstream's check_with_loop, including its quirks: every item is checked for any/all; 'first' stops at
 * the first true item (so it behaves like 'any'); 'last' keeps the last item's result.
 */
function checkWithLoop(run: RuleRun, condition: RuleCondition, op: keyof typeof OPERATORS, inverted: boolean, loop: Loop): boolean {
  const multiple = condition.multiple ?? 'any';
  let results: boolean[] = [];
  if (!Array.isArray(loop)) {
    const result = checkOnce(run, condition, op, inverted, { item: loop });
    if (multiple === 'first' || multiple === 'last') return result;
    results.push(result);
  } else {
    for (const item of loop) {
      const result = checkOnce(run, condition, op, inverted, { item });
      results.push(result);
      if (multiple === 'first' && result) return true;
      if (multiple === 'last') results = [result];
    }
  }
  if (multiple === 'any') return results.some(Boolean);
  if (multiple === 'all') return results.every(Boolean);
  return results[0] ?? false;
}

function conditionsHold(run: RuleRun): boolean {
  for (const condition of run.rule.conditions ?? []) {
    const { op, inverted } = parseInvertedOperator(condition.op);
    if (!(OPERATOR_NAMES as readonly string[]).includes(op)) {
      throw new PyError('ValueError', `Unsupported operator: '${op}'. Supported operators are: ${OPERATOR_NAMES.join(', ')}.`);
    }
    const name = op as keyof typeof OPERATORS;
    const loop = loopOf(condition.loop);
    const result = loop ? checkWithLoop(run, condition, name, inverted, loop) : checkOnce(run, condition, name, inverted);
    if (!result) {
      const args = run.rule.sensitive ? '' : `: '${JSON.stringify(condition.args)}'`;
      run.diag('debug', `Skipping rule ${run.rule.uuid} on node ${run.state.nodeUuid}: condition check '${condition.op}'${args} failed`);
      return false;
    }
  }
  return true;
}

async function applyActions(run: RuleRun): Promise<void> {
  for (const action of run.rule.actions) {
    if (!(ACTION_NAMES as readonly string[]).includes(action.op)) {
      throw new PyError('ValueError', `Unsupported action: '${action.op}'. Supported actions are: ${ACTION_NAMES.join(', ')}.`);
    }
    const op = action.op as keyof typeof ACTIONS;
    const sig = ACTION_SIGNATURES[op];
    const loop = loopOf(action.loop);
    const items = loop === undefined ? [undefined] : Array.isArray(loop) ? loop.map((item) => ({ item })) : [{ item: loop }];
    for (const loopCtx of items) await ACTIONS[op](processArgs(run, sig, action.args, op, loopCtx), run.state);
  }
}

/** How apply_rules lets an error out: Ironic's own exceptions as they are, anything else wrapped with the rule and node. */
function ruleFailure(err: unknown, rule: InspectionRule, nodeUuid: string): RuleFailed {
  const uuid = String(rule.uuid);
  if (err instanceof IronicRuleError) return new RuleFailed(err.message, uuid, err.reason, err.kind);
  // InspectionRuleValidationFailure (bad positional arguments) is an Ironic exception with a plain message.
  if (err instanceof ArgsError) return new RuleFailed(err.message, uuid, err.message, 'error');
  const text = err instanceof Error ? err.message : String(err);
  const msg = `Failed to apply rule ${uuid} to node ${nodeUuid}: ${text}`;
  return new RuleFailed(msg, uuid, msg, 'error');
}

const NEVER_REPORTED = new Set(['uuid', 'id']);

function changedFields(before: Dict, after: Dict): Dict {
  const changes: Dict = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (NEVER_REPORTED.has(key) || jsonEqual(before[key], after[key])) continue;
    changes[key] = after[key] === undefined ? null : after[key];
  }
  return changes;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs the rules of `phase` against the node's inspection data. Inputs are never modified.
 * @throws RuleFailed when a rule fails inspection (a `fail` action, or any error while a rule runs).
 */
export async function applyInspectionRules(
  rules: InspectionRule[],
  target: RuleTarget,
  phase: InspectionPhase,
  deps: RuleDeps = {},
): Promise<RuleOutcome> {
  const log: Logger = deps.log ?? (() => undefined);
  const { traits: originalTraits, ...originalNode } = target.node;
  const state: RuleState = {
    nodeUuid: target.node.uuid,
    node: cloneJson(originalNode),
    traits: [...(originalTraits ?? [])],
    ports: cloneJson(target.ports),
    // Rules never write the inventory; a copy still keeps the caller's object out of reach.
    inventory: cloneJson(target.inventory),
    pluginData: cloneJson(target.plugin_data),
    log,
    fetch: deps.fetch ?? fetch,
    sleep: deps.sleep ?? sleep,
  };
  const maskSecrets = deps.maskSecrets ?? 'always';
  const active = sortRules(rules.filter((rule) => (rule.phase ?? 'main') === phase));
  if (!active.length) log('debug', `No inspection rules to apply for phase '${phase}' on node: ${state.nodeUuid}`);
  else log('debug', `Applying ${active.length} inspection rules to node ${state.nodeUuid}`);
  for (const rule of active) {
    const run: RuleRun = {
      rule,
      state,
      // 'sensitive' lets only rules marked sensitive see the secrets.
      mask: maskSecrets === 'always' || (maskSecrets === 'sensitive' && !rule.sensitive),
      diag: rule.sensitive ? () => undefined : log,
    };
    try {
      if (!conditionsHold(run)) continue;
      log('info', `Applying actions for rule ${rule.uuid} to node ${state.nodeUuid}`);
      await applyActions(run);
    } catch (err) {
      const failure = ruleFailure(err, rule, state.nodeUuid);
      log('error', `Error applying rule ${rule.uuid} to node ${state.nodeUuid}: ${failure.message}`);
      throw failure;
    }
  }
  if (active.length) log('info', `Finished applying inspection rules to node ${state.nodeUuid}`);
  return {
    node: changedFields(originalNode, state.node),
    traits: {
      add: state.traits.filter((t) => !(originalTraits ?? []).includes(t)),
      remove: (originalTraits ?? []).filter((t) => !state.traits.includes(t)),
    },
    ports: target.ports.flatMap((port, i) => {
      const changes = changedFields(port, state.ports[i]);
      return Object.keys(changes).length ? [{ address: port.address, changes }] : [];
    }),
    plugin_data: state.pluginData,
  };
}
