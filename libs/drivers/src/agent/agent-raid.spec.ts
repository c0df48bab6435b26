import { MissingParameterValue, UnsupportedDriverExtension } from '@ferrum/errors';
import { fakeNode } from '@ferrum/testing';
import { DriverRegistry } from '../driver-registry';
import type { ExclusiveTask } from '../task';
import { AgentRaid } from './agent-raid';

const node = (fields: Parameters<typeof fakeNode>[0]) => fakeNode({ driver: 'fake-hardware', ...fields });

describe('the RAID interfaces: steps, priorities and target checks', () => {
  const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware', 'ipmi', 'redfish'] });
  const raidSteps = (r: DriverRegistry, raid_interface: string) => r.steps(node({ raid_interface }), 'clean').filter((s) => s.interface === 'raid');

  it("gives the agent RAID the agent's two manual steps (priority 0, abortable, no arguments), and fake RAID none, as Ironic", () => {
    expect(raidSteps(registry, 'agent')).toEqual([
      { interface: 'raid', step: 'create_configuration', priority: 0, abortable: true, argsinfo: null, requires_ramdisk: true },
      { interface: 'raid', step: 'delete_configuration', priority: 0, abortable: true, argsinfo: null, requires_ramdisk: true },
    ]);
    expect(raidSteps(registry, 'fake')).toEqual([]);
    expect(raidSteps(registry, 'no-raid')).toEqual([]);
  });

  it("offers Ironic's apply_configuration deploy and service step (priority 0) with its arguments; servicing boots the agent for it", () => {
    const argsinfo = {
      raid_config: { description: 'The RAID configuration to apply.', required: true },
      delete_existing: {
        description: "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.",
        required: false,
      },
    };
    const agentNode = node({ raid_interface: 'agent', deploy_interface: 'direct' });
    const deploy = registry.steps(agentNode, 'deploy').filter((s) => s.interface === 'raid');
    expect(deploy).toEqual([{ interface: 'raid', step: 'apply_configuration', priority: 0, abortable: false, argsinfo }]);
    const service = registry.steps(agentNode, 'service').filter((s) => s.interface === 'raid');
    expect(service).toEqual([{ interface: 'raid', step: 'apply_configuration', priority: 0, abortable: false, argsinfo, requires_ramdisk: true }]);
  });

  it('takes the configured priorities, which put the steps into automated cleaning order', () => {
    const configured = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'], cleanStepPriorities: { 'raid.delete_configuration': 20, 'raid.create_configuration': 10 } });
    expect(raidSteps(configured, 'agent').map((s) => [s.step, s.priority])).toEqual([
      ['delete_configuration', 20],
      ['create_configuration', 10],
    ]);
  });

  it("lists Ironic's RAID interfaces per hardware type, no-raid first where Ironic has it so", () => {
    expect(registry.hardwareType('fake-hardware').supported.raid).toEqual(['fake', 'no-raid', 'agent']);
    expect(registry.hardwareType('ipmi').supported.raid).toEqual(['no-raid', 'agent']);
    expect(registry.hardwareType('redfish').supported.raid).toEqual(['redfish', 'no-raid', 'agent']);
    expect(registry.resolveInterfaces('ipmi', {})).toMatchObject({ raid_interface: 'no-raid' });
  });

  it('checks targets with the schema (agent, fake) or refuses them (no-raid)', () => {
    const task = { node: node({}), shared: false } as ExclusiveTask;
    const target = { logical_disks: [{ raid_level: '1', size_gb: 10 }] };
    expect(() => registry.get(node({ raid_interface: 'agent' }), 'raid').validateRaidConfig?.(task, target)).not.toThrow();
    expect(() => registry.get(node({ raid_interface: 'fake' }), 'raid').validateRaidConfig?.(task, { logical_disks: [] })).toThrow('RAID config validation error: [] is too short');
    expect(() => registry.get(node({ raid_interface: 'no-raid' }), 'raid').validateRaidConfig?.(task, target)).toThrow(UnsupportedDriverExtension);
  });

  it('refuses to build without a target before booting anything', async () => {
    const calls: unknown[] = [];
    const task = { node: node({ target_raid_config: {} }), shared: false, interfaceOf: (kind: string) => calls.push(kind) } as unknown as ExclusiveTask;
    await expect(new AgentRaid().create_configuration(task)).rejects.toThrow(new MissingParameterValue({ message: `Node ${task.node.uuid} has no target RAID configuration.` }));
    expect(calls).toEqual([]);
  });
});
