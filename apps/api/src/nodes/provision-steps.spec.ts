import { InvalidParameterValue } from '@ferrum/errors';
import { checkCleanSteps, checkDeploySteps, checkServiceSteps } from './provision-steps';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterValue);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

// The expected texts below are what Ironic 21.4 answered (jsonschema.validate on its own schemas, Debian's
// python3-jsonschema 4.10.3); the items schemas, printed in full by item-level errors, are shared here.
const CLEAN_ITEMS = [
  "    {'additionalProperties': False,",
  "     'properties': {'args': {'description': 'additional args',",
  "                             'properties': {},",
  "                             'type': 'object'},",
  "                    'interface': {'description': 'driver interface',",
  "                                  'enum': ['power',",
  "                                           'management',",
  "                                           'deploy',",
  "                                           'bios',",
  "                                           'raid']},",
  "                    'step': {'description': 'name of clean step',",
  "                             'minLength': 1,",
  "                             'type': 'string'}},",
  "     'required': ['interface', 'step'],",
  "     'type': 'object'}",
];
const DEPLOY_ITEMS = [
  "    {'additionalProperties': False,",
  "     'properties': {'args': {'type': 'object'},",
  "                    'interface': {'enum': ['power',",
  "                                           'management',",
  "                                           'deploy',",
  "                                           'bios',",
  "                                           'raid'],",
  "                                  'type': 'string'},",
  "                    'priority': {'anyOf': [{'minimum': 0,",
  "                                            'type': 'integer'},",
  "                                           {'minLength': 1,",
  "                                            'pattern': '^[0-9]+$',",
  "                                            'type': 'string'}]},",
  "                    'step': {'minLength': 1, 'type': 'string'}},",
  "     'required': ['interface', 'step', 'args', 'priority'],",
  "     'type': 'object'}",
];

