import { InvalidParameterValue } from '@ferrum/errors';
import { componentType, firmwareUpdateSettings } from './redfish-firmware-settings';

/**
 * Each bad `settings` and Ironic's error for it, as validate_firmware_interface_update_args words it under python-jsonschema
 * 4.10, the version @ferrum/contracts follows (schemas printed with sorted keys): generated from jsonschema's own errors.
 */
const IRONIC_ERRORS: [unknown, string][] = JSON.parse(String.raw`[
[[{"component": "cpld", "url": "http://x/y.bin"}], "Invalid firmware update [{'component': 'cpld', 'url': 'http://x/y.bin'}]. Errors: 'cpld' is not valid under any of the given schemas\n\nFailed validating 'anyOf' in schema['items']['properties']['component']:\n    {'anyOf': [{'enum': ['bios', 'bmc']}, {'pattern': '^nic:.*'}],\n     'description': 'name of the firmware component to be updated',\n     'type': 'string'}\n\nOn instance[0]['component']:\n    'cpld'"],
[[{"component": "bios"}], "Invalid firmware update [{'component': 'bios'}]. Errors: 'url' is a required property\n\nFailed validating 'required' in schema['items']:\n    {'additionalProperties': False,\n     'properties': {'component': {'anyOf': [{'enum': ['bios', 'bmc']},\n                                            {'pattern': '^nic:.*'}],\n                                  'description': 'name of the firmware '\n                                                 'component to be updated',\n                                  'type': 'string'},\n                    'url': {'description': 'URL for firmware file',\n                            'minLength': 1,\n                            'type': 'string'},\n                    'wait': {'description': 'optional wait time for '\n                                            'firmware update',\n                             'minimum': 1,\n                             'type': 'integer'}},\n     'required': ['component', 'url'],\n     'type': 'object'}\n\nOn instance[0]:\n    {'component': 'bios'}"],
[[{"component": "bmc", "url": "http://x", "wait": 0}], "Invalid firmware update [{'component': 'bmc', 'url': 'http://x', 'wait': 0}]. Errors: 0 is less than the minimum of 1\n\nFailed validating 'minimum' in schema['items']['properties']['wait']:\n    {'description': 'optional wait time for firmware update',\n     'minimum': 1,\n     'type': 'integer'}\n\nOn instance[0]['wait']:\n    0"],
[[{"component": "bmc", "url": "http://x", "checksum": "abc"}], "Invalid firmware update [{'component': 'bmc', 'url': 'http://x', 'checksum': 'abc'}]. Errors: Additional properties are not allowed ('checksum' was unexpected)\n\nFailed validating 'additionalProperties' in schema['items']:\n    {'additionalProperties': False,\n     'properties': {'component': {'anyOf': [{'enum': ['bios', 'bmc']},\n                                            {'pattern': '^nic:.*'}],\n                                  'description': 'name of the firmware '\n                                                 'component to be updated',\n                                  'type': 'string'},\n                    'url': {'description': 'URL for firmware file',\n                            'minLength': 1,\n                            'type': 'string'},\n                    'wait': {'description': 'optional wait time for '\n                                            'firmware update',\n                             'minimum': 1,\n                             'type': 'integer'}},\n     'required': ['component', 'url'],\n     'type': 'object'}\n\nOn instance[0]:\n    {'checksum': 'abc', 'component': 'bmc', 'url': 'http://x'}"],
[{"component": "bios"}, "Invalid firmware update {'component': 'bios'}. Errors: {'component': 'bios'} is not of type 'array'\n\nFailed validating 'type' in schema:\n    {'$schema': 'http://json-schema.org/draft-04/schema#',\n     'items': {'additionalProperties': False,\n               'properties': {'component': {'anyOf': [{'enum': ['bios',\n                                                                'bmc']},\n                                                      {'pattern': '^nic:.*'}],\n                                            'description': 'name of the '\n                                                           'firmware '\n                                                           'component to '\n                                                           'be updated',\n                                            'type': 'string'},\n                              'url': {'description': 'URL for firmware '\n                                                     'file',\n                                      'minLength': 1,\n                                      'type': 'string'},\n                              'wait': {'description': 'optional wait time '\n                                                      'for firmware update',\n                                       'minimum': 1,\n                                       'type': 'integer'}},\n               'required': ['component', 'url'],\n               'type': 'object'},\n     'minItems': 1,\n     'title': 'update_firmware clean step schema',\n     'type': 'array'}\n\nOn instance:\n    {'component': 'bios'}"],
[[{"component": "nic:1", "url": "http://x", "wait": "5"}], "Invalid firmware update [{'component': 'nic:1', 'url': 'http://x', 'wait': '5'}]. Errors: '5' is not of type 'integer'\n\nFailed validating 'type' in schema['items']['properties']['wait']:\n    {'description': 'optional wait time for firmware update',\n     'minimum': 1,\n     'type': 'integer'}\n\nOn instance[0]['wait']:\n    '5'"]
]`);

describe("the redfish firmware update step's settings", () => {
  it('takes a list of components, each with an image URL and an optional wait', () => {
    const settings = [
      { component: 'bios', url: 'http://images/bios.bin' },
      { component: 'bmc', url: 'https://images/bmc.bin', wait: 30 },
      { component: 'nic:NIC.Slot.1', url: 'http://images/nic.bin' },
    ];
    expect(firmwareUpdateSettings(settings)).toBe(settings);
    expect(settings.map((s) => componentType(s.component))).toEqual(['bios', 'bmc', 'nic']);
  });

  it.each(IRONIC_ERRORS)("refuses %j with Ironic's InvalidParameterValue, word for word", (settings, message) => {
    const error = (() => {
      try {
        firmwareUpdateSettings(settings);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidParameterValue);
    expect((error as Error).message).toBe(message);
  });

  it('refuses an empty list (worded as the jsonschema 4.10 that Ferrum follows; 4.26 says "should be non-empty")', () => {
    expect(() => firmwareUpdateSettings([])).toThrow(/^Invalid firmware update \[\]\. Errors: \[\] is too short\n\nFailed validating 'minItems' in schema:/);
  });
});
