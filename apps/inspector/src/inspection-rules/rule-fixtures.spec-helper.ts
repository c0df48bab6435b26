/** Shared fixtures for this folder's specs: a validated rule and a node to run rules against. */
import type { InspectionRule, RuleAction, RuleCondition, RuleTarget } from './types';
import { validateInspectionRule } from './validation';

let counter = 0;

export function rule(actions: RuleAction[], conditions: RuleCondition[] = [], extra: Record<string, unknown> = {}): InspectionRule {
  counter++;
  const uuid = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  return validateInspectionRule({ uuid, actions, conditions, ...extra });
}

export function target(): RuleTarget {
  return {
    node: {
      uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123',
      name: 'node-1',
      driver: 'ipmi',
      properties: { cpus: 4, capabilities: 'boot_mode:bios' },
      driver_info: { ipmi_address: '10.1.1.1' },
      extra: { tags: ['a'] },
      instance_info: {},
      traits: ['CUSTOM_EXISTING'],
    },
    ports: [
      { uuid: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a01', address: '52:54:00:12:34:56', extra: {}, local_link_connection: {}, pxe_enabled: true },
      { uuid: '4f1d0c8e-8a52-4f6e-9c7b-2b8f8a0c0a02', address: '52:54:00:ab:cd:ef', extra: { list: [1] }, pxe_enabled: false },
    ],
    inventory: {
      cpu: { count: 4, architecture: 'x86_64' },
      memory: { physical_mb: 8192 },
      bmc_address: '192.168.1.100',
      bmc_password: 'hunter2',
      interfaces: [{ name: 'eth0', mac_address: '52:54:00:12:34:56', ipv4_address: '10.0.0.5', ipv6_address: '2001:db8::5' }],
      system_vendor: { manufacturer: 'Dell Inc.', product_name: 'PowerEdge R640' },
    },
    plugin_data: { plugin: 'data', auto_discovered: true, nested: { password: 'pw', keep: 1 } },
  };
}