const REFUSED: Array<['clean' | 'deploy', unknown[], string[]]> = [
  ["clean", [{"interface": "bogus", "step": "x"}], ["Invalid clean_steps: 'bogus' is not one of ['power', 'management', 'deploy', 'bios', 'raid']", "", "Failed validating 'enum' in schema['items']['properties']['interface']:", "    {'description': 'driver interface',", "     'enum': ['power', 'management', 'deploy', 'bios', 'raid']}", "", "On instance[0]['interface']:", "    'bogus'"]],
  ["clean", [{"step": "x"}], ["Invalid clean_steps: 'interface' is a required property", "", "Failed validating 'required' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'step': 'x'}"]],
  ["clean", [{"interface": "bios"}], ["Invalid clean_steps: 'step' is a required property", "", "Failed validating 'required' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'interface': 'bios'}"]],
  ["clean", [{}], ["Invalid clean_steps: 'interface' is a required property", "", "Failed validating 'required' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {}"]],
  ["clean", [{"interface": "bios", "step": "x", "priority": 1}], ["Invalid clean_steps: Additional properties are not allowed ('priority' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'interface': 'bios', 'priority': 1, 'step': 'x'}"]],
  ["clean", [{"interface": "bios", "step": "x", "zeta": 1, "alpha": 2}], ["Invalid clean_steps: Additional properties are not allowed ('alpha', 'zeta' were unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'alpha': 2, 'interface': 'bios', 'step': 'x', 'zeta': 1}"]],
  ["clean", [{"interface": "bogus", "step": "x"}, {"step": "y"}], ["Invalid clean_steps: 'interface' is a required property", "", "Failed validating 'required' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[1]:", "    {'step': 'y'}"]],
  ["clean", [{"interface": "bios", "step": ""}, 5], ["Invalid clean_steps: 5 is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[1]:", "    5"]],
  ["clean", [5], ["Invalid clean_steps: 5 is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    5"]],
  ["clean", ["abc", {"interface": "bios", "step": "x"}], ["Invalid clean_steps: 'abc' is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    'abc'"]],
  ["clean", [null], ["Invalid clean_steps: None is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    None"]],
  ["clean", [[1, 2]], ["Invalid clean_steps: [1, 2] is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    [1, 2]"]],
  ["clean", [{"interface": "bios", "step": 5}], ["Invalid clean_steps: 5 is not of type 'string'", "", "Failed validating 'type' in schema['items']['properties']['step']:", "    {'description': 'name of clean step', 'minLength': 1, 'type': 'string'}", "", "On instance[0]['step']:", "    5"]],
  ["clean", [{"interface": "bios", "step": ""}], ["Invalid clean_steps: '' is too short", "", "Failed validating 'minLength' in schema['items']['properties']['step']:", "    {'description': 'name of clean step', 'minLength': 1, 'type': 'string'}", "", "On instance[0]['step']:", "    ''"]],
  ["clean", [{"interface": "bios", "step": "x", "args": []}], ["Invalid clean_steps: [] is not of type 'object'", "", "Failed validating 'type' in schema['items']['properties']['args']:", "    {'description': 'additional args', 'properties': {}, 'type': 'object'}", "", "On instance[0]['args']:", "    []"]],
  ["clean", [{"interface": "bios", "step": "x", "args": "a long string argument that is much too wide to fit on one line of the report"}], ["Invalid clean_steps: 'a long string argument that is much too wide to fit on one line of the report' is not of type 'object'", "", "Failed validating 'type' in schema['items']['properties']['args']:", "    {'description': 'additional args', 'properties': {}, 'type': 'object'}", "", "On instance[0]['args']:", "    ('a long string argument that is much too wide to fit on one line of '", "     'the report')"]],
  ["clean", [{"interface": 5, "step": 5, "args": 5, "extra": true}], ["Invalid clean_steps: Additional properties are not allowed ('extra' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'args': 5, 'extra': True, 'interface': 5, 'step': 5}"]],
  ["clean", [{"interface": "bios", "step": "x", "args": {"settings": [{"name": "LogicalProc", "value": "Enabled"}, {"name": "ProcVirtualization", "value": "Enabled"}]}, "bogus": 1}], ["Invalid clean_steps: Additional properties are not allowed ('bogus' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'args': {'settings': [{'name': 'LogicalProc', 'value': 'Enabled'},", "                           {'name': 'ProcVirtualization',", "                            'value': 'Enabled'}]},", "     'bogus': 1,", "     'interface': 'bios',", "     'step': 'x'}"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": -1}], ["Invalid deploy_steps: -1 is less than the minimum of 0", "", "Failed validating 'minimum' in schema[0]:", "    {'minimum': 0, 'type': 'integer'}", "", "On instance:", "    -1"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": "abc"}], ["Invalid deploy_steps: 'abc' does not match '^[0-9]+$'", "", "Failed validating 'pattern' in schema[1]:", "    {'minLength': 1, 'pattern': '^[0-9]+$', 'type': 'string'}", "", "On instance:", "    'abc'"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": ""}], ["Invalid deploy_steps: '' is not valid under any of the given schemas", "", "Failed validating 'anyOf' in schema['items']['properties']['priority']:", "    {'anyOf': [{'minimum': 0, 'type': 'integer'},", "               {'minLength': 1, 'pattern': '^[0-9]+$', 'type': 'string'}]}", "", "On instance[0]['priority']:", "    ''"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": 1.5}], ["Invalid deploy_steps: 1.5 is not valid under any of the given schemas", "", "Failed validating 'anyOf' in schema['items']['properties']['priority']:", "    {'anyOf': [{'minimum': 0, 'type': 'integer'},", "               {'minLength': 1, 'pattern': '^[0-9]+$', 'type': 'string'}]}", "", "On instance[0]['priority']:", "    1.5"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": null}], ["Invalid deploy_steps: None is not valid under any of the given schemas", "", "Failed validating 'anyOf' in schema['items']['properties']['priority']:", "    {'anyOf': [{'minimum': 0, 'type': 'integer'},", "               {'minLength': 1, 'pattern': '^[0-9]+$', 'type': 'string'}]}", "", "On instance[0]['priority']:", "    None"]],
  ["deploy", [{"interface": "deploy", "step": "x", "priority": 1}], ["Invalid deploy_steps: 'args' is a required property", "", "Failed validating 'required' in schema['items']:", ...DEPLOY_ITEMS, "", "On instance[0]:", "    {'interface': 'deploy', 'priority': 1, 'step': 'x'}"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}}], ["Invalid deploy_steps: 'priority' is a required property", "", "Failed validating 'required' in schema['items']:", ...DEPLOY_ITEMS, "", "On instance[0]:", "    {'args': {}, 'interface': 'deploy', 'step': 'x'}"]],
  ["deploy", [{"interface": 5, "step": "x", "args": {}, "priority": 1}], ["Invalid deploy_steps: 5 is not of type 'string'", "", "Failed validating 'type' in schema['items']['properties']['interface']:", "    {'enum': ['power', 'management', 'deploy', 'bios', 'raid'],", "     'type': 'string'}", "", "On instance[0]['interface']:", "    5"]],
  ["deploy", [{"interface": "vendor", "step": "x", "args": {}, "priority": 1}], ["Invalid deploy_steps: 'vendor' is not one of ['power', 'management', 'deploy', 'bios', 'raid']", "", "Failed validating 'enum' in schema['items']['properties']['interface']:", "    {'enum': ['power', 'management', 'deploy', 'bios', 'raid'],", "     'type': 'string'}", "", "On instance[0]['interface']:", "    'vendor'"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": 1, "extra": 1}], ["Invalid deploy_steps: Additional properties are not allowed ('extra' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...DEPLOY_ITEMS, "", "On instance[0]:", "    {'args': {},", "     'extra': 1,", "     'interface': 'deploy',", "     'priority': 1,", "     'step': 'x'}"]],
  ["deploy", [{"interface": "deploy", "step": "", "args": [], "priority": -1}], ["Invalid deploy_steps: [] is not of type 'object'", "", "Failed validating 'type' in schema['items']['properties']['args']:", "    {'type': 'object'}", "", "On instance[0]['args']:", "    []"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": -1}, {"step": "y"}], ["Invalid deploy_steps: 'interface' is a required property", "", "Failed validating 'required' in schema['items']:", ...DEPLOY_ITEMS, "", "On instance[1]:", "    {'step': 'y'}"]],
  ["deploy", [{"interface": "deploy", "step": "x", "args": {}, "priority": true}], ["Invalid deploy_steps: True is not valid under any of the given schemas", "", "Failed validating 'anyOf' in schema['items']['properties']['priority']:", "    {'anyOf': [{'minimum': 0, 'type': 'integer'},", "               {'minLength': 1, 'pattern': '^[0-9]+$', 'type': 'string'}]}", "", "On instance[0]['priority']:", "    True"]],
  ["deploy", [7], ["Invalid deploy_steps: 7 is not of type 'object'", "", "Failed validating 'type' in schema['items']:", ...DEPLOY_ITEMS, "", "On instance[0]:", "    7"]],
  ["clean", [{"interface": "bios", "step": "it's \"quoted\"\né\u0007"}, {"interface": "bios", "step": "x", "args": {"b": {"nested": {"deeper": ["one", "two", "three", "four", "five", "six", "seven"]}}, "a": "short"}, "zz": 0}], ["Invalid clean_steps: Additional properties are not allowed ('zz' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[1]:", "    {'args': {'a': 'short',", "              'b': {'nested': {'deeper': ['one',", "                                          'two',", "                                          'three',", "                                          'four',", "                                          'five',", "                                          'six',", "                                          'seven']}}},", "     'interface': 'bios',", "     'step': 'x',", "     'zz': 0}"]],
  ["clean", [{"interface": "bios", "step": "a very long step name with many words in it that goes on and on past the width of seventy two columns", "x": 1}], ["Invalid clean_steps: Additional properties are not allowed ('x' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'interface': 'bios',", "     'step': 'a very long step name with many words in it that goes on and '", "             'on past the width of seventy two columns',", "     'x': 1}"]],
  ["clean", [{"interface": "power", "step": "s", "args": 1e-05, "y": 1e-07}], ["Invalid clean_steps: Additional properties are not allowed ('y' was unexpected)", "", "Failed validating 'additionalProperties' in schema['items']:", ...CLEAN_ITEMS, "", "On instance[0]:", "    {'args': 1e-05, 'interface': 'power', 'step': 's', 'y': 1e-07}"]],
];

describe('clean and deploy step shapes', () => {
  it('accepts clean steps with or without args', () => {
    expect(checkCleanSteps([{ interface: 'bios', step: 'factory_reset' }, { interface: 'raid', step: 'create_configuration', args: { x: 1 } }], 82)).toEqual([
      { interface: 'bios', step: 'factory_reset' },
      { interface: 'raid', step: 'create_configuration', args: { x: 1 } },
    ]);
  });

  it('turns a digit string priority into a number, as Python int() does with a trailing newline too', () => {
    expect(checkDeploySteps([{ interface: 'deploy', step: 'deploy', args: {}, priority: '90' }], 82)).toEqual([
      { interface: 'deploy', step: 'deploy', args: {}, priority: 90 },
    ]);
    expect(checkDeploySteps([{ interface: 'deploy', step: 'x', args: {}, priority: '12\n' }], 82)[0].priority).toBe(12);
  });

  it.each(REFUSED)('refuses %s steps %j with the error jsonschema picks, printed as Ironic prints it', (kind, steps, lines) => {
    expect(reason(() => (kind === 'clean' ? checkCleanSteps : checkDeploySteps)(steps, 82))).toBe(lines.join('\n'));
  });

  it('takes the vendor and firmware interfaces from 1.87 (Ironic 23.0), for service steps too, and not when serving 1.82', () => {
    const steps = [{ interface: 'firmware', step: 'update', args: { settings: [] } }, { interface: 'vendor', step: 'log_passthrough' }];
    expect(checkCleanSteps(steps, 87)).toEqual(steps);
    expect(checkServiceSteps(steps, 87)).toEqual(steps);
    expect(reason(() => checkCleanSteps(steps, 82)).split('\n')[0]).toBe("Invalid clean_steps: 'firmware' is not one of ['power', 'management', 'deploy', 'bios', 'raid']");
    expect(reason(() => checkServiceSteps([{ step: 'x' }], 87)).split('\n')[0]).toBe("Invalid service_steps: 'interface' is a required property");
  });
});
